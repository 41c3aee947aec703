"""After the sale in Chromium: the buyer files the completion notice with a photo per PvE item,
staff find it on the worklist, schedule and record the inspection item by item and accept it;
the buyer's page then says the completion was accepted and the home shows as renovated."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from aftercare.models import Case, CompletionNotice
from properties.models import Property
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


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def test_the_buyer_reports_completion_and_staff_inspect_and_accept(
    live_server,
    browser,
    page,
    accepted,  # noqa: F811 - the fixture imported above
    bureau_staff,
    screenshot,
):
    contract = transfer(accepted, bureau_staff)
    case = Case.objects.get(contract=contract)
    buyer = case.buyer
    buyer.set_password(PASSWORD)
    buyer.save()

    page.goto(f"{live_server.url}/account/inloggen/?next=/mijn-woning/")
    page.fill("#id_username", buyer.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"**/mijn-woning/{case.pk}/")
    assert page.get_by_role("heading", name="Tijdlijn").is_visible()
    screenshot("aftercare-buyer-home")
    page.get_by_role("link", name="Renovatie gereedmelden").click()
    for item in case.items.all():
        page.select_option("#id_evidence-item", str(item.pk))
        page.select_option("#id_evidence-kind", "photo")
        page.set_input_files(
            "#id_evidence-file",
            {"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()},
        )
        page.get_by_role("button", name="Aan mijn concept toevoegen").click()
        page.wait_for_load_state()
    assert "Elk onderdeel heeft bewijs" in page.content()
    assert axe_violations(page) == []
    screenshot("aftercare-buyer-notice")
    page.fill("#id_submit-remarks", "Alles is klaar.")
    page.get_by_role("button", name="Gereedmelding indienen").click()
    page.wait_for_url(f"**/mijn-woning/{case.pk}/")
    assert CompletionNotice.objects.get(case=case).status == "submitted"

    staff_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    staff_login(staff_page, live_server.url, bureau_staff, PASSWORD)
    staff_page.goto(f"{live_server.url}/beheer/aftercare/case/?work=awaiting_inspection")
    staff_page.get_by_role("link", name=str(case.property)).first.click()
    moment = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT10:00")
    staff_page.fill("#id_scheduled_for", moment)
    staff_page.get_by_role("button", name="Inplannen").click()
    staff_page.wait_for_load_state()
    screenshot("aftercare-staff-case")
    for item in case.items.all():
        staff_page.check(f"input[name=result_{item.pk}][value=met]")
    staff_page.select_option("#id_decision", "accept")
    staff_page.get_by_role("button", name="Inspectie vastleggen").click()
    staff_page.wait_for_load_state()
    assert "De inspectie is vastgelegd." in staff_page.content()

    staff_page.context.close()
    page.reload()
    assert "Uw oplevering is op" in page.content()
    screenshot("aftercare-buyer-accepted")
    assert Property.objects.get(pk=case.property_id).status == "renovated"
