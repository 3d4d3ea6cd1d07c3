"""The map in the browser: the project leader reads a finding and its reason, follows it to the
register, fixes the data there, and sees the finding go (issue 12's "done when")."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e

THEME = "Kindermishandeling"
COVENANT = "Convenant Zorg- en Veiligheidshuis Flevoland"


def test_project_leader_links_an_agreement_and_the_overlap_without_agreement_goes(login, app):
    page = login("projectleider")  # her start page is Flevoland's dashboard, with the region's sections
    tabs = page.get_by_role("navigation", name="Onderdelen van de regio")
    tabs.get_by_role("link", name="Kaart").click()
    expect(page.get_by_role("heading", level=2, name="Overlap en witte vlekken")).to_be_visible()
    heat_map = page.get_by_role("group", name=re.compile("^Overlap en witte vlekken: Veilig Thuis Flevoland"))
    expect(heat_map).to_be_visible()
    assert_accessible(page, "map")

    # The finding, its reason read aloud, and the way to its data.
    overlap = page.get_by_role("region", name=re.compile("^Overlap zonder afspraak"))
    finding = overlap.get_by_role("listitem").filter(has_text=f"Op “{THEME}” wordt gestuurd")
    expect(finding).to_contain_text("geen geldende afspraak verbindt ze: hier kunnen besluiten elkaar tegenwerken")
    finding.get_by_role("link", name=re.compile("^Bekijk de gegevens")).click()
    expect(page).to_have_url(re.compile(r"/register/agreements/\?theme=\d+$"))
    assert_accessible(page, "map-finding-data")

    # The fix: the region's covenant for the Zorg- en Veiligheidshuis covers this theme too.
    page.goto(f"{app}/regions/flevoland/register/agreements/")
    page.get_by_role("link", name=COVENANT, exact=True).click()
    page.get_by_role("link", name=re.compile("^Wijzigen")).click()
    page.get_by_label(THEME, exact=True).check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("is opgeslagen")

    page.get_by_role("navigation", name="Onderdelen van de regio").get_by_role("link", name="Kaart").click()
    overlap = page.get_by_role("region", name=re.compile("^Overlap zonder afspraak"))
    expect(overlap).not_to_contain_text(THEME)
    covered = page.get_by_role("region", name=re.compile("^Gedekt"))
    expect(covered).to_contain_text(f"Op “{THEME}” wordt in beide domeinen gestuurd en “{COVENANT}” verbindt ze")
    assert_accessible(page, "map-after-fix")

    # The progress, kept for the board.
    page.get_by_role("navigation", name="Pagina's van de kaart").get_by_role("link", name="Momentopnamen").click()
    page.get_by_role("button", name="Momentopname maken").click()  # no name: a message, nothing taken
    expect(page.get_by_label("Naam van de momentopname")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "map-snapshot-errors")
    page.get_by_label("Naam van de momentopname").fill("Na het convenant")
    page.get_by_role("button", name="Momentopname maken").click()
    expect(page.get_by_role("status")).to_contain_text("Momentopname “Na het convenant” van Veilig Thuis Flevoland")
    assert_accessible(page, "map-snapshots-leader")


def test_alderman_reads_the_map_and_its_progress_but_takes_no_snapshot(login, app):
    page = login("wethouder")
    page.goto(f"{app}/regions/flevoland/map/snapshots/")
    expect(page.get_by_role("table", name="Momentopnamen, nieuwste eerst")).to_contain_text("Nulmeting stuurgroep")
    expect(page.get_by_role("button", name="Momentopname maken")).to_have_count(0)
    assert_accessible(page, "map-snapshots")
    page.get_by_role("link", name=re.compile("^Vergelijken met vandaag.*Nulmeting stuurgroep")).click()
    expect(page.get_by_role("heading", name="Sindsdien afgesloten")).to_be_visible()
    expect(page.get_by_role("region", name="Sindsdien afgesloten")).to_contain_text("Partnergeweld")
    assert_accessible(page, "map-progress")
