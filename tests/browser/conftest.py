"""Browser tests: Playwright's sync API driving Debian's Chromium against live_server.

Playwright's own browser download does not work offline, so the tests use the system
Chromium (CHROMIUM_PATH, default /usr/bin/chromium) and skip, saying why, where it is missing.
Set SCREENSHOT_DIR to keep a screenshot of every page a test looks at.
"""

import os
import shutil
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


# Reports every Content-Security-Policy violation of every page a test visits. Init scripts
# are injected through the DevTools protocol, which the page's policy does not govern.
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || 'inline code'} `
    + `at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.console_errors = []
    page.csp_violations = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    # Chromium also logs a violation to the console; catch those the event misses.
    page.on(
        "console",
        lambda msg: "Content Security Policy" in msg.text and page.csp_violations.append(msg.text),
    )
    context.expose_function("reportCspViolation", lambda text: page.csp_violations.append(text))
    context.add_init_script(CSP_LISTENER)
    yield page
    context.close()
    # Every browser test fails on a page that breaks the portal's own policy (an inline
    # style or script the browser blocked: lost layout or behaviour).
    assert page.csp_violations == [], "Content-Security-Policy violations on a visited page"


@pytest.fixture
def screenshot(page):
    directory = os.environ.get("SCREENSHOT_DIR")

    def take(name):
        if directory:
            Path(directory).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)

    return take


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core in the page and return its serious and critical violations.

    The script is evaluated through the DevTools protocol, which the page's Content Security
    Policy does not govern, so the policy stays on for the test.
    """
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', "
        "'wcag21aa', 'best-practice']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def current_code(device):
    """The code an authenticator app shows now for this device."""
    # Imported here: this conftest is loaded before Django's settings are.

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def staff_login(page, base_url, user, password, login_path="/beheer/login/"):
    """Log staff in through the forms: the password, then the code from their app (one is
    set up for them if they have none)."""
    # Imported here: this conftest is loaded before Django's settings are.

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    page.goto(f"{base_url}{login_path}")
    page.fill("#id_username", user.email)
    page.fill("#id_password", password)
    page.locator("main form [type=submit], #login-form [type=submit]").first.click()
    page.wait_for_url("**/tweede-stap/**")
    page.fill("#id_code", current_code(device))
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()
