"""Without JavaScript the searchable pickers are plain selects, and they still do the job: a policy
officer files an escalation choosing two organisations from the list."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from escalation.models import Escalation
from governance.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def plain_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_an_escalation_is_filed_with_two_organisations_from_the_plain_select(plain_page, app):
    page = plain_page
    page.goto(f"{app}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("beleidsmedewerker")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{app}/")

    page.goto(f"{app}/regions/flevoland/escalations/new/")
    organisations = page.get_by_role("listbox", name="Betrokken organisaties")
    expect(organisations).to_be_visible()  # (axe-core itself needs JavaScript: no accessibility check here)
    page.locator("input[name=reason][value=cooperation]").check()
    page.locator("#id_municipality").select_option(label="Dronten")
    page.locator("#id_title").fill("Terugkoppeling na een melding blijft uit")
    organisations.select_option(label=["Veilig Thuis Flevoland", "Sociaal Team Dronten"])
    page.locator("#id_description").fill("Het sociaal team hoort niet wat er met de melding gebeurt.")
    page.locator("#id_question").fill("Wie koppelt terug, en binnen welke termijn?")
    page.locator("#submit-id-submit").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Terugkoppeling na een melding")
    filed = Escalation.objects.get(title="Terugkoppeling na een melding blijft uit")
    assert set(filed.organisations.values_list("name", flat=True)) == {"Veilig Thuis Flevoland", "Sociaal Team Dronten"}
