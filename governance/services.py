"""Writes to memberships and users. Every change is on the audit trail with the acting user."""
from __future__ import annotations

import re

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from common.audit import acting_as, audit_refusal
from common.outbox import mail_queue
from common.versioning import locked_row

from .access import access_for
from .models import Membership, Municipality, Region, Role
from .roles import Perm
from .selectors import region_tree_ids

User = get_user_model()


def _check_scope(*, actor, region: Region, scope: Region | Municipality) -> None:
    """An administrator may grant roles only where they manage people.

    A municipality role also opens every region around the municipality for reading, so granting
    one needs the right to manage people in all of those regions.
    """
    if isinstance(scope, Region):
        if scope.id not in region_tree_ids(region):
            raise ValidationError(_("That region is not part of %(region)s.") % {"region": region})
        return
    if not scope.is_active or not region.municipalities.filter(pk=scope.pk).exists():
        raise ValidationError(_("That municipality is not part of %(region)s.") % {"region": region})
    managed = access_for(actor).regions_with(Perm.MANAGE_MEMBERS)
    around = Region.objects.filter(municipalities=scope).exclude(id__in=managed)
    if around.exists():
        raise ValidationError(
            _("A role in %(municipality)s also gives access to %(regions)s; only their administrators can grant it.")
            % {"municipality": scope, "regions": ", ".join(r.name for r in around)}
        )


def _check_administrator_remains(*, membership: Membership, leaving: bool) -> None:
    """A region must keep an active functional administrator (its own or a parent region's)."""
    if membership.role != Role.ADMINISTRATOR or membership.region_id is None or not leaving:
        return
    # Lock the region so that two administrators cannot remove each other at the same moment.
    Region.objects.select_for_update().filter(pk=membership.region_id).exists()
    others = Membership.objects.filter(
        region_id__in=[membership.region_id, *Region.objects.ancestor_ids(membership.region_id)],
        role=Role.ADMINISTRATOR, user__is_active=True,
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(_("This is the last functional administrator of the region; appoint another first."))


def _queue_invitation(*, user, region: Region) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.SITE_URL + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    context = {"user": user, "region": region, "link": link}
    mail_queue(to=user.email, subject=_("Your access to Samen Sturen"),
               body=render_to_string("registration/invitation_email.txt", context))


def _queue_access_granted(*, user, region: Region) -> None:
    """An existing account hears of its new access too, so that adding a known address sends one mail
    just as adding a new one does (the administrator cannot tell them apart by what happens)."""
    if not user.has_usable_password():  # invited before and never chose a password: a fresh link
        _queue_invitation(user=user, region=region)
        return
    context = {"user": user, "region": region, "link": settings.SITE_URL + reverse("login")}
    mail_queue(to=user.email, subject=_("Your access to Samen Sturen"),
               body=render_to_string("registration/access_granted_email.txt", context))


def _free_username(email: str) -> str:
    """A valid, unused username derived from the e-mail address."""
    base = re.sub(r"[^\w.@+-]", "-", email.lower())[:140]
    candidate, number = base, 1
    while User.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def user_get_or_invite(*, actor, email: str, first_name: str, last_name: str, region: Region):
    """The user with this e-mail address, or a new one who receives a link to choose a password.

    Either way one mail is queued (in this transaction, sent after the response: common/outbox.py), so
    that neither the page nor its timing tells the administrator whether the address had an account."""
    email = User.objects.normalize_email(email).strip()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        _queue_access_granted(user=existing, region=region)
        return existing
    user = User(username=_free_username(email), email=email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_unusable_password()
    try:
        user.full_clean()
    except ValidationError as error:
        raise ValidationError(error.messages) from None
    with acting_as(actor):
        user.save()
    _queue_invitation(user=user, region=region)
    return user


def refuse_own_membership(*, actor, region: Region | None, membership: Membership, action: int,
                          changes: dict[str, list]) -> None:
    """Nobody grants, changes or removes their own roles: a functional administrator could otherwise
    make themselves policy officer and read and decide escalations (and, later, cases). The attempt
    is audited, outside any transaction, so that the refusal does not roll its record back."""
    if membership.user_id != getattr(actor, "pk", None):
        return
    reason = _("Nobody can grant, change or remove their own roles; ask another functional administrator.")
    audit_refusal(actor=actor, instance=membership, action=action, changes=changes, reason=reason,
                  scope={"region_id": membership.region_id or getattr(region, "pk", None)})
    raise ValidationError(reason, code="own_membership")


def scope_changes(membership: Membership, role: Role, scope: Region | Municipality) -> dict[str, list]:
    return {
        "role": [membership.role or None, role],
        "region": [membership.region_id, scope.pk if isinstance(scope, Region) else None],
        "municipality": [membership.municipality_id, scope.pk if isinstance(scope, Municipality) else None],
    }


def membership_create(
    *, actor, region: Region, email: str, first_name: str, last_name: str, role: Role,
    scope: Region | Municipality,
) -> Membership:
    existing = User.objects.filter(email__iexact=User.objects.normalize_email(email).strip()).first()
    if existing is not None:
        changes = {"user": [None, existing.pk]} | scope_changes(Membership(), role, scope)
        # Filled in as it was asked for, so that the history names the role and the place.
        attempt = Membership(user=existing, role=role, region=scope if isinstance(scope, Region) else None,
                             municipality=scope if isinstance(scope, Municipality) else None)
        refuse_own_membership(actor=actor, region=region, membership=attempt, action=LogEntry.Action.CREATE,
                              changes=changes)
    return _membership_create(actor=actor, region=region, email=email, first_name=first_name, last_name=last_name,
                              role=role, scope=scope)


@transaction.atomic
def _membership_create(
    *, actor, region: Region, email: str, first_name: str, last_name: str, role: Role,
    scope: Region | Municipality,
) -> Membership:
    _check_scope(actor=actor, region=region, scope=scope)
    user = user_get_or_invite(actor=actor, email=email, first_name=first_name, last_name=last_name, region=region)
    membership = Membership(
        user=user,
        role=role,
        region=scope if isinstance(scope, Region) else None,
        municipality=scope if isinstance(scope, Municipality) else None,
    )
    if Membership.objects.filter(
        user=user, role=role, region=membership.region, municipality=membership.municipality
    ).exists():
        raise ValidationError(_("%(email)s already has this role there.") % {"email": email})
    membership.full_clean()
    with acting_as(actor):
        membership.save()
    return membership


def membership_update(
    *, actor, region: Region, membership: Membership, role: Role, scope: Region | Municipality, version: int
) -> Membership:
    refuse_own_membership(actor=actor, region=region, membership=membership, action=LogEntry.Action.UPDATE,
                          changes=scope_changes(membership, role, scope))
    return _membership_update(actor=actor, region=region, membership=membership, role=role, scope=scope,
                              version=version)


@transaction.atomic
def _membership_update(
    *, actor, region: Region, membership: Membership, role: Role, scope: Region | Municipality, version: int
) -> Membership:
    locked = locked_row(Membership.objects.all(), membership.pk, expected=version, message=_(
        "Someone else changed this membership while you were editing it. Check the current values and try again."))
    _check_scope(actor=actor, region=region, scope=scope)
    new_region = scope if isinstance(scope, Region) else None
    _check_administrator_remains(
        membership=locked,
        leaving=role != Role.ADMINISTRATOR or new_region is None or new_region.id != locked.region_id,
    )
    locked.role = role
    locked.region = new_region
    locked.municipality = scope if isinstance(scope, Municipality) else None
    if Membership.objects.filter(
        user_id=locked.user_id, role=role, region=locked.region, municipality=locked.municipality
    ).exclude(pk=locked.pk).exists():
        raise ValidationError(_("%(user)s already has this role there.") % {"user": locked.user})
    locked.version += 1
    locked.full_clean()
    with acting_as(actor):
        locked.save()
    return locked


def membership_delete(*, actor, region: Region, membership: Membership, version: int | None) -> None:
    refuse_own_membership(actor=actor, region=region, membership=membership, action=LogEntry.Action.DELETE,
                          changes={"role": [membership.role, None]})
    _membership_delete(actor=actor, membership=membership, version=version)


@transaction.atomic
def _membership_delete(*, actor, membership: Membership, version: int | None) -> None:
    locked = locked_row(Membership.objects.all(), membership.pk, expected=version, message=_(
        "Someone else changed this membership in the meantime. Check it before removing it."))
    _check_administrator_remains(membership=locked, leaving=True)
    with acting_as(actor):
        locked.delete()
