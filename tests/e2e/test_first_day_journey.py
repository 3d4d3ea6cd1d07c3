"""A real region's first day in the browser (issue 23, item 5). The platform's staff run
`manage.py create_region`; the new functional administrator chooses a password through the link in
their mail, finds the first steps on their start page and invites the project leader; the project
leader, through their own link, adds the national vocabulary, imports organisations, adds a governance
table and imports the figures of one period for one municipality (the dashboard says why there is no
chart yet); the administrator invites an alderman, and the first steps are gone. Every page is checked
with axe and at 320 px."""
from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from governance.models import Domain, GovernanceTable, Organisation, Region
from reporting.models import Figure

from .conftest import assert_accessible, mailed_path

pytestmark = pytest.mark.e2e

PASSWORD = "eerste-dag-in-de-regio"
ADMINISTRATOR = "beheer@gooi.example.org"
LEADER = "projectleider@gooi.example.org"
FIGURES = ('"ID";"KenmerkenAdviezenMeldingen";"RegioS";"Perioden";"GestarteAdviezen_1";"OntvangenMeldingen_2"\n'
           '1;"T001038";"GM0402  ";"2025HJ01";345;295\n')


def _choose_password(page, app, address: str) -> None:
    """Follows the link of the invitation mail and chooses a password, which accepts the role."""
    page.goto(f"{app}{mailed_path(address, '/accounts/security/enrol/')}")
    expect(page.locator("#enrol-invitations")).to_contain_text("Veilig Thuis Gooi en Vechtstreek")
    assert_accessible(page, f"first-day-password-{address.split('@')[0]}")
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.locator("#id_new_password2").press("Enter")
    page.wait_for_url(f"{app}/")


def _step(page, key: str):
    return page.locator(f"#first-step-{key}")


def test_a_new_region_takes_its_first_steps(page, app, browser, browser_context_args, tmp_path):
    get_user_model().objects.create_user("platform", email="platform@example.org", is_staff=True)
    call_command("create_region", "Veilig Thuis Gooi en Vechtstreek", "--slug", "gooi", "--municipalities",
                 "GM0402", "GM0406", "GM0417", "--administrator", ADMINISTRATOR, "--by", "platform",
                 stdout=StringIO())
    region = Region.objects.get(slug="gooi")

    # The administrator: the first steps, theirs the people.
    _choose_password(page, app, ADMINISTRATOR)
    steps = page.get_by_role("region", name="Eerste stappen in Veilig Thuis Gooi en Vechtstreek")
    expect(steps).to_contain_text("0 van 5 gedaan")
    expect(_step(page, "figures")).to_contain_text("Dit doet de projectleider.")
    assert_accessible(page, "first-day-administrator-start")
    _step(page, "people").get_by_role("link", name="Iemand uitnodigen").click()
    page.get_by_label("E-mailadres (werk)").fill(LEADER)
    page.get_by_label("Rol").select_option(label="Regionaal projectleider")
    page.get_by_label("Waar").select_option(label="Veilig Thuis Gooi en Vechtstreek")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text(f"{LEADER} is uitgenodigd")

    # The project leader, in a browser of their own: the dashboard with the steps.
    leader = browser.new_context(**browser_context_args).new_page()
    _choose_password(leader, app, LEADER)
    expect(leader.get_by_role("heading", name="Dashboard", level=2)).to_be_visible()
    expect(leader.get_by_role("region", name="Eerste stappen in Veilig Thuis Gooi en Vechtstreek")).to_be_visible()
    expect(leader.get_by_text("Nog geen cijfers.")).to_be_visible()
    assert_accessible(leader, "first-day-empty-dashboard")

    _step(leader, "vocabulary").get_by_role("button", name="De landelijke standaard toevoegen").click()
    expect(leader.get_by_role("status")).to_contain_text("De landelijke domeinen, thema's en fasen zijn aan")
    expect(_step(leader, "vocabulary")).to_contain_text("gedaan")
    assert Domain.objects.filter(region=region).exists()

    _step(leader, "organisations").get_by_role("link", name="Organisaties importeren").click()
    assert_accessible(leader, "first-day-organisations-import")
    organisations = tmp_path / "organisaties.csv"
    organisations.write_text("name;type;domain;municipalities\nSociaal wijkteam Hilversum;local_team;Sociaal domein;"
                             "GM0402\n", encoding="utf-8")
    leader.get_by_label("Spreadsheet (CSV of XLSX, hoogstens 2 MB)").set_input_files(str(organisations))
    leader.get_by_role("button", name="Importeren").click()
    expect(leader.get_by_role("status")).to_contain_text("1 toegevoegd")
    assert Organisation.objects.filter(region=region).count() == 1

    leader.goto(f"{app}/")
    _step(leader, "tables").get_by_role("link", name="Een overlegtafel toevoegen").click()
    leader.get_by_label("Naam").fill("Regionaal bestuurlijk overleg")
    leader.get_by_label("Sociaal domein").check()
    leader.get_by_label("Veiligheidsdomein").check()
    leader.get_by_label("Niveau").select_option(label="Bestuurlijk")
    leader.get_by_role("button", name="Opslaan").click()
    expect(leader.get_by_role("heading", level=2)).to_have_text("Regionaal bestuurlijk overleg")
    assert GovernanceTable.objects.filter(region=region).count() == 1

    leader.goto(f"{app}/")
    expect(leader.get_by_role("region", name=re.compile("Eerste stappen"))).to_contain_text("3 van 5 gedaan")
    _step(leader, "figures").get_by_role("link", name="Cijfers inlezen").click()
    figures = tmp_path / "84849NED.csv"
    figures.write_text(FIGURES)
    leader.get_by_label("CBS-tabel").select_option("84849NED")
    leader.get_by_label("Bestand (CSV of XLSX, hoogstens 2 MB)").set_input_files(str(figures))
    leader.get_by_role("button", name="Importeren").click()
    expect(leader.get_by_role("status")).to_contain_text("ingelezen uit 84849NED")
    assert Figure.objects.filter(region=region).exists()

    # One period of one municipality, no population: the dashboard opens and says why there is no chart.
    leader.goto(f"{app}/")
    expect(leader.get_by_role("region", name=re.compile("Eerste stappen"))).to_contain_text("4 van 5 gedaan")
    expect(leader.get_by_text(re.compile("Nog geen grafiek")).first).to_be_visible()
    assert_accessible(leader, "first-day-dashboard-one-period")
    leader.goto(f"{app}/regions/gooi/report/")
    assert_accessible(leader, "first-day-report-page")

    # The administrator invites an alderman: every step done, the list is gone.
    page.goto(f"{app}/regions/gooi/people/add/")
    page.get_by_label("E-mailadres (werk)").fill("wethouder@gooi.example.org")
    page.get_by_label("Rol").select_option(label="Wethouder")
    page.get_by_label("Waar").select_option(label="Veilig Thuis Gooi en Vechtstreek")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("is uitgenodigd")
    page.goto(f"{app}/")
    expect(page.get_by_role("region", name=re.compile("Eerste stappen"))).to_have_count(0)
    assert_accessible(page, "first-day-administrator-done")
    leader.goto(f"{app}/")
    expect(leader.get_by_role("region", name=re.compile("Eerste stappen"))).to_have_count(0)
