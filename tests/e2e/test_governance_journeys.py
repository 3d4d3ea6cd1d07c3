"""Tables, agreements, basics and import in the browser: the project leader keeps them; the
alderman reads them, including what needs attention."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from governance.demo_governance import demo_pdf

from .conftest import assert_accessible, pick

pytestmark = pytest.mark.e2e
AGREEMENT = "Samenwerkingsafspraken Veilig Thuis en lokale teams Flevoland"


def test_project_leader_sets_up_a_table_with_a_member_a_meeting_a_decision_and_an_action(login, app):
    page = login("projectleider")
    page.goto(f"{app}/regions/flevoland/register/")
    expect(page.get_by_role("region", name="Vraagt aandacht")).to_contain_text("Sociaal Team Urk")
    page.get_by_role("link", name="Overlegtafels", exact=True).first.click()
    assert_accessible(page, "table-list")

    page.get_by_role("link", name="Nieuwe tafel").click()
    page.get_by_role("button", name="Opslaan").click()  # nothing filled in: messages, nothing lost
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert_accessible(page, "table-new-errors")
    page.get_by_label("Naam").fill("Werkgroep Ouderenmishandeling Flevoland")
    page.get_by_label("Sociaal domein").check()
    page.get_by_label("Niveau").select_option(label="Tactisch")
    pick(page, "Voorzitter", "Anna Dijkstra")
    page.get_by_label("Ouderenmishandeling").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Werkgroep Ouderenmishandeling Flevoland")
    assert_accessible(page, "table-detail")

    page.get_by_role("link", name="Lid toevoegen").click()
    pick(page, "Stakeholder", "Anna Hoekstra")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Werkgroep Ouderenmishandeling Flevoland")
    expect(page.get_by_role("table", name="Leden van deze tafel").get_by_role("row")).to_have_count(2)

    page.get_by_role("link", name="Nieuw overleg").click()
    meeting_day = date.today() - timedelta(days=7)
    page.get_by_label("Datum").fill(meeting_day.isoformat())
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("link", name="Besluit toevoegen").click()
    page.get_by_label("Besluit").fill("De werkgroep brengt de signalen van ouderenmishandeling per gemeente in kaart.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("list").filter(has_text="signalen van ouderenmishandeling")).to_be_visible()

    page.get_by_role("link", name="Actiepunt toevoegen").click()
    page.get_by_label("Actie", exact=False).fill("Inventarisatie bij de wijkteams uitzetten")
    pick(page, "Eigenaar", "Anna Terpstra")
    page.get_by_label("Uiterste datum").fill((meeting_day - timedelta(days=1)).isoformat())  # before the meeting
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#id_due_on")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Actie", exact=False)).to_have_value("Inventarisatie bij de wijkteams uitzetten")
    assert_accessible(page, "action-form-errors")
    page.get_by_label("Uiterste datum").fill((meeting_day + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Opslaan").click()
    actions = page.get_by_role("table", name="Actiepunten van dit overleg")
    expect(actions).to_contain_text("Inventarisatie bij de wijkteams")
    assert_accessible(page, "meeting-detail")


def test_project_leader_revises_an_agreement_fills_its_checklist_and_adds_an_annex(login, app):
    page = login("projectleider")
    page.goto(f"{app}/regions/flevoland/register/agreements/")
    assert_accessible(page, "agreement-list")
    page.get_by_role("link", name=AGREEMENT).click()
    expect(page.get_by_text("Evaluatie te laat")).to_be_visible()
    assert_accessible(page, "agreement-detail")

    page.get_by_role("link", name="Nieuwe versie").click()
    page.get_by_label("Versie").fill("2026")
    page.get_by_label("Vastgesteld op").fill(date.today().isoformat())
    page.get_by_label("Wat is er veranderd").fill("Financiering en gedeelde begrippen toegevoegd.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("2026")
    before = page.get_by_text("% volledig").first.inner_text()
    assert_accessible(page, "version-detail")

    page.get_by_role("link", name="Checklist invullen").click()
    assert_accessible(page, "checklist-form")
    financing = page.get_by_role("group", name="Financiering")
    financing.get_by_label("Gedekt").check()
    financing.get_by_role("textbox").fill("Kosten verdeeld naar inwonertal.")
    page.get_by_role("button", name="Checklist opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De checklist is opgeslagen")
    expect(page.get_by_role("row").filter(has_text="Kosten verdeeld naar inwonertal")).to_contain_text("Gedekt")
    assert page.get_by_text("% volledig").first.inner_text() != before

    page.get_by_role("link", name="Bijlage toevoegen").click()
    page.get_by_label("Titel").fill("Triageprotocol 2026")
    page.get_by_label("Bestand").set_input_files({"name": "triage.exe", "mimeType": "application/octet-stream",
                                                  "buffer": b"MZ not a document"})
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#id_file")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Titel")).to_have_value("Triageprotocol 2026")
    assert_accessible(page, "annex-form-errors")
    page.get_by_label("Bestand").set_input_files({"name": "triage.pdf", "mimeType": "application/pdf",
                                                  "buffer": demo_pdf("Triageprotocol 2026")})
    page.get_by_role("button", name="Opslaan").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Triageprotocol 2026", exact=True).click()
    assert download.value.suggested_filename == "triage.pdf"


def test_project_leader_imports_organisations_and_a_bad_row_saves_nothing(login, app, tmp_path):
    page = login("projectleider")
    page.goto(f"{app}/regions/flevoland/register/organisations/")
    page.get_by_role("link", name="Importeren uit een spreadsheet").click()
    assert_accessible(page, "import-form")
    bad = tmp_path / "organisaties.csv"
    bad.write_text("name;type;domain;municipalities\n"
                   "Buurtteam Lelystad-West;local_team;Sociaal domein;Lelystad\n"
                   "Huisartsenpost Flevoland;huisarts;Gezondheid;GM0034\n", encoding="utf-8")
    page.get_by_label("Spreadsheet (CSV of XLSX, hoogstens 2 MB)").set_input_files(str(bad))
    page.get_by_role("button", name="Importeren").click()
    errors = page.get_by_role("alert").filter(has_text="Er is niets geïmporteerd")
    expect(errors.get_by_role("row").filter(has_text="type")).to_contain_text("3")
    expect(errors.get_by_role("row").filter(has_text="domain")).to_contain_text("3")
    assert_accessible(page, "import-errors")

    good = tmp_path / "organisaties-goed.csv"
    good.write_text("name;type;domain;municipalities\n"
                    "Buurtteam Lelystad-West;local_team;Sociaal domein;Lelystad\n"
                    "Huisartsenpost Flevoland;care_provider;Zorg;GM0034\n", encoding="utf-8")
    page.get_by_label("Spreadsheet (CSV of XLSX, hoogstens 2 MB)").set_input_files(str(good))
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("status")).to_contain_text("2 toegevoegd")
    page.get_by_label("Zoeken").fill("Buurtteam Lelystad-West")
    page.keyboard.press("Enter")
    expect(page.get_by_role("table")).to_contain_text("Lelystad")


def test_alderman_reads_tables_agreements_and_gaps_but_changes_nothing(login, app):
    page = login("wethouder")
    page.goto(f"{app}/regions/flevoland/register/")
    attention = page.get_by_role("region", name="Vraagt aandacht")
    expect(attention).to_contain_text("Noordoostpolder")
    expect(attention).to_contain_text(AGREEMENT)
    assert_accessible(page, "register-home-alderman")

    page.get_by_role("link", name="Overlegtafels", exact=True).first.click()
    page.get_by_label("Niveau").select_option(label="Bestuurlijk")
    page.get_by_role("button", name="Filteren").click()
    page.get_by_role("link", name="Stuurgroep Aanpak Huiselijk Geweld en Kindermishandeling Flevoland").click()
    expect(page.get_by_role("link", name="Lid toevoegen")).to_have_count(0)
    expect(page.get_by_role("link", name="Wijzigen", exact=True)).to_have_count(0)
    expect(page.get_by_text(AGREEMENT)).to_be_visible()
    assert_accessible(page, "table-detail-read-only")

    for key, name in [("fixed-contacts", "fixed-contacts"), ("policy-plans", "policy-plans"),
                      ("calamity-roles", "calamity-protocol"), ("glossary", "glossary"), ("duos", "duos"),
                      ("actions", "actions")]:
        page.goto(f"{app}/regions/flevoland/register/{key}/")
        assert_accessible(page, f"{name}-list")
    expect(page.get_by_role("status")).to_contain_text("te laat")
    page.goto(f"{app}/regions/flevoland/register/fixed-contacts/")
    expect(page.get_by_role("status")).to_contain_text("Sociaal Team Urk")
    page.goto(f"{app}/regions/flevoland/register/glossary/")
    page.get_by_label("Zoeken").fill("lead")
    page.keyboard.press("Enter")
    expect(page.get_by_role("table")).to_contain_text("Regie")
    assert page.goto(f"{app}/regions/flevoland/register/tables/new/").status == 403
