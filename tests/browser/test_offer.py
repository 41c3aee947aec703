"""After the draw in Chromium: a buyer answers their offer, and a declined home reaches the
first reserve candidate, who sees it on their dashboard."""

import os
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from applications import services
from applications.lottery import services as lottery
from applications.models import Application, Offer, ReservePlace
from applications.offers import services as offers
from applications.rounds import sales_round_publish
from contracts import selectors as contract_selectors
from contracts import services as contracts
from contracts.models import DocumentTemplate
from klushuis.accounts import roles
from tests.applications.conftest import close_round, fill_in, pdf_upload
from tests.browser.conftest import axe_violations
from tests.contracts.conftest import attach_requirements
from tests.factories import (
    PASSWORD,
    BureauFactory,
    OrganisationFactory,
    PropertyFactory,
    SalesRoundFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def offered():
    """One home, three buyers who all want it: one offer and a reserve list of two."""
    municipality = OrganisationFactory(name="Gemeente Havenstad", slug="havenstad")
    bureau = BureauFactory(name="Stadsherstel Advies", slug="stadsherstel")
    staff = StaffFactory(organisation=bureau, role=roles.BUREAU_SALES_STAFF)
    home = PropertyFactory(
        municipality=municipality, reference="HVS-1", street="Kaaistraat", house_number=1
    )
    sales_round = sales_round_publish(
        sales_round=SalesRoundFactory(
            municipality=municipality,
            bureau=bureau,
            slug="oude-haven",
            published_at=None,
            homes=[home],
        ),
        actor=staff,
    )
    for number in range(3):
        user = UserFactory(email=f"koper{number}@example.test")
        application = fill_in(
            services.application_start(user=user, sales_round=sales_round), user, [home]
        )
        services.application_submit(application=application, actor=user)
    close_round(sales_round)
    for application in Application.objects.all():
        services.application_decide(
            application=application, eligible=True, reason="In orde", actor=staff
        )
    lottery.lottery_freeze(sales_round=sales_round, actor=staff)
    notary = StaffFactory(is_staff=False, organisation=None, role=roles.NOTARY)
    sales_round.notaries.add(notary)
    lottery.lottery_draw(sales_round=sales_round, public_value="1-2-3", actor=notary)
    offers.offers_start(sales_round=sales_round, actor=staff)
    return sales_round


def _login(page, live_server, email):
    page.goto(f"{live_server.url}/account/inloggen/?next=/mijn-inschrijvingen/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Inloggen").click()


def test_a_declined_home_reaches_the_first_reserve_who_accepts_it(
    live_server, browser, page, offered, screenshot
):
    first = Offer.objects.get()
    _login(page, live_server, first.application.user.email)
    page.get_by_role("link", name="Beantwoord de aanbieding").first.click()
    assert axe_violations(page) == []
    screenshot("offer-open")
    page.get_by_label("Ja, ik wijs deze woning af").check()
    page.get_by_role("button", name="Deze woning afwijzen").click()
    assert "U heeft de woning afgewezen." in page.locator("main").inner_text()

    reserve = ReservePlace.objects.get(rank=1).application
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    other = context.new_page()
    _login(other, live_server, reserve.user.email)
    other.get_by_role("link", name="Beantwoord de aanbieding").first.click()
    assert "reservelijst" in other.locator("main").inner_text()
    # Accepting without the data for the deed keeps what was typed and says what is missing.
    other.get_by_label("Huidig adres").first.fill("Kade 1")
    other.get_by_label("Postcode").first.fill("315 AB")
    other.get_by_role("button", name="Deze woning accepteren").click()
    assert other.get_by_label("Huidig adres").first.input_value() == "Kade 1"
    assert other.locator(".invalid-feedback").count() > 0
    # A summary at the top links to each refused field; a short postcode is not Dutch.
    summary = other.locator("#error-summary")
    assert "1234 AB" in summary.inner_text()
    summary.get_by_role("link").first.click()
    if os.environ.get("SCREENSHOT_DIR"):
        other.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/offer-accept-refused.png")
    for index in range(other.get_by_label("Geboorteplaats").count()):
        other.get_by_label("Geboorteplaats").nth(index).fill("Utrecht")
        other.get_by_label("Huidig adres").nth(index).fill("Kade 1")
        other.get_by_label("Postcode").nth(index).fill("3011ab")
        other.get_by_label("Woonplaats").nth(index).fill("Havenstad")
        other.get_by_label("Burgerlijke staat").nth(index).select_option("unmarried")
    other.get_by_label("Ik accepteer deze woning").check()
    other.get_by_role("button", name="Deze woning accepteren").click()
    assert other.locator(".app-status").inner_text() == "Aanbieding geaccepteerd"
    screenshot("offer-accepted")
    assert Offer.objects.get(application=reserve).status == "accepted"

    page.goto(f"{live_server.url}/verkooprondes/oude-haven/#offer-log-title")
    log = page.locator(".offer-log").inner_text()
    assert first.application.reference in log
    assert reserve.reference in log
    assert axe_violations(page) == []
    screenshot("round-offer-log")
    assert page.console_errors == []
    context.close()


def test_a_buyer_downloads_the_agreement_and_dissolves_within_the_cooling_off_period(
    live_server, page, offered, screenshot
):

    offer = Offer.objects.get()
    contracts.library_install(offer.sales_round.municipality)
    DocumentTemplate.objects.update(
        seller_address="Stadhuisplein 1, 3011 AA Havenstad",
        signatory_name="mr. J. de Boer",
        signatory_title="wethouder Wonen",
        notary="mr. E.J. de Wit, notaris te Havenstad",
    )
    staff = StaffFactory(role=roles.BUREAU_SALES_STAFF)
    attach_requirements(offer.property)
    contracts.sale_accept(
        offer=offer,
        actor=offer.application.user,
        parties=[
            {
                "applicant": a,
                "place_of_birth": "Delft",
                "civil_status": "unmarried",
                "street_address": "Kade 1",
                "postcode": "3011 AB",
                "city": "Havenstad",
            }
            for a in offer.application.applicants.all()
        ],
    )
    contract = offer.contract
    contracts.contract_render(contract_selectors.latest_version(contract).pk)
    # Sent and signed by the buyer before the handover an hour ago (events in order).
    with time_machine.travel(timezone.now() - timedelta(hours=2), tick=False):
        contracts.contract_send(contract=contract, actor=staff)
        contracts.contract_record_buyer_signature(contract=contract, actor=staff)
    contracts.contract_record_seller_signature(
        contract=contract,
        actor=staff,
        signed_copy=pdf_upload("getekend.pdf"),
        handed_over_at=timezone.now() - timedelta(hours=1),
    )

    _login(page, live_server, offer.application.user.email)
    page.goto(f"{live_server.url}/inschrijvingen/{offer.application.reference}/")
    card = page.locator("#contract-title").locator("xpath=..")
    assert "Uw bedenktijd loopt van" in card.inner_text()
    href = page.get_by_role("link", name="Download de koopovereenkomst (PDF)").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{href}")  # with the buyer's session
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    assert axe_violations(page) == []
    screenshot("contract-cooling-off")
    page.get_by_role("link", name="De koop ontbinden").click()
    page.get_by_label("Ja, ik ontbind de koop binnen de bedenktijd").check()
    page.get_by_role("button", name="De koop ontbinden").click()
    assert page.locator(".app-status").inner_text() == "Ingetrokken"
    contract.refresh_from_db()
    assert contract.status == "dissolved"
