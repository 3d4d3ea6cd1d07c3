"""The map as an SVG heat map: themes (rows, grouped by phase) × domains (columns).

Plain geometry and markup from a `MapPicture` already computed (`selectors.map_picture`), so the page
and the PDF draw the same figure. Each cell is coloured by the highest level of the tables that steer
its theme in its domain and says so in words as well (never colour alone); a cell without a table is
hatched instead. The colours keep 3:1 against the white background around each cell and against the
dark outline, black text on them at least 6:1 (see `LEVEL_STYLES`). Every cell, row label and finding
links to the register data behind it. No script, no event attributes; every name escaped.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from common.html import escape

from ..models import TableLevel
from .selectors import Cell, Link, MapPicture, Row

FONT = "DejaVu Sans, Verdana, sans-serif"  # the PDF's font (static/css/print.css)
OUTLINE = "#212529"  # 15.4:1 against white
HATCH = "#767676"  # 4.5:1 against white


@dataclass(frozen=True)
class LevelStyle:
    """How a cell shows what steers there: a fill, a pattern (or none) and a word."""

    key: str
    fill: str
    label: str
    hatched: bool = False


# Contrast (WCAG relative luminance): each fill against the white gap around it ≥ 3.3:1, against the
# outline ≥ 4.5:1, and the black label on it ≥ 6.1:1. A cell without a table is hatched (grey lines,
# 4.5:1 on white) and outlined (15.4:1), with no word in it: the pattern carries the meaning, and the
# legend and the link's name say it in words.
LEVEL_STYLES = {
    "none": LevelStyle("none", "#ffffff", gettext_lazy("No table"), hatched=True),
    TableLevel.OPERATIONAL.value: LevelStyle("operational", "#c97a1e", gettext_lazy("Operational only")),
    TableLevel.TACTICAL.value: LevelStyle("tactical", "#5a8fd8", gettext_lazy("Official")),
    TableLevel.ADMINISTRATIVE.value: LevelStyle("administrative", "#2f9d62", gettext_lazy("Administrative")),
}
_RANK = [TableLevel.OPERATIONAL.value, TableLevel.TACTICAL.value, TableLevel.ADMINISTRATIVE.value]


def cell_style(cell: Cell) -> LevelStyle:
    """The highest level present among the cell's tables, or "none"."""
    levels = set(cell.levels)
    for level in reversed(_RANK):
        if level in levels:
            return LEVEL_STYLES[level]
    return LEVEL_STYLES["none"]


@dataclass(frozen=True)
class ChartCell:
    x: int
    y: int
    style: LevelStyle
    tables: int
    agreements: int
    link: Link
    label: str  # the whole story, for the link's accessible name


@dataclass(frozen=True)
class ChartRow:
    y: int
    name: str
    short_name: str
    link: Link
    cells: list[ChartCell]
    finding: str  # the first finding's kind, or ""
    more: int  # how many findings besides
    finding_link: Link | None


@dataclass(frozen=True)
class ChartBand:
    """A phase heading across the chart."""

    y: int
    name: str


@dataclass(frozen=True)
class MapChart:
    title: str
    description: str
    columns: list[tuple[int, str]]  # (x, domain name)
    bands: list[ChartBand]
    rows: list[ChartRow]
    width: int
    height: int
    label_width: int = 250
    cell_width: int = 160
    row_height: int = 46
    band_height: int = 30
    header_height: int = 60
    findings_width: int = 330
    legend_height: int = 70

    @property
    def legend_y(self) -> int:
        return self.height - self.legend_height + 14

    @property
    def findings_x(self) -> int:
        return self.label_width + self.cell_width * len(self.columns) + 8


class LinkUrls:
    """The URLs of many `Link`s, reversing each URL pattern once: a map at scale 10 holds hundreds of
    links to rows of the same few register pages, and `reverse()` for each cost more than the rest."""

    _PLACEHOLDER = 987654321
    do_not_call_in_templates = True  # templates hand it to the map's tags

    def __init__(self) -> None:
        self._patterns: dict[tuple, str] = {}

    def __call__(self, link: Link) -> str:
        args = link.args
        if args and isinstance(args[-1], int):
            key = (link.url_name, args[:-1])
            if key not in self._patterns:
                self._patterns[key] = reverse(link.url_name, args=(*args[:-1], self._PLACEHOLDER))
            url = self._patterns[key].replace(str(self._PLACEHOLDER), str(args[-1]))
        else:
            key = (link.url_name, args)
            if key not in self._patterns:
                self._patterns[key] = reverse(link.url_name, args=args)
            url = self._patterns[key]
        return url + (f"?{link.query}" if link.query else "")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cell_link(picture: MapPicture, row: Row, cell: Cell) -> Link:
    if len(cell.tables) == 1:
        return cell.tables[0].link
    return Link("governance:register_list", (picture.region.slug, "tables"),
                f"theme={row.theme.pk}&domain={cell.domain.pk}")


def map_chart(picture: MapPicture) -> MapChart:
    """Where every row, cell and label of the heat map goes."""
    label_width, cell_width, row_height = MapChart.label_width, MapChart.cell_width, MapChart.row_height
    band_height, header_height = MapChart.band_height, MapChart.header_height
    columns = [(label_width + i * cell_width, domain.name) for i, domain in enumerate(picture.columns)]
    bands, rows, y = [], [], header_height
    words: dict[tuple[str, int], str] = {}  # "3 tables", "1 agreement": translated once per number

    def counted(singular: str, plural: str, count: int) -> str:
        if (singular, count) not in words:
            words[singular, count] = ngettext(singular, plural, count) % {"count": count}
        return words[singular, count]

    template = _("%(theme)s in %(domain)s: %(level)s, %(tables)s, %(agreements)s")
    for group in picture.groups:
        bands.append(ChartBand(y, group.phase.name if group.phase else _("Without a phase")))
        y += band_height
        for row in group.rows:
            cells = []
            for i, cell in enumerate(row.cells):
                style = cell_style(cell)
                label = template % {
                    "theme": row.theme.name, "domain": cell.domain.name, "level": style.label,
                    "tables": counted("%(count)s table", "%(count)s tables", len(cell.tables)),
                    "agreements": counted("%(count)s agreement", "%(count)s agreements", len(cell.agreements)),
                }
                cells.append(ChartCell(label_width + i * cell_width, y, style, len(cell.tables), len(cell.agreements),
                                       _cell_link(picture, row, cell), label))
            findings = row.findings
            rows.append(ChartRow(
                y, row.theme.name, _short(row.theme.name, 30),
                Link("governance:register_list", (picture.region.slug, "tables"), f"theme={row.theme.pk}"),
                cells, str(findings[0].kind_label) if findings else "", max(0, len(findings) - 1),
                findings[0].link if findings else None))
            y += row_height
    width = label_width + cell_width * len(columns) + MapChart.findings_width
    height = y + 10 + MapChart.legend_height
    scope = picture.scope.name
    description = ngettext(
        "%(count)s theme of %(scope)s by domain. Each cell names the highest level of the tables that steer the "
        "theme in that domain, and how many tables and agreements there are; the last column names the theme's "
        "findings. The table below holds the same information.",
        "%(count)s themes of %(scope)s by domain. Each cell names the highest level of the tables that steer the "
        "theme in that domain, and how many tables and agreements there are; the last column names the theme's "
        "findings. The table below holds the same information.",
        len(rows)) % {"count": len(rows), "scope": scope}
    return MapChart(title=_("Overlap and white spots: %(scope)s") % {"scope": scope}, description=description,
                    columns=columns, bands=bands, rows=rows, width=width, height=height)


def _cell_svg(chart: MapChart, cell: ChartCell, urls: LinkUrls, counts_text: str) -> str:
    """One cell: escaped by hand (`escape` on every text and URL) because `format_html` for a hundred
    cells with a dozen arguments each was the slowest part of the page."""
    w, h, x, y = chart.cell_width - 6, chart.row_height - 6, cell.x, cell.y
    label = escape(cell.label)
    style = cell.style
    if style.hatched:  # the pattern says it (see the legend); a word in each of dozens of empty cells
        fill, words = "url(#map-hatch)", ""  # would only crowd the picture and slow the PDF down
    else:
        counts = escape(counts_text % {"tables": cell.tables, "agreements": cell.agreements})
        fill = style.fill
        words = (f'<text x="{x + 10}" y="{y + 21}" font-size="12" font-weight="bold" fill="#000">'
                 f'{escape(style.label)}</text>'
                 f'<text x="{x + 10}" y="{y + 36}" font-size="11" fill="#000">{counts}</text>')
    return (f'<a href="{escape(urls(cell.link))}" aria-label="{label}" class="map-cell-link">'
            f'<rect x="{x + 3}" y="{y + 3}" width="{w}" height="{h}" fill="{fill}" stroke="{OUTLINE}" '
            f'stroke-width="1.5" class="map-cell"/>{words}</a>')


def _row_svg(chart: MapChart, row: ChartRow, urls: LinkUrls) -> SafeString:
    middle = row.y + chart.row_height // 2 + 4
    label = format_html('<a href="{}"><title>{}</title><text x="8" y="{}" font-size="13" fill="#0a58ca" '
                        'text-decoration="underline">{}</text></a>', urls(row.link), row.name, middle, row.short_name)
    counts_text = _("%(tables)s T · %(agreements)s A")
    cells = mark_safe("".join(_cell_svg(chart, cell, urls, counts_text) for cell in row.cells))
    finding = ""
    if row.finding:
        text = _short(row.finding, 34) + (" " + (_("+%(count)s more") % {"count": row.more}) if row.more else "")
        inner = format_html('<text x="{}" y="{}" font-size="12" fill="#0a58ca" text-decoration="underline">{}</text>',
                            chart.findings_x, middle, text)
        finding = format_html('<a href="{}">{}</a>', urls(row.finding_link), inner) if row.finding_link else inner
    return format_html('<g class="map-row">{}{}{}</g>', label, cells, finding)


def map_svg(chart: MapChart, *, element_id: str = "map", urls: LinkUrls | None = None) -> SafeString:
    """The whole heat map as one SVG element (for the page and the PDF alike)."""
    urls = urls or LinkUrls()
    header_y = chart.header_height - 12
    columns = format_html_join(
        "", '<text x="{}" y="{}" font-size="13" font-weight="bold" fill="#212529">{}</text>',
        ((x + 4, header_y, _short(name, 20)) for x, name in chart.columns))
    bands = format_html_join(
        "", '<rect x="0" y="{}" width="{}" height="{}" fill="#e9ecef"/>'
            '<text x="8" y="{}" font-size="13" font-weight="bold" fill="#212529">{}</text>',
        ((band.y + 2, chart.width, chart.band_height - 4, band.y + chart.band_height // 2 + 5, band.name)
         for band in chart.bands))
    rows = mark_safe("".join(_row_svg(chart, row, urls) for row in chart.rows))
    legend_items, x = [], 8
    for style in LEVEL_STYLES.values():
        fill = "url(#map-hatch)" if style.hatched else style.fill
        legend_items.append(format_html(
            '<rect x="{}" y="{}" width="22" height="16" fill="{}" stroke="{}" stroke-width="1.5"/>'
            '<text x="{}" y="{}" font-size="12" fill="#212529">{}</text>',
            x, chart.legend_y, fill, OUTLINE, x + 28, chart.legend_y + 13, style.label))
        x += 44 + 8 * len(str(style.label))
    legend = format_html(
        '<g class="map-legend"><text x="8" y="{}" font-size="12" font-weight="bold" fill="#212529">{}</text>{}'
        '<text x="8" y="{}" font-size="12" fill="#212529">{}</text></g>',
        chart.legend_y - 6, _("Highest level of the tables that steer:"), mark_safe("".join(legend_items)),
        chart.legend_y + 36, _("T: tables, A: agreements on the theme that reach the domain."))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" class="map-chart" '
        'role="group" aria-labelledby="{id}-title {id}-desc" font-family="{font}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<defs><pattern id="map-hatch" patternUnits="userSpaceOnUse" width="8" height="8">'
        '<rect width="8" height="8" fill="#fff"/><path d="M0,8 L8,0" stroke="{hatch}" stroke-width="1.5"/>'
        '</pattern></defs>'
        '<rect x="0" y="0" width="{w}" height="{h}" fill="#fff"/>'
        '<text x="{fx}" y="{hy}" font-size="13" font-weight="bold" fill="#212529">{findings}</text>'
        '{columns}{bands}{rows}{legend}</svg>',
        w=chart.width, h=chart.height, id=element_id, font=FONT, title=chart.title, desc=chart.description,
        hatch=HATCH, fx=chart.findings_x, hy=header_y, findings=_("Findings"), columns=columns, bands=bands,
        rows=rows, legend=legend)
