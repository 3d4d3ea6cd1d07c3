"""Filters of the glossary."""
from __future__ import annotations

from django.db.models import Q

from ...filters import RegionFilterSet
from ...models import GlossaryTerm


class GlossaryFilter(RegionFilterSet):
    class Meta:
        model = GlossaryTerm
        fields = ["q"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(term__icontains=value) | Q(definition__icontains=value) | Q(also_called__icontains=value))
