"""An account belongs to its owner (issue 22, item 2): an administrator of another region cannot attach an
existing account, reset its second factor or read its logins, and a second factor is set up only through
a link mailed to the person, never with the password alone. Also: wrong codes are on the audit trail, and
django-otp's throttle speaks Dutch."""
from __future__ import annotations

import html
import io
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.audit import LOGIN, LOGIN_FAILED, SECOND_FACTOR_FAILED, SECOND_FACTOR_RESET
from governance.models import EnrolmentLink, Invitation, Membership, Region, Role
from tests.logins import LOGIN as LOGIN_URL
from tests.logins import current_code, login_form, token_form
from tests.role_matrix import Page, cases

pytestmark = pytest.mark.django_db

PASSWORD = "samen-sturen-demo"
mandatory = override_settings(TWO_FACTOR_MANDATORY=True)
NOT_ADMINISTERED = "also has a role outside the regions you administer"


@pytest.fixture
def zeeland():
    return Region.objects.get(slug="zeeland")


@pytest.fixture
def officer(demo_user):
    """Joost, the Flevoland policy officer, with an authenticator app."""
    person = demo_user("beleidsmedewerker")
    TOTPDevice.objects.create(user=person, name="default", confirmed=True)
    return person


def _as(demo_user, username: str) -> Client:
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(demo_user(username))
    return browser


def _invite(browser: Client, region: Region, email: str, role: Role = Role.POLICY_OFFICER):
    return browser.post(reverse("governance:member_add", args=[region.slug]), {
        "email": email, "role": role, "scope": f"region:{region.pk}"}, follow=True)


def _mailed_link(pattern: str) -> str:
    return re.search(rf"http\S+{pattern}\S*", mail.outbox[-1].body).group()


def _in_zeeland_too(person, zeeland) -> Membership:
    """As if she accepted an invitation of Zeeland's administrator."""
    return Membership.objects.create(user=person, region=zeeland, role=Role.POLICY_OFFICER)


# ---- (a) Adding an existing account attaches nothing ---------------------------------------------------

def test_a_zeeland_administrator_adding_a_flevoland_officer_attaches_nothing(demo_user, officer, zeeland):
    response = _invite(_as(demo_user, "zeeland-beheerder"), zeeland, officer.email.upper())
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        f"{officer.email.upper()} has been invited to the role Policy officer. The role starts when they accept."]
    assert list(officer.memberships.values_list("region__slug", flat=True)) == ["flevoland"]
    people = response.content.decode()
    assert officer.get_full_name() not in people  # not a person of Zeeland, and not named to its administrator
    assert Invitation.objects.pending().filter(user=officer, region=zeeland).count() == 1


def test_the_inviting_region_s_trail_does_not_tell_whether_an_address_had_an_account(demo_user, officer,
                                                                                      zeeland):
    """The invitation's entry names the address as typed, never the account behind it: an existing
    account's username (or name) on Zeeland's trail would tell Zeeland that it exists."""
    administrator = _as(demo_user, "zeeland-beheerder")
    _invite(administrator, zeeland, officer.email)
    _invite(administrator, zeeland, "nieuw-in-zeeland@example.nl")
    export = administrator.get(reverse("governance:audit_export", args=[zeeland.slug]))
    export = b"".join(export.streaming_content if export.streaming else [export.content]).decode()
    history = _as(demo_user, "zeeland-projectleider").get(
        reverse("governance:region_history", args=[zeeland.slug])).content.decode()
    for page in (export, history):
        assert officer.email in page and "nieuw-in-zeeland@example.nl" in page
        assert not re.search(rf"{officer.username}(?!@)", page)  # her address starts with her username
        assert officer.get_full_name() not in page
    fields = [set(entry.changes) for entry in LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Invitation)).order_by("pk")]
    assert fields[-2] == fields[-1] and "user" not in fields[-1]


def test_the_owner_accepts_the_invitation_logged_in_and_it_is_audited(demo_user, officer, zeeland,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(_as(demo_user, "zeeland-beheerder"), zeeland, officer.email)
    assert mail.outbox[-1].to == [officer.email] and "Pieter de Jonge" in mail.outbox[-1].body
    link = _mailed_link("/accounts/invitations/")
    assert Client().get(link)["Location"].startswith(reverse("login"))  # only logged in as herself

    owner = _as(demo_user, "beleidsmedewerker")
    page = owner.get(link)
    assert "Veilig Thuis Zeeland" in page.content.decode()
    (invitation,) = page.context["invitations"]
    # Nobody else can answer it, not even the administrator who made it.
    assert _as(demo_user, "zeeland-beheerder").post(
        reverse("invitation_respond", args=[invitation.pk]), {"answer": "accept"}).status_code == 404
    response = owner.post(reverse("invitation_respond", args=[invitation.pk]), {"answer": "accept"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "You now have the role Policy officer in Veilig Thuis Zeeland."]
    membership = officer.memberships.get(region=zeeland)
    created = LogEntry.objects.get_for_object(membership).get(action=LogEntry.Action.CREATE)
    assert created.actor == officer
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert owner.get(reverse("invitations")).context["invitations"].count() == 0


def test_taking_a_role_that_needs_a_second_factor_mails_the_link_to_set_it_up(demo_user, zeeland,
                                                                              django_capture_on_commit_callbacks):
    """The alderman logs in with a password only; once she accepts a policy officer's role she needs a
    second factor, and the page she is sent to says to use the link from her mail: that mail is sent."""
    alderman = demo_user("wethouder")
    _invite(_as(demo_user, "zeeland-beheerder"), zeeland, alderman.email)
    invitation = Invitation.objects.get(user=alderman)
    owner = _as(demo_user, "wethouder")
    with mandatory:
        with django_capture_on_commit_callbacks(execute=True):
            owner.post(reverse("invitation_respond", args=[invitation.pk]), {"answer": "accept"})
        assert mail.outbox[-1].to == [alderman.email]
        link = _mailed_link("/accounts/security/enrol/")
        assert owner.get(reverse("home"))["Location"] == reverse("two_factor:enrolment_needed")
        assert owner.get(link)["Location"] == reverse("two_factor:setup")


def test_a_declined_invitation_attaches_nothing(demo_user, officer, zeeland):
    _invite(_as(demo_user, "zeeland-beheerder"), zeeland, officer.email)
    invitation = Invitation.objects.get(user=officer)
    owner = _as(demo_user, "beleidsmedewerker")
    owner.post(reverse("invitation_respond", args=[invitation.pk]), {"answer": "decline"})
    assert not officer.memberships.filter(region=zeeland).exists()
    assert owner.post(reverse("invitation_respond", args=[invitation.pk]), {"answer": "accept"}).status_code == 404
    assert not officer.memberships.filter(region=zeeland).exists()


# ---- (b) A reset only by who administers every region of the account -----------------------------------

def test_a_reset_of_a_person_with_a_role_elsewhere_is_refused_with_who_can(demo_user, officer, zeeland):
    membership = _in_zeeland_too(officer, zeeland)
    for username, region, pk in (("zeeland-beheerder", "zeeland", membership.pk),
                                 ("beheerder", "flevoland", officer.memberships.get(region__slug="flevoland").pk)):
        browser = _as(demo_user, username)
        edit = browser.get(reverse("governance:member_edit", args=[region, pk])).content.decode()
        assert NOT_ADMINISTERED in edit and 'id="reset-second-factor"' not in edit
        response = browser.post(reverse("governance:member_second_factor_reset", args=[region, pk]))
        assert response.status_code == 403, username
        content = html.unescape(response.content.decode())
        assert NOT_ADMINISTERED in content
        assert "Only a functional administrator of every region the account belongs to, or the platform's staff" \
            in content
    assert TOTPDevice.objects.filter(user=officer).exists()
    assert not LogEntry.objects.filter(additional_data__event=SECOND_FACTOR_RESET).exists()


def test_the_reset_of_someone_wholly_in_ones_regions_still_works(demo_user, officer):
    pk = officer.memberships.get().pk
    response = _as(demo_user, "beheerder").post(reverse("governance:member_second_factor_reset",
                                                        args=["flevoland", pk]))
    assert response.status_code == 302 and not TOTPDevice.objects.filter(user=officer).exists()


# ---- (c) Logins of such a person stay out of the other region's audit search ---------------------------

def test_logins_of_a_person_with_a_role_elsewhere_are_not_in_the_audit_search(client, demo_user, officer,
                                                                                 zeeland):
    officer.totpdevice_set.all().delete()  # the password alone logs in
    client.post(LOGIN_URL, login_form("beleidsmedewerker", "wrong-password"), REMOTE_ADDR="10.9.8.7")
    client.post(LOGIN_URL, login_form("beleidsmedewerker", PASSWORD), REMOTE_ADDR="10.9.8.7")
    events = {LOGIN, LOGIN_FAILED}

    def logins_seen_by(username: str, region: str, **filters) -> set:
        response = _as(demo_user, username).get(reverse("governance:audit_search", args=[region]), filters)
        assert response.status_code == 200
        return {(row.entry.additional_data.get("event"), row.entry.remote_addr) for row in response.context["rows"]
                if row.entry.object_id == officer.pk and row.entry.additional_data.get("event")}

    # Only in Flevoland: its administrator reads them.
    assert {event for event, _addr in logins_seen_by("beheerder", "flevoland")} == events
    _in_zeeland_too(officer, zeeland)
    for username, region in (("zeeland-beheerder", "zeeland"), ("beheerder", "flevoland")):
        assert logins_seen_by(username, region) == set(), username
        assert logins_seen_by(username, region, kind=LOGIN) == set()
        assert logins_seen_by(username, region, person=officer.pk) == set()
    csv = _as(demo_user, "zeeland-beheerder").get(reverse("governance:audit_export", args=["zeeland"]))
    assert "10.9.8.7" not in csv.content.decode()


# ---- (d) After a reset, the password alone cannot set up a second factor; the mailed link can, once ----

def test_after_a_reset_only_the_mailed_link_sets_up_a_new_app_and_only_once(client, demo_user, officer,
                                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the administrator: before mandatory (no app here)
        _as(demo_user, "beheerder").post(reverse("governance:member_second_factor_reset",
                                                 args=["flevoland", officer.memberships.get().pk]))
    assert mail.outbox[-1].to == [officer.email]
    link = _mailed_link("/accounts/security/enrol/")
    assert link.split("/")[-2] not in str(list(EnrolmentLink.objects.values_list("token_hash", flat=True)))

    with mandatory:
        # Someone with her password only: no way to the setup.
        assert client.post(LOGIN_URL, login_form("beleidsmedewerker", PASSWORD)).status_code == 302
        assert client.get(reverse("home"))["Location"] == reverse("two_factor:enrolment_needed")
        assert client.get(reverse("two_factor:setup"))["Location"] == reverse("two_factor:enrolment_needed")
        client.post(reverse("two_factor:setup"), {"setup_view-current_step": "generator", "generator-token": "123456"})
        assert not TOTPDevice.objects.filter(user=officer).exists()
        client.post(reverse("logout"))

        # She opens the link: logs in, then sets up her new app.
        login_page = client.get(link)
        assert login_page["Location"].startswith(reverse("login"))
        client.post(LOGIN_URL, login_form("beleidsmedewerker", PASSWORD))
        assert client.get(link)["Location"] == reverse("two_factor:setup")
        setup = client.get(reverse("two_factor:setup"))
        device = TOTPDevice(key=setup.context["wizard"]["form"].key)
        response = client.post(reverse("two_factor:setup"),
                               {"setup_view-current_step": "generator", "generator-token": current_code(device)})
        assert response["Location"] == reverse("two_factor:setup_complete")
        assert TOTPDevice.objects.get(user=officer).confirmed
        client.post(reverse("logout"))

        # Once: the link no longer works, for her or anyone.
        again = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
        assert again.status_code == 200 and "The link has been used already" in again.content.decode()


@mandatory
def test_a_link_works_only_for_its_own_account(demo_user, officer):
    from governance.twofactor import enrolment_link_issue

    link = enrolment_link_issue(user=demo_user("projectleider"))
    page = _as(demo_user, "teammanager").get(link)
    assert "belongs to another account" in page.content.decode()
    assert EnrolmentLink.objects.get().used_at is None


def test_a_new_link_replaces_the_old_one(demo_user):
    from governance.twofactor import enrolment_link_find, enrolment_link_issue

    first = enrolment_link_issue(user=demo_user("projectleider")).split("/")[-2]
    second = enrolment_link_issue(user=demo_user("projectleider")).split("/")[-2]
    assert enrolment_link_find(first) is None and enrolment_link_find(second) is not None
    EnrolmentLink.objects.update(expires_at=timezone.now())
    assert enrolment_link_find(second) is None


def test_the_platform_staff_can_mail_a_new_link_from_the_command_line(demo_user,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_enrolment_link", "beheerder", stdout=io.StringIO())
    assert mail.outbox[-1].to == [demo_user("beheerder").email]
    assert EnrolmentLink.objects.get(user=demo_user("beheerder")).is_valid


@mandatory
def test_the_demo_with_two_factor_login_on_prints_a_set_up_link_per_demo_user():
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    links = re.findall(r"^  (\S+)\s+http\S+/accounts/security/enrol/\S+/$", output.getvalue(), re.MULTILINE)
    assert set(links) == {"beheerder", "beleidsmedewerker", "projectleider", "teammanager", "zeeland-beheerder",
                          "zeeland-projectleider"}  # not the alderman: it is optional for that role


# ---- (e) Wrong codes on the audit trail; (f) the throttle in Dutch -------------------------------------

def test_a_wrong_second_factor_code_is_audited_and_found_in_the_audit_search(client, demo_user, officer):
    device = officer.totpdevice_set.get()
    client.post(LOGIN_URL, login_form("beleidsmedewerker", PASSWORD))
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    client.post(LOGIN_URL, token_form(wrong), REMOTE_ADDR="10.1.2.3")
    entry = LogEntry.objects.get(additional_data__event=SECOND_FACTOR_FAILED)
    assert (entry.object_id, entry.actor, entry.remote_addr) == (officer.pk, None, "10.1.2.3")
    assert wrong not in str(entry.changes) + str(entry.additional_data)
    browser = Client()
    browser.force_login(demo_user("beheerder"))
    page = browser.get(reverse("governance:audit_search", args=["flevoland"]), {"kind": SECOND_FACTOR_FAILED},
                       HTTP_ACCEPT_LANGUAGE="nl")
    assert [row.entry.pk for row in page.context["rows"]] == [entry.pk]
    assert "Verkeerde code voor de tweede factor" in page.content.decode()


def test_the_throttle_message_is_in_dutch(client, officer):
    device = officer.totpdevice_set.get()
    client.post(LOGIN_URL, login_form("beleidsmedewerker", PASSWORD))
    device.throttling_failure_count = 3
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    response = client.post(LOGIN_URL, token_form(current_code(device)), HTTP_ACCEPT_LANGUAGE="nl")
    content = response.content.decode()
    assert "Verification temporarily disabled" not in content
    assert "Inloggen met een code is tijdelijk geblokkeerd na 3 mislukte pogingen" in content
    assert "_auth_user_id" not in client.session
    assert LogEntry.objects.filter(additional_data__event=SECOND_FACTOR_FAILED).count() == 1


# ---- The role matrix of the new pages --------------------------------------------------------------

# projectleider, wethouder, beleidsmedewerker, teammanager, beheerder, zeeland-projectleider
PAGES = {
    "invitations": Page(lambda: reverse("invitations"), [200] * 6),
    # Nobody in the demo has an open invitation: one that is not yours is not found.
    "invitation_respond": Page(lambda: reverse("invitation_respond", args=[1]), [404] * 6, method="post"),
    "invitation_respond_get": Page(lambda: reverse("invitation_respond", args=[1]), [405] * 6),
    # A link that does not (or no longer) work says so, to everyone.
    "enrol": Page(lambda: reverse("two_factor:enrol", args=["not-a-real-token"]), [200] * 6, anonymous=200),
    "enrolment_needed": Page(lambda: reverse("two_factor:enrolment_needed"), [200] * 6),
}


@pytest.mark.parametrize(("page", "username", "expected"), cases(PAGES))
def test_role_matrix(open_as, page, username, expected):
    assert open_as(username, PAGES[page]).status_code == expected


def test_a_new_person_goes_from_choosing_a_password_straight_to_the_set_up(client, demo_user,
                                                                           django_capture_on_commit_callbacks):
    """Choosing the password accepts the role that needs a second factor; the link in use stays the one."""
    with django_capture_on_commit_callbacks(execute=True):
        _invite(_as(demo_user, "beheerder"), Region.objects.get(slug="flevoland"), "nieuw@lelystad.example")
    link = _mailed_link("/accounts/security/enrol/")
    sent = len(mail.outbox)
    with mandatory, django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"new_password1": "een-lang-wachtwoord-42",
                                      "new_password2": "een-lang-wachtwoord-42"})
        assert response["Location"] == reverse("two_factor:setup")
        assert client.get(reverse("two_factor:setup")).status_code == 200
    assert len(mail.outbox) == sent
