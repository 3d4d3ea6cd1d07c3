"""Sessions: the idle timeout, the sessions page and "log out everywhere"."""
from __future__ import annotations

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.test import Client, RequestFactory
from django.urls import reverse

from common.audit import LOGOUT_EVERYWHERE
from common.models import UserSession
from common.sessions import LAST_ACTIVITY, _register
from tests.logins import LOGIN, login_form
from tests.role_matrix import Page, cases

pytestmark = pytest.mark.django_db

HOME = "/"
PASSWORD, NEW_PASSWORD = "samen-sturen-demo", "een-nieuw-lang-wachtwoord"
MONDAY_MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def _english(client: Client, url: str, **kwargs):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en", **kwargs)


# --- idle timeout ------------------------------------------------------------------------------------

def test_29_minutes_without_activity_keep_the_session(client_for):
    with time_machine.travel(MONDAY_MORNING, tick=False) as clock:
        client = client_for("projectleider")
        assert client.get(HOME).status_code == 200
        for _visit in range(3):  # an hour and a half in all, never 30 minutes in a row
            clock.shift(timedelta(minutes=29))
            assert client.get(HOME).status_code == 200


def test_31_minutes_without_activity_log_out_with_a_message(client_for):
    with time_machine.travel(MONDAY_MORNING, tick=False) as clock:
        client = client_for("projectleider")
        assert client.get(HOME).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = _english(client, reverse("governance:region_list"))
        assert response.status_code == 302
        assert response["Location"] == reverse("login") + "?next=" + reverse("governance:region_list")
        page = _english(client, response["Location"]).content.decode()
        assert "You were logged out after 30 minutes without activity." in page
        assert not UserSession.objects.filter(user__username="projectleider").exists()
        assert client.get(HOME).status_code == 302  # and it stays logged out


def test_the_idle_limit_is_a_setting(client_for, settings):
    settings.SESSION_IDLE_MINUTES = 5
    with time_machine.travel(MONDAY_MORNING, tick=False) as clock:
        client = client_for("projectleider")
        clock.shift(timedelta(minutes=6))
        response = client.get(HOME, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "You were logged out after 5 minutes without activity." in response.content.decode()


def test_the_last_activity_is_written_at_most_once_a_minute(client_for, django_assert_num_queries):
    with time_machine.travel(MONDAY_MORNING, tick=False) as clock:
        client = client_for("projectleider")
        client.get(HOME)
        clock.shift(timedelta(seconds=30))
        stamp = client.session[LAST_ACTIVITY]
        client.get(HOME)
        assert client.session[LAST_ACTIVITY] == stamp
        clock.shift(timedelta(seconds=31))
        client.get(HOME)
        assert client.session[LAST_ACTIVITY] == stamp + 61


def test_the_health_check_does_not_count_as_activity(client_for):
    with time_machine.travel(MONDAY_MORNING, tick=False) as clock:
        client = client_for("projectleider")
        client.get(HOME)
        for _check in range(4):
            clock.shift(timedelta(minutes=10))
            assert client.get("/health/").status_code == 200
        assert client.get(HOME).status_code == 302


# --- the sessions page and log out everywhere ------------------------------------------------------

def test_the_sessions_page_lists_the_persons_own_sessions(client_for, demo_user):
    other = Client(REMOTE_ADDR="10.0.0.9", HTTP_USER_AGENT="Firefox op de werkplek")
    other.force_login(demo_user("projectleider"))
    # force_login has no browser to note; a session from before this table is registered with its
    # browser and address on its first request.
    UserSession.objects.filter(session_key=other.session.session_key).delete()
    session = other.session
    del session[LAST_ACTIVITY]
    session.save()
    other.get(HOME)
    Client().force_login(demo_user("wethouder"))  # someone else's: not listed
    page = _english(client_for("projectleider"), reverse("sessions")).content.decode()
    assert page.count("<tr>") == 1 + 2  # the header and two sessions
    assert "(this session)" in page
    assert "Firefox op de werkplek" in page and "10.0.0.9" in page


def test_log_out_everywhere_ends_every_session_of_the_person(client_for, demo_user):
    elsewhere = Client()
    elsewhere.force_login(demo_user("projectleider"))
    someone_else = Client()
    someone_else.force_login(demo_user("wethouder"))
    client = client_for("projectleider")
    assert elsewhere.get(HOME).status_code == 200

    response = client.post(reverse("sessions_end_all"), REMOTE_ADDR="10.0.0.7", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "You were logged out on 2 devices and browsers." in _english(client, reverse("login")).content.decode()
    assert client.get(HOME).status_code == 302
    assert elsewhere.get(HOME).status_code == 302  # the other browser is out on its next click
    assert someone_else.get(HOME).status_code == 200  # nobody else is
    assert not UserSession.objects.filter(user__username="projectleider").exists()
    (entry,) = LogEntry.objects.filter(additional_data__event=LOGOUT_EVERYWHERE)
    assert (entry.object_id, entry.actor_id, entry.remote_addr) == (
        demo_user("projectleider").pk, demo_user("projectleider").pk, "10.0.0.7")


def test_log_out_everywhere_also_ends_a_session_from_before_the_sessions_were_tracked(client_for, demo_user):
    elsewhere = Client()
    elsewhere.force_login(demo_user("projectleider"))
    UserSession.objects.all().delete()  # as for a session that began before this release
    session = elsewhere.session
    del session[LAST_ACTIVITY]
    session.save()
    elsewhere.get(HOME)  # its first request registers it
    assert client_for("projectleider").post(reverse("sessions_end_all")).status_code == 302
    assert elsewhere.get(HOME).status_code == 302


def test_log_out_everywhere_ends_a_session_right_after_its_password_change(client_for):
    """Changing the password renews the session's key (update_session_auth_hash); the new key must be
    known to "log out everywhere" from the change itself on, not only after a later request."""
    changed = client_for("projectleider")
    response = changed.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    other = Client()  # another browser, logging in with the new password at once
    assert other.post(LOGIN, login_form("projectleider", NEW_PASSWORD)).status_code == 302
    assert other.post(reverse("sessions_end_all")).status_code == 302
    assert changed.get(HOME).status_code == 302
    assert changed.get(reverse("password_change_done")).status_code == 302


def test_a_renewed_session_key_is_recorded_in_the_same_request(client_for):
    client = client_for("projectleider")
    old_key = client.session.session_key
    client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    new_key = client.session.session_key
    assert new_key != old_key
    assert list(UserSession.objects.filter(user__username="projectleider").values_list("session_key", flat=True)) == [
        new_key]
    page = _english(client, reverse("sessions")).content.decode()
    assert page.count("<tr>") == 1 + 1 and "(this session)" in page


def test_log_out_everywhere_is_a_post_with_a_csrf_token(demo_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo_user("projectleider"))
    assert client.get(reverse("sessions_end_all")).status_code == 405
    assert client.post(reverse("sessions_end_all")).status_code == 403
    assert client.get(HOME).status_code == 200


def test_the_audit_search_finds_log_out_everywhere_by_its_kind(client_for):
    client_for("projectleider").post(reverse("sessions_end_all"))
    page = client_for("beheerder").get(reverse("governance:audit_search", args=["flevoland"]),
                                       {"kind": LOGOUT_EVERYWHERE}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 1
    assert "Logged out everywhere" in page.content.decode()


MATRIX = {
    "sessions": Page(lambda: reverse("sessions"), [200, 200, 200, 200, 200, 200]),
    "sessions_end_all": Page(lambda: reverse("sessions_end_all"), [405, 405, 405, 405, 405, 405]),
}


@pytest.mark.parametrize(("page", "username", "expected"), cases(MATRIX))
def test_role_matrix(open_as, page, username, expected):
    assert open_as(username, MATRIX[page]).status_code == expected


@pytest.mark.parametrize("page", list(MATRIX))
def test_anonymous_is_sent_to_login(client, page):
    response = getattr(client, MATRIX[page].method)(MATRIX[page].url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_login_clears_the_rows_of_the_persons_sessions_that_have_ended(client_for, demo_user):
    elsewhere = Client()
    elsewhere.force_login(demo_user("projectleider"))
    Session.objects.filter(session_key=elsewhere.session.session_key).delete()  # expired and cleared
    client = client_for("projectleider")
    assert list(UserSession.objects.filter(user__username="projectleider").values_list("session_key", flat=True)) == [
        client.session.session_key]


def test_two_requests_of_a_new_session_at_once_register_it_once(client_for, demo_user):
    """The interleaving the load test met: both requests find no row, the other inserts it first."""
    client = client_for("projectleider")
    key = client.session.session_key
    request = RequestFactory().get("/")
    request.session = client.session
    _register(request, demo_user("projectleider"))  # the other request, first
    with mock.patch.object(QuerySet, "update", return_value=0):  # this one saw no row yet
        _register(request, demo_user("projectleider"))
    assert UserSession.objects.filter(session_key=key).count() == 1
