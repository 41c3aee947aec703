"""The staff dashboard, the council report, the workbook and the public results page."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from aftercare.models import Case, CompletionNotice, Evidence
from applications.models import Application, Offer
from contracts.models import Contract
from klushuis.privacy.models import AccessLogEntry
from reports import selectors
from tests.factories import PropertyFactory, UserFactory
from tests.reports.test_figures import _world

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_each_chart_with_its_table_and_no_inline_style(cast, client_for):
    _world(cast)
    response = client_for(cast.roles["municipal_staff"]).get(reverse("reports:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert cast.municipality.name in html
    assert html.count('<svg class="report-chart"') == 7
    assert html.count("<table") == 11
    # The strict CSP forbids inline styles and scripts: the charts use classes and
    # attributes only, and the policy sent allows nothing inline.
    assert not re.search(r"\sstyle=", html)
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)
    assert not re.search(r"\son[a-z]+=", html)
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "style-src 'self'" in policy
    # Told apart without colour: patterns, a legend and the numbers on the bars.
    assert "-hatch)" in html
    assert "chart-value" in html


def test_staff_see_only_their_municipalities(cast, client_for):
    _world(cast)
    url = reverse("reports:dashboard")
    other = cast.other_municipality.pk
    assert (
        client_for(cast.roles["municipal_staff"]).get(url, {"gemeente": other}).status_code == 404
    )
    client = client_for(cast.roles["bureau_without_mandate"])
    html = client.get(url).content.decode()
    assert cast.other_municipality.name in html
    assert cast.this_round.name not in html
    assert client.get(url, {"gemeente": cast.municipality.pk}).status_code == 404


def test_a_bureau_sees_all_its_mandates_together(cast, client_for):
    _world(cast)
    response = client_for(cast.roles["bureau"]).get(
        reverse("reports:dashboard"), {"gemeente": "alle"}
    )
    assert response.status_code == 200
    assert cast.this_round.name in response.content.decode()


def test_the_council_report_is_a_pdf_with_the_charts(cast, client_for):
    _world(cast)
    client = client_for(cast.roles["municipal_staff"])
    response = client.get(
        reverse("reports:council_report"), {"van": "2020-01-01", "tot": "2099-12-31"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert not AccessLogEntry.objects.exists()  # aggregates: not an access to personal data


def test_amounts_in_the_tables_are_written_as_the_reader_writes_them(cast, client_for):
    _world(cast)
    html = client_for(cast.roles["auditor"]).get(reverse("reports:dashboard")).content.decode()
    assert "20.000,5" in html  # the realised investment, in Dutch
    assert "20000.5" not in html


def test_the_workbook_has_every_table(cast, client_for):
    _world(cast)
    response = client_for(cast.roles["auditor"]).get(reverse("reports:export"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "funnel",
        "time",
        "removed",
        "homes",
        "dissolutions",
        "progress",
        "compliance",
        "compliance_by_year",
        "exemptions",
        "penalties",
        "money",
    ]
    money = {row[0]: row[1] for row in book["money"].iter_rows(min_row=3, values_only=True)}
    assert 20000.5 in money.values()
    assert not AccessLogEntry.objects.exists()


def _results(client, home):
    return client.get(
        reverse(
            "reports:results",
            kwargs={
                "municipality": home.municipality.slug,
                "neighbourhood": home.neighbourhood.slug,
            },
        )
    )


def test_the_public_page_suppresses_small_counts_and_shows_agreed_photos_only(cast, client):
    _world(cast)
    home = cast.contract.property
    case = Case.objects.get(contract=cast.contract)
    notice = CompletionNotice.objects.get(case=case, status="accepted")
    photo = Evidence.objects.get(notice=notice, kind="photo")
    html = _results(client, home).content.decode()
    assert "minder dan 5" in html or "fewer than 5" in html
    assert "20000" not in html
    assert "20.000" not in html
    assert reverse("aftercare:public_photo", args=[home.reference, photo.pk]) not in html
    Case.objects.filter(pk=case.pk).update(photo_consent=True)
    html = _results(client, home).content.decode()
    assert reverse("aftercare:public_photo", args=[home.reference, photo.pk]) in html
    assert client.get(
        reverse("aftercare:public_photo", args=[home.reference, photo.pk])
    ).status_code in (200, 404)


def test_the_public_page_shows_counts_of_five_and_more(cast, client):
    _world(cast)
    home = cast.contract.property
    counted = selectors.neighbourhood_results(home.neighbourhood)
    assert counted.sold is None
    assert counted.renovated is None
    assert counted.investment is None
    # Four more homes of the neighbourhood sold and renovated: five of each.
    for n in range(4):
        other = PropertyFactory(
            municipality=home.municipality, neighbourhood=home.neighbourhood, reference=f"HVS-R{n}"
        )
        offer = Offer.objects.create(
            sales_round=cast.this_round,
            application=Application.objects.create(
                sales_round=cast.this_round, user=UserFactory(), reference=f"R-{n}"
            ),
            property=other,
            status="accepted",
            source="reserve",
            respond_before=timezone.now(),
        )
        contract = Contract.objects.get(pk=cast.contract.pk)
        contract.pk, contract.offer, contract.property = None, offer, other
        contract.application, contract.reference = offer.application, f"K-R{n}"
        contract.sent_version = None
        contract.save()
        Case.objects.create(
            contract=contract,
            property=other,
            municipality=other.municipality,
            sales_round=cast.this_round,
            buyer=offer.application.user,
            transfer_date=date(2026, 1, 5),
            terms={},
            deemed_accepted=True,
        )
    counted = selectors.neighbourhood_results(home.neighbourhood)
    assert counted.sold == 5
    assert counted.renovated == 5
    assert counted.investment == Decimal("20000.50")
    html = _results(client, home).content.decode()
    assert "20.001" in html or "20,001" in html or "20.000" in html or "20,000" in html
