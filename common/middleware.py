from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.db import OperationalError
from django.shortcuts import render

from .client_ip import client_ip


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


class DatabaseBusyMiddleware:
    """A write that could not get the database in time (SQLite under a burst of saves) answers with a
    page that says so and offers to send the same input again, instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not _is_locked(exception):
            return None
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
        response = render(request, "busy.html", {
            "fields": fields, "had_files": bool(request.FILES), "had_secrets": secrets,
            "is_post": request.method == "POST",
        }, status=503)
        response["Retry-After"] = "5"
        return response
