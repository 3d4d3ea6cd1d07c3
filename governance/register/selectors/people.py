"""Reads of organisations, stakeholders (with their assessments and the power/interest grid) and duos."""
from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from ...models import (
    Agreement,
    Duo,
    FixedContact,
    GovernanceTable,
    Organisation,
    Region,
    Stakeholder,
    StakeholderAssessment,
)
from ..charts import PowerInterestGrid, power_interest_chart
from .base import readable, scoped


def organisation_list(*, user, region: Region) -> QuerySet[Organisation]:
    if not readable(user, region):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(region=region)
        .select_related("domain")
        .prefetch_related("municipalities")
        .annotate(stakeholder_count=Count("stakeholders"))
    )


def stakeholder_list(*, user, region: Region) -> QuerySet[Stakeholder]:
    if not readable(user, region):
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
        stakeholder.influence, stakeholder.interest, stakeholder.assessed_on = latest.get(
            stakeholder.pk, (None, None, None))
    return stakeholders


def duo_list(*, user, region: Region) -> QuerySet[Duo]:
    return (scoped(Duo, user, region).select_related("social__organisation", "safety__organisation")
            .prefetch_related("themes"))


# --- Detail pages: what links to a row, each in a fixed number of queries ----------------------


def stakeholder_links(*, stakeholder: Stakeholder) -> dict:
    tables = GovernanceTable.objects.filter(
        Q(seats__stakeholder=stakeholder) | Q(chair=stakeholder) | Q(secretary=stakeholder)
    ).distinct()
    return {
        "seats": stakeholder.seats.select_related("table"),
        "chaired": stakeholder.chaired_tables.all(),
        "duos": Duo.objects.filter(Q(social=stakeholder) | Q(safety=stakeholder)).select_related("social", "safety"),
        "agreements": Agreement.objects.filter(
            Q(parties=stakeholder.organisation_id) | Q(adopted_by__in=tables) | Q(monitored_by__in=tables)
        ).distinct(),
        "open_actions": stakeholder.actions.filter(done_on__isnull=True).select_related("meeting__table"),
        "fixed_contact_for": stakeholder.fixed_contact_for.select_related("local_team"),
    }


def organisation_links(*, organisation: Organisation) -> dict:
    return {
        "stakeholders": organisation.stakeholders.all(),
        "agreements": organisation.agreements.all(),
        "fixed_contact": FixedContact.objects.filter(local_team=organisation).select_related("contact").first(),
    }


def stakeholder_assessments(*, stakeholder: Stakeholder) -> QuerySet[StakeholderAssessment]:
    return stakeholder.assessments.select_related("assessed_by")


# More markers than this can neither be told apart on the grid nor rendered cheaply: above it, the
# grid shows how many people share each cell, and a cell (or a filter) shows its people.
GRID_MARKERS = 150


def _current_position() -> Subquery:
    """A stakeholder's newest assessment (the rule of `attach_current_positions`) as one number,
    influence * 10 + interest: one subquery per row instead of two."""
    newest = StakeholderAssessment.objects.filter(stakeholder=OuterRef("pk")).order_by("-assessed_on", "-id")
    return Subquery(newest.annotate(position=F("influence") * 10 + F("interest")).values("position")[:1])


def power_interest_grid(*, user, region: Region, stakeholders: QuerySet[Stakeholder] | None = None,
                        cell: tuple[int, int] | None = None) -> PowerInterestGrid:
    """The grid of `stakeholders` (a filtered `stakeholder_list`; everyone readable by default),
    optionally of one cell (influence, interest) only. Three queries at any size."""
    if stakeholders is None:
        stakeholders = stakeholder_list(user=user, region=region)
    positioned = stakeholders.annotate(position=_current_position())
    counts = {
        divmod(row["position"], 10) if row["position"] is not None else None: row["count"]
        for row in positioned.order_by().values("position").annotate(count=Count("pk"))
    }
    unassessed_count = counts.pop(None, 0)
    total = sum(counts.values())
    detailed = cell is not None or total <= GRID_MARKERS
    if cell is not None:
        shown = positioned.filter(position=cell[0] * 10 + cell[1]).order_by("name", "pk")
    elif detailed:
        shown = positioned.filter(position__isnull=False).order_by("name", "pk")
    else:  # the most influential first (the position number sorts by influence, then interest)
        shown = positioned.filter(position__isnull=False).order_by("-position", "name", "pk")
    people = list(shown.select_related(None).select_related("organisation").only(
        "name", "is_key_figure", "organisation__name")[:GRID_MARKERS])
    for person in people:
        person.influence, person.interest = divmod(person.position, 10)
    unassessed = list(
        stakeholders.filter(~Exists(StakeholderAssessment.objects.filter(stakeholder=OuterRef("pk"))))
        .order_by("name").values_list("name", flat=True)[:GRID_MARKERS]
    )
    return power_interest_chart(
        people=people, counts=counts, total=total, unassessed=unassessed, unassessed_count=unassessed_count,
        cell=cell, detailed=detailed,
    )
