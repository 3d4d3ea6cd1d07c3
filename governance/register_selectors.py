"""Reads of the register, scoped to the region and to the user's right to read it."""
from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404

from .access import access_for
from .models import Domain, Organisation, Phase, Region, Stakeholder, StakeholderAssessment, Theme
from .roles import Perm


def _readable(user, region: Region) -> bool:
    return Perm.VIEW_REGISTER in access_for(user).perms_in(region.id)


def domain_list(*, user, region: Region) -> QuerySet[Domain]:
    if not _readable(user, region):
        return Domain.objects.none()
    return Domain.objects.filter(region=region).annotate(organisation_count=Count("organisations"))


def theme_list(*, user, region: Region) -> QuerySet[Theme]:
    return Theme.objects.filter(region=region) if _readable(user, region) else Theme.objects.none()


def phase_list(*, user, region: Region) -> QuerySet[Phase]:
    return Phase.objects.filter(region=region) if _readable(user, region) else Phase.objects.none()


def organisation_list(*, user, region: Region) -> QuerySet[Organisation]:
    if not _readable(user, region):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(region=region)
        .select_related("domain")
        .prefetch_related("municipalities")
        .annotate(stakeholder_count=Count("stakeholders"))
    )


def stakeholder_list(*, user, region: Region) -> QuerySet[Stakeholder]:
    if not _readable(user, region):
        return Stakeholder.objects.none()
    return Stakeholder.objects.filter(region=region).select_related("organisation", "organisation__domain")


def attach_current_positions(stakeholders: list[Stakeholder]) -> list[Stakeholder]:
    """Sets `influence`, `interest` and `assessed_on` from each one's newest assessment (None if none).

    One query for any number of stakeholders; per-row subqueries made long lists slow."""
    latest: dict[int, tuple] = {}
    wanted = {s.pk for s in stakeholders}
    assessments = StakeholderAssessment.objects.order_by("stakeholder_id", "-assessed_on", "-id")
    if len(wanted) <= 100:  # a page of a list: only its rows
        assessments = assessments.filter(stakeholder_id__in=wanted)
    else:  # a whole region (grid, export): one pass over its assessments
        assessments = assessments.filter(stakeholder__region_id__in={s.region_id for s in stakeholders})
    rows = assessments.values_list("stakeholder_id", "influence", "interest", "assessed_on")
    for stakeholder_id, influence, interest, assessed_on in rows:
        if stakeholder_id in wanted and stakeholder_id not in latest:
            latest[stakeholder_id] = (influence, interest, assessed_on)
    for stakeholder in stakeholders:
        stakeholder.influence, stakeholder.interest, stakeholder.assessed_on = latest.get(stakeholder.pk, (None, None, None))
    return stakeholders


def register_get(queryset: QuerySet, pk: int):
    """One row of a scoped list, or 404 (the same answer for 'not yours' and 'does not exist')."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404("Not in this register.")
    return obj


def stakeholder_assessments(*, stakeholder: Stakeholder) -> QuerySet[StakeholderAssessment]:
    return stakeholder.assessments.select_related("assessed_by")


def organisation_stakeholders(*, organisation: Organisation) -> QuerySet[Stakeholder]:
    return organisation.stakeholders.all()


@dataclass(frozen=True)
class GridPoint:
    number: int
    stakeholder: Stakeholder
    influence: int
    interest: int
    x: int
    y: int


@dataclass(frozen=True)
class PowerInterestGrid:
    """The power/interest grid: everyone with a current assessment, placed in a 5x5 field.

    People in the same cell are fanned out so that no two markers cover each other."""

    points: list[GridPoint]
    unassessed: list[Stakeholder]
    size: int = 500
    margin: int = 60

    @property
    def inner(self) -> int:
        return self.size - 2 * self.margin

    @property
    def far(self) -> int:
        return self.size - self.margin

    @property
    def mid(self) -> int:
        return self.size // 2

    @property
    def cell(self) -> float:
        return (self.size - 2 * self.margin) / 5

    @property
    def ticks(self) -> list[tuple[int, int]]:
        # Whole numbers: templates would print decimals with a Dutch comma, which SVG cannot read.
        return [(value, round(self.margin + (value - 0.5) * self.cell)) for value in range(1, 6)]

    @property
    def ticks_y(self) -> list[tuple[int, int]]:
        return [(value, round(self.size - self.margin - (value - 0.5) * self.cell)) for value in range(1, 6)]


def power_interest_grid(*, user, region: Region) -> PowerInterestGrid:
    stakeholders = attach_current_positions(list(stakeholder_list(user=user, region=region).order_by("name")))
    placed = [s for s in stakeholders if s.influence is not None]
    size, margin = PowerInterestGrid.size, PowerInterestGrid.margin
    cell = (size - 2 * margin) / 5
    by_cell: dict[tuple[int, int], int] = {}
    place_in_cell = []
    for stakeholder in placed:
        key = (stakeholder.interest, stakeholder.influence)
        place_in_cell.append(by_cell.get(key, 0))
        by_cell[key] = place_in_cell[-1] + 1
    points, number = [], 0
    for stakeholder, index in zip(placed, place_in_cell, strict=True):
        number += 1
        count = by_cell[(stakeholder.interest, stakeholder.influence)]
        # A square fan that always fits inside the cell, however many people share it.
        columns = math.ceil(math.sqrt(count))
        step = min(cell / 4, (cell - 20) / columns)
        dx = ((index % columns) - (columns - 1) / 2) * step
        dy = ((index // columns) - ((count - 1) // columns) / 2) * step
        points.append(GridPoint(
            number=number, stakeholder=stakeholder, influence=stakeholder.influence, interest=stakeholder.interest,
            x=round(margin + (stakeholder.interest - 0.5) * cell + dx),
            y=round(size - margin - (stakeholder.influence - 0.5) * cell + dy),
        ))
    return PowerInterestGrid(points=points, unassessed=[s for s in stakeholders if s.influence is None])
