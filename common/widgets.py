"""Select widgets that stay fast with hundreds of choices, and the searchable picker built on them.

Django renders a template per option (and per checkbox), which costs milliseconds per hundred
choices; a region at ten times the usual size offers ~800 people and ~400 organisations. These
widgets write the options as one string instead. The markup is the same plain `<select>`, so the
forms work without JavaScript; `js/picker.js` turns a `data-picker` select into a searchable one.
"""
from __future__ import annotations

from itertools import groupby

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .html import escape


def _value(value: str) -> str:
    # Most values are primary keys: digits need no escaping, and there are thousands of them on a page.
    return value if value.isdigit() else escape(value)


class SharedOptions(BaseChoiceIterator):
    """Flat choices that several selects of one form offer (a table's chair and its secretary): read once,
    each option escaped once however many selects write it, and not copied again by Django's choice
    normalisation, which keeps iterators as they are."""

    def __init__(self, choices):
        # iter(): `list()` of a model choice iterator would first ask its length, a COUNT query.
        self.choices = list(iter(choices))
        self._written: list[tuple[str, str, str]] | None = None

    def __iter__(self):
        return iter(self.choices)

    def written(self) -> list[tuple[str, str, str]]:
        """(value, the option's markup before and after where `selected` goes) per choice."""
        if self._written is None:
            self._written = []
            for value, label in self.choices:
                value = "" if value is None else str(value)
                self._written.append((value, f'value="{_value(value)}"', f">{escape(label)}</option>"))
        return self._written


def _options(choices, selected: set[str], parts: list[str]) -> None:
    if isinstance(choices, SharedOptions):
        parts.extend(f"<option {start}{' selected' if value in selected else ''}{end}"
                     for value, start, end in choices.written())
        return
    for value, label in choices:
        if isinstance(label, (list, tuple)):  # a group: (group label, [(value, label), ...])
            parts.append(f'<optgroup label="{escape(value)}">')
            _options(label, selected, parts)
            parts.append("</optgroup>")
            continue
        value = "" if value is None else str(value)
        mark = " selected" if value in selected else ""
        parts.append(f'<option value="{_value(value)}"{mark}>{escape(label)}</option>')


class FastSelect(forms.Select):
    """A `<select>` whose options are written in one pass instead of one template each."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        parts = [format_html("<select name=\"{}\"{}>", name, flatatt(final_attrs))]
        _options(self.choices, set(self.format_value(value)), parts)
        parts.append("</select>")
        return mark_safe("".join(parts))


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    pass


class _PickerMixin:
    """Marks the select for `js/picker.js` and brings its script and styles along as form media."""

    class Media:
        css = {"all": ["vendor/tom-select/css/tom-select.bootstrap5.min.css", "css/picker.css"]}
        js = ["vendor/tom-select/js/tom-select.popular.min.js", "js/picker.js"]

    def __init__(self, attrs=None, choices=()):
        attrs = {
            "data-picker": "",
            # The picker's own texts, in the page's language.
            "data-picker-no-results": _("Nothing found."),
            "data-picker-remove": _("Remove"),
            **(attrs or {}),
        }
        super().__init__(attrs, choices)


class Picker(_PickerMixin, FastSelect):
    pass


class PickerMultiple(_PickerMixin, FastSelectMultiple):
    pass


class ValuesChoiceIterator(ModelChoiceIterator):
    """A model choice field's choices read with `values_list()`: a row per option instead of one or two
    model instances, which is most of the cost of a list of hundreds. The field still validates a
    posted value against its queryset."""

    fields: tuple[str, ...] = ()
    group: str = ""  # a field to group the options by (<optgroup>); the queryset must be ordered by it first

    @staticmethod
    def label(*values) -> str:
        return str(values[0])

    def labeller(self):
        """The label function for one pass over the rows."""
        return self.label

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.values_list("pk", *((self.group,) if self.group else ()), *self.fields)
        label = self.labeller()
        if not self.group:
            for pk, *values in rows:
                yield (pk, label(*values))
            return
        for group, members in groupby(rows, key=lambda row: row[1]):
            yield (str(group), [(pk, label(*values)) for pk, _group, *values in members])


def values_choices(*fields: str, label=None, labeller=None, group: str = "") -> type[ValuesChoiceIterator]:
    """`field.iterator = values_choices("name", "function", label=...)`: options from these fields only.
    `labeller()`, called once per list, returns the label function instead: a place to read what every
    row's label needs (the language) once rather than per row."""
    attributes = {"fields": fields, "group": group}
    if label is not None:
        attributes["label"] = staticmethod(label)
    if labeller is not None:
        attributes["labeller"] = staticmethod(labeller)
    return type("ValuesChoices", (ValuesChoiceIterator,), attributes)


# Choices of rows that read as their name (organisations, tables, themes, ...).
NAME_CHOICES = values_choices("name")


def use_widget(field: forms.ChoiceField, widget_class: type[forms.Select]) -> None:
    """Gives a built choice field another select widget, keeping its attributes and choices."""
    widget = widget_class(attrs=field.widget.attrs)
    widget.choices = field.choices
    widget.is_required = field.required
    field.widget = widget
