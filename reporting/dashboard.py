"""What one screen shows a region's people, per role: the figures with their explanation, the
escalations, the agreements that need attention, the map's white spots and open conflicts, and for the
project leader what needs their action. Every part reads the selectors of the app that owns the data.

Aggregates only: no case detail and no escalation's description ever reaches a dashboard.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from escalation.permissions import EscalationPerm, may_somewhere_in
from escalation.selectors import Summary, escalation_list, escalation_summary, my_escalations
from escalation.workflow import OPEN_STATES, Reason, State
from governance.access import access_for
from governance.map.selectors import FindingKind, map_picture
from governance.models import Region, Role
from governance.register import checks
from governance.register.selectors import open_conflicts

from .charts import Series, line_chart
from .kinds import FigureKind
from .selectors import FigureTable, figure_tables

# What a dashboard lists by name before it says "and N more".
LISTED = 5


@dataclass(frozen=True)
class FigurePanel:
    table: FigureTable
    chart: str  # SVG


@dataclass(frozen=True)
class Count_:
    label: str
    count: int


@dataclass
class Dashboard:
    region: Region
    roles: frozenset[Role]
    figures: list[FigurePanel] = field(default_factory=list)
    unexplained: int = 0  # periods shown without an explanation
    escalations: Summary | None = None
    by_reason: list[Count_] = field(default_factory=list)
    by_route: list[Count_] = field(default_factory=list)
    mine: list = field(default_factory=list)  # my escalations, nearest deadline first
    to_evaluate: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    white_spots: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    actions: list[Count_] = field(default_factory=list)  # the project leader's to-do, by kind

    @property
    def leads(self) -> bool:
        return Role.PROJECT_LEADER in self.roles

    @property
    def escalates(self) -> bool:
        """Policy officers and team managers see their escalations first."""
        return bool(self.roles & {Role.POLICY_OFFICER, Role.TEAM_MANAGER})


def figure_panels(user, region: Region) -> list[FigurePanel]:
    panels = []
    for table in figure_tables(user=user, region=region):
        if table.kind not in (FigureKind.REPORTS, FigureKind.ADVICE):
            continue
        compared = [row for row in table.rows if row.kind in ("region", "comparison")]
        chart = line_chart(
            title=_("%(figure)s per 10,000 inhabitants") % {"figure": table.kind.label},
            description=_("%(figure)s per 10,000 inhabitants per period: %(areas)s. The table below has the same "
                          "numbers for every municipality.") % {
                "figure": table.kind.label, "areas": ", ".join(row.label for row in compared)},
            periods=table.periods, series=[Series(row.label, [cell.rate for cell in row.cells]) for row in compared],
            y_name=_("per 10,000 inhabitants"), chart_id=f"chart-{table.kind}")
        panels.append(FigurePanel(table, chart))
    return panels


def dashboard_for(*, user, region: Region) -> Dashboard:
    access = access_for(user)
    board = Dashboard(region=region, roles=access.roles_in(region.id))
    board.figures = figure_panels(user, region)
    board.unexplained = sum(len(panel.table.unexplained) for panel in board.figures)
    if may_somewhere_in(user, EscalationPerm.VIEW, region):
        board.escalations = escalation_summary(user=user, region=region)
        reasons = dict(escalation_list(user=user, region=region).filter(state__in=OPEN_STATES).order_by()
                       .values_list("reason").annotate(count=Count("pk")))
        board.by_reason = [Count_(str(reason.label), reasons.get(reason.value, 0)) for reason in Reason]
        board.by_route = [Count_(str(state.label), board.escalations.by_state.get(state.value, 0))
                          for state in (State.FILED, State.ROUTE_1, State.ROUTE_2, State.ROUTE_3)]
        if board.escalates:
            board.mine = list(my_escalations(user=user).filter(region=region, state__in=OPEN_STATES)[:LISTED])
    board.to_evaluate = list(checks.agreements_to_evaluate(user=user, region=region)[:LISTED])
    board.reviews = list(checks.open_agreement_reviews(user=user, region=region)[:LISTED])
    picture = map_picture(user=user, region=region)
    board.white_spots = picture.findings_of(FindingKind.WHITE_SPOT)
    board.conflicts = list(open_conflicts(user=user, region=region)[:LISTED])
    if board.leads:
        board.actions = [
            Count_(_("Overdue action items"), checks.overdue_actions(user=user, region=region).count()),
            Count_(_("Tables without an administrative counterpart"),
                   len(picture.findings_of(FindingKind.NO_ADMINISTRATIVE_COUNTERPART))),
            Count_(_("Local teams without a fixed contact in the safety chain"),
                   checks.local_teams_without_fixed_contact(user=user, region=region).count()),
            Count_(_("Municipalities whose policy plans do not all cover domestic violence"),
                   len(checks.policy_plan_gaps(user=user, region=region))),
            Count_(_("Periods of figures without an explanation"), board.unexplained),
        ]
    return board
