"""Hostile input at the account forms: the two-step login (password and code), the password reset
and the password change. They are open to anyone, or guard everything else, so each gets more inputs
than a register form. What must hold: no server error, a refusal says so, nobody is logged in or has
their password changed by it, and nothing typed is echoed unescaped."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.demo import DEMO_PASSWORD
from tests.logins import login_form, token_form

from . import harness
from .strategies import hostile_text

# Anonymous-facing forms are cheap to post: at least ten inputs each, more under the thorough profile.
EXAMPLES = settings(max_examples=max(settings.default.max_examples, 10))
# A wrong code of the right shape, and everything else a code field might be sent.
hostile_code = st.one_of(hostile_text, st.from_regex(r"\A[0-9]{6}\Z"), st.integers(-10**20, 10**20).map(str))


def _refused(response, name: str) -> None:
    html = response.content.decode()
    assert response.status_code in (200, 429), (name, response.status_code)  # 429: the lockout page
    assert harness.shows_error(html) or response.status_code == 429, (name, "a refusal without a message")
    assert not harness.unescaped(html), (name, harness.unescaped(html))


def fuzz_with(name: str, record_property, *strategies):
    """Runs the decorated check once per input drawn from `strategies`, each in a rolled-back savepoint,
    and records how many inputs `name` was sent (FUZZ_REPORT=1)."""
    def run(check):
        @EXAMPLES
        @given(st.tuples(*strategies))
        def fuzz(values):
            harness.TRIED[name] += 1
            harness.in_savepoint(lambda: check(*values))

        fuzz()
        record_property("fuzz", (name, harness.TRIED[name]))
    return run


@pytest.mark.django_db
def test_the_login_survives_hostile_names_and_passwords(client, record_property):
    @fuzz_with("login", record_property, hostile_text, hostile_text)
    def check(username, password):
        _refused(client.post(reverse("login"), login_form(username, password)), "login")
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_code_step_survives_hostile_codes(client, record_property):
    user = get_user_model().objects.get(username="beleidsmedewerker")
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)

    @fuzz_with("login code", record_property, hostile_code)
    def check(code):
        step = client.post(reverse("login"), login_form("beleidsmedewerker", DEMO_PASSWORD))
        assert 'name="token-otp_token"' in step.content.decode()  # the code is asked for
        response = client.post(reverse("login"), token_form(code))
        if response.status_code == 302:  # a code of the right shape may, once in a million, be the right one
            return
        _refused(response, "login code")
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_password_reset_survives_hostile_addresses(client, mailoutbox, record_property):
    @fuzz_with("password reset", record_property, hostile_text)
    def check(address):
        response = client.post(reverse("password_reset"), {"email": address})
        if response.status_code == 302:  # a well-formed address: the same answer, known or not
            assert response["Location"] == reverse("password_reset_done")
            return
        _refused(response, "password reset")

    assert not mailoutbox  # none of the hostile strings is a known address


@pytest.mark.django_db
def test_the_password_change_survives_hostile_passwords(client_for, record_property):
    client = client_for("projectleider")
    user = get_user_model().objects.get(username="projectleider")
    before = user.password

    @fuzz_with("password change", record_property, hostile_text, hostile_text)
    def check(old, new):
        response = client.post(reverse("password_change"),
                               {"old_password": old, "new_password1": new, "new_password2": new})
        _refused(response, "password change")  # the old password is never one of these
        user.refresh_from_db()
        assert user.password == before
