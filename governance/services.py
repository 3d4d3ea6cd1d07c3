"""Writes to memberships and users. Every change is on the audit trail with the acting user."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from common.audit import acting_as

from .models import Membership, Municipality, Region, Role

User = get_user_model()


def _check_scope(*, region: Region, scope: Region | Municipality) -> None:
    """A region's administrator may only grant roles in that region, its subregions or municipalities."""
    if isinstance(scope, Region):
        current: Region | None = scope
        while current is not None and current.id != region.id:
            current = current.parent
        if current is None:
            raise ValidationError(_("That region is not part of %(region)s.") % {"region": region})
    elif not region.municipalities.filter(pk=scope.pk).exists():
        raise ValidationError(_("That municipality is not part of %(region)s.") % {"region": region})


def _check_administrator_remains(*, membership: Membership, leaving: bool) -> None:
    """A region must keep a functional administrator, or nobody can manage its people any more."""
    if membership.role != Role.ADMINISTRATOR or membership.region_id is None or not leaving:
        return
    others = Membership.objects.filter(region_id=membership.region_id, role=Role.ADMINISTRATOR).exclude(
        pk=membership.pk
    )
    if not others.exists():
        raise ValidationError(_("This is the last functional administrator of the region; appoint another first."))


def _send_invitation(*, user, region: Region) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.SITE_URL + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    context = {"user": user, "region": region, "link": link}
    send_mail(
        subject=_("Your access to Samen Sturen"),
        message=render_to_string("registration/invitation_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def user_get_or_invite(*, actor, email: str, first_name: str, last_name: str, region: Region):
    """The user with this e-mail address, or a new one who receives a link to choose a password."""
    email = User.objects.normalize_email(email).strip()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing
    user = User(username=email.lower(), email=email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_unusable_password()
    user.full_clean()
    with acting_as(actor):
        user.save()
    transaction.on_commit(lambda: _send_invitation(user=user, region=region))
    return user


@transaction.atomic
def membership_create(
    *, actor, region: Region, email: str, first_name: str, last_name: str, role: Role,
    scope: Region | Municipality,
) -> Membership:
    _check_scope(region=region, scope=scope)
    user = user_get_or_invite(actor=actor, email=email, first_name=first_name, last_name=last_name, region=region)
    membership = Membership(
        user=user,
        role=role,
        region=scope if isinstance(scope, Region) else None,
        municipality=scope if isinstance(scope, Municipality) else None,
    )
    try:
        membership.full_clean()
    except ValidationError as error:
        if "__all__" in error.message_dict and Membership.objects.filter(
            user=user, role=role, region=membership.region, municipality=membership.municipality
        ).exists():
            raise ValidationError(_("%(user)s already has this role there.") % {"user": user}) from None
        raise
    with acting_as(actor):
        membership.save()
    return membership


@transaction.atomic
def membership_update(
    *, actor, region: Region, membership: Membership, role: Role, scope: Region | Municipality, version: int
) -> Membership:
    _check_scope(region=region, scope=scope)
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.version != version:
        raise ValidationError(
            _("Someone else changed this membership while you were editing it. Check the current values and try again.")
        )
    new_region = scope if isinstance(scope, Region) else None
    _check_administrator_remains(
        membership=locked,
        leaving=role != Role.ADMINISTRATOR or (new_region is None or new_region.id != locked.region_id),
    )
    locked.role = role
    locked.region = new_region
    locked.municipality = scope if isinstance(scope, Municipality) else None
    locked.version += 1
    try:
        locked.full_clean()
    except ValidationError:
        raise ValidationError(_("%(user)s already has this role there.") % {"user": locked.user}) from None
    with acting_as(actor):
        locked.save()
    return locked


@transaction.atomic
def membership_delete(*, actor, membership: Membership) -> None:
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_administrator_remains(membership=locked, leaving=True)
    with acting_as(actor):
        locked.delete()
