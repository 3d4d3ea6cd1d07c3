"""Filters of the conflict list and of the list of risks and opportunities."""
from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ...filters import RegionFilterSet
from ...models import AttentionStatus, Conflict, ConflictKind, Domain, Impact, RiskKind, RiskOpportunity, Theme


class _AttentionFilter(RegionFilterSet):
    searched = ("title", "description", "resolution")

    status = django_filters.ChoiceFilter(choices=AttentionStatus.choices, label=_("Status"))
    impact = django_filters.ChoiceFilter(choices=Impact.choices, label=_("Impact"))
    theme = django_filters.ModelChoiceFilter(field_name="themes", queryset=Theme.objects.none(), label=_("Theme"))
    domain = django_filters.ModelChoiceFilter(field_name="domains", queryset=Domain.objects.none(), label=_("Domain"))

    def search(self, queryset, name, value):
        query = Q()
        for field in self.searched:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)


class ConflictFilter(_AttentionFilter):
    searched = (*_AttentionFilter.searched, "side_a_rule", "side_b_rule")
    kind = django_filters.ChoiceFilter(choices=ConflictKind.choices, label=_("Kind"))

    class Meta:
        model = Conflict
        fields = ["q", "kind", "status", "impact", "theme", "domain"]


class RiskOpportunityFilter(_AttentionFilter):
    kind = django_filters.ChoiceFilter(choices=RiskKind.choices, label=_("Kind"))

    class Meta:
        model = RiskOpportunity
        fields = ["q", "kind", "status", "impact", "theme", "domain"]
