"""The demo cases (loaded with the demo region by the root conftest) show every time-limit state and
flag today, and hold nothing that identifies a person."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from casework import deadlines, selectors
from casework.deadlines import State
from casework.demo import CASES, plan_case
from casework.models import (
    Case,
    CaseAnalysis,
    CaseDiscussion,
    CaseLead,
    HouseBan,
    LearningMeeting,
    Lesson,
)
from common.identifiers import validate_no_identifiers
from common.workdays import is_working_day
from governance.demo import DEMO_REGION_SLUG
from governance.models import Region

pytestmark = pytest.mark.django_db

ALL = set(State)


@pytest.fixture
def region():
    return Region.objects.get(slug=DEMO_REGION_SLUG)


@pytest.fixture
def today():
    return timezone.localdate()


def _states(rows, today, index: int) -> set[State]:
    return {row.terms(today)[index][3] for row in rows}


def test_every_state_occurs_among_the_open_cases_and_their_bans(region, today):
    cases = list(Case.objects.filter(region=region).open())
    bans = list(HouseBan.objects.filter(region=region, case__closed_on__isnull=True))
    states = _states(cases, today, 0) | _states(cases, today, 1) | _states(bans, today, 0) | _states(bans, today, 1)
    assert states == ALL


def test_both_case_limits_are_in_every_state(region, today):
    cases = list(Case.objects.filter(region=region).open())
    assert _states(cases, today, 0) == ALL  # safety assessment
    assert _states(cases, today, 1) == ALL  # investigation


def test_house_bans_show_every_stage(region, today):
    bans = list(HouseBan.objects.filter(region=region, case__closed_on__isnull=True))
    assert _states(bans, today, 1) == ALL  # care started
    # The decision is due on the last working day before day 10, so it is late only on a day off.
    expected = {State.DUE_SOON, State.VERY_LATE, State.MET, State.MET_LATE} | (
        set() if is_working_day(today) else {State.LATE})
    assert expected <= _states(bans, today, 0)
    extended = [ban for ban in bans if ban.extended_until]
    assert extended and all(ban.extended_until <= deadlines.ban_latest_end(ban.imposed_on) for ban in extended)
    assert any(ban.imposed_on.weekday() == 4 for ban in HouseBan.objects.filter(region=region))


@pytest.mark.parametrize("state", deadlines.ATTENTION)
def test_the_lists_filter_finds_cases_in_each_attention_state(region, today, state):
    cases = Case.objects.filter(region=region).in_deadline_state(state, today)
    assert cases.exists()
    # The demo team manager works in Almere and sees these too.
    assert state == State.DUE_SOON or cases.filter(municipality__code="GM0034").exists()


def test_lead_flags_and_lead_history_occur(region):
    cases = Case.objects.filter(region=region)
    assert cases.filter(selectors.no_lead_q()).exists()
    assert cases.filter(selectors.many_leads_q()).exists()
    assert cases.filter(leads__until__isnull=False).filter(leads__until__isnull=True).exists()


def test_some_closed_cases_are_past_the_default_retention(region, today):
    closed = Case.objects.filter(region=region, closed_on__isnull=False)
    assert closed.filter(closed_on__lt=today - timedelta(days=731)).count() >= 2
    assert closed.filter(closed_on__gte=today - timedelta(days=365)).exists()


def test_cases_are_spread_over_the_region_with_almere_well_represented(region):
    cases = Case.objects.filter(region=region)
    assert cases.count() >= 20
    assert set(cases.values_list("municipality__code", flat=True)) == set(
        region.municipalities.values_list("code", flat=True))
    assert cases.filter(municipality__code="GM0034").count() >= cases.count() // 3


def test_every_row_belongs_to_the_region(region):
    for case in Case.objects.filter(region=region).prefetch_related("organisations", "violence"):
        assert case.phase.region_id == region.id
        assert case.violence.exists()
        assert {org.region_id for org in case.organisations.all()} == {region.id}
    assert {d.table.region_id for d in CaseDiscussion.objects.filter(region=region)} == {region.id}
    assert {lead.organisation.region_id for lead in CaseLead.objects.filter(region=region)} == {region.id}


def test_every_row_is_valid_and_no_text_identifies_anyone(region):
    texts = []
    for model in (Case, CaseDiscussion, CaseLead, HouseBan, CaseAnalysis, LearningMeeting, Lesson):
        for row in model.objects.filter(region=region):
            row.full_clean()
            texts += [getattr(row, field.name) for field in model._meta.fields
                      if field.get_internal_type() in ("CharField", "TextField")
                      and (model, field.name) != (Case, "code")]  # the one place a case code belongs
    assert texts
    for text in texts:
        validate_no_identifiers(text)


def test_analyses_and_meetings_carry_lessons(region):
    analyses = CaseAnalysis.objects.filter(region=region)
    assert analyses.count() == 2 and all(a.lessons.exists() for a in analyses)
    linked = Lesson.objects.filter(region=region, agreement__isnull=False)
    assert linked.count() == 1 and linked.get().agreement.region_id == region.id
    meetings = LearningMeeting.objects.filter(region=region)
    assert {m.municipality.code if m.municipality else None for m in meetings} == {None, "GM0034"}
    assert all(m.lessons.exists() for m in meetings)


def test_the_demo_writes_nothing_on_the_audit_trail():
    models = (Case, CaseDiscussion, CaseLead, HouseBan, CaseAnalysis, LearningMeeting, Lesson)
    assert not LogEntry.objects.filter(content_type__in=ContentType.objects.get_for_models(*models).values()).exists()


def _days(first: date, last: date):
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# Days around Christmas and the turn of the year and around King's Day and Ascension: weekends and
# holidays next to each other, where working-day limits behave least like calendar days.
AWKWARD_DAYS = _days(date(2027, 12, 18), date(2028, 1, 8)) + _days(date(2027, 4, 24), date(2027, 5, 9))


@pytest.mark.parametrize("day", AWKWARD_DAYS, ids=str)
def test_the_plan_shows_every_state_whatever_day_the_demo_is_loaded(day):
    seen = {limit: set() for limit in ("assessment", "investigation", "decision", "care")}
    for spec in CASES:
        plan = plan_case(spec, day)
        if plan.closed is None:
            for limit in seen if plan.ban else ("assessment", "investigation"):
                seen[limit].add(plan.state(limit, day))
    for limit, states in seen.items():
        missing = ALL - states - ({State.LATE} if limit == "decision" and is_working_day(day) else set())
        assert not missing, (limit, missing)
