"""An account belongs to its owner: roles offered to a person wait for them to accept, and a second
factor is set up only through a link mailed to them (docs/adr/0017-account-belongs-to-owner.md)."""
from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.audit import AuditScoped
from common.choices import CachedChoiceLabels

from .geography import Municipality, Region, Role


def token_hash(token: str) -> str:
    """What is stored of a mailed token: a database read does not give anyone a working link."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, declined_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(CachedChoiceLabels, AuditScoped):
    """A role offered to a person by an administrator of `region`. Nothing is attached to their account
    until they accept it, logged in as themselves (or, for an account made by this invitation, by
    choosing their password through the enrolment link from its mail). It carries no token of its own:
    it is bound to the account, and accepting needs that account's login (password and second factor)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="invitations",
                               verbose_name=_("region"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations",
                             verbose_name=_("person"))
    email = models.EmailField(_("e-mail address"), max_length=254)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    scope_region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                     verbose_name=_("where (region)"))
    scope_municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, null=True, blank=True,
                                           related_name="+", verbose_name=_("where (municipality)"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("invited by"))
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope_region__isnull=False) & Q(scope_municipality__isnull=True))
                | (Q(scope_region__isnull=True) & Q(scope_municipality__isnull=False)),
                name="invitation_region_xor_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()} – {self.scope}"

    @property
    def scope(self) -> Region | Municipality:
        return self.scope_region if self.scope_region_id else self.scope_municipality

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.declined_at is None and self.expires_at > timezone.now()

    def audit_scope(self) -> dict[str, int | None]:
        return {"region_id": self.region_id}


class EnrolmentLink(models.Model):
    """The one way to set up a second factor where it is mandatory: a link mailed to the person (with an
    invitation to a new account, and after an administrator's reset). Random, stored as a hash, works
    until it expires or a second factor was set up with it, and only for the account it was made for."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} – {self.created_at:%Y-%m-%d}"

    @property
    def is_valid(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
