"""Klushuur's personal data under klushuis.privacy (issue 17): in the statement, in the
tenant's download; on a deletion request registered interest goes, the lease's records stay
and the account is closed, not removed."""

from unittest import mock

import pytest

from klushuis.privacy import rules
from klushuis.privacy.services import my_data_erase, my_data_export, statement_rows
from klushuur import services
from klushuur.models import Agreement, Interest
from tests.klushuur.world import allocate, build

pytestmark = pytest.mark.django_db


def _stub_pdf(html):
    return b"%PDF-1.7\n% stub\n"


@pytest.fixture
def tenant(django_capture_on_commit_callbacks):
    world = build()
    with (
        mock.patch("klushuis.pdf.render_pdf", _stub_pdf),
        django_capture_on_commit_callbacks(execute=True),
    ):
        allocate(world)
    services.interest_register(
        user=world.applicant,
        corporation=world.corporation,
        job_kinds=["kitchen"],
        skills="Timmerman",
        available_time="Weekenden",
    )
    return world.applicant


def test_the_statement_names_klushuur_and_its_controller():
    rows = {row["key"]: row for row in statement_rows(rules.DEFAULTS)}
    assert "klushuur" in rows
    assert "controller" in str(rows["klushuur"]["legal_basis"]) or "verwerkings" in str(
        rows["klushuur"]["legal_basis"]
    )


def test_the_tenant_downloads_their_klushuur_data(tenant):
    (section,) = [
        s for s in my_data_export(tenant) if isinstance(s.data, dict) and "interest" in s.data
    ]
    assert section.data["interest"][0]["skills"] == "Timmerman"
    assert len(section.data["agreements"]) == 1
    assert section.data["applications"][0]["status"]


def test_a_deletion_request_removes_interest_keeps_the_lease_and_closes_the_account(tenant):
    result = my_data_erase(tenant)
    assert not Interest.objects.filter(user=tenant).exists()
    assert Agreement.objects.filter(tenant=tenant).exists()
    assert any("klushuur" in str(reason).lower() for reason in result["kept"])
    tenant.refresh_from_db()
    assert not tenant.is_active
    assert not tenant.has_usable_password()
