"""Repeated markup of the map page (the table under the heat map, the findings, the open items),
built in one pass: template loops with a `reverse()` per link made the page at scale 10 several
times slower than the rest (see governance/templatetags/grid_tags.py for the same reason)."""
from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from common.html import escape

register = template.Library()


def _linked(urls, link, text):
    return format_html('<a href="{}">{}</a>', urls(link), text) if link else format_html("{}", text)


@register.simple_tag
def map_table_rows(table_rows, columns: int, urls):
    """One row per theme under a heading row per phase: per domain the level in words, the tables with
    their level and the agreements; then the theme's findings. Escaped by hand (`escape` on every
    name and URL): at scale 10 a cell lists dozens of tables, and `format_html` per item was too slow."""
    agreement_word = escape(_("Agreement:"))
    levels: dict[str, str] = {}
    out, phase_seen = [], object()
    for phase, row, cells in table_rows:
        if phase != phase_seen:
            out.append(f'<tr class="table-light"><th scope="colgroup" colspan="{columns + 2}">'
                       f"{escape(phase)}</th></tr>")
            phase_seen = phase
        tds = []
        for cell, style in cells:
            parts = [f'<td><span class="fw-semibold">{escape(style.label)}</span>']
            if cell.tables:
                parts.append('<ul class="list-unstyled mb-0">')
                for table in cell.tables:
                    if table.level not in levels:
                        levels[table.level] = escape(str(table.level_label).lower())
                    parts.append(f'<li><a href="{escape(urls(table.link))}">{escape(table.name)}</a> '
                                 f"({levels[table.level]})</li>")
                parts.append("</ul>")
            if cell.agreements:
                parts.append('<ul class="list-unstyled mb-0 small">')
                parts.extend(f'<li>{agreement_word} <a href="{escape(urls(agreement.link))}">{escape(agreement.title)}'
                             "</a></li>" for agreement in cell.agreements)
                parts.append("</ul>")
            parts.append("</td>")
            tds.append("".join(parts))
        findings = ('<ul class="list-unstyled mb-0">'
                    + "".join(f"<li>{escape(finding.kind_label)}</li>" for finding in row.findings) + "</ul>"
                    if row.findings else "–")
        out.append(f'<tr><th scope="row">{escape(row.theme.name)}</th>{"".join(tds)}<td>{findings}</td></tr>')
    return mark_safe("\n".join(out))


@register.simple_tag
def map_finding_items(findings, urls):
    """The findings of one kind: each reason, and a link to its data named after its subject."""
    see = _("See the data")
    return format_html_join("\n", "<li>{}{}</li>", (
        (finding.reason, format_html(' <a href="{}">{}<span class="visually-hidden">: {}</span></a>',
                                     urls(finding.link), see, finding.subject) if finding.link else "")
        for finding in findings))


@register.simple_tag
def map_item_rows(rows, urls):
    """Open conflicts, risks and opportunities, one line per theme they concern."""
    return format_html_join("\n", '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}{}</td></tr>', (
        (row.theme.name, _linked(urls, item.link, item.title), item.impact_label, item.status_label,
         f" ({item.raised_at})" if item.raised_at else "")
        for row in rows for item in row.items))
