"""Sessions: an idle timeout on top of the working-day limit, a list of one's own sessions, and
"log out everywhere".

Django's session table is not searchable by user, so UserSession maps a user to their session keys:
written at login, removed at logout, carried over to the new key whenever a session's key is renewed
(SessionStore below, this module being the SESSION_ENGINE), and refreshed (at most once a minute) by
the idle-timeout middleware, which also registers sessions that began before this table existed.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from .audit import LOGOUT_EVERYWHERE, audit_event
from .client_ip import client_ip
from .models import UserSession

# The moment of the last request that counted, in whole seconds since the epoch, in the session.
LAST_ACTIVITY = "samen_sturen_last_activity"
# The stamp is written at most this often, so that a busy page does not write its session each time.
TOUCH_EVERY = 60


def _now() -> int:
    return int(time.time())


def _register(request, user) -> None:
    key = request.session.session_key
    if not key:
        return
    now = timezone.now()
    updated = UserSession.objects.filter(session_key=key).update(user=user, last_seen=now)
    if not updated:
        # Two requests of one session at the same moment (a page and its charts, two tabs) may both
        # find no row: the second insert is skipped instead of failing on the unique key (the load
        # test met exactly that as a server error).
        UserSession.objects.bulk_create([UserSession(
            user=user, session_key=key, last_seen=now, ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:200])], ignore_conflicts=True)


class SessionStore(DatabaseSessionStore):
    """Django's database sessions, whose renewed key stays known to "log out everywhere".

    A password change (update_session_auth_hash) and a login renew the key of the session in the
    middle of the request, without a signal: the row moves to the new key at that moment, or the
    browser would stay logged in through a "log out everywhere" until its next recorded request."""

    def cycle_key(self) -> None:
        old_key = self.session_key
        super().cycle_key()
        if old_key and self.session_key != old_key:
            UserSession.objects.filter(session_key=old_key).update(session_key=self.session_key)


def _logged_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    request.session[LAST_ACTIVITY] = _now()
    _register(request, user)
    # Sessions that ended without a logout (browser closed, a working day passed) leave rows behind:
    # each login clears its own person's.
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    UserSession.objects.filter(user=user).exclude(session_key__in=live).delete()


def _logged_out(sender, request, user, **kwargs) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()


user_logged_in.connect(_logged_in, dispatch_uid="samen_sturen_session_login")
user_logged_out.connect(_logged_out, dispatch_uid="samen_sturen_session_logout")


def idle_limit_seconds() -> int:
    return settings.SESSION_IDLE_MINUTES * 60


class IdleTimeoutMiddleware:
    """Logs out a session that has seen no request for SESSION_IDLE_MINUTES and sends the person to
    the login page with a message that says why. Static files (served before this by WhiteNoise) and
    the health check do not count as activity."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt = tuple(path for path in (settings.STATIC_URL, "/health/") if path)

    def __call__(self, request):
        if request.path.startswith(self.exempt) or not request.user.is_authenticated:
            return self.get_response(request)
        now, last = _now(), request.session.get(LAST_ACTIVITY)
        if isinstance(last, int) and now - last > idle_limit_seconds():
            logout(request)
            minutes = settings.SESSION_IDLE_MINUTES
            messages.warning(request, ngettext(
                "You were logged out after %(minutes)d minute without activity. Please log in again.",
                "You were logged out after %(minutes)d minutes without activity. Please log in again.",
                minutes) % {"minutes": minutes})
            return redirect_to_login(request.get_full_path() if request.method == "GET" else "/")
        if not isinstance(last, int) or now - last >= TOUCH_EVERY:
            request.session[LAST_ACTIVITY] = now
            _register(request, request.user)
        return self.get_response(request)


@dataclass(frozen=True)
class ActiveSession:
    pk: int
    signed_in: datetime
    last_seen: datetime | None
    ip_address: str | None
    browser: str
    current: bool


def sessions_of_user(*, user, current_key: str | None) -> list[ActiveSession]:
    """The person's sessions that can still be used: not expired, not idle past the limit."""
    rows = list(UserSession.objects.filter(user=user))
    live = set(Session.objects.filter(session_key__in=[row.session_key for row in rows],
                                      expire_date__gt=timezone.now()).values_list("session_key", flat=True))
    idle_since = timezone.now() - timedelta(seconds=idle_limit_seconds())
    return [
        ActiveSession(pk=row.pk, signed_in=row.created_at, last_seen=row.last_seen, ip_address=row.ip_address,
                      browser=row.user_agent, current=row.session_key == current_key)
        for row in rows
        if row.session_key in live and (row.last_seen is None or row.last_seen >= idle_since
                                        or row.session_key == current_key)
    ]


def sessions_end_all(*, request) -> int:
    """Ends every session of the person making the request, this one included, and audits it.
    Returns how many sessions were ended."""
    user = request.user
    with transaction.atomic():
        keys = list(UserSession.objects.select_for_update().filter(user=user).values_list("session_key", flat=True))
        if request.session.session_key and request.session.session_key not in keys:
            keys.append(request.session.session_key)
        ended, _ = Session.objects.filter(session_key__in=keys).delete()
        UserSession.objects.filter(user=user).delete()
        audit_event(user=user, event=LOGOUT_EVERYWHERE, actor=user, remote_addr=client_ip(request))
    logout(request)
    return ended
