"""The register side of the map in the browser: the project leader records two decisions that work
against each other, is told what is missing without losing her input, finds the conflict again in the
list filtered by status; the alderman reads it."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from governance.demo import DEMO_PASSWORD
from governance.models import Decision, DomainKind, Theme
from governance.register.forms.base import _decision_options

from .conftest import assert_accessible, pick

pytestmark = pytest.mark.e2e

TITLE = "Driehoek en wijkteam plannen de nazorg los van elkaar"


def _option(decision: Decision) -> str:
    """The decision as its picker shows it: "table – date: text"."""
    return _decision_options()(decision.meeting.table.name, decision.meeting.held_on, decision.text)


def _decisions() -> tuple[Decision, Decision]:
    """A decision of a safety table and one of a table without a safety domain, in Flevoland."""
    decisions = Decision.objects.filter(region__slug="flevoland").select_related("meeting__table").order_by("id")
    safety = decisions.filter(meeting__table__domains__kind=DomainKind.SAFETY).first()
    social = decisions.exclude(meeting__table__domains__kind=DomainKind.SAFETY).first()
    return safety, social


def test_project_leader_records_a_counteracting_decision_and_the_alderman_reads_it(
        login, app, browser, browser_context_args):
    safety, social = _decisions()
    theme = Theme.objects.filter(region__slug="flevoland").order_by("name").first()
    page = login("projectleider")
    page.goto(f"{app}/regions/flevoland/register/")
    page.get_by_role("link", name="Tegenwerkingen en blokkerende structuren").first.click()
    assert_accessible(page, "conflict-list")

    page.get_by_role("link", name="Nieuwe tegenwerking").click()
    assert_accessible(page, "conflict-new")
    page.get_by_label("Soort").select_option(label="Besluiten die elkaar tegenwerken")
    page.get_by_label("Titel").fill(TITLE)
    pick(page, "Kant A: besluit", _option(safety))
    pick(page, "Kant B: besluit", _option(social))
    page.get_by_role("checkbox", name=theme.name, exact=True).check()
    page.get_by_label("Impact").select_option(label="Hoog")
    page.get_by_label("Status").select_option(label="Opgelost")  # resolved, but how?
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("Beschrijf hoe")
    expect(page.get_by_label("Titel")).to_have_value(TITLE)  # her input is kept
    expect(page.get_by_role("checkbox", name=theme.name, exact=True)).to_be_checked()
    assert_accessible(page, "conflict-new-errors")

    page.get_by_label("Status").select_option(label="Open")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text(f"{TITLE} is opgeslagen")
    expect(page.get_by_role("heading", level=2)).to_have_text(TITLE)
    expect(page.get_by_role("link", name=safety.meeting.table.name).first).to_be_visible()
    expect(page.get_by_role("link", name=social.meeting.table.name).first).to_be_visible()
    assert_accessible(page, "conflict-detail")

    page.get_by_role("link", name="Tegenwerkingen en blokkerende structuren").first.click()
    page.get_by_label("Status").select_option(label="Open")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("table").get_by_role("link", name=TITLE)).to_be_visible()
    assert_accessible(page, "conflict-list-filtered")
    page.get_by_label("Status").select_option(label="Opgelost")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)

    # The alderman, in a browser of her own.
    context = browser.new_context(**browser_context_args)
    alderman = context.new_page()
    alderman.goto(f"{app}/accounts/login/")
    alderman.get_by_label("Gebruikersnaam").fill("wethouder")
    alderman.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    alderman.get_by_role("button", name="Inloggen").click()
    alderman.wait_for_url(f"{app}/")
    alderman.goto(f"{app}/regions/flevoland/register/conflicts/")
    expect(alderman.get_by_role("link", name="Nieuwe tegenwerking")).to_have_count(0)
    alderman.get_by_role("table").get_by_role("link", name=TITLE).click()
    expect(alderman.get_by_role("heading", level=2)).to_have_text(TITLE)
    expect(alderman.get_by_role("link", name="Wijzigen", exact=True)).to_have_count(0)
    assert_accessible(alderman, "conflict-detail-read-only")
    assert alderman.goto(f"{app}/regions/flevoland/register/conflicts/new/").status == 403
    context.close()
