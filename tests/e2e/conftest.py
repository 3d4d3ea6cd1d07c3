"""Browser journeys: Playwright driving Debian's Chromium against a live server with the demo data.

Every page a journey visits is checked with axe-core (WCAG 2.0/2.1 A and AA), checked for reflow at
320 CSS pixels (WCAG 2.1 SC 1.4.10) and screenshotted into artifacts/screenshots/ (git-ignored, kept by
CI as artefacts). Every browser a journey opens runs with the app's Content-Security-Policy, and a
journey fails on any violation of it.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Browser, expect
from playwright.sync_api import Error as PlaywrightError

from governance.demo import DEMO_PASSWORD, demo_build, demo_is_loaded

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# SC 1.4.10: content reflows at 320 CSS pixels (1280 px at 400 % zoom) without scrolling in two directions.
REFLOW_VIEWPORT = {"width": 320, "height": 800}
# The element reaching furthest past the right edge of the viewport, described for a failure
# message: the outermost box that does (a table), else the innermost element whose text overflows
# its box (a long word in a heading). Elements inside a box that scrolls or clips horizontally (a
# wide table in its scroll container) may pass the edge: they do not widen the page.
WIDEST_OFFENDER_JS = """() => {
  const limit = document.documentElement.clientWidth + 1;
  // Walks the containing blocks: a box only clips the positioned descendants it contains.
  const contained = (el) => {
    for (let node = el; node && node !== document.body;) {
      const position = getComputedStyle(node).position;
      node = position === "fixed" ? null : position === "absolute" ? node.offsetParent : node.parentElement;
      if (node && node !== document.body && getComputedStyle(node).overflowX !== "visible") return true;
    }
    return false;
  };
  let box = {el: null, right: limit}, text = {el: null, right: limit};
  for (const el of document.body.querySelectorAll("*")) {
    if (contained(el)) continue;
    const rect = el.getBoundingClientRect();
    if (rect.right > box.right) box = {el, right: rect.right};
    const overflow = getComputedStyle(el).overflowX === "visible" ? rect.left + el.scrollWidth : 0;
    if (overflow >= text.right) text = {el, right: overflow};
  }
  const {el, right} = box.el ? box : text;
  if (!el) return null;
  const classes = [...el.classList].map((c) => "." + c).join("");
  const words = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60);
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes;
  return `<${name}> "${words}" ends at ${Math.round(right)} px`;
}"""
# Records what the Content-Security-Policy refused on each page, for the pages still open at the end
# (the console reports the same, but may not have been read yet when a journey ends).
CSP_LISTENER_JS = """document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile || event.documentURI}:${event.lineNumber}`;
  (window.__cspViolations = window.__cspViolations || []).push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} at ${where}`);
});"""
_axe = Axe()

pytestmark = pytest.mark.e2e


def pytest_collection_modifyitems(items):
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (make test installs it)")
        for item in items:
            if "e2e" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"],
    }


@pytest.fixture(autouse=True)
def csp_violations(new_context, monkeypatch):
    """Every browser context of a journey (the `page` fixture's, `login_elsewhere`'s, one a test opens
    itself) reports what the Content-Security-Policy refused; the journey fails if anything was.
    Depends on `new_context` so that it looks before pytest-playwright closes the contexts."""
    found: list[str] = []
    contexts = []
    original = Browser.new_context

    def new_context_watched(self, *args, **kwargs):
        context = original(self, *args, **kwargs)
        context.add_init_script(CSP_LISTENER_JS)
        # Chromium reports every refusal on the console, also with JavaScript off.
        context.on("console", lambda message: found.append(message.text)
                   if "Content Security Policy" in message.text else None)
        contexts.append(context)
        return context

    monkeypatch.setattr(Browser, "new_context", new_context_watched)
    yield found
    for context in contexts:
        for open_page in context.pages:
            # Closed or navigating away: its console messages are in already.
            with contextlib.suppress(PlaywrightError):
                found.extend(open_page.evaluate("window.__cspViolations || []"))
    if found:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(found)))


@pytest.fixture
def app(live_server, transactional_db):
    """The live server's address, with the demo region present (live-server tests flush the database)."""
    if not demo_is_loaded():
        demo_build()
    return live_server.url


@pytest.fixture
def login(page, app):
    def do_login(username: str):
        page.goto(f"{app}/accounts/login/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(f"{app}/")
        return page

    return do_login


@pytest.fixture
def login_elsewhere(browser, browser_context_args, app):
    """`login_elsewhere("wethouder")`: a second person, in a browser of their own, on their start page."""
    def do_login(username: str):
        other = browser.new_context(**browser_context_args).new_page()
        other.goto(f"{app}/accounts/login/")
        other.get_by_label("Gebruikersnaam").fill(username)
        other.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        other.get_by_role("button", name="Inloggen").click()
        other.wait_for_url(f"{app}/")
        return other

    return do_login


def mailed_path(address: str, prefix: str) -> str:
    """The path of the link starting with `prefix` in the last mail to `address` (from the outbox: the mail
    is in the database as soon as the change that sends it; the links name settings.SITE_URL)."""
    from common.models import OutboxMail

    body = OutboxMail.objects.filter(to=address).latest("pk").body
    return urlparse(re.search(rf"http\S+{re.escape(prefix)}\S*", body).group()).path


def assert_accessible(page, name: str) -> None:
    """No axe-core violation of WCAG 2.0/2.1 A or AA on the page, and the page reflows at 320 px;
    keeps a screenshot at both widths either way."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9-]+", "-", name.lower())
    page.screenshot(path=SCREENSHOTS / f"{slug}.png", full_page=True)
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"
    assert_reflows(page, name, screenshot=SCREENSHOTS / f"{slug}-320.png")


def assert_reflows(page, name: str, screenshot: Path | None = None) -> None:
    """At 320 CSS pixels wide the page itself does not scroll sideways (wide tables may scroll in
    their own container). The viewport is put back afterwards so the journey carries on unchanged."""
    original = page.viewport_size
    page.set_viewport_size(REFLOW_VIEWPORT)
    try:
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if screenshot:
            page.screenshot(path=screenshot, full_page=True)
        # One pixel for sub-pixel rounding of fractional widths.
        if scroll_width > inner_width + 1:
            offender = page.evaluate(WIDEST_OFFENDER_JS)
            pytest.fail(f"{name}: at {inner_width} px wide the page scrolls sideways to {scroll_width} px; "
                        f"widest element: {offender or 'none found outside a scroll container'}")
    finally:
        if original:
            page.set_viewport_size(original)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Our users' browsers ask for Dutch; Django honours Accept-Language until someone switches.
    return {**browser_context_args, "locale": "nl-NL"}


def pick(page, label: str, option: str) -> None:
    """Chooses in a searchable picker (js/picker.js) as a person does: goes to the field named by its
    label, types the start of the option and clicks the match in the list that opens."""
    field = page.get_by_role("combobox", name=label)
    field.focus()
    field.press_sequentially(option[:12])
    page.get_by_role("option", name=re.compile("^" + re.escape(option))).click()
    # A single choice closes the list; a multiple one keeps it open until Escape.
    if field.get_attribute("aria-expanded") == "true":
        field.press("Escape")
    expect(field).to_have_attribute("aria-expanded", "false")
