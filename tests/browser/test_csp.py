"""The CSP check of tests/browser/conftest.py catches what the browser blocks."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_browser_tests_see_an_inline_style_the_policy_blocks(page, live_server):
    page.goto(live_server.url + "/")
    page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<p style="color:red">x</p>')""")
    page.wait_for_timeout(300)
    assert any("style" in violation for violation in page.csp_violations), page.csp_violations
    page.csp_violations.clear()  # seen on purpose; the fixture fails a test on any other
