"""Writes to memberships and users. Every change is on the audit trail with the acting user."""
from __future__ import annotations

import re
from datetime import timedelta

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.audit import acting_as, audit_refusal
from common.outbox import mail_queue
from common.versioning import locked_row

from .access import access_for
from .models import Invitation, Membership, Municipality, Region, Role
from .roles import Perm
from .selectors import region_tree_ids
from .twofactor import enrolment_link_send, has_second_factor, role_requires_second_factor

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


# How long an invitation waits for its answer.
INVITATION_VALID = timedelta(days=14)


def _queue_invitation(*, invitation: Invitation) -> None:
    """One mail, whether the address had an account or not (the administrator cannot tell them apart by
    what happens). An account that never chose a password gets the link to choose one, which also sets
    up its second factor and accepts; one that did is asked to log in and accept."""
    from .twofactor import ENROLMENT_LINK_VALID, enrolment_link_issue

    user = invitation.user
    context = {"user": user, "invitation": invitation, "region": invitation.region,
               "role": invitation.get_role_display(), "scope": invitation.scope,
               "inviter": invitation.invited_by.get_full_name() or invitation.invited_by.get_username()}
    if user.has_usable_password():
        context["link"] = settings.SITE_URL + reverse("invitations")
        template = "registration/access_granted_email.txt"
    else:
        context["link"] = enrolment_link_issue(user=user)
        context["valid_days"] = ENROLMENT_LINK_VALID.days
        template = "registration/invitation_email.txt"
    mail_queue(to=user.email, subject=_("Invitation to Samen Sturen"), body=render_to_string(template, context))


def _free_username(email: str) -> str:
    """A valid, unused username derived from the e-mail address."""
    base = re.sub(r"[^\w.@+-]", "-", email.lower())[:140]
    candidate, number = base, 1
    while User.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def user_get_or_create(*, actor, email: str, first_name: str, last_name: str):
    """The user with this e-mail address, or a new one without a password (the invitation's link lets
    its owner choose one)."""
    email = User.objects.normalize_email(email).strip()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing
    user = User(username=_free_username(email), email=email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_unusable_password()
    try:
        user.full_clean()
    except ValidationError as error:
        raise ValidationError(error.messages) from None
    with acting_as(actor):
        user.save()
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


def invitation_create(
    *, actor, region: Region, email: str, first_name: str, last_name: str, role: Role,
    scope: Region | Municipality,
) -> Invitation:
    """Offer a role to the owner of this address; nothing is attached until they accept.

    Known and unknown addresses take the same path (an account is made for an unknown one, without a
    password) and one mail is queued either way, sent after the response (common/outbox.py): neither the
    page nor its timing tells the administrator whether the address had an account."""
    existing = User.objects.filter(email__iexact=User.objects.normalize_email(email).strip()).first()
    if existing is not None:
        changes = {"user": [None, existing.pk]} | scope_changes(Membership(), role, scope)
        # Filled in as it was asked for, so that the history names the role and the place.
        attempt = Membership(user=existing, role=role, region=scope if isinstance(scope, Region) else None,
                             municipality=scope if isinstance(scope, Municipality) else None)
        refuse_own_membership(actor=actor, region=region, membership=attempt, action=LogEntry.Action.CREATE,
                              changes=changes)
    return _invitation_create(actor=actor, region=region, email=email, first_name=first_name, last_name=last_name,
                              role=role, scope=scope)


@transaction.atomic
def _invitation_create(
    *, actor, region: Region, email: str, first_name: str, last_name: str, role: Role,
    scope: Region | Municipality,
) -> Invitation:
    _check_scope(actor=actor, region=region, scope=scope)
    user = user_get_or_create(actor=actor, email=email, first_name=first_name, last_name=last_name)
    place = {"region": scope if isinstance(scope, Region) else None,
             "municipality": scope if isinstance(scope, Municipality) else None}
    if Membership.objects.filter(user=user, role=role, **place).exists():
        raise ValidationError(_("%(email)s already has this role there.") % {"email": email})
    if Invitation.objects.pending().filter(user=user, role=role, scope_region=place["region"],
                                           scope_municipality=place["municipality"]).exists():
        raise ValidationError(_("%(email)s has already been invited to this role there.") % {"email": email})
    invitation = Invitation(
        # The address as typed (normalised alike for both): the account's own spelling would tell it exists.
        region=region, user=user, email=User.objects.normalize_email(email).strip(), role=role,
        scope_region=place["region"], scope_municipality=place["municipality"], invited_by=actor,
        expires_at=timezone.now() + INVITATION_VALID,
    )
    invitation.full_clean()
    with acting_as(actor):
        invitation.save()
    _queue_invitation(invitation=invitation)
    return invitation


def _open_invitation(*, actor, invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if locked is None or locked.user_id != actor.pk or not locked.is_pending:
        raise ValidationError(_("This invitation is no longer open."), code="invitation_closed")
    return locked


@transaction.atomic
def invitation_accept(*, actor, invitation: Invitation, by_enrolment_link: bool = False) -> Membership:
    """`actor`, the invited person, takes the role. Audited (the membership and the invitation).
    `by_enrolment_link`: accepted on the page of a mailed set-up link, which goes on to the set-up itself
    (a new link would replace the one in use)."""
    locked = _open_invitation(actor=actor, invitation=invitation)
    membership = Membership.objects.filter(user=actor, role=locked.role, region=locked.scope_region,
                                           municipality=locked.scope_municipality).first()
    with acting_as(actor):
        if membership is None:
            membership = Membership(user=actor, role=locked.role, region=locked.scope_region,
                                    municipality=locked.scope_municipality)
            membership.full_clean()
            membership.save()
        locked.accepted_at = timezone.now()
        locked.save()
    actor.__dict__.pop("_samen_sturen_second_factor_required", None)  # the roles just changed
    if (settings.TWO_FACTOR_MANDATORY and not by_enrolment_link and role_requires_second_factor(Role(locked.role))
            and not has_second_factor(actor)):
        # Someone who had no second factor (an alderman taking a role that needs one) sets it up only
        # through a mailed link, never on the strength of the session's password login (docs/adr/0017).
        enrolment_link_send(user=actor)
    return membership


@transaction.atomic
def invitation_decline(*, actor, invitation: Invitation) -> None:
    locked = _open_invitation(actor=actor, invitation=invitation)
    locked.declined_at = timezone.now()
    with acting_as(actor):
        locked.save()


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


# A municipality's CBS code as the reference geography writes it (data/reference/municipalities.csv).
_MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")


def municipalities_by_code(codes: list[str]) -> list[Municipality]:
    """The active municipalities of the reference geography with these CBS codes (`GM0034`), each once, in
    the order given. Every code that is not one is named in one ValidationError, with what to do."""
    wanted = list(dict.fromkeys(code.strip().upper() for code in codes if code.strip()))
    if not wanted:
        raise ValidationError(_("Name at least one municipality by its CBS code (GM and four digits, e.g. GM0034)."))
    if not Municipality.objects.exists():
        raise ValidationError(_("The reference geography is not loaded: run manage.py import_geography first."))
    found = {municipality.code: municipality for municipality in Municipality.objects.filter(code__in=wanted)}
    errors = []
    for code in wanted:
        municipality = found.get(code)
        if not _MUNICIPALITY_CODE.fullmatch(code):
            errors.append(_("“%(code)s” is not a CBS municipality code: GM and four digits, e.g. GM0034.")
                          % {"code": code})
        elif municipality is None:
            errors.append(_("%(code)s is not a municipality of the reference geography: check the code on "
                            "cbs.nl (Gemeentelijke indeling), or load a newer geography with manage.py "
                            "import_geography.") % {"code": code})
        elif not municipality.is_active:
            errors.append(_("%(code)s (%(name)s) no longer exists since %(date)s (merged): use the code of the "
                            "municipality it became part of.")
                          % {"code": code, "name": municipality.name,
                             "date": municipality.inactive_since or "?"})
    if errors:
        raise ValidationError(errors)
    return [found[code] for code in wanted]


@transaction.atomic
def region_create(*, actor, name: str, slug: str = "", municipality_codes: list[str], administrator_email: str,
                  first_name: str = "", last_name: str = "", parent: Region | None = None,
                  ) -> tuple[Region, Invitation | None]:
    """A new region, empty (no vocabulary, register, figures or demo data), with its municipalities, and an
    invitation of its first functional administrator (ADR 0017: the role starts when they accept).
    All or nothing: any refusal leaves no region, no account and no mail behind. `actor`, the platform's
    staff member, is who the invitation names as inviter. The region takes the safety region its
    municipalities share, when they share one. A subregion (`parent`) groups some of its parent's
    municipalities; its parent's administrators administer it, so inviting one of its own is optional."""
    name = " ".join(name.split())
    slug = (slug or slugify(name)).strip()
    errors = []
    if not name:
        errors.append(_("Give the region a name."))
    elif Region.objects.filter(name__iexact=name).exists():
        errors.append(_("A region named “%(name)s” exists already.") % {"name": name})
    if slug and Region.objects.filter(slug=slug).exists():
        errors.append(_("The short name “%(slug)s” is taken by another region: choose another.")
                      % {"slug": slug})
    try:
        municipalities = municipalities_by_code(municipality_codes)
    except ValidationError as error:
        errors += error.messages
        municipalities = []
    if parent is not None:
        outside = [m for m in municipalities if not parent.municipalities.filter(pk=m.pk).exists()]
        if outside:
            errors.append(_("A subregion groups some of its parent's municipalities; not part of %(parent)s: "
                            "%(municipalities)s.") % {"parent": parent.name,
                                                      "municipalities": ", ".join(m.code for m in outside)})
    email = User.objects.normalize_email(administrator_email or "").strip()
    if email or parent is None:  # a subregion's parent's administrators administer it
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("“%(email)s” is not an e-mail address: give the first administrator's.")
                          % {"email": administrator_email})
        else:
            if email.lower() == (getattr(actor, "email", "") or "").lower():
                errors.append(_("Nobody can grant, change or remove their own roles; invite another person as the "
                                "first administrator."))
    if errors:
        raise ValidationError(errors)
    safety_regions = {municipality.safety_region_id for municipality in municipalities}
    region = Region(name=name, slug=slug, parent=parent,
                    safety_region_id=safety_regions.pop() if len(safety_regions) == 1 else None)
    region.full_clean()
    with acting_as(actor):
        region.save()
        region.municipalities.set(municipalities)
    if not email:
        return region, None
    invitation = invitation_create(actor=actor, region=region, email=email, first_name=first_name,
                                   last_name=last_name, role=Role.ADMINISTRATOR, scope=region)
    return region, invitation


def regions_sharing(municipalities: list[Municipality], *, besides: Region | None = None) -> dict[Municipality, list]:
    """The other top-level regions each municipality is part of already. Not refused (a municipality may lie
    in two regions), but worth saying: a role in it then opens both regions."""
    shared: dict[Municipality, list] = {}
    others = Region.objects.filter(municipalities__in=municipalities, parent__isnull=True)
    if besides is not None:  # a subregion's parent holds its municipalities by design
        others = others.exclude(pk__in=[besides.pk, besides.parent_id or besides.pk])
    for region in others.prefetch_related("municipalities").distinct():
        for municipality in municipalities:
            if municipality in region.municipalities.all():
                shared.setdefault(municipality, []).append(region)
    return shared
