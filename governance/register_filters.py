from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Domain, Level, Municipality, Organisation, OrganisationType, Region, Stakeholder


class _RegionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        # Plain Bootstrap classes: the filter bar renders its fields directly (crispy per field is slow).
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select" if hasattr(field.widget, "choices") else "form-control"

    def search(self, queryset, name, value):
        raise NotImplementedError


class OrganisationFilter(_RegionFilterSet):
    type = django_filters.ChoiceFilter(choices=OrganisationType.choices, label=_("Type"))
    domain = django_filters.ModelChoiceFilter(queryset=Domain.objects.none(), label=_("Domain"))
    municipality = django_filters.ModelChoiceFilter(
        field_name="municipalities", queryset=Municipality.objects.none(), label=_("Municipality")
    )

    class Meta:
        model = Organisation
        fields = ["q", "type", "domain", "municipality"]

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        self.filters["domain"].queryset = Domain.objects.filter(region=region)
        self.filters["municipality"].queryset = region.municipalities.order_by("name")

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(notes__icontains=value))


class StakeholderFilter(_RegionFilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Level"))
    domain = django_filters.ModelChoiceFilter(
        field_name="organisation__domain", queryset=Domain.objects.none(), label=_("Domain")
    )
    is_key_figure = django_filters.BooleanFilter(label=_("Key figure"))
    is_ambassador = django_filters.BooleanFilter(label=_("Ambassador"))

    class Meta:
        model = Stakeholder
        fields = ["q", "level", "domain", "is_key_figure", "is_ambassador"]

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        self.filters["domain"].queryset = Domain.objects.filter(region=region)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(function__icontains=value) | Q(organisation__name__icontains=value)
        )
