"""The whole buyer journey in Chromium, then the staff decision in the admin."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from applications.models import Application
from klushuis.accounts import roles
from tests.applications.conftest import pdf_upload
from tests.browser.conftest import axe_violations, staff_login
from tests.factories import (
    PASSWORD,
    BureauFactory,
    MandateFactory,
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
def scene(tmp_path):
    municipality = OrganisationFactory(name="Gemeente Havenstad", slug="havenstad")
    bureau = BureauFactory(name="Stadsherstel Advies", slug="stadsherstel")
    MandateFactory(bureau=bureau, principal=municipality)
    homes = [
        PropertyFactory(
            municipality=municipality, reference=f"HVS-{i}", street="Kaaistraat", house_number=i
        )
        for i in (1, 2)
    ]
    sales_round = SalesRoundFactory(
        municipality=municipality,
        bureau=bureau,
        name="Oude Haven",
        slug="oude-haven",
        homes=homes,
    )
    buyer = UserFactory(email="anna@example.test", full_name="Anna de Vries")
    staff = StaffFactory(
        email="verkoop@stadsherstel.test", organisation=bureau, role=roles.BUREAU_SALES_STAFF
    )
    statement = tmp_path / "verklaring.pdf"
    statement.write_bytes(pdf_upload().read())
    return {
        "round": sales_round,
        "homes": homes,
        "buyer": buyer,
        "staff": staff,
        "statement": statement,
    }


def test_a_buyer_applies_and_staff_declare_the_application_eligible(
    live_server, browser, page, scene, screenshot
):
    mail.outbox.clear()
    page.goto(f"{live_server.url}/account/inloggen/?next=/verkooprondes/oude-haven/")
    page.fill("#id_username", "anna@example.test")
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Inloggen").click()
    page.get_by_role("button", name="Inschrijven voor woningen in deze ronde").click()

    # Step 1: the name and e-mail come from the account.
    assert page.locator("#id_main-surname").input_value() == "de Vries"
    page.fill("#id_main-date_of_birth", "1990-05-01")
    page.get_by_role("button", name="Opslaan en verder").click()
    # Step 2
    page.get_by_label("Particuliere huurwoning").check()
    page.get_by_role("button", name="Opslaan en verder").click()
    # Step 3
    page.select_option(
        "#id_choice_1", label=page.locator("#id_choice_1 option").nth(2).inner_text()
    )
    page.get_by_role("button", name="Opslaan en verder").click()
    # Step 4
    page.fill("#id_max_mortgage", "300000")
    page.fill("#id_own_funds", "20000")
    page.fill("#id_financing_provider", "Hypotheekadvies Havenstad")
    page.fill("#id_financing_date", (timezone.localdate() - timedelta(days=7)).isoformat())
    page.set_input_files("#id_financing_statement", str(scene["statement"]))
    page.get_by_role("button", name="Opslaan en verder").click()
    # Step 5: one plan, for the chosen home.
    prefix = page.locator("textarea").first.get_attribute("name").rsplit("-", 1)[0]
    page.fill(f"[name='{prefix}-description']", "Dak, gevel en installaties vernieuwen.")
    for name, value in [
        ("budget_structure", "30000"),
        ("budget_envelope", "40000"),
        ("budget_installations", "20000"),
        ("own_work_share", "20"),
    ]:
        page.fill(f"[name='{prefix}-{name}']", value)
    page.fill(f"[name='{prefix}-planned_start']", "2027-03-01")
    page.fill(f"[name='{prefix}-planned_completion']", "2028-03-01")
    assert axe_violations(page) == []
    screenshot("application-plan")
    page.get_by_role("button", name="Opslaan en verder").click()
    # Step 6
    for checkbox in page.locator("input[type=checkbox]").all():
        checkbox.check()
    page.get_by_role("button", name="Opslaan en controleren").click()

    page.get_by_role("button", name="Mijn inschrijving indienen").click()
    assert page.locator(".app-status").inner_text() == "Ingediend"
    assert axe_violations(page) == []
    screenshot("application-submitted")
    application = Application.objects.get()
    assert application.status == "submitted"
    assert [m.to for m in mail.outbox] == [["anna@example.test"]]
    assert application.reference in mail.outbox[0].body

    page.get_by_role("link", name="Mijn inschrijvingen").first.click()
    assert application.reference in page.locator("main").inner_text()
    assert page.console_errors == []

    # Staff decide in the admin, in a browser session of their own.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    admin = context.new_page()
    staff_login(admin, live_server.url, scene["staff"], PASSWORD)
    admin.goto(f"{live_server.url}/beheer/applications/application/{application.pk}/change/")
    admin.get_by_role("link", name="Beslissen over toelating").click()
    admin.get_by_label("Toegelaten", exact=True).check()
    admin.fill("#id_reason", "Voldoet aan alle voorwaarden.")
    admin.get_by_role("button", name="Besluit vastleggen").click()
    admin.wait_for_load_state()
    context.close()
    application.refresh_from_db()
    assert application.status == "eligible"

    page.goto(f"{live_server.url}/inschrijvingen/{application.reference}/")
    assert "Voldoet aan alle voorwaarden." in page.locator("main").inner_text()
    screenshot("application-eligible")
