import re

import pytest
from django.core import mail

from tests.browser.conftest import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_buyer_creates_an_account_confirms_it_and_logs_in(live_server, page, screenshot):
    mail.outbox.clear()
    page.goto(live_server.url)
    page.get_by_role("link", name="Account aanmaken").first.click()
    page.get_by_label("Volledige naam").fill("Anna de Vries")
    page.get_by_label("E-mailadres").fill("anna@example.test")
    page.locator("#id_password1").fill("renoveren-in-2026!")
    page.get_by_label("Wachtwoord herhalen").fill("iets-anders-2026!")
    page.get_by_role("button", name="Account aanmaken").click()

    # The error is tied to its field and nothing typed is lost.
    assert page.get_by_label("Volledige naam").input_value() == "Anna de Vries"
    assert page.locator("#error-summary").is_visible()
    assert axe_violations(page) == []
    screenshot("register-error")
    page.locator("#id_password1").fill("renoveren-in-2026!")
    page.get_by_label("Wachtwoord herhalen").fill("renoveren-in-2026!")
    page.get_by_role("button", name="Account aanmaken").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kijk in uw mailbox"

    link = re.search(r"https?://\S+/account/bevestigen/\S+/", mail.outbox[0].body).group(0)
    path = link.split("/account/", 1)[1]
    page.goto(f"{live_server.url}/account/{path}")
    page.get_by_role("button").filter(has_text="Bevestig").click()

    page.get_by_label("E-mailadres").fill("anna@example.test")
    page.locator("#id_password").fill("renoveren-in-2026!")
    page.locator("main").get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn account"
    screenshot("account")
    assert page.console_errors == []
