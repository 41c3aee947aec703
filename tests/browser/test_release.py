"""After the sale (2) in Chromium: the buyer reports a sale with a mistake and corrects it, a
notary finds the home on their list and reports it too, staff set the second report aside,
and after a releasing exemption two authorised people release the home; the buyer then sees
the release statement on their page."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from aftercare import exemptions, rules
from aftercare.models import Case
from tests.aftercare.conftest import (  # noqa: F401 - fixtures
    accepted,
    frozen_round,
    lottery_round,
    notary,
    transfer,
)
from tests.browser.conftest import axe_violations, staff_login
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _shot(page, name):
    """A screenshot of a page other than the `page` fixture's (SCREENSHOT_DIR, as there)."""
    directory = os.environ.get("SCREENSHOT_DIR")
    if directory:
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def _log_in(page, base_url, user, next_path):
    page.goto(f"{base_url}/account/inloggen/?next={next_path}")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Inloggen").click()


def test_resale_reports_and_the_release(
    live_server,
    browser,
    page,
    accepted,  # noqa: F811 - the fixture imported above
    bureau_staff,
    municipal_staff,
    notary_here,
    screenshot,
):
    case = Case.objects.get(contract=transfer(accepted, bureau_staff, days_ago=30))
    for user in (case.buyer, notary_here, bureau_staff, municipal_staff):
        user.set_password(PASSWORD)
        user.save()
    _log_in(page, live_server.url, case.buyer, f"/mijn-woning/{case.pk}/")
    page.wait_for_url(f"**/mijn-woning/{case.pk}/")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    page.fill("#id_resale-sold_on", tomorrow)
    page.fill("#id_resale-price", "325000")
    page.fill("#id_resale-notary_name", "mr. P. Kade")
    page.get_by_role("button", name="De verkoop melden").click()
    assert page.locator("#error-summary").is_visible()
    assert page.input_value("#id_resale-price") == "325000"
    screenshot("release-buyer-report-mistake")
    assert axe_violations(page) == []
    page.fill("#id_resale-sold_on", timezone.localdate().isoformat())
    page.get_by_role("button", name="De verkoop melden").click()
    page.wait_for_url(f"**/mijn-woning/{case.pk}/")
    assert page.get_by_text("De gemeente controleert uw melding.").is_visible()

    notary_page = browser.new_context(locale="nl-NL").new_page()
    staff_login(notary_page, live_server.url, notary_here, PASSWORD, "/account/inloggen/")
    notary_page.goto(f"{live_server.url}/notaris/woningen/")
    assert notary_page.get_by_text(case.property.reference).is_visible()
    _shot(notary_page, "release-notary-homes")
    assert axe_violations(notary_page) == []
    notary_page.get_by_role("link", name="Een doorverkoop melden").click()
    notary_page.fill("#id_resale-sold_on", timezone.localdate().isoformat())
    notary_page.fill("#id_resale-price", "325000")
    notary_page.get_by_role("button", name="De doorverkoop melden").click()
    notary_page.wait_for_url("**/notaris/woningen/")
    assert case.resale_reports.count() == 2

    asked = exemptions.exemption_request(
        case=case, actor=case.buyer, ground=rules.PARTNER_DIED, explanation="Overleden."
    )
    proposed = exemptions.exemption_propose(
        exemption=asked, actor=bureau_staff, outcome=rules.RELEASE_WITH_PAYMENT, reasons="Akte."
    )
    exemptions.exemption_approve(exemption=proposed, actor=municipal_staff)

    staff = browser.new_context(locale="nl-NL").new_page()
    staff_login(staff, live_server.url, bureau_staff, PASSWORD)
    staff.goto(f"{live_server.url}/beheer/aftercare/case/{case.pk}/change/")
    staff.get_by_role("button", name="Bevestigen en de doorverkoop vastleggen").click()
    staff.wait_for_url(f"**/beheer/aftercare/case/{case.pk}/change/")
    staff.fill("#id_report-reasons", "Dezelfde verkoop, gemeld door de notaris.")
    staff.get_by_role("button", name="De melding terzijde leggen").click()
    staff.wait_for_url(f"**/beheer/aftercare/case/{case.pk}/change/")
    resale = case.resales.get()
    assert resale.payment_due > 0
    staff.fill("#id_paid_on", timezone.localdate().isoformat())
    staff.get_by_role("button", name="Betaling vastleggen").click()
    staff.wait_for_url(f"**/beheer/aftercare/case/{case.pk}/change/")
    staff.get_by_role("button", name="De vrijgave voorstellen").click()
    staff.wait_for_url(f"**/beheer/aftercare/case/{case.pk}/change/")
    _shot(staff, "release-admin-proposed")

    second = browser.new_context(locale="nl-NL").new_page()
    staff_login(second, live_server.url, municipal_staff, PASSWORD)
    second.goto(f"{live_server.url}/beheer/aftercare/case/{case.pk}/change/")
    second.select_option("#id_release_decision-decision", "approve")
    second.locator("#aftercare-release").get_by_role("button", name="Besluit vastleggen").click()
    second.wait_for_url(f"**/beheer/aftercare/case/{case.pk}/change/")
    _shot(second, "release-admin-released")
    case.refresh_from_db()
    assert case.released_on == timezone.localdate()

    page.goto(f"{live_server.url}/mijn-woning/{case.pk}/")
    assert page.get_by_role("heading", name="Verklaring van vrijstelling").is_visible()
    screenshot("release-buyer-statement")
    assert axe_violations(page) == []
