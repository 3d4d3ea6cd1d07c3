"""crispy-bootstrap5's field template written in Python for the fields our forms have.

crispy-bootstrap5 renders every field through `bootstrap5/field.html`, some seventy lines of
`{% if %}` and four included templates, which is most of the cost of a form page. Our
`templates/bootstrap5/field.html` calls `{% crispy_field_fast %}` instead: it writes the same
markup for plain inputs, selects, single checkboxes and checkbox or radio groups in a vertical
form, and hands anything else (horizontal forms, label or field classes, a table cell `tag`, file
inputs, multi-widgets) to crispy-bootstrap5's own template, read from the installed package. The
widget inside is written the same way when it uses Django's own input, textarea or select template.

Every crispy form is written inside crispy's `specialspaceless`, which turns a run of three or more
blanks between two tags into one space; the markup here keeps blank runs of that length where the
template has them, so the page a browser receives is byte for byte the same
(common/tests/test_crispy_field.py compares real forms both ways).
"""
from __future__ import annotations

import functools
from pathlib import Path

import crispy_bootstrap5
from django import forms, template
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.template import Engine
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from ..html import escape

register = template.Library()

GAP = "\n    "  # blanks between two tags; specialspaceless makes it one space, as it does the template's

CRISPY_FIELD_TEMPLATE = Path(crispy_bootstrap5.__file__).parent / "templates" / "bootstrap5" / "field.html"


@functools.cache
def crispy_template() -> template.Template:
    """crispy-bootstrap5's own field template: ours takes its name, so it is read by path."""
    return Engine.get_default().from_string(CRISPY_FIELD_TEMPLATE.read_text())


def _add_classes(widget: forms.Widget, classes: str) -> None:
    """What crispy's `{% crispy_field field 'class' ... %}` does to the widget before rendering it:
    the widget's class name as a CSS class, then Bootstrap's. It changes the widget's attributes,
    as crispy does, so a second rendering of the field reads the same."""
    name = widget.__class__.__name__.lower()
    name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(name, name)
    css = widget.attrs.get("class", "")
    if css:
        if css.find(name) == -1:
            css += " " + name
    else:
        css = name
    for css_class in classes.split():
        if css_class not in css.split():
            css += " " + css_class
    widget.attrs["class"] = css


# Django's templates for these widgets (django/forms/templates/django/forms/widgets/), written in Python too:
# with a dozen fields a form, the template engine costs more than the rest of the field.
_INPUTS = {f"django/forms/widgets/{name}.html" for name in (
    "input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "search",
    "tel", "color", "checkbox")}
_TEXTAREA = "django/forms/widgets/textarea.html"
_SELECT, _OPTION = "django/forms/widgets/select.html", "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html"""
    return "".join(f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
                   for name, value in attrs.items() if value is not False)


def _widget(field) -> str:
    """`str(field)`: Django's own rendering of the widget, for the templates above without the engine."""
    widget, form_field = field.field.widget, field.field
    kind = type(widget)
    if (form_field.show_hidden_initial or form_field.localize or type(field.form.renderer) is not DjangoTemplates
            or kind.render is not forms.Widget.render or kind._render is not forms.Widget._render):
        return str(field)
    name = widget.template_name
    select = name == _SELECT and getattr(widget, "option_template_name", "") == _OPTION
    if not (select or name == _TEXTAREA or name in _INPUTS):
        return str(field)
    # What BoundField.as_widget() hands the widget.
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    start = f'name="{escape(context["name"])}"'
    if name == _TEXTAREA:
        text = escape(context["value"]) if context["value"] else ""
        return f'<textarea {start}{_attrs(context["attrs"])}>\n{text}</textarea>'
    if not select:
        value = "" if context["value"] is None else f' value="{escape(context["value"])}"'
        return f'<input type="{escape(context["type"])}" {start}{value}{_attrs(context["attrs"])}>'
    parts = [f'<select {start}{_attrs(context["attrs"])}>']
    for group, options, _index in context["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{escape(group)}">')
        parts.extend(f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
                     f'{escape(option["label"])}</option>\n' for option in options)
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _help_text(field, inline: bool) -> str:
    if not field.help_text:
        return ""
    if inline:
        return f'<span id="{escape(field.auto_id)}_helptext" class="form-text">{field.help_text}</span>'
    id_attr = f'id="{escape(field.auto_id)}_helptext" ' if field.auto_id else ""
    return f'<div {id_attr}class="form-text">{field.help_text}</div>'


def _errors(field, show: bool, inline: bool) -> str:
    if not (show and field.errors):
        return ""
    element = "span" if inline else "p"
    auto_id = escape(field.auto_id)
    messages = GAP.join(f'<{element} id="error_{number}_{auto_id}"><strong>{escape(error)}</strong></{element}>'
                        for number, error in enumerate(field.errors, 1))
    return f'<div id="{escape(field.errors.field_id)}_error" class="invalid-feedback">{GAP}{messages}{GAP}</div>'


def _help_text_and_errors(field, context) -> str:
    """bootstrap5/layout/help_text_and_errors.html"""
    help_inline, error_inline = context.get("help_text_inline"), context.get("error_text_inline")
    parts = []
    if help_inline and not error_inline:
        parts.append(_help_text(field, True))
    parts.append(_errors(field, context.get("form_show_errors"), error_inline))
    if not help_inline:
        parts.append(_help_text(field, False))
    return GAP.join(part for part in parts if part)


def _asterisk(field) -> str:
    return '<span class="asteriskField">*</span>' if field.field.required else ""


def _is_group(widget: forms.Widget) -> bool:
    return isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))


def _handled(context, widget: forms.Widget) -> bool:
    """The cases written here; everything else goes to crispy's template."""
    return not (
        context.get("tag") or context.get("label_class") or context.get("field_class")
        or "form-horizontal" in (context.get("form_class") or "")
        or not context.get("form_show_labels")
        or hasattr(widget, "widgets") or hasattr(widget, "widget")  # multi-widgets, wrapped widgets
        or isinstance(widget, forms.FileInput)
        or widget.use_fieldset != _is_group(widget)
    )


def _wrapper_classes(field, context, first: str) -> str:
    classes = first
    if context.get("wrapper_class"):
        classes += f" {escape(context['wrapper_class'])}"
    if css_classes := field.css_classes():
        classes += f" {escape(css_classes)}"
    return classes


def _checkbox(field, context) -> str:
    widget = field.field.widget
    _add_classes(widget, "form-check-input is-invalid" if field.errors else "form-check-input")
    required = " requiredField" if field.field.required else ""
    label = (f'<label for="{escape(field.id_for_label)}" class="form-check-label{required}">\n'
             f"                    {escape(field.label)}{_asterisk(field)}\n"
             "                </label>")
    inner = GAP.join(part for part in (_widget(field), label, _help_text_and_errors(field, context)) if part)
    return (f'<div class="mb-3">{GAP}<div id="div_{escape(field.auto_id)}" '
            f'class="{_wrapper_classes(field, context, "form-check")}">'
            f"{GAP}{inner}{GAP}</div>{GAP}</div>")


def _label(field) -> str:
    fieldset = field.use_fieldset
    element = "legend" if fieldset else "label"
    for_attr = f'for="{escape(field.id_for_label)}"' if field.id_for_label else ""
    classes = "form-label" + (" requiredField" if field.field.required else "") + (" fs-6" if fieldset else "")
    label = (f'<{element}\n                {for_attr} class="{classes}">\n'
             f"                {escape(field.label)}{_asterisk(field)}\n"
             f"            </{element}>")
    if not fieldset:
        return label
    describedby = field.aria_describedby
    describedby = f' aria-describedby="{escape(describedby)}"' if describedby else ""
    return f"<fieldset{describedby}>{GAP}{label}"


def _field(field, context) -> str:
    widget = field.field.widget
    parts = []
    if field.label:
        parts.append(_label(field))
    if _is_group(widget):  # the group's template reads the context as it is (flat_attrs, inline_class)
        group = get_template("bootstrap5/layout/radio_checkbox_select.html")
        parts.append(group.template.render(context))
    else:
        classes = "form-select" if isinstance(widget, forms.Select) else "form-control"
        _add_classes(widget, classes + " is-invalid" if field.errors else classes)
        parts.append(_widget(field))
        parts.append(_help_text_and_errors(field, context))
    if field.use_fieldset and field.label:
        parts.append("</fieldset>")
    inner = GAP.join(part for part in parts if part)
    return (f'<div id="div_{escape(field.auto_id)}" class="{_wrapper_classes(field, context, "mb-3")}">'
            f"{GAP}{inner}{GAP}</div>")


def render_fast(context, field) -> str | None:
    """The field's markup, or None where crispy's template should write it."""
    widget = field.field.widget
    if field.is_hidden:
        return f"{GAP}{_widget(field)}{GAP}"
    if not _handled(context, widget):
        return None
    if isinstance(widget, forms.CheckboxInput):
        return f"{GAP}{_checkbox(field, context)}{GAP}"
    return f"{GAP}{_field(field, context)}{GAP}"


@register.simple_tag(takes_context=True)
def crispy_field_fast(context) -> str:
    html = render_fast(context, context["field"])
    return mark_safe(crispy_template().render(context) if html is None else html)
