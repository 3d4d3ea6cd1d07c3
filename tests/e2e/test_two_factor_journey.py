"""Two-factor login in the browser: with it mandatory, a policy officer who logs in with only a password
is told to use the link from her mail; through that link she sets up an authenticator app, types the
secret shown as text into "the app" (the test computes the codes, as an app would), makes backup codes,
logs out, and logs in again with the password and a fresh code. An administrator's reset mails her a
new link, which works once. An administrator of another region invites her; she accepts, logged in, and
that administrator cannot reset her second factor.

The pages' own strings are new and may still be English until they are translated: the journey finds
its fields by id; the login form keeps its translated labels."""
from __future__ import annotations

import re
import time
from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from governance.demo import DEMO_PASSWORD
from governance.models import Membership
from governance.twofactor import enrolment_link_issue

from .conftest import assert_accessible, mailed_path

pytestmark = pytest.mark.e2e


def _code(secret: str, *, steps_ahead: int = 0) -> str:
    """What the app shows `steps_ahead` periods of 30 seconds from now. A code is accepted once, and
    one period either side of now is accepted, so the second login uses the next period's code."""
    totp = TOTP(b32decode(secret))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def _password_step(page, app, *, already_there: bool = False) -> None:
    if not already_there:
        page.goto(f"{app}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("beleidsmedewerker")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_a_policy_officer_sets_up_an_app_and_logs_in_with_a_code(page, app, settings):
    settings.TWO_FACTOR_MANDATORY = True
    _password_step(page, app)
    # The password alone does not open the setup: she is told to use the link from her mail.
    page.wait_for_url(f"{app}/accounts/security/setup/link-needed/")
    expect(page.locator("#ask-for-link")).to_be_visible()
    assert_accessible(page, "two-factor-link-needed")
    for path in ("/regions/", "/accounts/security/setup/"):
        page.goto(f"{app}{path}")
        page.wait_for_url(f"{app}/accounts/security/setup/link-needed/")

    # The link, as her invitation mail carried it.
    link = enrolment_link_issue(user=get_user_model().objects.get(username="beleidsmedewerker"))
    page.goto(link.replace(settings.SITE_URL, app))
    page.wait_for_url(f"{app}/accounts/security/setup/")
    # Every other page sends her back here until the app is set up.
    page.goto(f"{app}/regions/")
    page.wait_for_url(f"{app}/accounts/security/setup/")
    expect(page.locator("img.qr-code")).to_be_visible()
    assert page.locator("img.qr-code").evaluate("img => img.naturalWidth") > 0  # the QR code loaded
    assert_accessible(page, "two-factor-setup")

    secret = page.locator("#totp-secret").inner_text().strip()
    page.locator("#id_generator-token").fill(_code(secret))
    page.locator("#id_generator-token").press("Enter")
    page.wait_for_url(f"{app}/accounts/security/setup/complete/")
    assert_accessible(page, "two-factor-setup-complete")

    page.locator("a[href='/accounts/security/backup-codes/']").first.click()
    expect(page.locator(".backup-codes li")).to_have_count(0)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".backup-codes li")).to_have_count(10)
    assert_accessible(page, "two-factor-backup-codes")

    page.goto(f"{app}/accounts/security/")
    assert_accessible(page, "account-security")
    page.get_by_role("button", name="Uitloggen").click()

    _password_step(page, app)
    token = page.locator("#id_token-otp_token")
    expect(token).to_be_visible()
    assert_accessible(page, "two-factor-login-token-step")
    token.fill(_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{app}/")
    expect(page.locator("h1")).to_be_visible()


def test_the_administrator_resets_a_lost_second_factor_and_the_mailed_link_works_once(
        page, app, login, browser, browser_context_args, settings):
    person = get_user_model().objects.get(username="beleidsmedewerker")
    TOTPDevice.objects.create(user=person, name="default", confirmed=True)
    membership = Membership.objects.filter(user=person).first()
    login("beheerder")
    page.goto(f"{app}/regions/flevoland/people/{membership.pk}/")
    assert_accessible(page, "member-with-second-factor")
    page.locator("#reset-second-factor").click()
    expect(page.locator(".messages .alert-success")).to_be_visible()
    assert not TOTPDevice.objects.filter(user=person).exists()
    expect(page.locator("#reset-second-factor")).to_have_count(0)
    expect(page.locator("#send-enrolment-link")).to_be_visible()  # a fresh link, should the mail be lost
    assert_accessible(page, "member-without-second-factor")

    settings.TWO_FACTOR_MANDATORY = True
    joost = browser.new_context(**browser_context_args).new_page()
    link = mailed_path(person.email, "/accounts/security/enrol/")
    joost.goto(f"{app}{link}")
    joost.wait_for_url(re.compile(r"/accounts/login/\?next="))  # her own login first
    _password_step(joost, app, already_there=True)
    joost.wait_for_url(f"{app}/accounts/security/setup/")
    secret = joost.locator("#totp-secret").inner_text().strip()
    joost.locator("#id_generator-token").fill(_code(secret))
    joost.locator("#id_generator-token").press("Enter")
    joost.wait_for_url(f"{app}/accounts/security/setup/complete/")
    assert TOTPDevice.objects.get(user=person).confirmed

    joost.goto(f"{app}{link}")  # once only
    expect(joost.locator("#enrol-invalid")).to_be_visible()
    assert_accessible(joost, "enrolment-link-used")


def test_an_administrator_of_another_region_invites_an_existing_person_who_accepts(
        page, app, login, login_elsewhere):
    person = get_user_model().objects.get(username="beleidsmedewerker")
    login("zeeland-beheerder")
    page.goto(f"{app}/regions/zeeland/people/add/")
    page.get_by_label("E-mailadres (werk)").fill(person.email)
    page.get_by_label("Rol").select_option(label="Beleidsmedewerker")
    page.get_by_label("Waar").select_option(label="Veilig Thuis Zeeland")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text(f"{person.email} is uitgenodigd voor de rol Beleidsmedewerker")
    # Nothing attached: she is no person of Zeeland until she accepts.
    expect(page.get_by_role("row").filter(has_text="Joost Bakker")).to_have_count(0)
    assert not person.memberships.filter(region__slug="zeeland").exists()

    joost = login_elsewhere("beleidsmedewerker")
    joost.locator("#menu-invitations").click()
    joost.wait_for_url(f"{app}/accounts/invitations/")
    expect(joost.locator("#invitation-list")).to_contain_text("Veilig Thuis Zeeland")
    assert_accessible(joost, "invitations")
    joost.get_by_role("button", name=re.compile("^Aannemen")).click()
    expect(joost.get_by_role("status")).to_contain_text("U hebt nu de rol Beleidsmedewerker in Veilig Thuis Zeeland")
    assert joost.goto(f"{app}/regions/zeeland/").status == 200
    joost.goto(f"{app}/accounts/invitations/")
    expect(joost.locator("#no-invitations")).to_be_visible()

    # Her account is Flevoland's too: Zeeland's administrator cannot reset her second factor.
    membership = person.memberships.get(region__slug="zeeland")
    page.goto(f"{app}/regions/zeeland/people/{membership.pk}/")
    expect(page.locator("#reset-not-allowed")).to_be_visible()
    expect(page.locator("#reset-second-factor")).to_have_count(0)
    assert_accessible(page, "member-of-another-region-too")
