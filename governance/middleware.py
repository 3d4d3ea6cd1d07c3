"""Keeps a session that still owes its second factor away from the pages (governance/twofactor.py)."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from .twofactor import enrolment_link_of_session, has_second_factor, second_factor_required

# What a person who has to set up a second factor may still open: logging out, the language switch, the
# health check, the public pages around logging in, the mailed link to set it up and the page that
# explains that link.
_OPEN_URL_NAMES = frozenset({
    "login", "logout", "set_language", "health", "accessibility",
    "password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete",
    "two_factor:enrol", "two_factor:enrolment_needed",
})
# The setup itself: only for a session that arrived through the mailed link (docs/adr/0017).
_SETUP_URL_NAMES = frozenset({"two_factor:setup", "two_factor:qr", "two_factor:setup_complete"})


def _view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _is_open(path: str) -> bool:
    return path.startswith(settings.STATIC_URL) or _view_name(path) in _OPEN_URL_NAMES


class SecondFactorMiddleware:
    """When TWO_FACTOR_MANDATORY is on and the person needs a second factor: without a confirmed
    authenticator app they are sent to set one up if they came through the link mailed to them, and
    otherwise to a page that tells them to use that link; with one, a session that did not pass it
    (logged in some other way than the two-step login) is ended and they log in again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not (settings.TWO_FACTOR_MANDATORY and user.is_authenticated and not user.is_verified()):
            return self.get_response(request)
        if not second_factor_required(user):
            return self.get_response(request)
        if has_second_factor(user):
            # Not even the setup page: it would let such a session verify itself with a new app.
            path = request.get_full_path()
            logout(request)
            return self.get_response(request) if _is_open(request.path_info) else redirect_to_login(path)
        if _is_open(request.path_info):
            return self.get_response(request)
        if enrolment_link_of_session(request) is None:
            return redirect("two_factor:enrolment_needed")
        if _view_name(request.path_info) in _SETUP_URL_NAMES:
            return self.get_response(request)
        return redirect("two_factor:setup")
