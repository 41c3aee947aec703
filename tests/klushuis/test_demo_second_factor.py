"""The demo's staff log in with a published second-factor secret; production refuses it."""

import io
from base64 import b32decode

import pytest
from django.core import checks
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from klushuis.accounts import second_factor
from klushuis.demo import Demo, give_known_staff_demo_devices, organisations
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_staff():
    organisations.build(Demo(applicants=1, fake=Faker("nl_NL")))
    return TOTPDevice.objects.filter(key=second_factor.DEMO_TOTP_KEY)


def test_every_demo_staff_account_has_the_published_demo_secret(demo_staff):
    emails = set(demo_staff.values_list("user__email", flat=True))
    assert emails == {"beheer@havenstad.test"} | {e for e, _n, _o, _r in organisations.STAFF}
    assert all(device.confirmed for device in demo_staff)
    assert b32decode(second_factor.DEMO_TOTP_SECRET).hex() == demo_staff[0].key


def test_a_demo_loaded_before_the_second_factor_gets_its_devices(demo_staff):
    TOTPDevice.objects.all().delete()
    give_known_staff_demo_devices()
    assert demo_staff.count() == 1 + len(organisations.STAFF)


def test_demo_otp_prints_a_code_that_logs_in(client, settings, demo_staff):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_otp", "MEDEWERKER@havenstad.test", stdout=out, stderr=io.StringIO())
    code = out.getvalue().strip()
    assert len(code) == 6
    assert code.isdigit()
    client.post(
        reverse("accounts:login"),
        {"username": "medewerker@havenstad.test", "password": organisations.STAFF_PASSWORD},
    )
    response = client.post(reverse("accounts:second_factor"), {"code": code, "next": "/beheer/"})
    assert response.url == "/beheer/"


def test_demo_otp_refuses_without_debug(settings, demo_staff):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_otp", "medewerker@havenstad.test")


def test_demo_otp_says_when_an_account_has_no_app(settings):
    settings.DEBUG = True
    StaffFactory(email="zonder@havenstad.test")
    with pytest.raises(CommandError, match="no authenticator app"):
        call_command("demo_otp", "zonder@havenstad.test")


def _deploy_errors(databases):
    found = checks.run_checks(include_deployment_checks=True, databases=databases)
    return [message.id for message in found if message.id == "klushuis.E001"]


def test_the_deploy_check_with_the_database_fails_while_a_demo_device_exists(demo_staff):
    assert _deploy_errors(["default"]) == ["klushuis.E001"]
    demo_staff.delete()
    assert _deploy_errors(["default"]) == []


def test_the_deploy_check_without_the_database_does_not_look(demo_staff):
    assert _deploy_errors(None) == []
