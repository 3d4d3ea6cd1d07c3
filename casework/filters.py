from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from governance.filters import RegionFilterSet
from governance.models import Municipality, Phase

from . import deadlines
from .models import Violence
from .selectors import many_leads_q, no_lead_q

_DEADLINES = [(state.value, state.label) for state in deadlines.ATTENTION]
_FLAGS = [("no_lead", _("Discussed at two or more tables, nobody holds the lead")),
          ("many_leads", _("More than one lead"))]
_OPEN = [("open", _("Open")), ("closed", _("Closed"))]


class CaseFilter(RegionFilterSet):
    municipality = django_filters.ModelChoiceFilter(queryset=Municipality.objects.none(), label=_("Municipality"))
    deadline = django_filters.ChoiceFilter(choices=_DEADLINES, method="by_deadline", label=_("Time limit"))
    flag = django_filters.ChoiceFilter(choices=_FLAGS, method="by_flag", label=_("Lead"))
    violence = django_filters.ChoiceFilter(choices=Violence.choices, field_name="violence__code",
                                           label=_("Form of violence"))
    phase = django_filters.ModelChoiceFilter(queryset=Phase.objects.none(), label=_("Phase"))
    status = django_filters.ChoiceFilter(choices=_OPEN, method="by_status", label=_("Open or closed"))

    def search(self, queryset, name, value):
        return queryset.filter(code__iexact=value.strip())

    def by_deadline(self, queryset, name, value):
        return queryset.in_deadline_state(value)

    def by_flag(self, queryset, name, value):
        return queryset.filter(no_lead_q() if value == "no_lead" else many_leads_q())

    def by_status(self, queryset, name, value):
        return queryset.filter(closed_on__isnull=value == "open")
