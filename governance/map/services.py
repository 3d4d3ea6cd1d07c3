"""Writes of the map: a theme's default needs, and snapshots of the findings with their comparison.

Conflicts, risks and opportunities are register rows (`RegionOwned`, versioned, audited) and are
saved through the register's `register_save` like any other row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import acting_as

from ..access import access_for
from ..models import Domain, DomainKind, MapSnapshot, Municipality, Region, Theme
from ..roles import Perm
from .selectors import Finding, map_picture


def default_needed_domains(region: Region | int) -> QuerySet[Domain]:
    """The domains a theme needs until the project leader says otherwise: every social and safety
    domain of its region. The one home of that rule: the seed and the "new theme" form both ask here."""
    return Domain.objects.filter(region=region, kind__in=[DomainKind.SOCIAL, DomainKind.SAFETY])


def theme_default_needs(theme: Theme) -> None:
    """Gives a theme made outside the register's form (the seed, a script) its default needs; the
    register's "new theme" form starts with the same domains ticked, and the user's choice wins."""
    theme.needed_domains.set(default_needed_domains(theme.region_id))


def finding_record(finding: Finding) -> dict[str, Any]:
    """A finding as a snapshot keeps it: plain JSON, readable without the register it came from."""
    return {
        "key": finding.key,
        "kind": finding.kind.value,
        "theme": {"pk": finding.theme.pk, "name": finding.theme.name} if finding.theme else None,
        "domain": {"pk": finding.domain.pk, "name": finding.domain.name} if finding.domain else None,
        "subject": finding.subject,
        "reason": finding.reason,
    }


@transaction.atomic
def snapshot_take(*, user, region: Region, name: str, subregion: Region | None = None,
                  municipality: Municipality | None = None, today: date | None = None) -> MapSnapshot:
    """Freeze today's findings of the map of `region` (or one subregion or municipality) under a name.

    Only someone who may edit the register takes snapshots (the project leader); the creation is on
    the audit trail, and the row can never be changed afterwards."""
    if Perm.EDIT_REGISTER not in access_for(user).perms_in(region.id):
        raise PermissionDenied
    snapshot = MapSnapshot(region=region, name=name.strip(), taken_on=today or timezone.localdate(), taken_by=user,
                           subregion=subregion, municipality=municipality)
    snapshot.full_clean()  # the scope first: a municipality of another region is refused, not mapped
    picture = map_picture(user=user, region=region, subregion=subregion, municipality=municipality,
                          today=snapshot.taken_on)
    snapshot.findings = [finding_record(finding) for finding in picture.findings]
    with acting_as(user):
        snapshot.save()
    return snapshot


@dataclass(frozen=True)
class Comparison:
    """Two sets of findings compared on their keys: what was closed, what is new, what stayed.

    Each list holds finding records (see `finding_record`); an unchanged finding is shown as it is in
    the later set. `later` is None when the later side is today's map."""

    earlier: MapSnapshot
    later: MapSnapshot | None
    later_on: date
    closed: list[dict] = field(default_factory=list)
    new: list[dict] = field(default_factory=list)
    unchanged: list[dict] = field(default_factory=list)


def snapshot_compare(*, user, earlier: MapSnapshot, later: MapSnapshot | None = None,
                     today: date | None = None) -> Comparison:
    """`earlier` against `later`, or against today's map of the same scope when `later` is None.

    Both must be of the same region and scope: comparing Almere with the whole region says nothing."""
    region = earlier.region
    if Perm.VIEW_REGISTER not in access_for(user).perms_in(region.id):
        raise PermissionDenied
    if later is not None and (later.region_id, later.subregion_id, later.municipality_id) != (
            earlier.region_id, earlier.subregion_id, earlier.municipality_id):
        raise ValidationError(_("Compare snapshots of the same region, subregion or municipality."))
    if later is None:
        picture = map_picture(user=user, region=region, subregion=earlier.subregion,
                              municipality=earlier.municipality, today=today)
        after, later_on = [finding_record(finding) for finding in picture.findings], picture.today
    else:
        after, later_on = later.findings, later.taken_on
    before = {record["key"]: record for record in earlier.findings}
    now = {record["key"]: record for record in after}
    return Comparison(
        earlier=earlier, later=later, later_on=later_on,
        closed=[record for key, record in before.items() if key not in now],
        new=[record for key, record in now.items() if key not in before],
        unchanged=[record for key, record in now.items() if key in before],
    )
