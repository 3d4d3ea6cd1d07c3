"""Two-factor login: the two-step login, setting up an authenticator app, backup codes, who is made to
use it when it is mandatory, and the functional administrator's audited reset."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.audit import SECOND_FACTOR_RESET
from common.throttle import login_username
from governance.models import EnrolmentLink, Membership, Role
from governance.roles import ROLE_PERMISSIONS
from governance.twofactor import enrolment_link_issue, role_requires_second_factor, second_factor_required
from governance.twofactor_views import TokenForm
from tests.logins import LOGIN, current_code, login_form, token_form
from tests.role_matrix import ANONYMOUS, USERS, Page, cases

PASSWORD = "samen-sturen-demo"
mandatory = override_settings(TWO_FACTOR_MANDATORY=True)


def _app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def _backup_codes(user, *codes: str) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="backup")
    for code in codes:
        device.token_set.create(token=code)
    return device


def _membership_pk(username: str = "beleidsmedewerker") -> int:
    return Membership.objects.filter(user__username=username).first().pk


# ---- Who needs it ----------------------------------------------------------------------------------

def test_every_role_but_the_alderman_needs_a_second_factor():
    assert {role for role in Role if role_requires_second_factor(role)} == set(Role) - {Role.ALDERMAN}


def test_the_alderman_only_reads_overviews():
    """The rule lets the alderman go without because the role reads overviews only: if a permission
    that shows casework or people, or changes anything, is ever granted to it, this fails."""
    allowed = {"view_region", "print_region", "view_register", "view_case_counts", "view_escalations", "view_figures"}
    assert set(ROLE_PERMISSIONS[Role.ALDERMAN]) <= allowed


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "required"), [
    ("projectleider", True), ("wethouder", False), ("beleidsmedewerker", True), ("teammanager", True),
    ("beheerder", True), ("zeeland-projectleider", True),
])
def test_who_must_use_it(demo_user, username, required):
    assert second_factor_required(demo_user(username)) is required


@pytest.mark.django_db
def test_staff_without_a_role_need_it_too(django_user_model):
    assert second_factor_required(django_user_model.objects.create_user("staff", is_staff=True))
    assert not second_factor_required(django_user_model.objects.create_user("nobody"))


# ---- Logging in ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_login_with_password_then_the_code_from_the_app(client, demo_user):
    device = _app(demo_user("beleidsmedewerker"))
    step = client.post(LOGIN, login_form("beleidsmedewerker", PASSWORD))
    assert step.status_code == 200 and step.context["wizard"]["steps"].current == "token"
    assert "_auth_user_id" not in client.session  # the password alone does not log in
    response = client.post(LOGIN, token_form(current_code(device)))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    with mandatory:
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_is_refused_with_a_message(client, demo_user):
    device = _app(demo_user("beleidsmedewerker"))
    client.post(LOGIN, login_form("beleidsmedewerker", PASSWORD))
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(LOGIN, token_form(wrong))
    assert response.status_code == 200
    assert isinstance(response.context["form"], TokenForm)  # whose message says what to do
    assert response.context["form"].non_field_errors().as_data()[0].code == "invalid_token"
    assert 'class="alert alert-block alert-danger"' in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_backup_code_works_once(client, demo_user):
    user = demo_user("beleidsmedewerker")
    _app(user)
    _backup_codes(user, "abcd1234", "efgh5678")

    def log_in_with_backup_code():
        client.post(LOGIN, login_form("beleidsmedewerker", PASSWORD))
        assert client.post(LOGIN, {"wizard_goto_step": "backup"}).context["wizard"]["steps"].current == "backup"
        return client.post(LOGIN, token_form("abcd1234", step="backup"))

    assert log_in_with_backup_code().status_code == 302
    client.post(reverse("logout"))
    again = log_in_with_backup_code()
    assert again.status_code == 200 and again.context["form"].non_field_errors().as_data()[0].code == "invalid_token"
    assert list(user.staticdevice_set.get().token_set.values_list("token", flat=True)) == ["efgh5678"]


@pytest.mark.django_db
def test_without_an_app_the_password_is_enough_and_the_login_is_audited(client):
    response = client.post(LOGIN, login_form("wethouder", PASSWORD))
    assert response.status_code == 302
    assert LogEntry.objects.filter(additional_data__event="login", object_repr="wethouder").exists()


def test_axes_finds_the_username_in_either_form(rf):
    assert login_username(rf.post(LOGIN, {"auth-username": "sanne"})) == "sanne"
    assert login_username(rf.post(LOGIN), {"username": "sanne", "password": "x"}) == "sanne"


# ---- Enforcement -----------------------------------------------------------------------------------

@pytest.mark.django_db
@mandatory
def test_a_policy_officer_without_an_app_is_told_to_use_the_link_from_their_mail(client_for):
    client = client_for("beleidsmedewerker")
    needed = reverse("two_factor:enrolment_needed")
    for url in (reverse("home"), reverse("governance:region_detail", args=["flevoland"]), "/admin/",
                reverse("two_factor:setup"), reverse("two_factor:qr")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == needed, url
    page = client.get(needed, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "open the link in the mail" in page and "Ask the functional administrator of your region" in page
    assert client.get(reverse("health")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


@pytest.mark.django_db
@mandatory
def test_the_alderman_is_not_forced(client_for):
    assert client_for("wethouder").get(reverse("home")).status_code == 200


@pytest.mark.django_db
@mandatory
def test_a_session_that_skipped_the_code_is_ended(client_for, demo_user):
    _app(demo_user("beleidsmedewerker"))
    client = client_for("beleidsmedewerker")  # logged in without passing the second step
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@mandatory
def test_a_session_that_skipped_the_code_cannot_verify_itself_with_a_new_app(client_for, demo_user):
    _app(demo_user("beleidsmedewerker"))
    client = client_for("beleidsmedewerker")
    response = client.post(reverse("two_factor:setup"),
                           {"setup_view-current_step": "generator", "generator-token": "123456"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    assert TOTPDevice.objects.filter(user__username="beleidsmedewerker").count() == 1


@pytest.mark.django_db
def test_the_setting_is_off_in_tests_and_the_demo():
    assert settings.TWO_FACTOR_MANDATORY is False


@pytest.mark.django_db
@mandatory
def test_setting_up_the_app_verifies_the_session(client_for, demo_user):
    link = enrolment_link_issue(user=demo_user("beleidsmedewerker"))
    client = client_for("beleidsmedewerker")
    assert client.get(link)["Location"] == reverse("two_factor:setup")
    page = client.get(reverse("two_factor:setup"))
    secret = page.context["secret_key"]
    assert secret in page.content.decode()  # as text, for people who cannot scan
    assert client.get(reverse("two_factor:qr"))["Content-Type"].startswith("image/svg+xml")
    device = TOTPDevice(key=page.context["wizard"]["form"].key)
    response = client.post(reverse("two_factor:setup"),
                           {"setup_view-current_step": "generator", "generator-token": current_code(device)})
    assert response.status_code == 302 and response["Location"] == reverse("two_factor:setup_complete")
    assert TOTPDevice.objects.get(user=demo_user("beleidsmedewerker")).confirmed
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("two_factor:backup_tokens"))
    assert StaticDevice.objects.get(user=demo_user("beleidsmedewerker")).token_set.count() == 10
    assert EnrolmentLink.objects.get().used_at is not None


@pytest.mark.django_db
def test_who_may_turn_it_off(client, demo_user):
    for username, allowed in (("wethouder", True), ("beleidsmedewerker", False)):
        _app(demo_user(username))
        client.post(LOGIN, login_form(username, PASSWORD))
        client.post(LOGIN, token_form(current_code(TOTPDevice.objects.get(user__username=username))))
        with mandatory:
            response = client.post(reverse("two_factor:disable"), {"understand": "on"})
        assert response.status_code == 302
        assert TOTPDevice.objects.filter(user__username=username).exists() is not allowed, username
        client.post(reverse("logout"))


@pytest.mark.django_db
def test_the_admin_login_goes_through_the_two_step_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("env", "settings_module", "expected"), [
    ({"DJANGO_TWO_FACTOR_MANDATORY": "0"}, "config.settings.production", "True"),
    ({}, "config.settings.dev", "False"),
    ({"DJANGO_TWO_FACTOR_MANDATORY": "1"}, "config.settings.dev", "True"),
])
def test_production_always_enforces_it_and_the_demo_can_turn_it_on(env, settings_module, expected):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")} | {
        "DJANGO_SECRET_KEY": "x" * 60, "DJANGO_ALLOWED_HOSTS": "samensturen.example",
        "DJANGO_SITE_URL": "https://samensturen.example", "DATABASE_URL": "sqlite:///db.sqlite3",
    } | env
    script = f"import {settings_module} as s; print(s.TWO_FACTOR_MANDATORY)"
    result = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True,
                            cwd=settings.BASE_DIR, check=True)
    assert result.stdout.strip() == expected


# ---- The administrator's reset ---------------------------------------------------------------------

@pytest.mark.django_db
def test_the_administrator_resets_a_second_factor_and_it_is_audited(client, client_for, demo_user):
    person = demo_user("beleidsmedewerker")
    _app(person)
    _backup_codes(person, "abcd1234")
    admin = client_for("beheerder")
    page = admin.get(reverse("governance:member_edit", args=["flevoland", _membership_pk()])).content.decode()
    assert reverse("governance:member_second_factor_reset", args=["flevoland", _membership_pk()]) in page
    response = admin.post(reverse("governance:member_second_factor_reset", args=["flevoland", _membership_pk()]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists() and not StaticDevice.objects.filter(user=person).exists()
    entry = LogEntry.objects.get(additional_data__event=SECOND_FACTOR_RESET)
    assert (entry.object_id, entry.actor) == (person.pk, demo_user("beheerder"))
    admin.post(reverse("logout"))
    # The next login needs the password only, and then asks for the link mailed to them (test_account_owner.py).
    with mandatory:
        assert client.post(LOGIN, login_form("beleidsmedewerker", PASSWORD)).status_code == 302
        assert client.get(reverse("home"))["Location"] == reverse("two_factor:enrolment_needed")


@pytest.mark.django_db
def test_an_administrator_cannot_reset_their_own(client_for, demo_user):
    admin = demo_user("beheerder")
    _app(admin)
    response = client_for("beheerder").post(
        reverse("governance:member_second_factor_reset", args=["flevoland", _membership_pk("beheerder")]), follow=True)
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    assert TOTPDevice.objects.filter(user=admin).exists()
    assert not LogEntry.objects.filter(additional_data__event=SECOND_FACTOR_RESET).exists()


@pytest.mark.django_db
def test_another_regions_administrator_cannot_reach_the_person(client_for, demo_user):
    _app(demo_user("beleidsmedewerker"))
    response = client_for("zeeland-beheerder").post(
        reverse("governance:member_second_factor_reset", args=["zeeland", _membership_pk()]))
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user__username="beleidsmedewerker").exists()


# ---- The role matrix of the new pages --------------------------------------------------------------

PAGES = {
    "account_security": Page(lambda: reverse("two_factor:profile"), [200, 200, 200, 200, 200, 200, 302]),
    "setup": Page(lambda: reverse("two_factor:setup"), [200, 200, 200, 200, 200, 200, 302]),
    "second_factor_reset": Page(
        lambda: reverse("governance:member_second_factor_reset", args=["flevoland", _membership_pk()]),
        [403, 403, 403, 403, 302, 404, 302], method="post"),
    # Without a verified session (a code entered at login) these send the person to log in again, or
    # for the QR code, which exists only during a setup, answer 404 (someone not logged in goes to log in).
    "backup_codes": Page(lambda: reverse("two_factor:backup_tokens"), [302] * 6 + [302]),
    "setup_complete": Page(lambda: reverse("two_factor:setup_complete"), [302] * 6 + [302]),
    "qr_code": Page(lambda: reverse("two_factor:qr"), [404] * 6 + [302]),
    # Turning it off without a verified session leads back to the start page.
    "disable": Page(lambda: reverse("two_factor:disable"), [302] * 6 + [302]),
    "second_factor_reset_get": Page(
        lambda: reverse("governance:member_second_factor_reset", args=["flevoland", _membership_pk()]),
        [403, 403, 403, 403, 405, 404, 302]),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "username", "expected"), cases(PAGES, (*USERS, ANONYMOUS)))
def test_role_matrix(open_as, page, username, expected):
    assert open_as(username, PAGES[page]).status_code == expected
