"""Filters of the policy plan list."""
from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ...filters import RegionFilterSet
from ...models import Municipality, PlanKind, PolicyPlan


class PolicyPlanFilter(RegionFilterSet):
    municipality = django_filters.ModelChoiceFilter(queryset=Municipality.objects.none(), label=_("Municipality"))
    kind = django_filters.ChoiceFilter(choices=PlanKind.choices, label=_("Plan"))
    covers_domestic_violence = django_filters.BooleanFilter(label=_("Covers domestic violence"))

    class Meta:
        model = PolicyPlan
        fields = ["q", "municipality", "kind", "covers_domestic_violence"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(note__icontains=value))
