"""The browser refuses a file above the form's limit before sending it (issue 12, row 12)."""

import pytest

from applications.forms import MAX_PDF_BYTES
from applications.services import application_start
from tests.factories import PASSWORD, PropertyFactory, SalesRoundFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_statement_above_the_limit_is_stopped_in_the_browser_with_the_forms_message(
    live_server, page, screenshot
):
    home = PropertyFactory(reference="HVS-1")
    sales_round = SalesRoundFactory(municipality=home.municipality, slug="oude-haven", homes=[home])
    buyer = UserFactory(email="anna@example.test")
    application = application_start(user=buyer, sales_round=sales_round)
    page.goto(f"{live_server.url}/account/inloggen/")
    page.fill("#id_username", buyer.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Inloggen").click()
    page.goto(f"{live_server.url}/inschrijvingen/{application.reference}/stap/4/")

    requests = []
    page.on("request", lambda r: r.method == "POST" and requests.append(r.url))
    page.set_input_files(
        "#id_financing_statement",
        files=[
            {
                "name": "verklaring.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n" + b"0" * (MAX_PDF_BYTES + 1),
            }
        ],
    )
    message = page.eval_on_selector("#id_financing_statement", "input => input.validationMessage")
    assert message.startswith("Dit bestand is 15,0 MB.")
    assert "maximum" in message
    assert page.locator("[role=alert].upload-limit-error").inner_text() == message
    page.get_by_role("button", name="Opslaan en verder").click()
    screenshot("upload-too-large")
    assert requests == []  # nothing was sent
    assert page.console_errors == []

    page.set_input_files(
        "#id_financing_statement",
        files=[
            {
                "name": "verklaring.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n",
            }
        ],
    )
    assert page.eval_on_selector("#id_financing_statement", "i => i.validationMessage") == ""
    assert page.locator(".upload-limit-error").count() == 0
