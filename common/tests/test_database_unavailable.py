"""The database going away under the app (PostgreSQL restarting): a request that meets it gets the busy
page (503) instead of a server error, and the next request after the restart works again, because a
reused connection is health-checked before use (CONN_HEALTH_CHECKS) and replaced when it is dead.

bench/fault_pg_restart.sh does the same under load against a real restart."""
from __future__ import annotations

import io
from unittest import mock

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.test import Client
from django.test.client import RequestFactory
from django.urls import reverse

from common.middleware import _is_unavailable
from tests.logins import login_form

RESTARTING = "waarschijnlijk omdat die opnieuw opstart"  # pages are Dutch by default


def served(path: str) -> tuple[int, str]:
    """One request through the real WSGI handler, as gunicorn runs it: unlike the test client, it opens
    and checks the database connections at the start and end of the request."""
    environ = RequestFactory().get(path).environ
    environ["wsgi.input"] = io.BytesIO(b"")
    status = []
    body = b"".join(WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s)))
    return int(status[0].split()[0]), body.decode()


def dead_connection(monkeypatch):
    """The connection as a server restart leaves it: whatever is asked fails, and it counts as lost."""
    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("common.middleware._connection_lost", lambda connection, error: True)
    return refuse


# --- On any database --------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_view_that_meets_the_database_gone_answers_with_the_busy_page(monkeypatch):
    refuse = dead_connection(monkeypatch)
    client = Client(raise_request_exception=False)
    with mock.patch("common.views.connection.cursor", refuse):
        response = client.get(reverse("health"))
    assert response.status_code == 503 and response["Retry-After"]
    assert RESTARTING in response.content.decode()


@pytest.mark.django_db
def test_a_middleware_that_meets_the_database_gone_answers_with_the_busy_page(client_for, monkeypatch):
    """Reading the session happens before any view (the audit middleware asks who is logged in), so the
    error reaches the server-error handler rather than the middleware's `process_exception`."""
    client = client_for("projectleider")
    client.raise_request_exception = False
    refuse = dead_connection(monkeypatch)
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", refuse):
        response = client.get(reverse("governance:region_list"))
    page = response.content.decode()
    assert response.status_code == 503
    assert RESTARTING in page
    assert "Ingelogd als" not in page  # rendered without reading the user from the database


@pytest.mark.django_db
def test_a_posted_form_is_kept_on_the_busy_page_but_not_a_password(monkeypatch):
    refuse = dead_connection(monkeypatch)
    client = Client(raise_request_exception=False)
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", refuse), \
            mock.patch("django.contrib.auth.forms.authenticate", refuse):
        response = client.post(reverse("login"), login_form("projectleider", "secret-one"))
    page = response.content.decode()
    assert response.status_code == 503
    assert 'name="auth-username" value="projectleider"' in page
    assert "secret-one" not in page


@pytest.mark.django_db
def test_an_error_in_a_query_on_a_working_database_is_still_a_server_error():
    assert not _is_unavailable(OperationalError("no such column: nonsense"))
    assert not _is_unavailable(ValueError("not a database error"))


# --- On PostgreSQL: a real connection ended by the server -------------------------------------------------

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="ends a PostgreSQL backend")


def terminate_app_connection() -> None:
    """What a restart does to the app's connection, from a second connection, as the server would."""
    pid = connection.connection.get_backend_pid()
    settings = connection.settings_dict
    other = psycopg2.connect(dbname=settings["NAME"], user=settings["USER"], password=settings["PASSWORD"],
                             host=settings["HOST"] or None, port=settings["PORT"] or None)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone()[0]
    finally:
        other.close()


@postgresql_only
@pytest.mark.django_db(transaction=True)  # autocommit, as in production: the connection outlives the request
def test_the_request_after_the_server_ended_the_connection_succeeds():
    assert served("/health/")[0] == 200
    assert connection.connection is not None and connection.settings_dict["CONN_MAX_AGE"] > 0
    first = connection.connection.get_backend_pid()
    terminate_app_connection()

    status, _body = served("/health/")

    assert status == 200
    assert connection.connection.get_backend_pid() != first  # replaced, not reused


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_without_health_checks_the_dead_connection_gives_the_busy_page_then_recovers(monkeypatch):
    """The same without the health check: the dead connection is used, the request gets the busy page
    (not a traceback), and the broken connection is closed so that the request after it works."""
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    assert served("/health/")[0] == 200
    terminate_app_connection()

    status, body = served("/health/")
    assert status == 503 and RESTARTING in body

    assert served("/health/")[0] == 200
