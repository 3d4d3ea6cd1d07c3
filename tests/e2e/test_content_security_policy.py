"""The browser suite's watch on the Content-Security-Policy (conftest.py) sees a refusal: an inline
style set on a page is refused by the browser and reported, so a journey would fail on it."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_an_inline_style_is_refused_and_the_watch_reports_it(page, app, csp_violations):
    page.goto(f"{app}/accounts/login/")
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate("document.body.setAttribute('style', 'background: rgb(255, 0, 0)')")
    page.wait_for_function("(window.__cspViolations || []).length > 0")
    expect(page.locator("body")).not_to_have_css("background-color", "rgb(255, 0, 0)")
    assert any("Content Security Policy" in text for text in csp_violations)
    # Seen as intended: the watch must not fail this test for it.
    csp_violations.clear()
    page.evaluate("window.__cspViolations = []")
