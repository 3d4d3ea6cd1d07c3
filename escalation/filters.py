from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.selectors import case_list
from governance.filters import RegionFilterSet
from governance.models import Municipality

from .models import past_limit_q
from .workflow import OPEN_STATES, ROUTES, Reason, State

_YES_NO = [("yes", _("Yes")), ("no", _("No"))]
_STATES = [("open", _("All open escalations")), *State.choices]


class EscalationFilter(RegionFilterSet):
    state = django_filters.ChoiceFilter(choices=_STATES, method="by_state", label=_("State"), empty_label=_("All"))
    route = django_filters.ChoiceFilter(choices=[(str(n), _("Route %(n)s") % {"n": n}) for n in (1, 2, 3)],
                                        method="by_route", label=_("Route"))
    reason = django_filters.ChoiceFilter(choices=Reason.choices, label=_("Reason"))
    municipality = django_filters.ModelChoiceFilter(queryset=Municipality.objects.none(), label=_("Municipality"))
    overdue = django_filters.ChoiceFilter(choices=_YES_NO, method="by_overdue", label=_("Past the time limit"))
    acute = django_filters.ChoiceFilter(choices=_YES_NO, method="by_acute", label=_("Acute safety path"))

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def search(self, queryset, name, value):
        value = value.strip()
        reference = value.upper().removeprefix("ESC-").lstrip("0")
        # A case's code finds its escalations only for someone who may read that case: for anyone else the
        # search would tell whether the code exists.
        readable = case_list(user=self.user, region=self.region).filter(code=value.upper())
        match = Q(title__icontains=value) | Q(case__in=readable)
        if reference.isdigit():
            match |= Q(pk=int(reference))
        return queryset.filter(match)

    def by_state(self, queryset, name, value):
        return queryset.filter(state__in=OPEN_STATES) if value == "open" else queryset.filter(state=value)

    def by_route(self, queryset, name, value):
        return queryset.filter(state__in=[state for state, number in ROUTES.items() if str(number) == value])

    def by_overdue(self, queryset, name, value):
        return queryset.filter(past_limit_q()) if value == "yes" else queryset.exclude(past_limit_q())

    def by_acute(self, queryset, name, value):
        return queryset.filter(is_acute=value == "yes")
