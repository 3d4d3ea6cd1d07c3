"""Who must log in with a second factor, and the administrator's reset of one.

The rule has one home here: the middleware (governance/middleware.py), the account security page and
the tests ask `second_factor_required(user)`. Whether it is enforced at all is the setting
TWO_FACTOR_MANDATORY (always on in production; docs/adr/0014-two-factor-login.md).
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.audit import SECOND_FACTOR_RESET, audit_event
from common.outbox import mail_queue

from .access import account_administered_by
from .models import EnrolmentLink, Membership, Role, token_hash
from .roles import ROLE_PERMISSIONS

# How long a mailed link to set up a second factor works (as long as the link to choose a password).
ENROLMENT_LINK_VALID = timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
# The session key holding the enrolment link a person arrived with (its id).
ENROLMENT_SESSION_KEY = "samen_sturen_enrolment_link"


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


def not_administered_message() -> str:
    return _("This person also has a role outside the regions you administer. Only a functional "
             "administrator of every region the account belongs to, or the platform's staff, can reset its "
             "second factor or read its logins.")


@transaction.atomic
def second_factor_reset(*, actor, user, remote_addr: str | None = None) -> int:
    """Remove `user`'s authenticator app and backup codes, and mail them a link to set up a new one:
    their password alone never lets anyone set one up where it is mandatory. Also how an administrator
    sends a fresh link to someone who has none yet. Only for an account whose every role lies in regions
    `actor` administers (PermissionDenied otherwise). Returns the number of devices removed."""
    if user.pk == getattr(actor, "pk", None):
        raise ValidationError(
            _("Nobody can reset their own second factor; ask another functional administrator."),
            code="own_second_factor")
    if not account_administered_by(actor, user):
        raise PermissionDenied(not_administered_message())
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _details = model.objects.filter(user=user).delete()
        removed += count
    audit_event(user=user, event=SECOND_FACTOR_RESET, actor=actor, remote_addr=remote_addr)
    enrolment_link_send(user=user, reset=bool(removed))
    return removed


def enrolment_link_send(*, user, reset: bool = False) -> None:
    """Mail `user` a new link to set up a second factor (through the outbox, after the commit)."""
    link = enrolment_link_issue(user=user)
    mail_queue(to=user.email, subject=_("Set up two-factor login for Samen Sturen"),
               body=render_to_string("two_factor/enrolment_email.txt", {
                   "user": user, "link": link, "had_second_factor": reset, "valid_days": ENROLMENT_LINK_VALID.days}))


def enrolment_link_issue(*, user) -> str:
    """A new link for `user` to set up a second factor (earlier ones stop working); its absolute URL.
    The caller mails it: only the hash is kept."""
    now = timezone.now()
    EnrolmentLink.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    token = secrets.token_urlsafe(32)
    EnrolmentLink.objects.create(user=user, token_hash=token_hash(token), expires_at=now + ENROLMENT_LINK_VALID)
    return settings.SITE_URL + reverse("two_factor:enrol", args=[token])


def enrolment_link_find(token: str) -> EnrolmentLink | None:
    """The link behind a mailed token, if it still works."""
    link = EnrolmentLink.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    return link if link is not None and link.is_valid and link.user.is_active else None


def enrolment_link_of_session(request) -> EnrolmentLink | None:
    """The still-working link this logged-in person arrived with, if any."""
    pk = request.session.get(ENROLMENT_SESSION_KEY)
    if pk is None or not request.user.is_authenticated:
        return None
    link = EnrolmentLink.objects.filter(pk=pk, user=request.user).first()
    return link if link is not None and link.is_valid else None


def enrolment_link_use(*, link: EnrolmentLink) -> bool:
    """Mark the link used (once: a conditional update, so two set-ups at once cannot both use it)."""
    return bool(EnrolmentLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=timezone.now()))
