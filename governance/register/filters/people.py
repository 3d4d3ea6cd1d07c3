"""Filters of the organisation, stakeholder and duo lists."""
from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ...filters import RegionFilterSet
from ...models import Domain, Duo, Level, Municipality, Organisation, OrganisationType, Stakeholder, Theme


class OrganisationFilter(RegionFilterSet):
    type = django_filters.ChoiceFilter(choices=OrganisationType.choices, label=_("Type"))
    domain = django_filters.ModelChoiceFilter(queryset=Domain.objects.none(), label=_("Domain"))
    municipality = django_filters.ModelChoiceFilter(
        field_name="municipalities", queryset=Municipality.objects.none(), label=_("Municipality")
    )

    class Meta:
        model = Organisation
        fields = ["q", "type", "domain", "municipality"]


    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(notes__icontains=value))


class StakeholderFilter(RegionFilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Level"))
    domain = django_filters.ModelChoiceFilter(
        field_name="organisation__domain", queryset=Domain.objects.none(), label=_("Domain")
    )
    is_key_figure = django_filters.BooleanFilter(label=_("Key figure"))
    is_ambassador = django_filters.BooleanFilter(label=_("Ambassador"))

    class Meta:
        model = Stakeholder
        fields = ["q", "level", "domain", "is_key_figure", "is_ambassador"]


    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(function__icontains=value) | Q(organisation__name__icontains=value)
        )


class DuoFilter(RegionFilterSet):
    level = django_filters.ChoiceFilter(choices=Duo.DuoLevel.choices, label=_("Level"))
    theme = django_filters.ModelChoiceFilter(field_name="themes", queryset=Theme.objects.none(), label=_("Theme"))

    class Meta:
        model = Duo
        fields = ["q", "level", "theme"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(social__name__icontains=value) | Q(safety__name__icontains=value)
                               | Q(pulls_together__icontains=value))
