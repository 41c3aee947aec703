import pytest

from tests import cast as standing
from tests.browser.conftest import axe_violations, staff_login
from tests.factories import PASSWORD, OrganisationFactory

# live_server needs committed data; serialized_rollback restores the roles created by
# migrations after the tables are flushed.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_home_page_switches_to_english_and_passes_the_accessibility_scan(
    live_server, page, screenshot
):
    OrganisationFactory(name="Gemeente Havenstad", slug="havenstad", primary_colour="#0b4f8a")
    page.goto(live_server.url)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Een huis om helemaal eigen te maken"
    )
    assert "Gemeente Havenstad" in page.locator("header").inner_text()
    assert axe_violations(page) == []
    screenshot("home-nl")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "A home to make your own"
    assert axe_violations(page) == []
    screenshot("home-en")
    assert page.console_errors == []


def test_the_skip_link_is_the_first_stop_for_keyboard_users(live_server, page):
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_the_menu_fits_on_one_line_for_someone_with_every_role(live_server, page, screenshot):
    # The platform administrator sees every entry (jury, lotteries, management); at desktop
    # width the menu must not wrap into two rows.
    staff_login(page, live_server.url, standing.superuser(), PASSWORD)
    page.goto(live_server.url)
    screenshot("menu-every-role")
    boxes = page.locator("#main-nav .nav-link").evaluate_all(
        "links => links.map(link => {"
        " const box = link.getBoundingClientRect();"
        " return [Math.round(box.top), Math.round(box.height)]; })"
    )
    assert len(boxes) >= 9
    tops, heights = [top for top, _ in boxes], [height for _, height in boxes]
    # A few pixels apart at most (the log-out entry is a button); a wrap is a line (~24 px).
    assert max(tops) - min(tops) <= 4, f"the menu wraps onto a second row: {tops}"
    assert max(heights) - min(heights) <= 4, f"a menu entry wraps onto two lines: {heights}"
