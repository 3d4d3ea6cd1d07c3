"""The filter set every region list builds on, in governance and in the apps built on it: a search
box, and choices limited to the region's own rows."""
from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from common.widgets import NAME_CHOICES, FastSelect, use_widget

from .models import Domain, GovernanceTable, Municipality, Organisation, Phase, Region, Stakeholder, Theme

# Models whose rows read as their name: their choices come from that column alone, not from instances.
_NAMED = (Domain, GovernanceTable, Municipality, Organisation, Phase, Stakeholder, Theme)


class RegionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        # Choices from this region only.
        for filter_ in self.filters.values():
            queryset = getattr(filter_, "queryset", None)
            if queryset is not None and queryset.model is Municipality:
                filter_.queryset = region.municipalities.order_by("name")
            elif queryset is not None:
                filter_.queryset = queryset.model.objects.filter(region=region)
        self.narrow(region)
        # The form is built from here on, with the choices above.
        for field in self.form.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model in _NAMED:
                field.iterator = NAME_CHOICES
            if type(field.widget) is forms.Select:  # one pass instead of a template per option
                use_widget(field, FastSelect)
            # Plain Bootstrap classes: the filter bar renders its fields directly (crispy per field is slow).
            field.widget.attrs["class"] = "form-select" if hasattr(field.widget, "choices") else "form-control"

    def narrow(self, region: Region) -> None:
        """Narrows a filter's choices further (set `self.filters[name].queryset`) before the form is built."""

    def search(self, queryset, name, value):
        raise NotImplementedError
