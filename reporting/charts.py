"""Charts as SVG written on the server (leather), the same in a page and in a PDF.

No script and no style: leather writes presentation attributes only, so a chart passes a strict
Content Security Policy inline. Every series differs in colour (each at least 3:1 against white) and
in its line pattern and marker, so that no series is told apart by colour alone; every chart has a
title and a description, and the page puts the same numbers in a table beside it.

A young region has one period, or figures without the population they are divided by: one period draws
each area as a marker with its value written beside it, and no known rate draws no chart at all
(`chart_note` says why in words, for the page to show instead of, or under, the chart).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from xml.etree import ElementTree as ET

import leather
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .periods import Period

# Readable on white: text at least 4.5:1, lines and markers at least 3:1.
leather.theme.background_color = "#ffffff"
for _name in ("title_font_family", "legend_font_family", "axis_title_font_family", "tick_font_family"):
    setattr(leather.theme, _name, "DejaVu Sans, Arial, sans-serif")
leather.theme.title_color = leather.theme.legend_color = leather.theme.axis_title_color = "#212529"
leather.theme.label_color = "#495057"
leather.theme.tick_color = "#dee2e6"
leather.theme.zero_color = "#6c757d"
leather.theme.legend_font_size = leather.theme.tick_font_size = leather.theme.axis_title_font_size = 13

# (colour, dash pattern) per series, in order.
STYLES = [("#0b4f8a", "none"), ("#a13d00", "8 4"), ("#1e6b34", "2 3"), ("#6f2a8f", "12 3 2 3"),
          ("#212529", "4 2")]


class _PatternLine(leather.Line):
    """A line whose legend entry is a short piece of the line itself (its colour and its dashes), not a
    coloured square: the legend then reads without colour too."""

    def legend_to_svg(self, series, palette):
        sample = 28
        group = ET.Element("g")
        line = ET.SubElement(group, "line", {"x1": "0", "y1": "-5", "x2": str(sample), "y2": "-5",
                                             "stroke": self._stroke_color, "stroke-width": "2"})
        if self._stroke_dasharray != "none":
            line.set("stroke-dasharray", self._stroke_dasharray)
        text = ET.SubElement(group, "text", {"x": str(sample + 6), "y": "0", "fill": leather.theme.legend_color,
                                             "font-family": leather.theme.legend_font_family,
                                             "font-size": str(leather.theme.legend_font_size)})
        text.text = str(series.name)
        return [(group, sample + 6 + (len(text.text) + 3) * leather.theme.legend_font_char_width)]


class _Markers(leather.Dots):
    """The points of a line, drawn as markers (sized per series) and left out of the legend."""

    def legend_to_svg(self, series, palette):
        return []


class _ValueLabels(leather.Dots):
    """The value of each point written beside its marker (for a chart of one period, where no line shows
    the level): labels that would overlap are pushed apart vertically, none is drawn over another."""

    GAP = 15  # px between the baselines of two labels

    def __init__(self, labels: list[tuple[float, str, str, str]]):
        super().__init__()
        self._labels = labels  # (value, text, colour, dash pattern) per series

    def to_svg(self, width, height, x_scale, y_scale, series, palette):
        group = ET.Element("g")
        x = next(point.x for point in series.data())
        left = x_scale.project(x, 0, width) + 32
        placed: list[float] = []
        for value, text, colour, dashes in sorted(self._labels, key=lambda label: -label[0]):
            y = y_scale.project(value, height, 0) + 4
            if placed and y < placed[-1] + self.GAP:
                y = placed[-1] + self.GAP
            placed.append(y)
            label = ET.SubElement(group, "text", {"x": f"{left:.1f}", "y": f"{y:.1f}", "fill": "#212529",
                                                  "font-family": leather.theme.tick_font_family,
                                                  "font-size": str(leather.theme.tick_font_size),
                                                  "font-weight": "bold"})
            label.text = text
            # The series' own line pattern before its value, as in the legend: told apart without colour.
            sample = ET.SubElement(group, "line", {"x1": f"{left - 24:.1f}", "x2": f"{left - 4:.1f}",
                                                   "y1": f"{y - 4:.1f}", "y2": f"{y - 4:.1f}", "stroke": colour,
                                                   "stroke-width": "2"})
            if dashes != "none":
                sample.set("stroke-dasharray", dashes)
        return group

    def legend_to_svg(self, series, palette):
        return []


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Decimal | None]  # one per period; None where unknown


def _x(period: Period) -> date:
    return date(period.year, 7 if period.half == 2 else 1, 1)


def short_label(period: Period) -> str:
    return str(period.year) if period.is_year else _("%(year)s H%(half)s") % {"year": period.year, "half": period.half}


def value_text(value: Decimal) -> str:
    return number_format(value, decimal_pos=1, use_l10n=True)


def chart_note(*, periods: list[Period], series: list[Series], share: bool = False) -> str:
    """Why the chart shows no trend, in words for beside it; "" when it draws one."""
    if not any(value is not None for item in series for value in item.values):
        if share:
            return _("No chart yet: the share needs the reports received (the total of 84849NED, 84852NED or "
                     "85361NED) of the same areas and periods; CBS may also have left a figure unpublished. The "
                     "table holds what is known.")
        return _("No chart yet: no rate per 10,000 inhabitants is known for the areas it compares. The region's rate "
                 "needs the figures and the population of every one of its municipalities (the population comes "
                 "from CBS table 37230ned); CBS may also have left a figure unpublished. The table holds what is "
                 "known.")
    if len(periods) == 1:
        return _("One period: each area is a marker with its value. The trend shows from the second period "
                 "imported.")
    return ""


def line_chart(*, title: str, description: str, periods: list[Period], series: list[Series], y_name: str,
               chart_id: str, width: int = 640, height: int = 300) -> str:
    """An accessible inline SVG: `<title>` and `<desc>` first, the chart drawn by leather below them.

    The same numbers draw the same chart: it is kept, keyed on everything it is drawn from (the labels
    in the current language included). Drawing one took a quarter of a dashboard's time.

    "" when no value is known: there is nothing to draw (`chart_note` says why)."""
    if not any(value is not None for item in series for value in item.values):
        return ""
    return _drawn(title, description, tuple(periods), tuple((item.name, tuple(item.values)) for item in series),
                  y_name, chart_id, width, height, get_language())


@lru_cache(maxsize=256)
def _drawn(title: str, description: str, periods: tuple[Period, ...], series: tuple, y_name: str, chart_id: str,
           width: int, height: int, _language: str) -> str:
    series = [Series(name, list(values)) for name, values in series]
    chart = leather.Chart()
    ticks = [_x(period) for period in periods]
    labels = {tick: short_label(period) for tick, period in zip(ticks, periods, strict=True)}
    chart.add_x_axis(ticks=ticks, tick_formatter=lambda value, _index, _count: labels.get(value, ""))
    single = len(ticks) == 1
    if single:
        # A time scale needs two ends: a year either side of the one period, which sits in the middle.
        chart.add_x_scale(date(ticks[0].year - 1, ticks[0].month, 1), date(ticks[0].year + 1, ticks[0].month, 1))
    known = [value for item in series for value in item.values if value is not None]
    top = float(max(known)) * 1.15 if known else 1.0
    chart.add_y_scale(0, top or 1.0)
    chart.add_y_axis(name=y_name)
    for number, item in enumerate(series):
        colour, dashes = STYLES[number % len(STYLES)]
        # Unknown periods stay gaps in the line, never a guess drawn across them.
        points = [(tick, None if value is None else float(value)) for tick, value in zip(ticks, item.values,
                                                                                          strict=True)]
        if all(value is None for _tick, value in points):
            continue
        chart.add_series(leather.Series(points, name=item.name), _PatternLine(colour, 2, dashes))
        # One period draws no line: bigger markers, and the value written beside each (below).
        chart.add_series(leather.Series(points), _Markers(colour, (5 if single else 3) + number % 3))
    if single:
        written = [(float(item.values[0]), value_text(item.values[0]), *STYLES[number % len(STYLES)])
                   for number, item in enumerate(series) if item.values[0] is not None]
        chart.add_series(leather.Series([(ticks[0], written[0][0])]), _ValueLabels(written))
    root = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {width} {height}", "width": str(width),
        "height": str(height), "role": "img", "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
        "class": "chart",
    })
    ET.SubElement(root, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(root, "desc", {"id": f"{chart_id}-desc"}).text = description
    root.append(chart.to_svg_group(width, height))
    return ET.tostring(root, encoding="unicode")
