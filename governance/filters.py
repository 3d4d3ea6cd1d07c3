"""The filter set every region list builds on, in governance and in the apps built on it: a search
box, and choices limited to the region's own rows."""
from __future__ import annotations

import django_filters
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from common.audit import ACCOUNT_EVENTS, event_labels
from common.forms import DATE_INPUT
from common.widgets import NAME_CHOICES, FastSelect, use_widget

from .models import Domain, GovernanceTable, Municipality, Organisation, Phase, Region, Stakeholder, Theme
from .selectors import account_events_q, audit_region_q, members_of_region, region_tree_ids

# Models whose rows read as their name: their choices come from that column alone, not from instances.
_NAMED = (Domain, GovernanceTable, Municipality, Organisation, Phase, Stakeholder, Theme)


class RegionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        # Choices from this region only.
        for filter_ in self.filters.values():
            queryset = getattr(filter_, "queryset", None)
            if queryset is not None and queryset.model is Municipality:
                filter_.queryset = region.municipalities.order_by("name")
            elif queryset is not None:
                filter_.queryset = queryset.model.objects.filter(region=region)
        self.narrow(region)
        # The form is built from here on, with the choices above.
        for field in self.form.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model in _NAMED:
                field.iterator = NAME_CHOICES
            if type(field.widget) is forms.Select:  # one pass instead of a template per option
                use_widget(field, FastSelect)
            # Plain Bootstrap classes: the filter bar renders its fields directly (crispy per field is slow).
            field.widget.attrs["class"] = "form-select" if hasattr(field.widget, "choices") else "form-control"

    def narrow(self, region: Region) -> None:
        """Narrows a filter's choices further (set `self.filters[name].queryset`) before the form is built."""

    def search(self, queryset, name, value):
        raise NotImplementedError


def _kinds() -> list[tuple[str, str]]:
    events = event_labels()
    kinds = [("created", _("created")), ("changed", _("changed")), ("deleted", _("deleted")), ("viewed", _("viewed")),
             *((event, events[event]) for event in ACCOUNT_EVENTS)]
    return [(value, capfirst(label)) for value, label in kinds]


_ACTIONS = {"created": LogEntry.Action.CREATE, "changed": LogEntry.Action.UPDATE, "deleted": LogEntry.Action.DELETE}


class AuditFilterSet(django_filters.FilterSet):
    """The audit search's filters (governance.selectors.audit_search_for_region gives the entries): person,
    kind, type of object, region (the region or a subregion) and period."""

    person = django_filters.ModelChoiceFilter(queryset=get_user_model().objects.none(), method="by_person",
                                              label=_("Person"))
    kind = django_filters.ChoiceFilter(choices=_kinds, method="by_kind", label=_("Kind"))
    object_type = django_filters.ChoiceFilter(method="by_object_type", label=_("Type of object"))
    area = django_filters.ModelChoiceFilter(queryset=Region.objects.none(), method="by_region", label=_("Region"))
    since = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__gte", label=_("From"),
                                      widget=DATE_INPUT)
    until = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__lte", label=_("Until"),
                                      widget=DATE_INPUT)

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["person"].queryset = get_user_model().objects.filter(
            id__in=members_of_region(region)).order_by("last_name", "first_name", "username")
        self.filters["area"].queryset = Region.objects.filter(id__in=region_tree_ids(region)).order_by("name")
        self.filters["object_type"].extra["choices"] = _audited_types()
        form = self.form
        form.fields["person"].label_from_instance = lambda user: user.get_full_name() or user.username
        for field in form.fields.values():
            if type(field.widget) is forms.Select:
                use_widget(field, FastSelect)
            field.widget.attrs["class"] = "form-select" if hasattr(field.widget, "choices") else "form-control"

    def by_person(self, queryset, name, value):
        # Entries by the person, and what happened to their account (a failed login has no actor).
        return queryset.filter(Q(actor=value) | account_events_q([value.pk]))

    def by_kind(self, queryset, name, value):
        if value in _ACTIONS:
            return queryset.filter(action=_ACTIONS[value]).exclude(additional_data__has_key="event")
        if value == "viewed":
            return queryset.filter(action=LogEntry.Action.ACCESS).exclude(additional_data__has_key="event")
        return queryset.filter(additional_data__event=value)

    def by_object_type(self, queryset, name, value):
        return queryset.filter(content_type_id=value)

    def by_region(self, queryset, name, value):
        return queryset.filter(audit_region_q(value))


def _audited_types() -> list[tuple[int, str]]:
    """Every model on the audit trail, by name (content types are cached after the first read)."""
    types = ContentType.objects.get_for_models(*auditlog.get_models())
    return sorted(((ct.pk, str(capfirst(model._meta.verbose_name))) for model, ct in types.items()),
                  key=lambda choice: choice[1].lower())
