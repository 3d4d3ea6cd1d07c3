"""Filters of the agreement list."""
from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ...filters import RegionFilterSet
from ...models import Agreement, GovernanceTable, Organisation, Region, Theme


class AgreementFilter(RegionFilterSet):
    EVALUATION = [("due", _("Evaluation due soon or overdue")), ("overdue", _("Evaluation overdue"))]

    theme = django_filters.ModelChoiceFilter(field_name="themes", queryset=Theme.objects.none(), label=_("Theme"))
    party = django_filters.ModelChoiceFilter(field_name="parties", queryset=Organisation.objects.none(),
                                             label=_("Party"))
    table = django_filters.ModelChoiceFilter(field_name="monitored_by", queryset=GovernanceTable.objects.none(),
                                             label=_("Monitored by"))
    evaluation = django_filters.ChoiceFilter(choices=EVALUATION, method="filter_evaluation", label=_("Evaluation"))

    class Meta:
        model = Agreement
        fields = ["q", "theme", "party", "table", "evaluation"]

    def narrow(self, region: Region) -> None:
        # Only organisations and tables that are on an agreement: any other choice could never match.
        self.filters["party"].queryset = Organisation.objects.filter(region=region, agreements__isnull=False).distinct()
        self.filters["table"].queryset = GovernanceTable.objects.filter(
            region=region, monitored_agreements__isnull=False).distinct()

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))

    def filter_evaluation(self, queryset, name, value):
        return queryset.evaluation_overdue() if value == "overdue" else queryset.evaluation_due()
