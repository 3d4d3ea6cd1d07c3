"""Repeated markup of the power/interest grid, built in one pass.

A region at ten times the usual size has ~800 stakeholders; a template loop per marker and per
table row made that page several times slower than the rest."""
from django import template
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def grid_markers(grid):
    return format_html_join(
        "\n",
        '<g class="marker{}"><circle cx="{}" cy="{}" r="9"/>'
        '<text x="{}" y="{}" text-anchor="middle" dominant-baseline="central">{}</text></g>',
        ((" key" if p.stakeholder.is_key_figure else "", p.x, p.y, p.x, p.y, p.number) for p in grid.points),
    )


@register.simple_tag
def grid_rows(grid, stakeholders_url):
    yes, no = _("yes"), _("no")
    return format_html_join(
        "\n",
        '<tr><td>{}</td><th scope="row"><a href="{}{}/">{}</a></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (p.number, stakeholders_url, p.stakeholder.pk, p.stakeholder.name, p.stakeholder.organisation,
             p.influence, p.interest, yes if p.stakeholder.is_key_figure else no)
            for p in grid.points
        ),
    )
