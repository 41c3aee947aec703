import pytest
from django.core.management import CommandError, call_command

from klushuis.accounts.models import User
from klushuis.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_demo_fills_an_empty_database_and_prints_the_logins(capsys):
    call_command("demo", applicants=5)
    out = capsys.readouterr().out
    assert "beheer@havenstad.test" in out
    assert "demo-koper-2026" in out
    assert Organisation.objects.filter(kind="municipality").count() >= 2
    assert User.objects.filter(is_staff=False).count() == 5
    buyer = User.objects.get(email="koper@example.test")
    assert buyer.check_password("demo-koper-2026")
    assert buyer.email_verified


def test_the_demo_refuses_a_database_with_data_unless_told(applicant):
    with pytest.raises(CommandError, match="not empty"):
        call_command("demo", applicants=2)
    call_command("demo", applicants=2, if_empty=True)
    assert not Organisation.objects.exists()
    call_command("demo", applicants=2, force=True)
    assert Organisation.objects.exists()


def test_the_demo_never_runs_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("demo")
    assert not Organisation.objects.exists()


def test_the_number_of_applicants_scales(capsys):
    call_command("demo", applicants=25)
    assert User.objects.filter(is_staff=False).count() == 25
