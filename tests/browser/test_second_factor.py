"""Staff set up an authenticator app in Chromium, keep their recovery codes, and log in with a
code from the app the next time."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from klushuis.accounts import roles
from tests.browser.conftest import axe_violations
from tests.factories import PASSWORD, OrganisationFactory, StaffFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def app_code(secret, offset=0):
    """What an authenticator app shows for a typed-in secret (RFC 6238, 30-second steps)."""
    totp = TOTP(b32decode(secret.replace(" ", "")), step=30, digits=6, drift=offset)
    return f"{totp.token():06d}"


def test_staff_set_up_an_app_and_log_in_with_its_code(live_server, browser, page, screenshot):
    municipality = OrganisationFactory(name="Gemeente Havenstad", slug="havenstad")
    StaffFactory(
        email="medewerker@havenstad.test", organisation=municipality, role=roles.MUNICIPAL_STAFF
    )
    page.goto(f"{live_server.url}/account/inloggen/?next=/beheer/")
    page.fill("#id_username", "medewerker@havenstad.test")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    # No app yet: set one up first; the QR code is an image from the portal itself.
    page.wait_for_url("**/tweede-stap/instellen/**")
    assert page.locator("h1").inner_text() == "Uw authenticator-app instellen"
    qr = page.locator("img.qr-code")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    secret = page.locator("#secret-key").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{4}", secret)
    assert axe_violations(page) == []
    screenshot("second-factor-setup")
    page.fill("#id_code", app_code(secret, offset=3))  # a wrong code first
    page.get_by_role("button", name="Bevestigen").click()
    assert "Deze code klopt niet" in page.locator("main").inner_text()
    # After a wrong code the app's device refuses every code for a second (django-otp).
    page.wait_for_timeout(1100)
    page.fill("#id_code", app_code(secret))
    page.get_by_role("button", name="Bevestigen").click()

    # The recovery codes, once.
    page.wait_for_url("**/tweede-stap/herstelcodes/**")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert axe_violations(page) == []
    screenshot("second-factor-recovery-codes")
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als tekstbestand").click()
    assert codes[0] in download.value.path().read_text()
    # (The admin's pages have no icon of their own: the browser's /favicon.ico is not ours.)
    assert page.console_errors == []
    page.get_by_role("button", name="Ik heb ze bewaard: verder").click()
    page.wait_for_url("**/beheer/")
    assert "Beheer" in page.title()

    # The next login asks for a code from the app.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    later = context.new_page()
    later.goto(f"{live_server.url}/beheer/")
    later.fill("#id_username", "medewerker@havenstad.test")
    later.fill("#id_password", PASSWORD)
    later.locator("#login-form [type=submit]").click()
    later.wait_for_url("**/tweede-stap/**")
    assert later.locator("h1").inner_text() == "Tweede stap: uw code"
    assert axe_violations(later) == []
    later.fill("#id_code", codes[1])  # no phone at hand: a recovery code
    later.get_by_role("button", name="Inloggen").click()
    later.wait_for_url("**/beheer/")
    assert "herstelcode" in later.locator("body").inner_text()
    context.close()
