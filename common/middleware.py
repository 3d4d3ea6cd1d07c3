import sys

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views import defaults

from .client_ip import client_ip
from .storage import DISK_FULL


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, but trusting X-Forwarded-For only as far as our proxies go."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY as the Permissions-Policy header (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


def _is_locked(error: Exception) -> bool:
    # SQLite's words when the write lock stayed taken longer than the connection's timeout.
    return isinstance(error, OperationalError) and "locked" in str(error).lower()


def _is_unavailable(error: BaseException | None) -> bool:
    """The database could not be reached or dropped the connection (PostgreSQL restarting, shutting down,
    refusing connections), as opposed to a mistake in a query."""
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    return any(_connection_lost(connection, error) for connection in connections.all(initialized_only=True))


def _connection_lost(connection, error: BaseException) -> bool:
    if connection.vendor == "sqlite" or error.__cause__ is None:
        # A file has no server to lose; and an error the driver did not raise says nothing about one.
        return False
    raw = connection.connection
    if raw is None:  # it could not even connect: the server refused, or said it is starting or stopping
        code = getattr(error.__cause__, "pgcode", "")
        return code is None or code.startswith(("08", "57P"))
    if connection.vendor == "postgresql":
        # psycopg marks a connection the server dropped as closed; asking with a query instead would
        # also fail inside a transaction that an ordinary error aborted.
        return bool(raw.closed)
    return not connection.is_usable()


def busy_response(request, *, unavailable: bool):
    """The 503 page that says the database is busy or unreachable, keeps what was posted (but never a
    secret) and offers to send it again."""
    posted = request.POST.lists() if request.method == "POST" else []
    # Secrets are never written back into a page; the person types them again.
    fields, secrets = [], False
    for key, values in posted:
        if key == "csrfmiddlewaretoken":
            continue
        if "password" in key or "token" in key:
            secrets = True
            continue
        fields.extend((key, value) for value in values)
    context = {
        "fields": fields, "had_files": bool(request.FILES), "had_secrets": secrets,
        "is_post": request.method == "POST", "unavailable": unavailable,
    }
    if unavailable:
        # Without context processors: they would read the session, the user and the navigation from
        # the database that is not there. The page shows no user menu; the form still carries a CSRF
        # token, which needs no database.
        context |= {"request": request, "csrf_token": get_token(request)}
        response = HttpResponse(render_to_string("busy.html", context), status=503)
    else:
        response = render(request, "busy.html", context, status=503)
    response["Retry-After"] = "5"
    return response


class DatabaseBusyMiddleware:
    """A write that could not get the database in time (SQLite under a burst of saves), or a request that
    met the database unreachable (PostgreSQL restarting), answers with a page that says so and offers to
    send the same input again, instead of a server error. An error raised before the view (a middleware
    reading the session) reaches `server_error` below instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if _is_locked(exception):
            return busy_response(request, unavailable=False)
        if _is_unavailable(exception):
            return busy_response(request, unavailable=True)
        return None


def server_error(request):
    """handler500: the busy page when the error was the database being unreachable, wherever it was met
    (a middleware that loads the session or the user meets it before any view); a page that says the
    disk is full when an upload could not even be received (Django writes a large upload to a temporary
    file while reading the request); otherwise Django's."""
    error = sys.exc_info()[1]
    if _is_unavailable(error):
        return busy_response(request, unavailable=True)
    if isinstance(error, OSError) and error.errno in DISK_FULL:
        # What was posted cannot be kept: reading it is what failed. No context processors: the page
        # must not depend on anything else going right.
        response = HttpResponse(render_to_string("busy.html", {"disk_full": True, "request": request}), status=507)
        response["Retry-After"] = "60"
        return response
    return defaults.server_error(request)
