"""The error pages as a visitor sees them in production: the portal's layout, Dutch or English,
no inline code the policy blocks, nothing an accessibility scan objects to."""

import pytest

from tests.browser.conftest import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("tests.klushuis.error_urls"),
]


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def test_a_missing_page_and_a_server_error_in_the_portals_layout(live_server, page, screenshot):
    response = page.goto(f"{live_server.url}/bestaat-niet/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Pagina niet gevonden"
    assert page.get_by_role("link", name="Woningen te koop").first.is_visible()
    assert axe_violations(page) == []
    screenshot("error-404")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    response = page.goto(f"{live_server.url}/test-errors/crash/")
    assert response.status == 500
    assert page.get_by_role("heading", level=1).inner_text() == "Something went wrong on our side"
    assert "secret detail" not in page.content()
    assert axe_violations(page) == []
    screenshot("error-500-en")
