from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..filters import RegionFilterSet
from ..models import (
    ActionItem,
    Agreement,
    Decision,
    Domain,
    Duo,
    GlossaryTerm,
    GovernanceTable,
    Level,
    Meeting,
    Municipality,
    Organisation,
    OrganisationType,
    Phase,
    PlanKind,
    PolicyPlan,
    Region,
    Stakeholder,
    TableLevel,
    TableScope,
    Theme,
)


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

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        # Only people who own an action: the full list of stakeholders would be long and mostly useless.
        self.filters["owner"].queryset = Stakeholder.objects.filter(region=region, actions__isnull=False).distinct()

    def search(self, queryset, name, value):
        return queryset.filter(description__icontains=value)

    def filter_state(self, queryset, name, value):
        return {"done": queryset.done, "overdue": queryset.overdue}.get(value, queryset.open)()


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

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))

    def filter_evaluation(self, queryset, name, value):
        return queryset.evaluation_overdue() if value == "overdue" else queryset.evaluation_due()


class PolicyPlanFilter(RegionFilterSet):
    municipality = django_filters.ModelChoiceFilter(queryset=Municipality.objects.none(), label=_("Municipality"))
    kind = django_filters.ChoiceFilter(choices=PlanKind.choices, label=_("Plan"))
    covers_domestic_violence = django_filters.BooleanFilter(label=_("Covers domestic violence"))

    class Meta:
        model = PolicyPlan
        fields = ["q", "municipality", "kind", "covers_domestic_violence"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(note__icontains=value))


class GlossaryFilter(RegionFilterSet):
    class Meta:
        model = GlossaryTerm
        fields = ["q"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(term__icontains=value) | Q(definition__icontains=value) | Q(also_called__icontains=value))
