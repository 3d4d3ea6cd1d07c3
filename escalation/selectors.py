"""Reads of escalations, always through the user's reach: region roles see the region's
escalations, municipality roles those of their own municipality."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from itertools import chain

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from governance.access import access_for
from governance.models import Municipality, Region

from .models import Escalation, EscalationTransition, RouteMeeting, past_limit_q
from .participants import ROUTE_ROLES
from .permissions import EscalationPerm
from .workflow import OPEN_STATES, State


def _reach(user, region: Region) -> Q | None:
    access = access_for(user)
    if EscalationPerm.VIEW in access.perms_in(region.id):
        return Q(region=region)
    municipalities = access.municipalities_with(EscalationPerm.VIEW)
    if municipalities:
        return Q(region=region, municipality_id__in=municipalities)
    return None


def escalation_list(*, user, region: Region) -> QuerySet[Escalation]:
    reach = _reach(user, region)
    if reach is None:
        return Escalation.objects.none()
    return Escalation.objects.filter(reach).select_related("municipality", "region")


def escalation_get(*, user, region: Region, pk: int) -> Escalation:
    escalation = (escalation_list(user=user, region=region)
                  .select_related("filed_by", "agreement__monitored_by", "review", "case").filter(pk=pk).first())
    if escalation is None:
        raise Http404("No such escalation.")
    return escalation


@dataclass(frozen=True)
class Summary:
    open: int
    by_state: dict[str, int]
    overdue: int
    acute: int
    paused: int


def escalation_summary(*, user, region: Region, municipality: Municipality | None = None) -> Summary:
    """The figures above the list and on the dashboards (the region's or one municipality's): one query."""
    escalations = escalation_list(user=user, region=region)
    if municipality is not None:
        escalations = escalations.filter(municipality=municipality)
    rows = escalations.aggregate(
        open=Count("pk", filter=Q(state__in=OPEN_STATES)),
        overdue=Count("pk", filter=past_limit_q()),
        acute=Count("pk", filter=Q(is_acute=True)),
        paused=Count("pk", filter=Q(state__in=OPEN_STATES, paused_since__isnull=False)),
        **{state.value: Count("pk", filter=Q(state=state)) for state in State},
    )
    return Summary(open=rows["open"], overdue=rows["overdue"], acute=rows["acute"], paused=rows["paused"],
                   by_state={state.value: rows[state.value] for state in State})


def my_escalations(*, user) -> QuerySet[Escalation]:
    """Escalations I filed, and open ones now waiting for a route I am part of."""
    access = access_for(user)
    mine = Q(filed_by=user)
    for region_id in access.regions_with(EscalationPerm.VIEW):
        held = access.region_roles.get(region_id, frozenset())
        states = [state for state, roles in ROUTE_ROLES.items() if roles & held]
        if states:
            mine |= Q(region_id=region_id, state__in=states)
    for municipality_id, roles in access.municipal_roles.items():
        states = [state for state, route_roles in ROUTE_ROLES.items() if route_roles & roles]
        if states:
            mine |= Q(municipality_id=municipality_id, state__in=states, region_id__in=access.region_ids)
    # Filed by me counts only where I can still read it (a role can be taken away).
    visible = Q(region_id__in=access.regions_with(EscalationPerm.VIEW)) | Q(
        municipality_id__in=access.municipalities_with(EscalationPerm.VIEW), region_id__in=access.region_ids)
    return (Escalation.objects.filter(mine).filter(visible).select_related("municipality", "region")
            .order_by(F("deadline").asc(nulls_last=True), "-created_at"))


@dataclass(frozen=True)
class TimelineEntry:
    at: object  # datetime or date
    step: EscalationTransition | None = None
    meeting: RouteMeeting | None = None


def _meeting_moment(meeting: RouteMeeting):
    """A meeting has a date only: it sorts at the moment it was recorded, or at the end of its day
    when recorded later, so that it stands before the steps that followed from it."""
    end_of_day = timezone.make_aware(datetime.combine(meeting.held_on, time(23, 59)))
    return min(meeting.created_at, end_of_day) if meeting.created_at else end_of_day


def escalation_timeline(*, escalation: Escalation) -> list[TimelineEntry]:
    """Every step and every route meeting, oldest first (two queries, whatever the length)."""
    steps = escalation.transitions.select_related("actor").order_by("at", "id")
    meetings = escalation.meetings.prefetch_related("participants__organisation").order_by("held_on", "id")
    entries = chain(
        (TimelineEntry(at=step.at, step=step) for step in steps),
        (TimelineEntry(at=_meeting_moment(m), meeting=m) for m in meetings),
    )
    return sorted(entries, key=lambda entry: entry.at)
