"""The register in the browser: the project leader maps organisations and people; others read."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, pick

pytestmark = pytest.mark.e2e


def test_project_leader_maps_an_organisation_a_stakeholder_and_their_position(login, app):
    page = login("projectleider")  # her start page is Flevoland's dashboard, with the region's sections
    page.get_by_role("navigation", name="Onderdelen van de regio").get_by_role("link", name="Register").click()
    assert_accessible(page, "register-home")

    page.get_by_role("link", name="Organisaties").click()
    assert_accessible(page, "organisation-list")
    page.get_by_label("Soort").select_option(label="Politie")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_text("5 resultaten")).to_be_visible()
    assert_accessible(page, "organisation-list-filtered")

    page.get_by_role("link", name="Nieuwe organisatie").click()
    assert_accessible(page, "organisation-new")
    page.get_by_role("button", name="Opslaan").click()  # nothing filled in: messages, nothing lost
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert_accessible(page, "organisation-new-errors")
    page.get_by_label("Naam").fill("Buurtteam Urk-Oost")
    page.get_by_label("Soort").select_option(label="Lokaal (wijk)team")
    page.get_by_label("Domein").select_option(label="Sociaal domein")
    page.get_by_label("Urk").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Buurtteam Urk-Oost is opgeslagen")
    expect(page.get_by_role("heading", level=2)).to_have_text("Buurtteam Urk-Oost")
    assert_accessible(page, "organisation-detail")

    page.goto(f"{app}/regions/flevoland/register/stakeholders/new/")
    page.get_by_label("Naam").fill("Fenna Brouwer")
    page.get_by_label("Functie").fill("Teamleider")
    pick(page, "Organisatie", "Buurtteam Urk-Oost")
    page.get_by_label("Niveau").select_option(label="Operationeel")
    page.get_by_label("Ambassadeur").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Fenna Brouwer")
    page.get_by_label("Invloed").select_option("2")
    page.get_by_label("Belang").select_option("5")
    page.get_by_role("button", name="Inschatting opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De inschatting is opgeslagen")
    assert_accessible(page, "stakeholder-detail")

    page.get_by_role("link", name="Stakeholders", exact=True).click()
    page.get_by_role("link", name="Invloed-belangmatrix").click()
    expect(page.get_by_role("img", name="Invloed-belangmatrix")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Fenna Brouwer")
    expect(row).to_contain_text("2")
    assert_accessible(page, "stakeholder-grid")


def test_alderman_reads_the_register_but_cannot_change_it(login, app):
    page = login("wethouder")
    page.goto(f"{app}/regions/flevoland/register/organisations/")
    expect(page.get_by_role("link", name="Nieuwe organisatie")).to_have_count(0)
    page.get_by_label("Zoeken").fill("Veilig Thuis")
    page.keyboard.press("Enter")
    page.get_by_role("table").get_by_role("link", name="Veilig Thuis Flevoland").click()
    expect(page.get_by_role("link", name="Wijzigen", exact=True)).to_have_count(0)
    assert_accessible(page, "organisation-detail-read-only")
    assert page.goto(f"{app}/regions/flevoland/register/organisations/new/").status == 403


def test_another_region_sees_nothing_of_the_flevoland_register(login, app):
    page = login("zeeland-projectleider")
    assert page.goto(f"{app}/regions/flevoland/register/organisations/").status == 404
    page.goto(f"{app}/regions/zeeland/register/organisations/")
    expect(page.get_by_role("table")).not_to_contain_text(re.compile("Flevoland"))
