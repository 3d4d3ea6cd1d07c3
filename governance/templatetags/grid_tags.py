"""Repeated markup of the power/interest grid, built in one pass.

A template loop per marker and per table row made the grid page several times slower than the rest;
these tags write the markers and rows as one string each (escaped with `common.html.escape`, which
costs a fraction of `format_html` per value)."""
from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.html import escape

register = template.Library()


@register.simple_tag
def grid_markers(grid):
    if grid.summarised:  # one marker per cell, with the number of people in it
        return format_html_join(
            "\n",
            '<g class="marker cell"><circle cx="{}" cy="{}" r="16"/>'
            '<text x="{}" y="{}" text-anchor="middle" dominant-baseline="central">{}</text></g>',
            ((c.x, c.y, c.x, c.y, c.count) for c in grid.cells),
        )
    return format_html_join(
        "\n",
        '<g class="marker{}"><circle cx="{}" cy="{}" r="9"/>'
        '<text x="{}" y="{}" text-anchor="middle" dominant-baseline="central">{}</text></g>',
        ((" key" if p.stakeholder.is_key_figure else "", p.x, p.y, p.x, p.y, p.number) for p in grid.points),
    )


@register.simple_tag
def grid_rows(grid, stakeholders_url):
    """The people table: numbered as on the grid, or (on a summarised grid) without numbers."""
    yes, no = escape(_("yes")), escape(_("no"))
    if grid.summarised:
        rows = (("", person) for person in grid.people)
    else:
        rows = ((f"<td>{point.number}</td>", point.stakeholder) for point in grid.points)
    url = escape(stakeholders_url)
    return mark_safe("\n".join(
        f'<tr>{number_cell}<th scope="row"><a href="{url}{person.pk}/">{escape(person.name)}</a></th>'
        f"<td>{escape(person.organisation.name)}</td><td>{person.influence}</td><td>{person.interest}</td>"
        f"<td>{yes if person.is_key_figure else no}</td></tr>"
        for number_cell, person in rows
    ))


@register.simple_tag
def grid_cell_rows(grid, filter_query):
    """One row per occupied cell, with a link that shows the people in it."""
    prefix = f"?{filter_query}&" if filter_query else "?"
    return format_html_join(
        "\n",
        '<tr><td>{}</td><td>{}</td><td>{}</td><td><a href="{}influence={}&amp;interest={}">{}</a></td></tr>',
        (
            (c.influence, c.interest, c.count, prefix, c.influence, c.interest,
             ngettext("Show the %(count)s person with influence %(influence)s and interest %(interest)s",
                      "Show the %(count)s people with influence %(influence)s and interest %(interest)s", c.count)
             % {"count": c.count, "influence": c.influence, "interest": c.interest})
            for c in grid.cells
        ),
    )
