"""Login throttling: django-axes locks one username from one address after a few failures; this adds
a limit per address over all usernames, so that one password tried across many accounts (password
spraying) is stopped too. The limit is higher, because an office shares one address."""
from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from .client_ip import client_ip


class LoginThrottleHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        if self.address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            # Axes only marks a request locked out when the username's own count is reached; this
            # mark makes its middleware answer with the lockout page here too.
            request.axes_locked_out = True
            return True
        return False

    @staticmethod
    def address_failures(request) -> int:
        """Failed logins from the request's address within the cool-off time, whatever the username."""
        address = getattr(request, "axes_ip_address", None) or client_ip(request)
        if not address:
            return 0
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        failures = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
            total=Sum("failures_since_start"))["total"]
        return failures or 0


# The length of axes' AccessAttempt.username. Django's login form does not refuse a longer name before
# authenticating (its max_length only reaches the widget), so a 10,000-character name reached the
# database, where PostgreSQL refused it with a server error. Cut to this, names still throttle apart.
_AXES_USERNAME_LENGTH = 255


def login_username(request, credentials: dict | None = None) -> str | None:
    """The username a login attempt is for, wherever axes asks: the authentication backend passes
    `username`; the two-factor login form posts it as `auth-username` (its first step's prefix)."""
    if credentials:
        name = credentials.get("username")
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        name = data.get("auth-username") or data.get("username")
    return name[:_AXES_USERNAME_LENGTH] if isinstance(name, str) else name
