"""A history entry's changes as a list, written in one pass.

A page of fifty creations lists some seven hundred changed fields; through the template language
that was most of the page's time.
"""
from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from ..html import escape

register = template.Library()


@register.simple_tag
def audit_changes(changes) -> str:
    if not changes:
        return ""
    items = "".join(
        f"<li><strong>{escape(change.field)}</strong>: "
        f"{escape(change.old) + ' → ' if change.old else ''}{escape(change.new)}</li>"
        for change in changes
    )
    return mark_safe(f'<ul class="list-unstyled mb-0 small">{items}</ul>')
