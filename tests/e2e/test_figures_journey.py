"""Figures in the browser: the project leader imports a CBS file (a bad one first, which saves nothing
and says where), reads the figures per 10,000 inhabitants, explains a period and sees it explained;
the alderman reads the figures, every unexplained period marked as such."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from governance.demo import DEMO_PASSWORD
from reporting.models import Figure

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e

GOOD = ('"ID";"KenmerkenAdviezenMeldingen";"RegioS";"Perioden";"GestarteAdviezen_1";"OntvangenMeldingen_2"\n'
        '1;"T001038";"GM0034  ";"2025HJ01";905;810\n2;"T001038";"NL01  ";"2025HJ01";71000;62000\n')
BAD = GOOD.replace("905", "-905")


def test_project_leader_imports_and_explains_figures_and_the_alderman_reads_them(
        login, app, tmp_path, browser, browser_context_args):
    page = login("projectleider")
    page.goto(f"{app}/regions/flevoland/")
    page.get_by_role("link", name="Cijfers", exact=True).click()
    expect(page.get_by_role("heading", name="Meldingen bij Veilig Thuis")).to_be_visible()
    assert_accessible(page, "figures")

    page.get_by_role("link", name="Cijfers inlezen uit CBS StatLine").click()
    assert_accessible(page, "figures-import")
    bad = tmp_path / "84849NED.csv"
    bad.write_text(BAD)
    page.get_by_label("CBS-tabel").select_option("84849NED")
    page.get_by_label("Bestand (CSV of XLSX, hoogstens 2 MB)").set_input_files(str(bad))
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("alert")).to_contain_text("negatief")
    expect(page.get_by_role("alert")).to_contain_text("gestarteadviezen_1")
    assert_accessible(page, "figures-import-errors")
    assert not Figure.objects.filter(period="2025HJ01").exists()

    good = tmp_path / "84849NED-goed.csv"
    good.write_text(GOOD)
    page.get_by_label("CBS-tabel").select_option("84849NED")
    page.get_by_label("Bestand (CSV of XLSX, hoogstens 2 MB)").set_input_files(str(good))
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("status")).to_contain_text("4 cijfers van 1e halfjaar 2025 ingelezen uit 84849NED")
    reports = page.get_by_role("region", name="Meldingen bij Veilig Thuis: aantal en per 10.000 inwoners")
    expect(reports.get_by_role("columnheader", name="1e halfjaar 2025")).to_be_visible()

    page.get_by_role("link", name="Toelichten Meldingen bij Veilig Thuis, 1e halfjaar 2025").click()
    assert_accessible(page, "figures-explain")
    page.get_by_label("Toelichting").fill("Voor 2022 geen vergelijking: de registratie veranderde dat jaar.")
    page.get_by_role("button", name="Toelichting opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("is opgeslagen")
    expect(page.get_by_text("Voor 2022 geen vergelijking")).to_be_visible()

    # The alderman, in a browser of her own.
    alderman = browser.new_context(**browser_context_args).new_page()
    alderman.goto(f"{app}/accounts/login/")
    alderman.get_by_label("Gebruikersnaam").fill("wethouder")
    alderman.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    alderman.get_by_role("button", name="Inloggen").click()
    alderman.wait_for_url(f"{app}/")
    alderman.goto(f"{app}/regions/flevoland/figures/")
    expect(alderman.get_by_text("Nog niet toegelicht").first).to_be_visible()
    expect(alderman.get_by_role("link", name="Cijfers inlezen uit CBS StatLine")).to_have_count(0)
    expect(alderman.get_by_text("niet gepubliceerd door CBS").first).to_be_visible()  # Urk's secret half-year
    expect(alderman.get_by_role("rowheader", name="Flevoland (PV)").first).to_be_visible()
    assert_accessible(alderman, "figures-alderman")


def test_the_alderman_logs_in_and_sees_the_region_on_one_screen(login, app):
    page = login("wethouder")
    expect(page.get_by_role("heading", name="Dashboard", level=2)).to_be_visible()
    expect(page.get_by_role("img", name="Meldingen bij Veilig Thuis per 10.000 inwoners")).to_be_visible()
    expect(page.get_by_text("Nog niet toegelicht").first).to_be_visible()
    expect(page.get_by_role("table", name="Openstaande escalaties per route")).to_be_visible()
    expect(page.get_by_role("heading", name="Witte vlekken en open tegenwerkingen")).to_be_visible()
    expect(page.get_by_role("heading", name="Vraagt uw actie")).to_have_count(0)  # that is the project leader's
    assert_accessible(page, "dashboard-alderman")
    page.get_by_role("link", name="Alle cijfers en hun toelichtingen").first.click()
    expect(page.get_by_role("heading", name="Cijfers", level=2)).to_be_visible()


def test_the_project_leader_s_dashboard_starts_with_what_needs_her_action(login, app):
    page = login("projectleider")
    page.goto(f"{app}/regions/flevoland/dashboard/")
    expect(page.get_by_role("heading", name="Vraagt uw actie")).to_be_visible()
    expect(page.get_by_role("row", name="Perioden van cijfers zonder toelichting 4")).to_be_visible()
    assert_accessible(page, "dashboard-project-leader")


def test_the_project_leader_takes_the_report_to_the_board(login, app):
    page = login("projectleider")
    page.get_by_role("link", name="Het bestuursrapport voor het bestuur (pdf)").click()
    expect(page.get_by_role("heading", name="Bestuursrapport", level=2)).to_be_visible()
    assert_accessible(page, "report")
    page.get_by_label("Neem de cijfers zonder toelichting op, gemarkeerd als niet toegelicht").check()
    page.get_by_role("button", name="Download het rapport (pdf)").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Zeg waarom")
    assert_accessible(page, "report-errors")
    response = page.request.get(f"{app}/regions/flevoland/report/?municipality=GM0034")
    assert response.ok and response.headers["content-type"] == "application/pdf"
