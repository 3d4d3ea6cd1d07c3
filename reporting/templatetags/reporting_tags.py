"""Figure tables written in one pass: a number and its rate per cell, "unknown" said in words."""
from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from common.html import escape

register = template.Library()


def cell_text(cell) -> str:
    """"1,234* (28.5 per 10,000)" in the active language; unknown parts in words."""
    if cell.value is None:
        return _("unknown")
    number = number_format(cell.value, force_grouping=True) + ("*" if cell.provisional else "")
    if cell.rate is None:
        return _("%(number)s (per 10,000: unknown)") % {"number": number}
    return _("%(number)s (%(rate)s per 10,000)") % {"number": number, "rate": number_format(cell.rate, 1)}


@register.simple_tag
def figure_rows(table) -> str:
    rows = []
    for row in table.rows:
        heading = escape(row.label) + (f' <span class="text-body-secondary small">({escape(row.code)})</span>'
                                       if row.kind == "comparison" and row.code != row.label else "")
        css = ' class="table-light fw-semibold"' if row.kind == "region" else ""
        cells = "".join(f'<td class="text-end">{escape(cell_text(cell))}</td>' for cell in row.cells)
        rows.append(f'<tr{css}><th scope="row">{heading}</th>{cells}</tr>')
    return mark_safe("\n".join(rows))
