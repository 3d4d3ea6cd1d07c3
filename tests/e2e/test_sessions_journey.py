"""Log out everywhere: a person logged in in two browsers ends both from one; the other is sent to the
login page on its next click.

The page's own strings are new and may still be English until they are translated: the journey finds
its elements by id and the pages by their URL."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e


def test_log_out_everywhere_ends_the_session_in_the_other_browser(page, app, login, login_elsewhere):
    login("projectleider")
    other = login_elsewhere("projectleider")

    page.locator("#menu-sessions").click()
    page.wait_for_url(f"{app}/accounts/sessions/")
    expect(page.locator("#session-list tbody tr")).to_have_count(2)
    assert_accessible(page, "sessions")

    page.locator("#log-out-everywhere").click()
    page.wait_for_url(re.compile(r"/accounts/login/$"))
    expect(page.locator(".alert-success")).to_be_visible()

    other.locator("#menu-sessions").click()  # its next click
    other.wait_for_url(re.compile(r"/accounts/login/\?next=/accounts/sessions/$"))
    page.goto(f"{app}/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/$"))
