"""Figure tables written in one pass: a number and its rate per cell, "unknown" said in words that tell
"CBS did not publish it" from "nothing imported"."""
from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from common.html import escape

from ..areas import VEILIG_THUIS_REGIONS
from ..selectors import NOT_PUBLISHED, importer_name, population_table, unknown_text

register = template.Library()
register.filter("importer", importer_name)


def cell_text(cell) -> str:
    """"1,234* (28.5 per 10,000)" in the active language; unknown parts in words; the former
    municipalities a figure adds up named after it."""
    text = _cell_text(cell)
    if getattr(cell, "share", None) is not None:
        text += " " + _("(%(share)s%% of the reports)") % {"share": number_format(cell.share, 1)}
    if getattr(cell, "includes", ()):
        text += " " + _("(including former %(names)s)") % {"names": ", ".join(cell.includes)}
    return text


def _cell_text(cell) -> str:
    if cell.value is None:
        return unknown_text(cell.unknown)
    number = number_format(cell.value, force_grouping=True) + ("*" if cell.provisional else "")
    if cell.rate is None:
        people = cell.population
        if people is not None and people.value is None:
            why = (_("population not published by CBS") if people.unknown == NOT_PUBLISHED
                   else _("population not imported"))
            return _("%(number)s (per 10,000: %(why)s)") % {"number": number, "why": why}
        return _("%(number)s (per 10,000: unknown)") % {"number": number}
    return _("%(number)s (%(rate)s per 10,000)") % {"number": number, "rate": number_format(cell.rate, 1)}


def population_text(population) -> str:
    if population.value is None:
        return unknown_text(population.unknown)
    return number_format(population.value, force_grouping=True)


def _heading(row) -> str:
    # CBS's key beside a name that is not the key itself; never a bare key where a name is known, and never
    # a key of our own that CBS does not use (a Veilig Thuis region's VTR…).
    code = (f' <span class="text-body-secondary small">({escape(row.code)})</span>'
            if row.kind != "municipality" and row.code and row.code != row.label
            and row.code not in VEILIG_THUIS_REGIONS else "")
    return escape(row.label) + code


def _table_rows(rows, text) -> str:
    """Table rows of areas, the region's highlighted; `text` writes a cell."""
    lines = []
    for row in rows:
        css = ' class="table-light fw-semibold"' if row.kind == "region" else ""
        cells = "".join(f'<td class="text-end">{escape(text(cell))}</td>' for cell in row.cells)
        lines.append(f'<tr{css}><th scope="row">{_heading(row)}</th>{cells}</tr>')
    return mark_safe("\n".join(lines))


@register.simple_tag
def figure_rows(table) -> str:
    return _table_rows(table.rows, cell_text)


@register.simple_tag
def populations_of(tables_or_panels):
    """The populations behind the rates of figure tables (or of dashboard panels holding them)."""
    return population_table([getattr(item, "table", item) for item in tables_or_panels])


@register.simple_tag
def population_rows(populations) -> str:
    return _table_rows(populations.rows, population_text)
