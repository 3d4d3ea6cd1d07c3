"""Reads of the register, scoped to the region and to the user's right to read it."""
from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from ..access import access_for
from ..models import (
    ActionItem,
    Agreement,
    AgreementReview,
    AgreementVersion,
    Annex,
    CalamityRole,
    ChecklistEntry,
    Decision,
    Domain,
    Duo,
    FixedContact,
    GlossaryTerm,
    GovernanceTable,
    Meeting,
    Organisation,
    Phase,
    PolicyPlan,
    Region,
    Stakeholder,
    StakeholderAssessment,
    TableSeat,
    Theme,
)
from ..roles import Perm


def _readable(user, region: Region) -> bool:
    return Perm.VIEW_REGISTER in access_for(user).perms_in(region.id)


def _scoped(model, user, region: Region) -> QuerySet:
    return model.objects.filter(region=region) if _readable(user, region) else model.objects.none()


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
        stakeholder.influence, stakeholder.interest, stakeholder.assessed_on = latest.get(
            stakeholder.pk, (None, None, None))
    return stakeholders


def duo_list(*, user, region: Region) -> QuerySet[Duo]:
    return (_scoped(Duo, user, region).select_related("social__organisation", "safety__organisation")
            .prefetch_related("themes"))


def table_list(*, user, region: Region) -> QuerySet[GovernanceTable]:
    return (
        _scoped(GovernanceTable, user, region)
        .select_related("chair", "secretary", "subregion", "municipality")
        .prefetch_related("domains", "themes", "phases")
        .annotate(seat_count=Count("seats", distinct=True))
    )


def seat_list(*, user, region: Region) -> QuerySet[TableSeat]:
    return _scoped(TableSeat, user, region).select_related("table", "stakeholder__organisation")


def meeting_list(*, user, region: Region) -> QuerySet[Meeting]:
    return _scoped(Meeting, user, region).select_related("table").annotate(
        decision_count=Count("decisions", distinct=True),
        open_action_count=Count("actions", filter=Q(actions__done_on__isnull=True), distinct=True),
    )


def decision_list(*, user, region: Region) -> QuerySet[Decision]:
    return _scoped(Decision, user, region).select_related("meeting__table")


def action_list(*, user, region: Region) -> QuerySet[ActionItem]:
    return _scoped(ActionItem, user, region).select_related("meeting__table", "owner")


def agreement_list(*, user, region: Region) -> QuerySet[Agreement]:
    return (
        _scoped(Agreement, user, region)
        .select_related("monitored_by")
        .prefetch_related("parties")
        .annotate(version_count=Count("versions", distinct=True))
    )


def agreement_version_list(*, user, region: Region) -> QuerySet[AgreementVersion]:
    return _scoped(AgreementVersion, user, region).select_related("agreement")


def agreement_review_list(*, user, region: Region) -> QuerySet[AgreementReview]:
    """The review list: agreements that turned out not to work, with the table that monitors each."""
    return _scoped(AgreementReview, user, region).select_related("agreement__monitored_by")


def annex_list(*, user, region: Region) -> QuerySet[Annex]:
    return _scoped(Annex, user, region).select_related("version_of__agreement")


def fixed_contact_list(*, user, region: Region) -> QuerySet[FixedContact]:
    return _scoped(FixedContact, user, region).select_related("local_team", "contact__organisation")


def policy_plan_list(*, user, region: Region) -> QuerySet[PolicyPlan]:
    return _scoped(PolicyPlan, user, region).select_related("municipality")


def calamity_role_list(*, user, region: Region) -> QuerySet[CalamityRole]:
    return _scoped(CalamityRole, user, region).select_related("stakeholder__organisation")


def glossary_list(*, user, region: Region) -> QuerySet[GlossaryTerm]:
    return _scoped(GlossaryTerm, user, region)


def attach_checklist_completeness(versions: list[AgreementVersion]) -> list[AgreementVersion]:
    """Sets `completeness` (percentage) on each version, in one query."""
    from ..models import checklist_completeness

    statuses: dict[int, list[str]] = {version.pk: [] for version in versions}
    entries = ChecklistEntry.objects.filter(version_of__in=statuses).values_list("version_of_id", "status")
    for version_id, status in entries:
        statuses[version_id].append(status)
    for version in versions:
        version.completeness = checklist_completeness(statuses[version.pk])
    return versions


def attach_current_versions(agreements: list[Agreement]) -> list[Agreement]:
    """Sets `current_version` (the newest adopted version, or None) with its checklist completeness."""
    newest: dict[int, AgreementVersion] = {}
    versions = (AgreementVersion.objects.filter(agreement__in=[a.pk for a in agreements])
                .order_by("agreement_id", "-adopted_on", "-id"))
    for version in versions:
        newest.setdefault(version.agreement_id, version)
    attach_checklist_completeness(list(newest.values()))
    for agreement in agreements:
        agreement.current_version = newest.get(agreement.pk)
    return agreements


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


def table_links(*, table: GovernanceTable) -> dict:
    return {
        "seats": table.seats.select_related("stakeholder__organisation"),
        "agreements": Agreement.objects.filter(Q(adopted_by=table) | Q(monitored_by=table)).distinct(),
        "meetings": table.meetings.annotate(
            decision_count=Count("decisions", distinct=True),
            open_action_count=Count("actions", filter=Q(actions__done_on__isnull=True), distinct=True),
        ),
        "open_actions": ActionItem.objects.filter(meeting__table=table).open().select_related("owner", "meeting"),
        "reviews": AgreementReview.objects.filter(agreement__monitored_by=table, handled_on__isnull=True)
        .select_related("agreement"),
    }


def meeting_links(*, meeting: Meeting) -> dict:
    return {"decisions": meeting.decisions.all(), "actions": meeting.actions.select_related("owner")}


def agreement_links(*, agreement: Agreement) -> dict:
    versions = attach_checklist_completeness(list(agreement.versions.prefetch_related(
        "annexes", Prefetch("checklist", queryset=ChecklistEntry.objects.order_by("id")),
    )))
    return {"versions": versions, "current": versions[0] if versions else None, "reviews": agreement.reviews.all()}


def version_links(*, version: AgreementVersion) -> dict:
    attach_checklist_completeness([version])
    return {"annexes": version.annexes.all()}


def register_get(queryset: QuerySet, pk: int):
    """One row of a scoped list, or 404 (the same answer for 'not yours' and 'does not exist')."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404("Not in this register.")
    return obj


def stakeholder_assessments(*, stakeholder: Stakeholder) -> QuerySet[StakeholderAssessment]:
    return stakeholder.assessments.select_related("assessed_by")


# More markers than this can neither be told apart on the grid nor rendered cheaply: above it, the
# grid shows how many people share each cell, and a cell (or a filter) shows its people.
GRID_MARKERS = 150


@dataclass(frozen=True)
class GridPoint:
    number: int
    stakeholder: Stakeholder
    influence: int
    interest: int
    x: int
    y: int


@dataclass(frozen=True)
class GridCell:
    """How many of the people on the grid share one cell (influence, interest)."""

    influence: int
    interest: int
    count: int
    x: int
    y: int


@dataclass(frozen=True)
class PowerInterestGrid:
    """The power/interest grid: everyone with a current assessment, placed in a 5x5 field.

    With up to GRID_MARKERS people (or one chosen cell) each person is a numbered marker, and people in
    the same cell are fanned out so that no two markers cover each other. With more, `points` is empty
    and each cell shows its count; `people` then lists the most influential, up to GRID_MARKERS."""

    points: list[GridPoint]
    cells: list[GridCell]
    people: list[Stakeholder]
    total: int
    shown_total: int
    unassessed: list[str]
    unassessed_count: int
    cell: tuple[int, int] | None = None
    size: int = 500
    margin: int = 60

    @property
    def summarised(self) -> bool:
        return not self.points and self.total > 0

    @property
    def truncated(self) -> bool:
        """Some of the people asked for are left out of `people` (and off the grid)."""
        return len(self.people) < self.shown_total

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
    def cell_size(self) -> float:
        return (self.size - 2 * self.margin) / 5

    @property
    def ticks(self) -> list[tuple[int, int]]:
        # Whole numbers: templates would print decimals with a Dutch comma, which SVG cannot read.
        return [(value, round(self.margin + (value - 0.5) * self.cell_size)) for value in range(1, 6)]

    @property
    def ticks_y(self) -> list[tuple[int, int]]:
        return [(value, round(self.size - self.margin - (value - 0.5) * self.cell_size)) for value in range(1, 6)]

    @property
    def chosen_box(self) -> tuple[int, int, int] | None:
        """x, y and side of the chosen cell's square, to outline it."""
        if self.cell is None:
            return None
        influence, interest = self.cell
        side = round(self.cell_size)
        return round(self.margin + (interest - 1) * self.cell_size), round(self.far - influence * self.cell_size), side


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
    size, margin = PowerInterestGrid.size, PowerInterestGrid.margin
    step_size = (size - 2 * margin) / 5

    def centre(influence: int, interest: int) -> tuple[float, float]:
        return margin + (interest - 0.5) * step_size, size - margin - (influence - 0.5) * step_size

    cells = [GridCell(influence=influence, interest=interest, count=count,
                      x=round(centre(influence, interest)[0]), y=round(centre(influence, interest)[1]))
             for (influence, interest), count in sorted(counts.items(), reverse=True)]
    return PowerInterestGrid(
        points=_fanned(people, centre, step_size) if detailed else [], cells=cells, people=people, total=total,
        shown_total=counts.get(cell, 0) if cell else total,
        unassessed=unassessed, unassessed_count=unassessed_count, cell=cell,
    )


def _fanned(people: list[Stakeholder], centre, cell: float) -> list[GridPoint]:
    """Numbered markers; people in the same cell in a square fan that always fits inside the cell."""
    by_cell: dict[tuple[int, int], int] = {}
    place_in_cell = []
    for person in people:
        key = (person.interest, person.influence)
        place_in_cell.append(by_cell.get(key, 0))
        by_cell[key] = place_in_cell[-1] + 1
    points = []
    for number, (person, index) in enumerate(zip(people, place_in_cell, strict=True), start=1):
        count = by_cell[(person.interest, person.influence)]
        columns = math.ceil(math.sqrt(count))
        step = min(cell / 4, (cell - 20) / columns)
        dx = ((index % columns) - (columns - 1) / 2) * step
        dy = ((index // columns) - ((count - 1) // columns) / 2) * step
        x, y = centre(person.influence, person.interest)
        points.append(GridPoint(number=number, stakeholder=person, influence=person.influence,
                                interest=person.interest, x=round(x + dx), y=round(y + dy)))
    return points
