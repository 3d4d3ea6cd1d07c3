"""Two-factor login in the browser: with it mandatory, a policy officer who logs in is sent to set up an
authenticator app, types the secret shown as text into "the app" (the test computes the codes, as an
app would), makes backup codes, logs out, and logs in again with the password and a fresh code.

The pages' own strings are new and may still be English until they are translated: the journey finds
its fields by id; the login form keeps its translated labels."""
from __future__ import annotations

import time
from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from governance.demo import DEMO_PASSWORD
from governance.models import Membership

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e


def _code(secret: str, *, steps_ahead: int = 0) -> str:
    """What the app shows `steps_ahead` periods of 30 seconds from now. A code is accepted once, and
    one period either side of now is accepted, so the second login uses the next period's code."""
    totp = TOTP(b32decode(secret))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def _password_step(page, app) -> None:
    page.goto(f"{app}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("beleidsmedewerker")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_a_policy_officer_sets_up_an_app_and_logs_in_with_a_code(page, app, settings):
    settings.TWO_FACTOR_MANDATORY = True
    _password_step(page, app)
    page.wait_for_url(f"{app}/accounts/security/setup/")
    # Every other page sends them back here until the app is set up.
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


def test_the_administrator_resets_a_lost_second_factor(page, app, login):
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
