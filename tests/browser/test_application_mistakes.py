"""Steps 4 and 5 with a mistake on each, in Chromium: the files uploaded before the mistake are
kept, the live budget total works under the portal's CSP, and the application is submitted
without uploading anything twice (issue 11)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from applications import services
from applications.models import Application, RenovationPlan
from tests.applications.conftest import pdf_upload
from tests.browser.conftest import axe_violations
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    PropertyFactory,
    SalesRoundFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def started(tmp_path):
    municipality = OrganisationFactory(name="Gemeente Havenstad", slug="havenstad")
    home = PropertyFactory(
        municipality=municipality, reference="HVS-1", street="Kaaistraat", house_number=7
    )
    sales_round = SalesRoundFactory(municipality=municipality, slug="oude-haven", homes=[home])
    buyer = UserFactory(email="anna@example.test", full_name="Anna de Vries")
    application = services.application_start(user=buyer, sales_round=sales_round)
    services.application_save_applicants(
        application=application,
        main={
            "given_names": "Anna",
            "surname": "de Vries",
            "date_of_birth": date(1990, 5, 1),
            "email": buyer.email,
            "phone": "",
        },
        co=None,
    )
    services.application_save_fields(
        application=application, fields={"adults": 1, "current_housing": "private_rental"}
    )
    services.application_save_preferences(application=application, properties=[home])
    files = {}
    for name in ("verklaring.pdf", "tekeningen.pdf"):
        files[name] = tmp_path / name
        files[name].write_bytes(pdf_upload().read())
    return application, files


def test_a_buyer_recovers_from_a_mistake_on_steps_4_and_5_without_uploading_twice(
    live_server, page, started, screenshot
):
    application, files = started
    page.goto(f"{live_server.url}/account/inloggen/?next=/inschrijvingen/{application.reference}/")
    page.fill("#id_username", "anna@example.test")
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Ga verder met uw inschrijving").click()

    # Step 4: the statement is uploaded, but its date is too old.
    assert "stap/4/" in page.url
    page.fill("#id_max_mortgage", "300000")
    page.fill("#id_own_funds", "20000")
    page.fill("#id_financing_provider", "De Bank")
    page.fill("#id_financing_date", (timezone.localdate() - timedelta(days=400)).isoformat())
    page.set_input_files("#id_financing_statement", str(files["verklaring.pdf"]))
    page.get_by_role("button", name="Opslaan en verder").click()
    assert "zes maanden" in page.locator("#error_1_id_financing_date").inner_text()
    held = page.locator(".held-upload")
    assert "verklaring.pdf" in held.inner_text()
    assert page.locator("#id_financing_provider").input_value() == "De Bank"
    screenshot("step-4-refused-with-held-statement")
    page.fill("#id_financing_date", (timezone.localdate() - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Opslaan en verder").click()

    # Step 5: drawings uploaded, budget below the minimum; the live total says so first.
    assert "stap/5/" in page.url
    fieldset = page.locator("fieldset.plan-fieldset")
    assert "Kaaistraat 7" in fieldset.locator("legend").first.inner_text()
    prefix = page.locator("textarea").first.get_attribute("name").rsplit("-", 1)[0]
    page.fill(f"[name='{prefix}-description']", "Dak, gevel en installaties vernieuwen.")
    # The six amounts stand in two even rows, even where a label takes two lines.
    tops = fieldset.first.locator("[data-budget-total] input").evaluate_all(
        "inputs => inputs.map(input => Math.round(input.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 2, tops
    page.fill(f"[name='{prefix}-budget_structure']", "30000")
    page.fill(f"[name='{prefix}-budget_envelope']", "10000")
    total = page.locator(".budget-total")
    assert "40.000" in total.inner_text()
    assert "lager dan het minimum" in total.inner_text()
    page.fill(f"[name='{prefix}-planned_start']", "2027-03-01")
    page.fill(f"[name='{prefix}-planned_completion']", "2028-03-01")
    page.set_input_files(f"[name='{prefix}-drawings']", str(files["tekeningen.pdf"]))
    page.get_by_role("button", name="Opslaan en verder").click()

    summary = page.locator("#error-summary").inner_text()
    assert "Kaaistraat 7" in summary
    assert "40.000" in total.inner_text()  # the server's total, the same as the live one
    assert "tekeningen.pdf" in page.locator(".held-upload").inner_text()
    description = page.locator(f"[name='{prefix}-description']").input_value()
    assert description == "Dak, gevel en installaties vernieuwen."
    assert axe_violations(page) == []
    screenshot("step-5-refused-with-held-drawings")
    page.fill(f"[name='{prefix}-budget_envelope']", "70000")
    assert "voldoet aan het minimum" in total.inner_text()
    page.fill(f"[name='{prefix}-own_work_share']", "20")
    page.get_by_role("button", name="Opslaan en verder").click()

    # Step 6, then submit: nothing was uploaded twice.
    for checkbox in page.locator("input[type=checkbox]").all():
        checkbox.check()
    page.get_by_role("button", name="Opslaan en controleren").click()
    page.get_by_role("button", name="Mijn inschrijving indienen").click()
    assert page.locator(".app-status").inner_text() == "Ingediend"
    screenshot("submitted-after-mistakes")
    application = Application.objects.get()
    assert application.status == "submitted"
    assert application.financing_statement
    assert RenovationPlan.objects.get().drawings
    assert page.console_errors == []
