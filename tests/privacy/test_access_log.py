"""The access log (issue 17): every reading of a buyer's data by someone else is recorded,
append-only, with who, when, what and from where; auditors read it and nobody deletes it."""

from unittest import mock

import pytest
from django.urls import reverse

from contracts.models import Letter
from contracts.selectors import latest_version
from contracts.services import contract_render
from klushuis.accounts import roles
from klushuis.privacy.models import AccessLogEntry
from tests.factories import StaffFactory


def _stub_pdf(html):
    return b"%PDF-1.7\n% stub\n"


def _entries(**filters):
    return list(AccessLogEntry.objects.filter(**filters))


def test_staff_opening_an_application_is_recorded_with_their_address(cast, client_for):
    staff = cast.roles["municipal_staff"]
    application = cast.application
    client = client_for(staff)
    url = reverse("admin:applications_application_change", args=[application.pk])
    assert client.get(url, REMOTE_ADDR="198.51.100.7").status_code == 200
    (entry,) = _entries(what="application")
    assert (entry.user, entry.user_label, entry.action) == (staff, staff.email, "view")
    assert entry.reference == application.reference
    assert entry.organisation == cast.municipality
    assert entry.client_ip == "198.51.100.7"


def test_the_address_is_the_one_our_own_proxy_wrote(cast, client_for, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = client_for(cast.roles["auditor"])
    url = reverse("applications:financing_statement", args=[cast.application.reference])
    response = client.get(
        url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66, 192.0.2.44"
    )
    assert response.status_code == 200
    (entry,) = _entries(what="financing statement")
    # The left entry is what the client wrote itself; our proxy appended the right one.
    assert entry.client_ip == "192.0.2.44"
    assert entry.action == "download"


def test_the_buyer_reading_their_own_documents_is_not_an_access_to_log(cast, client_for):
    client = client_for(cast.roles["buyer"])
    url = reverse("applications:financing_statement", args=[cast.application.reference])
    assert client.get(url).status_code == 200
    assert not AccessLogEntry.objects.exists()


def test_a_juror_reading_a_plan_and_its_drawings_is_recorded(cast, client_for):
    client = client_for(cast.roles["juror"])
    kwargs = {
        "slug": cast.this_round.slug,
        "reference": cast.application.reference,
        "home": cast.home.reference,
    }
    assert client.get(reverse("applications:jury_plan", kwargs=kwargs)).status_code == 200
    assert client.get(reverse("applications:jury_drawings", kwargs=kwargs)).status_code == 200
    assert [(e.action, e.what) for e in AccessLogEntry.objects.order_by("pk")] == [
        ("view", "renovation plan"),
        ("download", "renovation drawings"),
    ]


def test_contract_pdfs_opened_by_staff_are_recorded(cast, client_for):
    contract = cast.contract
    with mock.patch("klushuis.pdf.render_pdf", _stub_pdf):
        contract_render(latest_version(contract).pk)
    client = client_for(cast.roles["bureau"])
    assert (
        client.get(reverse("contracts:pdf", args=[contract.application.reference, 1])).status_code
        == 200
    )
    admin_pdf = reverse("admin:contracts_contract_version_pdf", args=[contract.pk, 1])
    assert client.get(admin_pdf).status_code == 200
    assert (
        client.get(reverse("admin:contracts_contract_change", args=[contract.pk])).status_code
        == 200
    )
    got = [(e.action, e.what, e.reference) for e in AccessLogEntry.objects.order_by("pk")]
    assert got == [
        ("download", "purchase agreement", f"{contract.reference} v1"),
        ("download", "purchase agreement", f"{contract.reference} v1"),
        ("view", "purchase agreement", contract.reference),
    ]


def test_letters_staff_open_in_the_archive_are_recorded(cast, client_for):
    letter = Letter.objects.filter(application=cast.contract.application).first()
    client = client_for(cast.roles["municipal_staff"])
    with mock.patch("klushuis.pdf.render_pdf", _stub_pdf):
        assert (
            client.get(reverse("admin:contracts_letter_pdf", args=[letter.pk])).status_code == 200
        )
    assert client.get(reverse("admin:contracts_letter_change", args=[letter.pk])).status_code == 200
    reference = f"{cast.contract.application.reference} {letter.kind}"
    got = [(e.action, e.what, e.reference) for e in AccessLogEntry.objects.order_by("pk")]
    assert got == [("download", "letter", reference), ("view", "letter", reference)]


def test_an_export_is_recorded_with_its_filter_and_row_count(cast, client_for):
    client = client_for(cast.roles["municipal_staff"])
    response = client.get(
        reverse("admin:applications_application_export"),
        {
            "sales_round": cast.this_round.pk,
            "statuses": ["eligible", "reserve", "contracted", "accepted", "in_draw"],
            "file_format": "csv",
        },
    )
    assert response.status_code == 200
    b"".join(response.streaming_content)
    (entry,) = _entries(action="export")
    assert entry.detail["filter"]["sales_round"] == cast.this_round.slug
    assert entry.detail["rows"] == 2
    assert entry.detail["format"] == "csv"
    assert entry.organisation == cast.municipality


def test_an_export_of_selected_rows_records_the_selection_without_the_search_term(cast, client_for):
    client = client_for(cast.roles["municipal_staff"])
    term = cast.application.reference
    url = reverse("admin:applications_application_changelist") + f"?q={term}"
    response = client.post(
        url, {"action": "export_csv", "_selected_action": [cast.application.pk], "index": 0}
    )
    assert response.status_code == 200
    (entry,) = _entries(action="export")
    assert entry.detail["rows"] == 1
    assert entry.detail["filter"]["selected"] == 1
    assert entry.detail["filter"]["searched"] is True
    assert term not in str(entry.detail)


def test_the_auditor_reads_the_log_and_nobody_deletes_or_changes_it(cast, client_for):
    client = client_for(cast.roles["municipal_staff"])
    client.get(reverse("admin:applications_application_change", args=[cast.application.pk]))
    entry = AccessLogEntry.objects.get()
    auditor = client_for(cast.roles["auditor"])
    page = auditor.get(reverse("admin:privacy_accesslogentry_changelist"))
    assert page.status_code == 200
    assert cast.application.reference in page.content.decode()
    for user in ("auditor", "administrator"):
        c = client_for(cast.roles[user])
        delete = reverse("admin:privacy_accesslogentry_delete", args=[entry.pk])
        assert c.post(delete, {"post": "yes"}).status_code == 403
        change = reverse("admin:privacy_accesslogentry_change", args=[entry.pk])
        c.post(change, {"what": "nothing"})
    entry.refresh_from_db()
    assert entry.what == "application"
    assert AccessLogEntry.objects.count() == 1


def test_the_auditor_of_another_municipality_does_not_see_its_entries(cast, client_for):
    client_for(cast.roles["municipal_staff"]).get(
        reverse("admin:applications_application_change", args=[cast.application.pk])
    )
    elsewhere = StaffFactory(organisation=cast.other_municipality, role=roles.AUDITOR)
    page = client_for(elsewhere).get(reverse("admin:privacy_accesslogentry_changelist"))
    assert page.status_code == 200
    assert cast.application.reference not in page.content.decode()


@pytest.mark.parametrize("role", ["juror", "notary", "bureau_without_mandate"])
def test_roles_without_the_permission_do_not_read_the_log(cast, client_for, role):
    client = client_for(cast.roles[role])
    response = client.get(reverse("admin:privacy_accesslogentry_changelist"))
    assert response.status_code in (302, 403)
