"""The filter set every region list builds on, in governance and in the apps built on it: a search
box, and choices limited to the region's own rows."""
from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Municipality, Region


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
        # Plain Bootstrap classes: the filter bar renders its fields directly (crispy per field is slow).
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select" if hasattr(field.widget, "choices") else "form-control"

    def search(self, queryset, name, value):
        raise NotImplementedError
