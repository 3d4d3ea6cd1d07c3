"""Logins and failed logins on the audit trail, so that the audit search covers them with changes and
reads (docs/adr/0013-audit-search.md).

A failed login is recorded for every name, known or not, so that a request with a known name does
exactly the work of one with an unknown name: the same lookup and one insert (a difference of one
insert is measurable from outside and would tell who has an account). The entry for an unknown name
names no account and keeps nothing of what was typed: it may be a password typed in the wrong box,
and it has no region whose administrator could read it. django-axes counts and locks names without
asking whether they exist, so a lockout looks the same for both as well.
"""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed

from common.audit import LOGIN, LOGIN_FAILED, audit_event
from common.client_ip import client_ip


def _address(request) -> str | None:
    return client_ip(request) if request is not None else None


def _logged_in(sender, request, user, **kwargs) -> None:
    audit_event(user=user, event=LOGIN, actor=user, remote_addr=_address(request))


def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    model = get_user_model()
    name = credentials.get(model.USERNAME_FIELD)
    user = model._default_manager.filter(**{model.USERNAME_FIELD: name}).first() if isinstance(name, str) else None
    audit_event(user=user, event=LOGIN_FAILED, remote_addr=_address(request))


user_logged_in.connect(_logged_in, dispatch_uid="samen_sturen_audit_login")
user_login_failed.connect(_login_failed, dispatch_uid="samen_sturen_audit_login_failed")
