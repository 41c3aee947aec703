"""The review pages and the export read as Dutch staff expect: words, not codes; amounts,
dates and counts written the Dutch way."""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from applications import services
from applications.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(complete_application, applicant):
    services.application_submit(application=complete_application, actor=applicant)
    complete_application.refresh_from_db()
    return complete_application


def test_the_review_page_has_dutch_headers_amounts_and_history_in_words(
    client_for, bureau_staff, submitted
):
    url = reverse("admin:applications_application_change", args=[submitted.pk])
    html = client_for(bureau_staff).get(url).content.decode()
    assert "€\u00a0250.000" in html
    assert "€\u00a020.000" in html
    assert "250000,00" not in html
    headers = {h.strip().lower() for h in re.findall(r"<th[^>]*>\s*([^<]+?)\s*<", html)}
    assert not headers & {"from status", "to status", "property", "author", "at", "actor"}
    assert {"vorige status", "nieuwe status", "gewijzigd door", "wanneer", "woning"} <= headers
    assert re.search(r"Concept → Ingediend op \d+ \w+ \d{4} \d{2}:\d{2}", html)
    assert f"{submitted.pk}: draft" not in html
    preference = submitted.preferences.select_related("property").first()
    assert f"1. {preference.property}" in html


def test_the_plan_summary_writes_euros_and_dutch_dates(client_for, bureau_staff, submitted):
    plan = submitted.preferences.first().plan
    plan.planned_start = date(2027, 3, 1)
    plan.save()
    url = reverse("admin:applications_application_change", args=[submitted.pk])
    html = client_for(bureau_staff).get(url).content.decode()
    assert "1 maart 2027" in html
    assert "2027-03-01" not in html
    assert re.search(r"€\u00a0\d{1,3}\.\d{3} ·", html)


def test_a_missing_reason_is_shown_under_the_reason_on_a_styled_page(
    client_for, bureau_staff, submitted
):
    url = reverse("admin:applications_application_decide", args=[submitted.pk])
    html = client_for(bureau_staff).post(url, {"decision": "eligible", "reason": ""}).content
    html = html.decode()
    assert "admin/css/forms.css" in html
    reason_box = html.index('name="reason"')
    error = html.index("Dit veld is verplicht.")
    decision = html.index('name="decision"')
    assert decision < reason_box < error
    assert 'class="form-row field-reason errors"' in html


def _export(client, **params):
    url = reverse("admin:applications_application_export")
    return client.get(url, params)


def test_the_export_is_its_own_page_reached_from_the_list(client_for, bureau_staff, submitted):
    client = client_for(bureau_staff)
    listing = client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert reverse("admin:applications_application_export") in listing
    page = client.get(reverse("admin:applications_application_export")).content.decode()
    assert "Excel-werkmap" in page
    # Drafts are left out unless chosen.
    assert re.search(r'value="submitted"[^>]*checked', page)
    assert not re.search(r'value="draft"[^>]*checked', page)


def test_the_csv_export_is_read_by_dutch_excel(
    client_for, bureau_staff, submitted, open_round, other_applicant
):
    services.application_start(user=other_applicant, sales_round=open_round)  # a draft
    statuses = [s for s in Application.Status.values if s != "draft"]
    response = _export(client_for(bureau_staff), file_format="csv", statuses=statuses)
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, *data = rows
    assert len(data) == 1  # the draft is not exported
    row = dict(zip(header, data[0], strict=True))
    assert row["kenmerk"] == submitted.reference
    assert row["status"] == "Ingediend"
    assert row["huidige woonsituatie"] == "Sociale huurwoning"
    assert row["laat een sociale huurwoning achter"] == "Ja"
    assert row["maximale hypotheek"] == "250000,00"
    assert re.fullmatch(r"\d{1,2}-\d{1,2}-\d{4} \d{2}:\d{2}", row["ingediend op"])
    assert re.fullmatch(r"\d{1,2}-\d{1,2}-\d{4}", row["datum van de verklaring"])


def test_the_excel_export_has_real_numbers_and_dates(client_for, bureau_staff, submitted):
    response = _export(client_for(bureau_staff), file_format="xlsx", statuses=["submitted"])
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["maximale hypotheek"] == Decimal(250000) or row["maximale hypotheek"] == 250000
    assert isinstance(row["ingediend op"], datetime)
    assert row["ingediend op"].microsecond == 0
    assert isinstance(row["datum van de verklaring"], datetime | date)
    assert row["woont of werkt in de gemeente"] == "Ja"


def test_an_export_without_a_status_asks_for_one(client_for, bureau_staff, submitted):
    response = _export(client_for(bureau_staff), file_format="csv")
    assert response.status_code == 200
    assert "Kies minimaal één status." in response.content.decode()


def test_bulk_decisions_are_counted_in_words(client_for, bureau_staff, submitted):
    response = client_for(bureau_staff).post(
        reverse("admin:applications_application_changelist"),
        {
            "action": "decide_in_bulk",
            "_selected_action": [str(submitted.pk)],
            "decision": "eligible",
            "reason": "Voldoet.",
        },
        follow=True,
    )
    assert "1 besluit vastgelegd." in response.content.decode()


def test_an_english_reader_gets_english_headers_and_values(client_for, bureau_staff, submitted):
    client = client_for(bureau_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _export(client, file_format="csv", statuses=["submitted"])
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["status"] == "Submitted"
    assert row["leaves a social rental home"] == "Yes"
    assert row["maximum mortgage"] == "250000.00"
