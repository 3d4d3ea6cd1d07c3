"""Casework in the browser: a team manager registers a pseudonymised case, is refused a phone number
in the lead's role with the rest kept, records the tables, the lead and a house ban, and finds the case
by its time limit; the alderman sees the counts on the dashboard and cannot open the case."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from casework.models import Case

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e


def test_a_team_manager_follows_a_case_and_the_alderman_sees_only_counts(login, app, login_elsewhere):
    page = login("teammanager")
    # A municipality role starts on its municipality's dashboard, time limits first.
    expect(page.get_by_role("heading", name="Dashboard van Almere")).to_be_visible()
    expect(page.get_by_role("heading", name="Zaken en hun wettelijke termijnen")).to_be_visible()
    assert_accessible(page, "dashboard-almere")
    page.get_by_role("navigation", name="Onderdelen van de regio").get_by_role("link", name="Zaken").click()
    expect(page.get_by_role("heading", name="Zaken", level=2)).to_be_visible()
    assert_accessible(page, "cases")

    page.get_by_role("link", name="Een zaak registreren").click()
    assert_accessible(page, "case-new")
    page.get_by_label("Gemeente").select_option(label="Almere")
    page.get_by_label("partnergeweld").check()
    page.get_by_label("Gemeld bij Veilig Thuis op").fill("2026-01-05")
    page.get_by_role("button", name="Zaak registreren").click()
    expect(page.get_by_role("status")).to_contain_text("is geregistreerd")
    code = re.search(r"ZW-[A-Z0-9]{4}-[A-Z0-9]{4}", page.get_by_role("heading", level=2).inner_text()).group(0)
    expect(page.get_by_text("Ruim te laat").first).to_be_visible()  # reported long ago, never assessed
    assert_accessible(page, "case-detail")

    page.get_by_role("link", name="Vastleggen wie de regie heeft").click()
    page.get_by_label("Organisatie").select_option(label="Veilig Thuis Flevoland")
    page.get_by_label("Rol").fill("casusregisseur, bel 06-12345678")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("telefoonnummer").first).to_be_visible()
    assert_accessible(page, "case-lead-refused")
    page.get_by_label("Rol").fill("casusregisseur van Veilig Thuis")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De regie is opgeslagen")
    expect(page.get_by_text("casusregisseur van Veilig Thuis").first).to_be_visible()

    for table in ("Ambtelijk Regieoverleg Zorg en Veiligheid", "Regionaal Bestuurlijk Overleg Zorg en Veiligheid"):
        page.get_by_role("link", name="Een bespreking aan een tafel vastleggen").click()
        page.get_by_label("Tafel").select_option(label=table)
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_role("status")).to_contain_text("De bespreking is opgeslagen")

    page.get_by_role("link", name="Een tijdelijk huisverbod vastleggen").click()
    page.get_by_label("Opgelegd op").fill("2026-01-09")  # a Friday
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Het huisverbod is opgeslagen")
    expect(page.get_by_role("table", name="Termijnen van het huisverbod van 9 jan 2026")).to_be_visible()
    assert_accessible(page, "case-with-ban")

    page.get_by_role("link", name="Zaken", exact=True).first.click()
    page.get_by_label("Termijn", exact=True).select_option(label="ruim te laat")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("link", name=code)).to_be_visible()
    assert Case.objects.get(code=code).leads.count() == 1

    alderman = login_elsewhere("wethouder")
    expect(alderman.get_by_role("table", name="Open zaken per gemeente, naar termijn en regie")).to_be_visible()
    expect(alderman.get_by_text(code)).to_have_count(0)
    assert_accessible(alderman, "dashboard-alderman-cases")
    alderman.get_by_label("Tonen").select_option(label="Almere")
    alderman.get_by_role("button", name="Tonen").click()
    expect(alderman.get_by_role("heading", name="Dashboard van Almere")).to_be_visible()
    expect(alderman.get_by_role("row", name=re.compile("^Lelystad"))).to_have_count(0)
    response = alderman.goto(f"{app}/regions/flevoland/cases/{code}/")
    assert response.status == 403


def test_a_policy_officer_learns_from_a_case_and_the_project_leader_sets_the_retention(login, app, login_elsewhere):
    page = login("beleidsmedewerker")
    page.goto(f"{app}/regions/flevoland/cases/new/")
    page.get_by_label("Gemeente").select_option(label="Lelystad")
    page.get_by_label("kindermishandeling").check()
    page.get_by_label("Gemeld bij Veilig Thuis op").fill("2026-11-02")
    page.get_by_role("button", name="Zaak registreren").click()
    expect(page.get_by_role("status")).to_contain_text("is geregistreerd")

    page.get_by_role("link", name="Een casusanalyse vastleggen").click()
    assert_accessible(page, "case-analysis-form")
    page.get_by_label("Gemaakte keuzes").fill("Eerst de veiligheid geregeld, daarna pas de hulp gestart.")
    page.get_by_label("Wat anders moet").fill("Hulp starten binnen de termijn van het huisverbod.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De casusanalyse is opgeslagen")

    page.get_by_role("link", name="Een les vastleggen").click()
    assert_accessible(page, "case-lesson-form")
    page.get_by_label("Les").fill("De overdracht na een huisverbod moet binnen tien dagen rond zijn.")
    page.get_by_label("Te herzien afspraak").select_option(index=1)
    page.get_by_role("button", name="Les vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("De les is vastgelegd")
    expect(page.get_by_text("afspraak op de herzieningslijst:")).to_be_visible()

    page.get_by_role("link", name="Zaken", exact=True).first.click()
    page.get_by_role("link", name="Leerbijeenkomsten").click()
    page.get_by_role("link", name="Een leerbijeenkomst vastleggen").click()
    assert_accessible(page, "learning-meeting-form")
    page.get_by_label("Onderwerp").fill("Overdracht na huisverbod")
    page.get_by_label("Wat is geleerd").fill("Het lokale team sluit aan bij het eerste gesprek na het huisverbod.")
    page.get_by_role("button", name="Leerbijeenkomst vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("De leerbijeenkomst is vastgelegd")
    expect(page.get_by_role("heading", name="Overdracht na huisverbod")).to_be_visible()
    assert_accessible(page, "learning-meetings")

    leader = login_elsewhere("projectleider")
    leader.goto(f"{app}/regions/flevoland/cases/retention/")
    assert_accessible(leader, "case-retention")
    leader.get_by_label("Afgesloten zaken bewaren gedurende").fill("36")
    leader.get_by_role("button", name="Opslaan").click()
    expect(leader.get_by_role("status")).to_contain_text("De bewaartermijn is opgeslagen")
    assert leader.goto(f"{app}/regions/flevoland/cases/").status == 403
