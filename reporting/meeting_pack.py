"""The meeting pack of a governance table: what the table must discuss at its next meeting, computed
from the live data, so that a secretary prepares the agenda from it instead of collecting e-mails.

Open and overdue action items, the decisions of the last meeting, the agreements the table adopted or
monitors with their evaluation and review list, the escalations in route 2 or 3 that concern it
(counts only, as on the dashboard), the map's findings on its themes, and the figures with their
explanation. Every part reads the selectors of the app that owns the data, in a fixed number of queries.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from escalation.permissions import EscalationPerm, may_somewhere_in
from escalation.selectors import escalation_list
from escalation.workflow import Reason, State
from governance.map.selectors import Finding, Link, map_picture
from governance.models import Agreement, GovernanceTable, Meeting, Region, Stakeholder
from governance.register.selectors import action_list, agreement_list, agreement_review_list, decision_list

from .dashboard import Count_, FigurePanel, figure_panels
from .selectors import readable_figures

# The routes a table hears about: route 1 stays with the professionals and their team managers.
ROUTES = (State.ROUTE_2, State.ROUTE_3)


@dataclass(frozen=True)
class EscalationCounts:
    """Open escalations in route 2 or 3 that concern the table, by route and by reason; never a case."""

    total: int
    by_route: list[Count_]
    by_reason: list[Count_]


@dataclass
class MeetingPack:
    table: GovernanceTable
    themes: list
    today: date
    last_meeting: Meeting | None  # the latest meeting before today
    next_meeting: Meeting | None  # a meeting recorded for today or later; None when none is planned
    decisions: list  # of the last meeting
    actions: list  # open action items of every meeting of the table, earliest due first
    agreements: list  # adopted (`adopted_here`) or monitored by the table
    reviews: list  # open reviews of the agreements the table monitors
    escalations: EscalationCounts | None  # None: the user's role does not read escalations
    findings: list[Finding]
    figures: list[FigurePanel] | None  # None: the user's role does not read figures
    made_at: object = None

    @property
    def overdue_actions(self) -> list:
        return [action for action in self.actions if action.is_overdue(self.today)]

    @property
    def unexplained(self) -> int:
        return sum(len(panel.table.unexplained) for panel in self.figures or [])


def _escalation_counts(user, region: Region, table: GovernanceTable, agreement_pks: list[int]) -> EscalationCounts:
    """Escalations concern a table when an organisation of someone at it (member, chair or secretariat) is
    involved, or when their agreement is one the table adopted or monitors or shares one of its themes."""
    people = Stakeholder.objects.filter(Q(seats__table=table) | Q(chaired_tables=table) | Q(secretary_of_tables=table))
    themes = GovernanceTable.themes.through.objects.filter(governancetable=table).values("theme")
    reach = escalation_list(user=user, region=region).filter(state__in=ROUTES)
    # A subquery of the matching rows, so that the joins over organisations and themes count none twice.
    concerning = reach.filter(Q(organisations__in=people.values("organisation")) | Q(agreement__in=agreement_pks)
                              | Q(agreement__themes__in=themes)).values("pk")
    counts: dict[tuple[str, str], int] = {
        (state, reason): count for state, reason, count in
        reach.filter(pk__in=concerning).order_by().values_list("state", "reason").annotate(count=Count("pk"))
    }
    return EscalationCounts(
        total=sum(counts.values()),
        by_route=[Count_(str(state.label), sum(n for (s, _r), n in counts.items() if s == state)) for state in ROUTES],
        by_reason=[Count_(str(reason.label), sum(n for (_s, r), n in counts.items() if r == reason))
                   for reason in Reason],
    )


def _findings(user, region: Region, table: GovernanceTable, theme_pks: set[int]) -> list[Finding]:
    """The map's findings on the table's themes (conflicts and risks at them included) and about the table
    itself, in the map's order. The map of the whole region: it is cached (docs/adr/0010)."""
    picture = map_picture(user=user, region=region)
    keys = {finding.key for row in picture.rows if row.theme.pk in theme_pks for finding in row.findings}
    own = Link("governance:register_detail", (region.slug, "tables", table.pk))
    return [finding for finding in picture.findings if finding.key in keys or finding.link == own]


def meeting_pack_build(*, user, region: Region, table: GovernanceTable, today: date | None = None) -> MeetingPack:
    """`table`: one the user may read, from the register's scoped selector."""
    today = today or timezone.localdate()
    meetings = table.meetings.order_by("held_on", "id")
    # A meeting dated today is the one the pack prepares, not one already held.
    last = meetings.filter(held_on__lt=today).last()
    planned = meetings.filter(held_on__gte=today).first()
    adopting = Agreement.adopted_by.through.objects.filter(governancetable=table, agreement=OuterRef("pk"))
    agreements = list(agreement_list(user=user, region=region).annotate(adopted_here=Exists(adopting))
                      .filter(Q(adopted_here=True) | Q(monitored_by=table))
                      .order_by(F("evaluation_on").asc(nulls_last=True), "title"))
    themes = list(table.themes.all())
    return MeetingPack(
        table=table, themes=themes, today=today, last_meeting=last, next_meeting=planned,
        decisions=list(decision_list(user=user, region=region).filter(meeting=last)) if last else [],
        actions=list(action_list(user=user, region=region).filter(meeting__table=table).open()
                     .order_by("due_on", "id")),
        agreements=agreements,
        reviews=list(agreement_review_list(user=user, region=region)
                     .filter(agreement__monitored_by=table, handled_on__isnull=True).order_by("raised_on", "id")),
        escalations=_escalation_counts(user, region, table, [a.pk for a in agreements])
        if may_somewhere_in(user, EscalationPerm.VIEW, region) else None,
        findings=_findings(user, region, table, {theme.pk for theme in themes}),
        figures=figure_panels(user, region, table.municipality) if readable_figures(user, region) else None,
        made_at=timezone.now(),
    )
