"""What one screen shows a region's people, per role: the figures with their explanation, the
escalations, the agreements that need attention, the map's white spots and open conflicts, and for the
project leader what needs their action. Every part reads the selectors of the app that owns the data.

Aggregates only: no case detail and no escalation's description ever reaches a dashboard.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db.models import Count
from django.utils.translation import gettext as _

from casework.selectors import CaseCounts, case_counts
from escalation.permissions import EscalationPerm, may_somewhere_in
from escalation.selectors import Summary, escalation_list, escalation_summary, my_escalations
from escalation.workflow import OPEN_STATES, Reason, State
from governance.access import access_for
from governance.map.selectors import FindingKind, map_picture
from governance.models import Municipality, Region, Role
from governance.register import checks
from governance.register.selectors import open_conflicts

from .charts import Series, chart_note, line_chart
from .kinds import ON_DASHBOARD, SHARE_OF_REPORTS
from .selectors import AreaRow, FigureTable, figure_tables

# What a dashboard lists by name before it says "and N more".
LISTED = 5


@dataclass(frozen=True)
class FigurePanel:
    table: FigureTable
    chart: str  # SVG, or "" when nothing can be drawn
    note: str = ""  # why the chart shows no trend (one period, no rate yet)

    @property
    def share(self) -> bool:
        """Charted as a share of the reports received, not per 10,000 inhabitants."""
        return self.table.kind in SHARE_OF_REPORTS


@dataclass(frozen=True)
class Count_:
    label: str
    count: int


@dataclass
class Dashboard:
    region: Region
    roles: frozenset[Role]
    municipality: Municipality | None = None  # one municipality's dashboard, else the region's
    figures: list[FigurePanel] = field(default_factory=list)
    unexplained: int = 0  # periods shown without an explanation
    escalations: Summary | None = None
    by_reason: list[Count_] = field(default_factory=list)
    by_route: list[Count_] = field(default_factory=list)
    mine: list = field(default_factory=list)  # my escalations, nearest deadline first
    to_evaluate: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    white_spots: list = field(default_factory=list)
    has_themes: bool = True  # a new region has none yet: no white spot then says nothing
    conflicts: list = field(default_factory=list)
    actions: list[Count_] = field(default_factory=list)  # the project leader's to-do, by kind
    cases: CaseCounts | None = None  # open cases per municipality by time limit and lead: counts only

    @property
    def scope_name(self) -> str:
        return str(self.municipality.name if self.municipality else self.region.name)

    @property
    def leads(self) -> bool:
        return Role.PROJECT_LEADER in self.roles

    @property
    def escalates(self) -> bool:
        """Policy officers and team managers see their escalations first."""
        return bool(self.roles & {Role.POLICY_OFFICER, Role.TEAM_MANAGER})


def scoped_rows(table: FigureTable, municipality: Municipality | None) -> list[AreaRow]:
    """A municipality's dashboard keeps its own row besides the region and the comparison areas."""
    if municipality is None:
        return table.rows
    return [row for row in table.rows if row.kind != "municipality" or row.code == municipality.code]


def panel_chart(table: FigureTable, rows: list[AreaRow], *, chart_id: str, municipality: Municipality | None,
                periods=None) -> tuple[str, str]:
    """(chart, note) of a figure table: the rate per 10,000 inhabitants, or for a part of the reports (repeat
    reports, what the assessment decided) its share of them, which is how CBS reads it."""
    periods = table.periods if periods is None else periods
    compared = [row for row in rows if row.kind in ("region", "comparison") or municipality is not None]
    if table.kind in SHARE_OF_REPORTS:
        series = [Series(row.label, [cell.share for cell in row.cells]) for row in compared]
        title, y_name = _("%(figure)s as a share of the reports"), _("percentage of the reports received")
        description = _("%(figure)s as a percentage of the reports received, per period: %(areas)s. The table has "
                        "the numbers.")
    else:
        series = [Series(row.label, [cell.rate for cell in row.cells]) for row in compared]
        title, y_name = _("%(figure)s per 10,000 inhabitants"), _("per 10,000 inhabitants")
        description = _("%(figure)s per 10,000 inhabitants per period: %(areas)s. The table has the numbers.")
    names = {"figure": table.kind.label, "areas": ", ".join(row.label for row in compared)}
    chart = line_chart(title=title % names, description=description % names, periods=periods, series=series,
                       y_name=y_name, chart_id=chart_id) if periods else ""
    return chart, chart_note(periods=periods, series=series, share=table.kind in SHARE_OF_REPORTS)


def figure_panels(user, region: Region, municipality: Municipality | None = None) -> list[FigurePanel]:
    panels = []
    tables = {table.kind: table for table in figure_tables(user=user, region=region)}
    for table in (tables[kind] for kind in ON_DASHBOARD if kind in tables):
        if municipality is not None:
            table = replace(table, rows=scoped_rows(table, municipality))
        chart, note = panel_chart(table, table.rows, chart_id=f"chart-{table.kind}", municipality=municipality)
        panels.append(FigurePanel(table, chart, note))
    return panels


def dashboard_for(*, user, region: Region, municipality: Municipality | None = None) -> Dashboard:
    """The region's dashboard, or one municipality's: its figures beside the region and the country, its
    escalations and the map's findings for the tables that steer there. Agreements, conflicts and the
    project leader's to-do are the region's either way: a municipality is party to all of them."""
    access = access_for(user)
    board = Dashboard(region=region, roles=access.roles_in(region.id), municipality=municipality)
    board.figures = figure_panels(user, region, municipality)
    board.unexplained = sum(len(panel.table.unexplained) for panel in board.figures)
    if may_somewhere_in(user, EscalationPerm.VIEW, region):
        board.escalations = escalation_summary(user=user, region=region, municipality=municipality)
        escalations = escalation_list(user=user, region=region)
        if municipality is not None:
            escalations = escalations.filter(municipality=municipality)
        reasons = dict(escalations.filter(state__in=OPEN_STATES).order_by()
                       .values_list("reason").annotate(count=Count("pk")))
        board.by_reason = [Count_(str(reason.label), reasons.get(reason.value, 0)) for reason in Reason]
        board.by_route = [Count_(str(state.label), board.escalations.by_state.get(state.value, 0))
                          for state in (State.FILED, State.ROUTE_1, State.ROUTE_2, State.ROUTE_3)]
        if board.escalates:
            mine = my_escalations(user=user).filter(region=region, state__in=OPEN_STATES)
            if municipality is not None:
                mine = mine.filter(municipality=municipality)
            board.mine = list(mine[:LISTED])
    board.cases = case_counts(user=user, region=region, municipality=municipality)
    board.to_evaluate = list(checks.agreements_to_evaluate(user=user, region=region)[:LISTED])
    board.reviews = list(checks.open_agreement_reviews(user=user, region=region)[:LISTED])
    picture = map_picture(user=user, region=region, municipality=municipality)
    board.white_spots = picture.findings_of(FindingKind.WHITE_SPOT)
    board.has_themes = bool(picture.rows)
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
