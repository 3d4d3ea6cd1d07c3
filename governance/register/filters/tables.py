"""Filters of the table, meeting, decision and action item lists."""
from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ...filters import RegionFilterSet
from ...models import (
    ActionItem,
    Decision,
    Domain,
    GovernanceTable,
    Meeting,
    Municipality,
    Phase,
    Region,
    Stakeholder,
    TableLevel,
    TableScope,
    Theme,
)


class TableFilter(RegionFilterSet):
    domain = django_filters.ModelChoiceFilter(field_name="domains", queryset=Domain.objects.none(), label=_("Domain"))
    level = django_filters.ChoiceFilter(choices=TableLevel.choices, label=_("Level"))
    scope = django_filters.ChoiceFilter(choices=TableScope.choices, label=_("Scope"))
    theme = django_filters.ModelChoiceFilter(field_name="themes", queryset=Theme.objects.none(), label=_("Theme"))
    phase = django_filters.ModelChoiceFilter(field_name="phases", queryset=Phase.objects.none(), label=_("Phase"))
    municipality = django_filters.ModelChoiceFilter(queryset=Municipality.objects.none(), label=_("Municipality"))

    class Meta:
        model = GovernanceTable
        fields = ["q", "domain", "level", "scope", "theme", "phase", "municipality"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(mandate__icontains=value))


class MeetingFilter(RegionFilterSet):
    table = django_filters.ModelChoiceFilter(queryset=GovernanceTable.objects.none(), label=_("Table"))

    class Meta:
        model = Meeting
        fields = ["q", "table"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(summary__icontains=value) | Q(table__name__icontains=value))


class DecisionFilter(RegionFilterSet):
    table = django_filters.ModelChoiceFilter(field_name="meeting__table", queryset=GovernanceTable.objects.none(),
                                             label=_("Table"))

    class Meta:
        model = Decision
        fields = ["q", "table"]

    def search(self, queryset, name, value):
        return queryset.filter(text__icontains=value)


class ActionFilter(RegionFilterSet):
    STATES = [("open", _("Open")), ("overdue", _("Overdue")), ("done", _("Done"))]

    state = django_filters.ChoiceFilter(choices=STATES, method="filter_state", label=_("State"))
    table = django_filters.ModelChoiceFilter(field_name="meeting__table", queryset=GovernanceTable.objects.none(),
                                             label=_("Table"))
    owner = django_filters.ModelChoiceFilter(queryset=Stakeholder.objects.none(), label=_("Owner"))

    class Meta:
        model = ActionItem
        fields = ["q", "state", "table", "owner"]

    def narrow(self, region: Region) -> None:
        # Only people who own an action: the full list of stakeholders would be long and mostly useless.
        self.filters["owner"].queryset = Stakeholder.objects.filter(region=region, actions__isnull=False).distinct()

    def search(self, queryset, name, value):
        return queryset.filter(description__icontains=value)

    def filter_state(self, queryset, name, value):
        return {"done": queryset.done, "overdue": queryset.overdue}.get(value, queryset.open)()
