"""Escalations in the browser: a policy officer files one and walks it through every route to its
lesson; a team manager pauses and resumes the clock of her municipality's overdue escalation; the
alderman reads what reached route 3 and can change nothing."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from casework.models import Case

from .conftest import assert_accessible, pick

pytestmark = pytest.mark.e2e
AGREEMENT = "Samenwerkingsafspraken Veilig Thuis en lokale teams Flevoland"


def _step(page, button: str, reason: str) -> None:
    page.get_by_role("link", name=button).click()
    page.locator("#id_reason").fill(reason)
    page.locator("#submit-id-submit").click()
    expect(page.get_by_role("heading", level=3, name="Tijdlijn")).to_be_visible()


def test_policy_officer_files_an_escalation_and_walks_it_through_all_routes(login, app):
    page = login("beleidsmedewerker")
    page.goto(f"{app}/regions/flevoland/")
    page.get_by_role("link", name="Escalaties", exact=True).click()
    assert_accessible(page, "escalation-list")

    page.get_by_role("link", name="Escalatie indienen").click()
    expect(page.get_by_text("Leg nooit namen", exact=False).first).to_be_visible()
    page.locator("input[name=reason][value=cooperation]").check()
    page.locator("#id_municipality").select_option(label="Lelystad")
    page.locator("#id_title").fill("Overdracht van het wijkteam aan Veilig Thuis loopt vast")
    pick(page, "Betrokken organisaties", "Veilig Thuis Flevoland")
    pick(page, "Betrokken organisaties", "Sociaal Wijkteam Lelystad Zuid")
    page.locator("#id_agreement").select_option(label=AGREEMENT)
    page.locator("#id_case_code").fill("123456782")  # a BSN-shaped number
    page.locator("#id_description").fill("Het wijkteam en Veilig Thuis zijn het niet eens over wie de regie houdt.")
    page.locator("#id_question").fill("Wie neemt de regie en per wanneer?")
    page.locator("#submit-id-submit").click()
    expect(page.locator("#id_case_code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_title")).to_have_value("Overdracht van het wijkteam aan Veilig Thuis loopt vast")
    expect(page.locator(".ts-control .item")).to_contain_text(
        ["Sociaal Wijkteam Lelystad Zuid", "Veilig Thuis Flevoland"])
    assert_accessible(page, "escalation-new-errors")
    page.locator("#id_case_code").fill("VT-2026-1234")  # an organisation's own number: not a case of ours
    page.locator("#submit-id-submit").click()
    expect(page.locator("#id_case_code")).to_have_attribute("aria-invalid", "true")
    case = Case.objects.filter(region__slug="flevoland", municipality__name="Lelystad", closed_on__isnull=True,
                               anonymised=False).order_by("pk").first()
    page.locator("#id_case_code").fill(case.code)
    page.locator("#submit-id-submit").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Overdracht van het wijkteam")
    expect(page.get_by_role("link", name=case.code)).to_be_visible()  # she reads cases: the case is linked
    assert_accessible(page, "escalation-filed")

    _step(page, "Route 1 starten", "Teammanagers van beide organisaties plannen deze week een overleg.")
    page.get_by_role("link", name="Overleg vastleggen").click()
    assert_accessible(page, "route-meeting-form")
    page.locator("input[name=participants]").first.check()
    page.locator("#id_outcome").fill("Geen overeenstemming over de regie; beide teams houden vast aan hun lezing.")
    page.locator("#submit-id-submit").click()
    expect(page.get_by_text("Geen overeenstemming over de regie")).to_be_visible()

    page.get_by_role("link", name="Opschalen naar route 2").click()
    page.locator("#submit-id-submit").click()  # no reason: refused, nothing changes
    expect(page.locator("#id_reason")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "escalation-step-errors")
    page.locator("#id_reason").fill("Route 1 kwam er niet uit; de beleidsmedewerker moet aanschuiven.")
    page.locator("#submit-id-submit").click()
    _step(page, "Opschalen naar route 3", "Alleen een bestuurlijk besluit over de regie kan dit doorbreken.")
    expect(page.locator(".badge").filter(has_text="Route 3").first).to_be_visible()
    assert_accessible(page, "escalation-route-3")

    pdf_link = page.get_by_role("link", name=re.compile("pdf", re.IGNORECASE))
    response = page.request.get(app + pdf_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"

    page.get_by_role("link", name="Oplossen").click()
    page.locator("#id_reason").fill(
        "Wethouder en directeur besluiten: het wijkteam houdt de regie, Veilig Thuis adviseert.")
    page.locator("#id_lesson").fill("De afspraken zeggen niet wie de regie heeft na een overdracht.")
    page.locator("#id_agreement_does_not_work").check()
    page.locator("#submit-id-submit").click()
    timeline = page.locator("ol").filter(has_text="Route 1 kwam er niet uit")
    for text in ("Teammanagers van beide organisaties", "Geen overeenstemming over de regie",
                 "bestuurlijk besluit over de regie", "het wijkteam houdt de regie"):
        expect(timeline).to_contain_text(text)

    page.get_by_role("link", name=re.compile("herzien", re.IGNORECASE)).first.click()
    expect(page.get_by_role("heading", level=2)).to_have_text(AGREEMENT)
    expect(page.get_by_text("De afspraken zeggen niet wie de regie heeft")).to_be_visible()
    assert_accessible(page, "agreement-with-review")


def test_team_manager_pauses_and_resumes_her_municipalitys_overdue_escalation(login, app):
    page = login("teammanager")
    page.goto(f"{app}/regions/flevoland/escalations/?overdue=yes")
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows.filter(has_text="Almere").first).to_be_visible()
    expect(page.get_by_role("table")).not_to_contain_text("Lelystad")  # only her own municipality
    rows.filter(has_text="Verschil van inzicht").get_by_role("link").first.click()
    expect(page.locator("#overdue-notice")).to_be_visible()  # past the time limit, offered for scaling up
    expect(page.get_by_role("link", name="Opschalen naar route 3")).to_have_count(0)  # route 3 is a decision
    assert_accessible(page, "escalation-overdue")

    _step(page, "Klok pauzeren", "Wachten op de financiële onderbouwing van het traject.")
    expect(page.get_by_text("Wachten op de financiële onderbouwing").first).to_be_visible()
    expect(page.locator("#overdue-notice")).to_have_count(0)  # paused: not overdue
    assert_accessible(page, "escalation-paused")
    _step(page, "Hervatten", "De onderbouwing is binnen.")
    expect(page.get_by_role("link", name="Klok pauzeren")).to_be_visible()


def test_alderman_reads_what_reached_route_3_and_can_change_nothing(login, app):
    page = login("wethouder")
    page.get_by_role("link", name="Mijn escalaties").click()
    assert_accessible(page, "my-escalations")
    page.goto(f"{app}/regions/flevoland/escalations/?acute=yes&route=3")
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.locator(".alert-danger")).to_be_visible()  # the acute path is shown as such
    expect(page.get_by_role("heading", name="Volgende stap")).to_have_count(0)
    # The acute demo escalation names a case: she learns that it does, never which one.
    expect(page.get_by_text("Er is een zaak gekoppeld")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("ZW-")
    assert_accessible(page, "escalation-alderman")
