"""What every register form shares: the region's scope, cheap choices, pickers for long lists."""
from __future__ import annotations

import copy
import functools

from django import forms
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.forms import DATE_INPUT, check_id_lists, form_helper
from common.widgets import (
    NAME_CHOICES,
    FastSelect,
    FastSelectMultiple,
    Picker,
    PickerMultiple,
    use_widget,
    values_choices,
)

from ...labels import stakeholder_label
from ...models import (
    Decision,
    Domain,
    GovernanceTable,
    Municipality,
    Organisation,
    Phase,
    Region,
    RegionOwned,
    Stakeholder,
    Theme,
)


def _stakeholder_option(name: str, function: str, organisation: str) -> str:
    return f"{name} ({function}, {organisation})"  # as labels.stakeholder_label, from a values_list() row


_STAKEHOLDER_CHOICES = values_choices("name", "function", "organisation__name", label=_stakeholder_option)


@functools.lru_cache(maxsize=4096)
def _short_date(day, language: str) -> str:
    # Hundreds of decisions share a few dozen meeting dates; Django's date formatting is slow per call.
    return date_format(day, "SHORT_DATE_FORMAT")


def _decision_options():
    """A decision as one reads it in a long list: "table – date: text" (the text cut short)."""
    language = get_language()  # once per list: it costs more than the rest of a label

    def label(table: str, held_on, text: str) -> str:
        text = text if len(text) <= 80 else text[:79] + "…"
        return f"{table} – {_short_date(held_on, language)}: {text}"

    return label


_DECISION_CHOICES = values_choices("meeting__table__name", "meeting__held_on", "text", labeller=_decision_options)


# Lists that grow with the region (hundreds of people, organisations and decisions): a searchable picker.
_LONG_LISTS = (Stakeholder, Organisation, GovernanceTable, Decision)
# Short lists whose rows read as their name (as in governance/filters.py): options from that column alone.
_NAMED = (Domain, Municipality, Phase, Theme)


class RegisterForm(forms.ModelForm):
    """A register row's form: scoped to one region, with the version it was loaded at."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.instance.region = region
        if self.instance.pk:
            # An edit must say which version it was based on, or it could overwrite unseen changes.
            self.fields["version"].required = True
            if not self.is_bound:
                self.initial["version"] = self.instance.version
        check_id_lists(self)
        for form_field in self.fields.values():
            self._scope_field(form_field, region)
        self.helper = form_helper(_("Save"))

    @staticmethod
    def _scope_field(form_field, region: Region) -> None:
        """Choices from this region only, written cheaply, long lists searchable; dates as date pickers."""
        if isinstance(form_field, forms.ModelChoiceField):
            model = form_field.queryset.model
            multiple = isinstance(form_field, forms.ModelMultipleChoiceField)
            if model in _LONG_LISTS:
                use_widget(form_field, PickerMultiple if multiple else Picker)
                if model is Decision:  # a decision reads as its table, date and text
                    form_field.iterator = _DECISION_CHOICES
                elif model is not Stakeholder:  # organisations and tables read as their name
                    form_field.iterator = NAME_CHOICES
            elif type(form_field.widget) in (forms.Select, forms.SelectMultiple):  # not checkboxes or radios
                use_widget(form_field, FastSelectMultiple if multiple else FastSelect)
            if model in _NAMED:
                form_field.iterator = NAME_CHOICES  # the queryset set below hands the widget these choices
            if issubclass(model, RegionOwned):
                form_field.queryset = form_field.queryset.filter(region=region)
            elif model is Municipality:
                form_field.queryset = region.municipalities.filter(is_active=True).order_by("name")
            if model is Stakeholder:
                # Options from the label's columns only: with hundreds of people, model instances add up.
                form_field.iterator = _STAKEHOLDER_CHOICES
                form_field.queryset = form_field.queryset.select_related("organisation").order_by("name")
                form_field.label_from_instance = stakeholder_label
        if isinstance(form_field, forms.DateField):
            # A copy per field: crispy adds its classes (is-invalid too) to the widget it renders, and a
            # shared one kept them for every later form in the process.
            form_field.widget = copy.deepcopy(DATE_INPUT)

    def m2m_values(self) -> dict:
        return {name: self.cleaned_data[name] for name, field in self.fields.items()
                if isinstance(field, forms.ModelMultipleChoiceField)}


CHECKBOXES = forms.CheckboxSelectMultiple
# Free text about meetings and agreements is read by many: it must never identify a client.
NO_CLIENTS = _("About the work and the agreements only. Never record names or details of clients or cases.")
