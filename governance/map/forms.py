"""The map's small forms: which part of the region to show, a snapshot's name, and the network's filters."""
from __future__ import annotations

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from common.widgets import FastSelect

from ..models import Domain, GovernanceTable, MapSnapshot, Municipality, Organisation, Phase, Region, Theme
from ..register.selectors.base import scoped
from .network import PERSON, Focus


class MapScopeForm(forms.Form):
    """A subregion or one municipality of the region (a municipality wins when both are chosen)."""

    subregion = forms.TypedChoiceField(label=_("Subregion"), required=False, coerce=int, empty_value=None)
    municipality = forms.TypedChoiceField(label=_("Municipality"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, subregions: list[Region], municipalities: list[Municipality], **kwargs):
        super().__init__(*args, **kwargs)
        self.subregions = {subregion.pk: subregion for subregion in subregions}
        self.municipalities = {municipality.pk: municipality for municipality in municipalities}
        self.fields["subregion"].choices = [("", _("All"))] + [(pk, s.name) for pk, s in self.subregions.items()]
        self.fields["municipality"].choices = [("", _("All"))] + [
            (pk, m.name) for pk, m in self.municipalities.items()]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def scope(self) -> tuple[Region | None, Municipality | None]:
        """(subregion, municipality), at most one of them; nothing when the choice is not valid."""
        if not self.is_valid():
            return None, None
        municipality = self.municipalities.get(self.cleaned_data["municipality"])
        if municipality is not None:
            return None, municipality
        return self.subregions.get(self.cleaned_data["subregion"]), None


class SnapshotForm(forms.Form):
    name = forms.CharField(label=_("Name of the snapshot"), max_length=MapSnapshot._meta.get_field("name").max_length,
                           widget=forms.TextInput(attrs={"class": "form-control"}))

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the snapshot a name."))
        return name


class _Normalized(BaseChoiceIterator):
    """Choices already in the shape Django normalizes them to ((value, label) pairs, groups as lists).
    Django walks plain lists twice per field (for the field and its widget), which for the focus's
    hundreds of tables and organisations at scale 10 took longer than reading them."""

    def __init__(self, choices: list) -> None:
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)


class NetworkForm(forms.Form):
    """The picture's filters and focus. Choices come from the region's register, read as the user may;
    a person focus arrives from a stakeholder's page and is offered as the current choice."""

    domain = forms.TypedChoiceField(label=_("Domain"), required=False, coerce=int, empty_value=None,
                                    widget=FastSelect)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None,
                                   widget=FastSelect)
    phase = forms.TypedChoiceField(label=_("Phase of chain care"), required=False, coerce=int,
                                   empty_value=None, widget=FastSelect)
    # Hundreds of tables and organisations at ten times the usual size: written in one pass.
    focus = forms.ChoiceField(label=_("Focus on"), required=False, widget=FastSelect)
    depth = forms.TypedChoiceField(label=_("Steps from the focus"), required=False, coerce=int,
                                   empty_value=1, choices=[(1, "1"), (2, "2")])

    def __init__(self, *args, user, region: Region, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Names only: the register's list selectors count rows per item, which these choices do not show.
        def names(model) -> list[tuple[int, str]]:
            return list(scoped(model, user, region).values_list("pk", "name"))

        everything = [("", gettext_now("All"))]
        self.fields["domain"].choices = _Normalized(everything + names(Domain))
        self.fields["theme"].choices = _Normalized(everything + names(Theme))
        self.fields["phase"].choices = _Normalized(everything + names(Phase))
        focus = [("", gettext_now("Nothing: the whole region"))]
        if person is not None:
            focus.append((gettext_now("Person"), [(Focus(PERSON, person.pk).key, person.name)]))
        focus.append((gettext_now("Governance tables"), [(f"table:{pk}", name) for pk, name in names(GovernanceTable)]))
        focus.append((gettext_now("Organisations"), [(f"organisation:{pk}", name) for pk, name in names(Organisation)]))
        self.fields["focus"].choices = _Normalized(focus)
