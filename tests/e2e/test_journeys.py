"""What people do in the browser, checked as they would see it."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from governance.models import Membership

from .conftest import assert_accessible, mailed_path

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("username", "sees_people", "sees_history"),
    [
        ("projectleider", True, True),
        ("wethouder", False, False),
        ("beleidsmedewerker", True, False),
        ("teammanager", False, False),
        ("beheerder", True, True),
    ],
)
def test_each_role_sees_only_what_it_may_use_in_dutch_and_english(login, app, username, sees_people, sees_history):
    page = login(username)
    expect(page.locator("main")).to_contain_text("Welkom")
    assert_accessible(page, f"home-{username}")

    if username == "beheerder":  # the start page lists the regions and roles
        page.get_by_role("link", name="Veilig Thuis Flevoland").click()
    else:  # the start page is the region's dashboard, with the region's sections
        expect(page.get_by_role("heading", level=2, name="Dashboard")).to_be_visible()
        page.get_by_role("navigation", name="Onderdelen van de regio").get_by_role("link", name="Overzicht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Veilig Thuis Flevoland")
    sections = page.get_by_role("navigation", name="Onderdelen van de regio")
    expect(sections.get_by_role("link", name="Mensen en rollen")).to_have_count(1 if sees_people else 0)
    expect(sections.get_by_role("link", name="Wijzigingshistorie")).to_have_count(1 if sees_history else 0)
    assert_accessible(page, f"region-{username}")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    sections = page.get_by_role("navigation", name="Region sections")
    expect(sections.get_by_role("link", name="Overview")).to_be_visible()
    expect(sections.get_by_role("link", name="People and roles")).to_have_count(1 if sees_people else 0)
    assert_accessible(page, f"region-{username}-en")


def test_administrator_adds_changes_and_removes_a_person_with_the_keyboard(login, app, browser, browser_context_args):
    page = login("beheerder")
    page.goto(f"{app}/regions/flevoland/people/")
    assert_accessible(page, "people")
    page.get_by_role("link", name="Persoon toevoegen").click()
    assert_accessible(page, "person-add")

    # Keyboard only: focus the first field, then type and tab through the form.
    page.get_by_label("E-mailadres (werk)").focus()
    page.keyboard.type("a.yilmaz@dronten.example")
    page.keyboard.press("Tab")
    page.keyboard.type("Aylin")
    page.keyboard.press("Tab")
    page.keyboard.type("Yilmaz")
    page.keyboard.press("Tab")
    page.get_by_label("Rol").select_option(label="Beleidsmedewerker")
    page.get_by_label("Waar").select_option(label="Dronten")
    page.get_by_label("Waar").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Toevoegen")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text(
        "a.yilmaz@dronten.example is uitgenodigd voor de rol Beleidsmedewerker")
    # Invited, not yet a person of the region: the role starts when she chooses her password.
    expect(page.locator("#invitations")).to_contain_text("a.yilmaz@dronten.example")
    assert_accessible(page, "people-with-invitation")

    aylin = browser.new_context(**browser_context_args).new_page()
    aylin.goto(app + mailed_path("a.yilmaz@dronten.example", "/accounts/security/enrol/"))
    expect(aylin.locator("#enrol-invitations")).to_contain_text("Dronten")
    assert_accessible(aylin, "enrol-choose-password")
    aylin.locator("#id_new_password1").fill("dronten-wachtwoord-2024")
    aylin.locator("#id_new_password2").fill("dronten-wachtwoord-2024")
    aylin.get_by_role("button", name="Dit wachtwoord kiezen").click()
    aylin.wait_for_url(f"{app}/")  # two-factor login is not mandatory in the demo
    aylin.context.close()

    page.reload()
    row = page.get_by_role("row").filter(has_text="Aylin Yilmaz")
    expect(row).to_contain_text("Dronten")

    row.get_by_role("link", name=re.compile("Wijzigen")).click()
    page.get_by_label("Rol").select_option(label="Teammanager / professional")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De rol is opgeslagen")

    page.get_by_role("link", name="Wijzigingshistorie").click()
    expect(page.get_by_role("table")).to_contain_text("Beleidsmedewerker → Teammanager / professional")
    assert_accessible(page, "history")

    page.goto(f"{app}/regions/flevoland/people/")
    page.get_by_role("row").filter(has_text="Aylin Yilmaz").get_by_role("link", name=re.compile("Wijzigen")).click()
    page.get_by_role("button", name="Rol intrekken").click()
    expect(page.get_by_role("status")).to_contain_text("De rol is verwijderd")
    expect(page.get_by_role("row").filter(has_text="Aylin Yilmaz")).to_have_count(0)


def test_bad_input_keeps_what_was_typed(login, app):
    page = login("beheerder")
    page.goto(f"{app}/regions/flevoland/people/add/")
    page.get_by_label("Voornaam").fill("Nog zonder adres")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_label("Voornaam")).to_have_value("Nog zonder adres")
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert_accessible(page, "person-add-errors")


def test_another_region_sees_none_of_flevoland(login, app):
    page = login("zeeland-projectleider")
    expect(page.get_by_role("link", name="Veilig Thuis Flevoland")).to_have_count(0)
    response = page.goto(f"{app}/regions/flevoland/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    assert_accessible(page, "not-found")
    membership = Membership.objects.get(user__username="beleidsmedewerker").pk
    assert page.goto(f"{app}/regions/flevoland/people/{membership}/").status == 404


def test_a_role_that_may_not_act_is_told_so(login, app):
    page = login("wethouder")
    response = page.goto(f"{app}/regions/flevoland/people/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet toegestaan")
    assert_accessible(page, "forbidden")


def test_skip_link_and_language_switch_work_with_the_keyboard(page, app):
    page.goto(f"{app}/accounts/login/")
    assert_accessible(page, "login")
    page.goto(f"{app}/accessibility/")  # the login page puts focus in its first field on purpose
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de hoofdinhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.get_by_role("button", name="English").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    page.get_by_role("button", name="Nederlands").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Toegankelijkheidsverklaring")


def test_login_failure_and_public_pages_are_accessible(page, app):
    page.goto(f"{app}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("projectleider")
    page.get_by_label("Wachtwoord").fill("verkeerd-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-danger"))).to_be_visible()
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("projectleider")
    assert_accessible(page, "login-failed")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    assert_accessible(page, "password-reset")
    page.goto(f"{app}/accessibility/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Toegankelijkheidsverklaring")
    assert_accessible(page, "accessibility-statement")


def test_password_change_page_is_accessible(login, app):
    page = login("projectleider")
    page.get_by_role("link", name="Wachtwoord wijzigen").click()
    assert_accessible(page, "password-change")
    page.goto(f"{app}/regions/")
    assert_accessible(page, "region-list")


def test_narrow_screen_folds_the_menu_and_it_opens_with_the_keyboard(login, app):
    page = login("projectleider")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{app}/regions/")
    main_nav = page.get_by_role("navigation", name="Hoofdnavigatie")
    expect(main_nav).to_be_hidden()
    menu = page.locator("summary")
    expect(menu).to_have_accessible_name("Menu")
    menu.focus()
    page.keyboard.press("Enter")
    expect(main_nav.get_by_role("link", name="Regio's")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    assert_accessible(page, "menu-open-narrow")  # axe at this width too: only narrow screens show it open
    page.keyboard.press("Enter")
    expect(main_nav).to_be_hidden()
