"""Nobody learns whether an account exists from the login, the password reset or an invitation: a
known and an unknown name or address get the same status and page, and the request does the same
work (the same number of queries, no mail sent while the person waits) — a deterministic stand-in
for timing. common/tests/test_outbox.py measures the time itself with a slow mail server."""
from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from django.core import mail
from django.core.signals import request_finished
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import outbox
from common.models import OutboxMail
from governance.models import Membership, Region, Role

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def held_back():
    """Work after the response (the outbox's delivery, the reset's lookup) held back while the test
    measures the request; `release()` then does it, as the server does once the response is out."""
    request_finished.disconnect(dispatch_uid="samen_sturen_after_response")
    try:
        yield outbox._run_after_response
    finally:
        outbox._after_response.set(None)
        request_finished.connect(outbox._run_after_response, dispatch_uid="samen_sturen_after_response")


@contextmanager
def measured():
    """The queries and the mails sent inside the block."""
    before = len(mail.outbox)
    with CaptureQueriesContext(connection) as queries:
        result = {}
        yield result
    result["queries"] = len(queries)
    result["mails"] = len(mail.outbox) - before


def _page(response, typed: str) -> str:
    """The page with what differs between any two answers taken out: the CSRF token, and the name or
    address the person typed (echoed in the form)."""
    content = response.content.decode().replace(typed, "TYPED")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", content)


def _login(client, username: str, password: str = "fout-wachtwoord"):
    # Posted in the field names of Django's login form and of django-two-factor-auth's first step,
    # so that this test holds whichever login view serves the URL.
    return client.post(LOGIN, {"username": username, "password": password, "auth-username": username,
                               "auth-password": password, "login_view-current_step": "auth"})


# --- login -----------------------------------------------------------------------------------------

def test_a_failed_login_does_the_same_work_for_a_known_and_an_unknown_name(client):
    _login(client, "warm-up")  # first-request costs (content types, axes' caches) out of the way
    with measured() as known:
        known_response = _login(client, "projectleider")
    with measured() as unknown:
        unknown_response = _login(client, "niemand-hier")
    assert known_response.status_code == unknown_response.status_code == 200
    assert _page(known_response, "projectleider") == _page(unknown_response, "niemand-hier")
    assert known == unknown and known["mails"] == 0


def test_a_lockout_looks_the_same_for_a_known_and_an_unknown_name(client, settings):
    answers = {}
    for name in ("projectleider", "niemand-hier"):
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            _login(client, name)
        with measured() as work:
            locked = _login(client, name, "samen-sturen-demo")
        answers[name] = (locked.status_code, _page(locked, name), work["queries"])
    assert answers["projectleider"] == answers["niemand-hier"]
    assert answers["projectleider"][0] == 429


# --- password reset --------------------------------------------------------------------------------

def test_a_password_reset_does_the_same_work_for_a_known_and_an_unknown_address(client, held_back, demo_user):
    address = demo_user("wethouder").email
    client.get(reverse("password_reset"))
    with measured() as known:
        known_response = client.post(reverse("password_reset"), {"email": address})
    with measured() as unknown:
        unknown_response = client.post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert known_response.status_code == unknown_response.status_code == 302
    assert known_response["Location"] == unknown_response["Location"] == reverse("password_reset_done")
    assert known_response.content == unknown_response.content
    assert known == unknown and known["mails"] == 0
    assert not OutboxMail.objects.filter(to=address).exists()  # not even looked up yet

    held_back()  # the responses are out
    (message,) = mail.outbox
    assert message.to == [address] and "/accounts/reset/" in message.body


# --- invitation ------------------------------------------------------------------------------------

def _scope(region: Region) -> str:
    return f"region:{region.pk}"


def _add(client, email: str):
    return client.post(reverse("governance:member_add", args=["flevoland"]), {
        "email": email, "first_name": "Jan", "last_name": "de Vries", "role": Role.PROJECT_LEADER,
        "scope": _scope(Region.objects.get(slug="flevoland-noord")),
    }, follow=True, HTTP_ACCEPT_LANGUAGE="en")


def test_adding_a_known_or_an_unknown_address_looks_the_same_and_sends_one_mail_each(
        client_for, held_back, demo_user, django_capture_on_commit_callbacks):
    """The Zeeland project leader has an account, but not in Flevoland: its administrator must not be
    able to tell that from adding her."""
    client = client_for("beheerder")
    known_address = demo_user("zeeland-projectleider").email
    with django_capture_on_commit_callbacks(execute=True), measured() as known:
        known_response = _add(client, known_address)
    with django_capture_on_commit_callbacks(execute=True), measured() as unknown:
        unknown_response = _add(client, "j.devries@example.org")

    assert known_response.status_code == unknown_response.status_code == 200
    assert known_response.redirect_chain == unknown_response.redirect_chain
    messages = [[str(m) for m in response.context["messages"]] for response in (known_response, unknown_response)]
    invited = "{} has been invited to the role Regional project leader. The role starts when they accept."
    assert messages == [[invited.format(known_address)], [invited.format("j.devries@example.org")]]
    assert known["mails"] == unknown["mails"] == 0  # nothing sent while the administrator waits
    # Creating an account costs a few queries more (a username to pick and check, the account and its
    # audit entry, its set-up link): a fraction of a millisecond, against the mail server's round trip
    # that used to differ.
    assert 0 <= unknown["queries"] - known["queries"] <= 6

    held_back()
    assert sorted(message.to[0] for message in mail.outbox) == sorted([known_address, "j.devries@example.org"])
    assert all(message.subject == mail.outbox[0].subject for message in mail.outbox)
    # Neither is attached until its owner accepts; the people page lists both alike, by the address typed.
    assert not Membership.objects.filter(user__email__in=[known_address, "j.devries@example.org"],
                                         region__slug="flevoland-noord").exists()
    listing = client.get(reverse("governance:member_list", args=["flevoland"])).context["invitations"]
    assert [(i.email, i.role, i.scope.slug) for i in listing] == [
        ("j.devries@example.org", Role.PROJECT_LEADER, "flevoland-noord"),
        (known_address, Role.PROJECT_LEADER, "flevoland-noord")]
