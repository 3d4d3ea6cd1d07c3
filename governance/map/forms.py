"""The map's two small forms: which part of the region to show, and a snapshot's name."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import MapSnapshot, Municipality, Region


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
