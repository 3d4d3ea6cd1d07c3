"""The network picture's table (every node with its connections), built in one pass: at scale 10 a
template loop per node and connection cost more than the rest of the page."""
from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def network_rows(network):
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (node.url, node.name, node.kind_label, ", ".join([node.detail, *node.marks]) if node.detail else
             ", ".join(node.marks),
             "; ".join(f"{other.name} ({edge.label})" for other, edge in links) or "–")
            for node, links in network.connections()
        ),
    )
