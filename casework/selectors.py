"""Reads of cases, always through the user's reach: region roles see the region's cases, municipality
roles those of their own municipality. Counts (`case_counts`) are for everyone who steers on them and
never carry a case row."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from governance.access import access_for
from governance.models import Municipality, Region

from . import deadlines
from .models import Case, CaseDiscussion, CaseLead, HouseBan, LearningMeeting, Lesson, Violence
from .permissions import CaseworkPerm


def _reach(user, region: Region, perm: str = CaseworkPerm.VIEW_CASES) -> Q | None:
    access = access_for(user)
    if perm in access.perms_in(region.id):
        return Q(region=region)
    municipalities = access.municipalities_with(perm)
    if municipalities:
        return Q(region=region, municipality_id__in=municipalities)
    return None


def case_list(*, user, region: Region) -> QuerySet[Case]:
    reach = _reach(user, region)
    if reach is None:
        return Case.objects.none()
    # An anonymised case only counts (retention.py): it has no code and nothing left to work on.
    return Case.objects.filter(reach, anonymised=False).select_related("municipality", "phase")


def case_get(*, user, region: Region, code: str) -> Case:
    case = case_list(user=user, region=region).select_related("region").filter(code=code).first()
    if case is None:
        raise Http404("No such case.")
    return case


def _lead_flags(case_ids) -> tuple[set[int], set[int]]:
    """(cases discussed at two or more tables with no current lead, cases with more than one current lead)."""
    tables = dict(CaseDiscussion.objects.filter(case_id__in=case_ids).order_by().values_list("case_id")
                  .annotate(n=Count("table_id", distinct=True)))
    leads = dict(CaseLead.objects.filter(case_id__in=case_ids, until__isnull=True).order_by().values_list("case_id")
                 .annotate(n=Count("pk")))
    return ({pk for pk, n in tables.items() if n >= 2 and not leads.get(pk)},
            {pk for pk, n in leads.items() if n > 1})


def no_lead_q() -> Q:
    """Discussed at two or more tables and nobody holds the lead now."""
    return Q(pk__in=CaseDiscussion.objects.values("case_id").annotate(n=Count("table_id", distinct=True))
             .filter(n__gte=2).values("case_id")) & ~Q(pk__in=CaseLead.objects.filter(until__isnull=True)
                                                      .values("case_id"))


def many_leads_q() -> Q:
    return Q(pk__in=CaseLead.objects.filter(until__isnull=True).values("case_id").annotate(n=Count("pk"))
             .filter(n__gt=1).values("case_id"))


@dataclass(frozen=True)
class CaseRow:
    """A case as the list shows it: its worst time-limit state and its lead flags."""

    case: Case
    worst: deadlines.State | None
    no_lead: bool
    many_leads: bool
    violence: list[str]


_WORST = [deadlines.State.VERY_LATE, deadlines.State.LATE, deadlines.State.DUE_SOON]


def case_rows(cases: list[Case], today: date | None = None) -> list[CaseRow]:
    """The page's cases with what the list shows, in a fixed number of queries."""
    today = today or timezone.localdate()
    ids = [case.pk for case in cases]
    no_lead, many = _lead_flags(ids)
    states = defaultdict(set)
    for case in cases:
        if case.closed_on is None:
            states[case.pk] |= {state for _label, _due, _done, state in case.terms(today)}
    for ban in HouseBan.objects.filter(case_id__in=ids, case__closed_on__isnull=True):
        states[ban.case_id] |= {state for _label, _due, _done, state in ban.terms(today)}
    violence = defaultdict(list)
    for case_id, code in Case.violence.through.objects.filter(case_id__in=ids).values_list(
            "case_id", "violenceform__code").order_by("violenceform_id"):
        violence[case_id].append(code)
    return [CaseRow(case, next((state for state in _WORST if state in states[case.pk]), None),
                    case.pk in no_lead, case.pk in many, [str(Violence(code).label) for code in violence[case.pk]])
            for case in cases]


@dataclass
class MunicipalityCounts:
    municipality: str
    open: int = 0
    due_soon: int = 0
    late: int = 0
    very_late: int = 0
    no_lead: int = 0
    many_leads: int = 0


@dataclass
class CaseCounts:
    """Open cases per municipality by time-limit state and lead flag: numbers only."""

    rows: list[MunicipalityCounts] = field(default_factory=list)

    @property
    def total(self) -> MunicipalityCounts:
        total = MunicipalityCounts("")
        for row in self.rows:
            for name in ("open", "due_soon", "late", "very_late", "no_lead", "many_leads"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total


_CASE_LIMITS = ("assessment", "investigation")
_BAN_LIMITS = ("decision", "care")


def _columns(prefixes) -> list[str]:
    return [f"{prefix}_{part}" for prefix in prefixes for part in ("due", "very_late", "done")]


def _states(row, prefixes, today: date) -> set[str]:
    """The states of a row's limits, from its stored columns (the rule of deadlines.state_of)."""
    states = set()
    for index in range(0, 3 * len(prefixes), 3):
        due, very_late, done = row[index:index + 3]
        if due is not None:
            states.add(deadlines.state_of(due=due, very_late_from=very_late, done_on=done, today=today))
    return states


def case_counts(*, user, region: Region, municipality: Municipality | None = None,
                today: date | None = None) -> CaseCounts | None:
    """None for someone who may not see the counts. A case counts once per state (a case late on one
    limit and due soon on another counts under both). Read as columns and counted here: the same
    count as one SQL statement (Case.objects.deadline_q) cost more to compose than to run."""
    reach = _reach(user, region, CaseworkPerm.VIEW_CASE_COUNTS)
    if reach is None:
        return None
    today = today or timezone.localdate()
    cases = Case.objects.filter(reach).open()
    if municipality is not None:
        cases = cases.filter(municipality=municipality)
    rows = list(cases.order_by().values_list("pk", "municipality__name", *_columns(_CASE_LIMITS)))
    # The cases as a subquery, not a list of ids: Django prepares every id of a list one by one.
    ids = cases.order_by().values("pk")
    states = {row[0]: _states(row[2:], _CASE_LIMITS, today) for row in rows}
    for row in HouseBan.objects.filter(case_id__in=ids).order_by().values_list("case_id", *_columns(_BAN_LIMITS)):
        states[row[0]] |= _states(row[1:], _BAN_LIMITS, today)
    no_lead, many = _lead_flags(ids)
    counts: dict[str, MunicipalityCounts] = {}
    for pk, name, *_limits in rows:
        row = counts.setdefault(name, MunicipalityCounts(name))
        row.open += 1
        for state in deadlines.ATTENTION:
            if state in states[pk]:
                setattr(row, state.value, getattr(row, state.value) + 1)
        row.no_lead += pk in no_lead
        row.many_leads += pk in many
    return CaseCounts([counts[name] for name in sorted(counts)])


def learning_meeting_list(*, user, region: Region) -> QuerySet[LearningMeeting]:
    access = access_for(user)
    if CaseworkPerm.VIEW_CASES in access.perms_in(region.id):
        return LearningMeeting.objects.filter(region=region).select_related("municipality")
    municipalities = access.municipalities_with(CaseworkPerm.VIEW_CASES)
    if not municipalities:
        return LearningMeeting.objects.none()
    return LearningMeeting.objects.filter(Q(municipality_id__in=municipalities) | Q(municipality__isnull=True),
                                          region=region).select_related("municipality")


def lesson_list(*, user, region: Region) -> QuerySet[Lesson]:
    return Lesson.objects.filter(
        Q(analysis__case__in=case_list(user=user, region=region))
        | Q(meeting__in=learning_meeting_list(user=user, region=region))
    ).select_related("agreement", "conflict", "analysis__case", "meeting")
