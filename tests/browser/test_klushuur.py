"""Klushuur in Chromium, the whole journey: a home-seeker applies for an offered home with a
kitchen choice, the corporation allocates it with its basis, both sign the addendum, the tenant
reports the kitchen done with a photo, staff accept it, and the tenant's rent schedule shows the
reduction."""

import io

import pytest
from PIL import Image

from tests.browser.conftest import axe_violations, staff_login
from tests.factories import PASSWORD
from tests.klushuur.world import build

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _login(page, live_server, email):
    page.goto(f"{live_server.url}/account/inloggen/?next=/klushuur/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/klushuur/")


def test_from_offer_to_rent_schedule(live_server, browser, page, screenshot, tmp_path):
    world = build()
    photo = tmp_path / "keuken.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 140, 90)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())

    # The home-seeker finds the offer and applies with a kitchen choice.
    _login(page, live_server, world.applicant.email)
    page.get_by_role("link", name=world.home_offer.title).click()
    assert axe_violations(page) == []
    screenshot("klushuur-offer")
    page.get_by_role("link", name="Aanmelden voor deze woning").click()
    page.get_by_label("Badkamer vernieuwen").uncheck()
    page.get_by_label("Uw keuze voor Eigen keuken plaatsen").select_option("Keuken Eiken")
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelding versturen").click()
    assert "Uw aanmelding is verstuurd" in page.locator("main").inner_text()

    # The corporation records its decision with its basis.
    staff_context = browser.new_context(viewport={"width": 1280, "height": 900})
    admin = staff_context.new_page()
    staff_login(admin, live_server.url, world.staff, PASSWORD)
    admin.goto(f"{live_server.url}/beheer/klushuur/application/")
    admin.get_by_role("link", name=world.applicant.full_name).first.click()
    admin.get_by_label("Toegepaste regel").fill("Huisvestingsverordening art. 2.4")
    admin.get_by_label("Rangorde").fill("1")
    admin.get_by_label("Reden").fill("Langste inschrijfduur.")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Besluit vastleggen").click()
    assert "grondslag zijn vastgelegd" in admin.locator("body").inner_text()

    # The tenant signs the addendum (rendered after the decision), then the corporation.
    page.goto(f"{live_server.url}/klushuur/mijn/")
    page.get_by_role("link", name="Merelstraat 12, Havenstad").first.click()
    for _attempt in range(20):
        if page.get_by_role("button", name="Addendum ondertekenen").count():
            break
        page.wait_for_timeout(500)
        page.reload()
    with page.expect_navigation():
        page.get_by_role("button", name="Addendum ondertekenen").click()
    assert "U hebt het addendum ondertekend" in page.locator("main").inner_text()
    admin.goto(f"{live_server.url}/beheer/klushuur/agreement/")
    admin.get_by_role("link", name="Merelstraat 12, Havenstad").click()
    with admin.expect_navigation():
        admin.get_by_role("button", name="Ondertekenen namens de corporatie").click()

    # The tenant reports the kitchen done with a photo; staff accept it.
    page.reload()
    kitchen = page.locator("article", has_text="Eigen keuken plaatsen")
    kitchen.get_by_label("Wat hebt u gedaan?").fill("Keuken geplaatst en aangesloten.")
    kitchen.locator("input[type=file]").first.set_input_files(str(photo))
    with page.expect_navigation():
        kitchen.get_by_role("button", name="Gereedmelden").click()
    assert "Gereedgemeld" in page.locator("main").inner_text()
    admin.reload()
    admin.get_by_label("Opmerkingen").fill("Netjes.")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Goedkeuren").click()
    assert "De inspectie is vastgelegd" in admin.locator("body").inner_text()

    # The rent schedule shows the reduction.
    page.reload()
    schedule = page.locator("table.schedule-table").inner_text()
    assert "567,50" in schedule
    assert axe_violations(page) == []
    screenshot("klushuur-schedule")
    staff_context.close()
