"""The audit search in the browser: after someone mistyped their password, the functional administrator
finds the failed login by kind and person and downloads exactly those entries as CSV.

The page's own strings are new and may still be English until they are translated: the journey finds
its fields by id and the page by its URL."""
from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e


def test_the_administrator_finds_a_failed_login_and_downloads_it(page, app, login):
    page.goto(f"{app}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("teammanager")
    page.get_by_label("Wachtwoord").fill("not-the-password")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_label("Wachtwoord")).to_be_visible()  # still on the login page

    login("beheerder")
    page.goto(f"{app}/regions/flevoland/audit/")
    expect(page.locator("#audit-results")).to_be_visible()
    assert_accessible(page, "audit-search")

    teammanager = get_user_model().objects.get(username="teammanager")
    page.locator("#id_kind").select_option("login_failed")
    page.locator("#id_person").select_option(str(teammanager.pk))
    page.locator("form.filters button[type=submit]").click()
    results = page.locator("#audit-results tbody tr")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("teammanager")
    assert_accessible(page, "audit-search-filtered")

    with page.expect_download() as download:
        page.locator("#audit-csv").click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert [row[4] for row in rows[1:]] == ["teammanager"]
    assert rows[1][1] == "teammanager"  # a failed login has no actor: the account tried stands in
