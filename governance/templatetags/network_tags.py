"""The network page's repeated markup, written in one pass: at scale 10 the table has some 700 rows and
the focus offers every table and organisation; a template loop, Django's widget template per option or
format_html per cell each cost more than the rest of the page. Every value is escaped here."""
import functools
from html import escape

from django import template
from django.core.cache import caches
from django.utils.safestring import mark_safe

from governance.map.network import CACHE_SECONDS, network_fingerprint, picture_words

register = template.Library()


@register.simple_tag
def network_rows(network):
    """One row per node: name (linked to its page), kind, details and marks, and its connections; kept
    in the cache with the picture, under the same hash of the same data."""
    key = "network-rows:" + network_fingerprint(network)
    # Kept with the network too: a network reused from its own cache (network.py) skips the unpickling.
    if (rows := network.memo.get(key) or caches["pictures"].get(key)) is None:
        rows = _rows(network)
        caches["pictures"].set(key, rows, CACHE_SECONDS)
    network.memo[key] = rows
    return mark_safe(rows)  # noqa: S308 - every value in it is escaped


@functools.lru_cache(maxsize=32)
def _options(choices: tuple) -> str:
    """The options of a select, none selected: the same few hundred tables and organisations on every view
    of the page, escaped once."""

    def options(pairs) -> str:
        return "".join(f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in pairs)

    return "".join(f'<optgroup label="{escape(value)}">{options(label)}</optgroup>' if isinstance(label, tuple)
                   else options([(value, label)]) for value, label in choices)


def _rows(network) -> str:
    words = picture_words()
    rows = []
    for node, links in network.connections():
        details = ", ".join([node.detail, *node.marks_in(words)] if node.detail else node.marks_in(words))
        connections = "; ".join(f"{other.name} ({edge.label_in(words)})" for other, edge in links) or "–"
        rows.append(f'<tr><th scope="row"><a href="{escape(node.url)}">{escape(node.name)}</a></th>'
                    f"<td>{escape(words[node.kind])}</td><td>{escape(details)}</td><td>{escape(connections)}</td></tr>")
    return "\n".join(rows)


@register.simple_tag
def network_select(field):
    """A select of the network's form (a bound field), options and option groups included."""
    current = "" if field.value() is None else str(field.value())
    body = _options(tuple(
        (str(value), tuple((str(v), str(text)) for v, text in label)) if isinstance(label, list | tuple)
        else (str(value), str(label))
        for value, label in field.field.choices))
    # Labels are escaped, so this text only occurs where an option starts.
    option = f'<option value="{escape(current)}">'
    body = body.replace(option, option[:-1] + " selected>")
    invalid = ' aria-invalid="true"' if field.errors else ""
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'<select name="{escape(field.html_name)}" id="{escape(field.id_for_label)}" class="form-select"{invalid}>'
        f"{body}</select>")
