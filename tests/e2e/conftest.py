"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Each page a journey visits is checked with axe-core (installed from the npm registry into
tests/e2e/node_modules by `make test`); a serious or critical violation fails the test.
Screenshots of the pages at phone and desktop widths go to test-artifacts/screenshots/.
"""

import functools
import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in the test's thread; Django's guard against async
# contexts would otherwise refuse the ORM calls the tests make between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = {"phone": 320, "desktop": 1280}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: run `make test` (it installs it) or apt-get install chromium"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class PageOpener:
    """Opens pages in browser contexts of their own (one per person), each watched for anything the
    Content Security Policy blocks; closes them all at the end of the test."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.blocked = []

    def __call__(self, locale: str = "en-GB"):
        context = self.browser.new_context(
            viewport={"width": WIDTHS["desktop"], "height": 900}, locale=locale, accept_downloads=True
        )
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.base_url = self.base_url
        # Anything the Content Security Policy blocks is a bug: the pages use no inline script or style.
        page.on(
            "console",
            lambda message: (
                self.blocked.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        return page

    def close(self):
        for context in self.contexts:
            context.close()
        assert not self.blocked, f"blocked by the Content Security Policy: {self.blocked}"


@pytest.fixture
def open_page(browser, live_server):
    """`open_page()` gives a new page in a context of its own, for a second person in a journey."""
    opener = PageOpener(browser, live_server.url)
    yield opener
    opener.close()


@pytest.fixture
def page(open_page):
    return open_page()


FACTORY_PASSWORD = "a-good-password-42"  # every UserFactory user's (tests/accounts/factories.py)


def log_in(page, user, password: str = FACTORY_PASSWORD, check: str | None = None) -> None:
    """Sign in through the login form; `check` names the form's accessibility check and screenshots."""
    page.goto(f"{page.base_url}/en/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.locator("#id_password").fill(password)
    if check:
        check_accessibility(page, check)
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name=user.display_name).wait_for()


def press_tab_until(page, selector: str, limit: int = 80) -> None:
    """Move the keyboard focus forward with Tab until it reaches `selector`, as a keyboard user
    would, and check that the focused element shows a visible focus indicator."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            break
    else:
        pytest.fail(f"Tab never reached {selector} on {page.url}")
    outline = page.evaluate(
        """() => { const style = getComputedStyle(document.activeElement);
                   return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
                           shadow: style.boxShadow}; }"""
    )
    visible = (outline["style"] != "none" and outline["width"] > 0) or outline["shadow"] not in ("", "none")
    assert visible, f"no visible focus on {selector}: {outline}"


@functools.cache
def _axe_source() -> str:
    return AXE.read_text()


def check_accessibility(page, name: str | None = None) -> None:
    """Run axe-core on the page; fail on serious or critical violations. Optionally screenshot."""
    # Evaluated through the DevTools protocol, which the page's CSP does not govern (a <script>
    # tag would be refused, as it should be).
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source() + "\n;void 0")
    # Only the violations are wanted: leaving out the passes and the incomplete results saves time.
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: tags, resultTypes: ['violations']})", AXE_TAGS
    )
    bad = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:3]],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"accessibility violations on {page.url}:\n{json.dumps(bad, indent=2)}"
    if name:
        screenshot(page, name)


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(original)


def link_from_email(message) -> str:
    """The first portal link in an email's text part, as a path."""
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
