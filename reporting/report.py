"""The regional governance report: what the dashboard shows, and the map, the network, conflicts and
risks, agreements and the appendix, for a board; the whole region or one municipality.

A figure of a period nobody has explained is left out of the report (and named as left out) unless
someone decided, with a recorded reason, that it goes in unexplained (`ReportOverride`).
The report reads the same selectors as the dashboard, so its numbers are the dashboard's.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.utils import timezone
from django.utils.translation import gettext as _

from governance.map.charts import map_chart, map_svg
from governance.map.network import network, network_summary, network_svg
from governance.map.selectors import FindingKind, MapPicture, map_picture
from governance.models import Municipality, Region
from governance.register.selectors import agreement_list, conflict_list, risk_opportunity_list

from .dashboard import Dashboard, FigurePanel, dashboard_for, panel_chart
from .models import FigureExplanation, FigureImport, ReportOverride
from .periods import Period

# A network of more shapes than this prints as a sentence (as in the map's PDF).
NETWORK_PRINT_LIMIT = 150


@dataclass
class Report:
    region: Region
    municipality: Municipality | None
    board: Dashboard
    picture: MapPicture
    map_svg: str
    findings_by_kind: list[tuple[FindingKind, list]]
    network_summary: str
    network_svg: str
    figures: list[FigurePanel]
    left_out: list[str] = field(default_factory=list)  # "Reports to Veilig Thuis, 2nd half 2024"
    included_unexplained: list[str] = field(default_factory=list)
    override: ReportOverride | None = None
    conflicts: list = field(default_factory=list)
    risks: list = field(default_factory=list)
    agreements: list = field(default_factory=list)
    imports: list = field(default_factory=list)
    explanations: list = field(default_factory=list)
    printed_at: object = None

    @property
    def scope_name(self) -> str:
        return self.municipality.name if self.municipality else self.region.name


def unexplained_keys(board: Dashboard) -> list[str]:
    """The figures the dashboard shows without an explanation, as "kind period" keys."""
    return [f"{panel.table.kind} {period.key}" for panel in board.figures for period in panel.table.unexplained]


def _label(kind_label: str, period: Period) -> str:
    return f"{kind_label}, {period.label}"


def _report_figures(board: Dashboard, municipality: Municipality | None, include_unexplained: bool):
    """The dashboard's figure tables for the report: unexplained periods out, unless they go in on purpose."""
    panels, left_out, included = [], [], []
    for panel in board.figures:
        table = panel.table
        keep = [index for index, period in enumerate(table.periods)
                if include_unexplained or table.explanations.get(period.key) is not None]
        for period in table.unexplained:
            (included if include_unexplained else left_out).append(_label(table.kind.label, period))
        periods = [table.periods[index] for index in keep]
        rows = [replace(row, cells=[row.cells[index] for index in keep]) for row in table.rows]
        shown = replace(table, periods=periods, rows=rows,
                        explanations={key: value for key, value in table.explanations.items()
                                      if key in {period.key for period in periods}})
        chart, note = panel_chart(shown, rows, chart_id=f"report-chart-{table.kind}", municipality=municipality,
                                  periods=periods)
        panels.append(FigurePanel(shown, chart, note))
    return panels, left_out, included


def report_build(*, user, region: Region, municipality: Municipality | None = None,
                 override: ReportOverride | None = None, board: Dashboard | None = None) -> Report:
    """`board`: the user's dashboard of this scope when the caller has it already."""
    if board is None or board.municipality != municipality:
        board = dashboard_for(user=user, region=region, municipality=municipality)
    picture = map_picture(user=user, region=region, municipality=municipality)
    grouped = defaultdict(list)
    for finding in picture.findings:
        grouped[finding.kind].append(finding)
    net = network(user=user, region=region)
    summary = network_summary(net)
    figures, left_out, included = _report_figures(board, municipality, override is not None)
    conflicts = conflict_list(user=user, region=region).order_by("title", "id")
    risks = risk_opportunity_list(user=user, region=region).order_by("title", "id")
    if municipality is not None:
        theme_ids = {row.theme.pk for row in picture.rows}
        conflicts = conflicts.filter(themes__in=theme_ids).distinct()
        risks = risks.filter(themes__in=theme_ids).distinct()
    return Report(
        region=region, municipality=municipality, board=board, picture=picture,
        map_svg=map_svg(map_chart(picture), element_id="report-map") if picture.rows else "",
        findings_by_kind=[(kind, grouped[kind]) for kind in FindingKind if grouped[kind]],
        network_summary=summary,
        network_svg=network_svg(net, ids="report-network", description=summary,
                                title=_("Network of %(region)s") % {"region": region.name})
        if len(net.nodes) <= NETWORK_PRINT_LIMIT else "",
        figures=figures, left_out=left_out, included_unexplained=included, override=override,
        conflicts=list(conflicts), risks=list(risks),
        agreements=list(agreement_list(user=user, region=region).order_by("title")),
        imports=list(FigureImport.objects.filter(region=region).select_related("imported_by")[:10]),
        explanations=list(FigureExplanation.objects.filter(region=region).select_related("written_by")
                          .order_by("kind", "-period")),
        printed_at=timezone.now(),
    )
