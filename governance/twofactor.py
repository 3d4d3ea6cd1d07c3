"""Who must log in with a second factor, and the administrator's reset of one.

The rule has one home here: the middleware (governance/middleware.py), the account security page and
the tests ask `second_factor_required(user)`. Whether it is enforced at all is the setting
TWO_FACTOR_MANDATORY (always on in production; docs/adr/0014-two-factor-login.md).
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.audit import SECOND_FACTOR_RESET, audit_event

from .models import Membership, Role
from .roles import ROLE_PERMISSIONS


def role_requires_second_factor(role: Role) -> bool:
    """The alderman (wethouder) reads overviews: counts, figures, the register, escalations as a list.
    A role that may do anything more (see casework, see people, change data) needs a second factor.
    tests guard that the alderman's permissions stay read-only, so nobody slips through this way."""
    return not ROLE_PERMISSIONS[role] <= ROLE_PERMISSIONS[Role.ALDERMAN]


def second_factor_required(user) -> bool:
    """Whether `user` must use a second factor (when TWO_FACTOR_MANDATORY is on). One query, cached
    on the user object for the rest of the request."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_samen_sturen_second_factor_required", None)
    if cached is None:
        roles = set(Membership.objects.filter(user=user).order_by().values_list("role", flat=True).distinct())
        cached = user.is_staff or user.is_superuser or any(role_requires_second_factor(Role(r)) for r in roles)
        user._samen_sturen_second_factor_required = cached
    return cached


def second_factor_enforced(user) -> bool:
    return settings.TWO_FACTOR_MANDATORY and second_factor_required(user)


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def second_factor_reset(*, actor, user, remote_addr: str | None = None) -> int:
    """Remove `user`'s authenticator app and backup codes, so that their next login asks them to set
    up a new one (when it is mandatory for them). The caller checks that `actor` manages a region
    where `user` holds a role. Returns the number of devices removed."""
    if user.pk == getattr(actor, "pk", None):
        raise ValidationError(
            _("Nobody can reset their own second factor; ask another functional administrator."),
            code="own_second_factor")
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _details = model.objects.filter(user=user).delete()
        removed += count
    audit_event(user=user, event=SECOND_FACTOR_RESET, actor=actor, remote_addr=remote_addr)
    return removed
