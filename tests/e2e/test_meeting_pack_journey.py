"""The meeting pack in the browser: the project leader opens a table, follows its meeting pack link,
reads the sections the next meeting must discuss, and downloads the PDF."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e

TABLE = "Stuurgroep Aanpak Huiselijk Geweld en Kindermishandeling Flevoland"


def test_project_leader_opens_a_table_s_meeting_pack_and_downloads_it(login, app):
    page = login("projectleider")
    page.goto(f"{app}/regions/flevoland/register/")
    page.get_by_role("link", name="Overlegtafels", exact=True).first.click()
    page.get_by_role("link", name=TABLE).click()
    # Found by where it leads: the link's text is translated after merging.
    page.locator('a[href$="/meeting-pack/"]').click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(TABLE)
    for section in ("pack-meetings", "pack-actions", "pack-decisions", "pack-agreements", "pack-reviews",
                    "pack-escalations", "pack-findings", "dash-figures"):
        expect(page.locator(f"#{section}")).to_be_visible()
    expect(page.get_by_role("table", name="Openstaande escalaties per route")).to_have_count(0)  # not the dashboard's
    expect(page.locator("#pack-by-route")).to_be_visible()
    expect(page.get_by_text("Nog niet toegelicht").first).to_be_visible()
    assert_accessible(page, "meeting-pack")

    pdf = page.locator('a[href$="/meeting-pack.pdf"]')
    response = page.request.get(app + pdf.get_attribute("href"))  # as the browser downloads it, logged in
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
