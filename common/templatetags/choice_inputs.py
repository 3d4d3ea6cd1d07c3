"""The options of a checkbox or radio group written in one pass.

crispy-bootstrap5 renders every option through two templates, which costs a millisecond per handful
of options on forms with several groups. `{% choice_inputs field %}` writes the same markup from the
same option data (crispy's `optgroups`), so the page reads and behaves exactly as before.
"""
from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import optgroups
from django import template
from django.forms.utils import flatatt
from django.template.loader import get_template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


def _option(option: dict, field, invalid: str) -> str:
    # `flatatt` leaves out False and writes True as a bare attribute, as crispy's attrs.html does.
    return format_html(
        '<input type="{}" class="form-check-input{}" name="{}" value="{}"{}>'
        '<label for="{}" class="form-check-label">{}</label>',
        option["type"], invalid, field.html_name, option["value"], flatatt(option["attrs"]),
        option["attrs"].get("id", ""), option["label"])


@register.simple_tag(takes_context=True)
def choice_inputs(context, field, inline_class: str = "") -> str:
    invalid = " is-invalid" if field.errors else ""
    # Bootstrap shows the message only as a sibling after an invalid input: inside the last option.
    errors = ""
    if field.errors and not inline_class:
        errors = get_template("bootstrap5/layout/field_errors_block.html").render(context.flatten())
    groups = optgroups(field)
    parts = []
    wrapper = f'<div class="form-check{" form-check-inline" if inline_class else ""}">'
    for number, (group, options, _index) in enumerate(groups):
        if group:
            parts.append(f"<strong>{conditional_escape(group)}</strong>")
        for position, option in enumerate(options):
            last = number == len(groups) - 1 and position == len(options) - 1
            parts.append(wrapper + _option(option, field, invalid) + (errors if last else "") + "</div>")
    return mark_safe("".join(parts))
