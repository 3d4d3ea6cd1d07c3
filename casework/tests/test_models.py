"""Cases and house bans as stored rows, with the clock frozen: the due columns saving fills in, the
database filters and counts that agree with what each row says of itself, the rules of a ban's
extension, and the lead flags.

Each test builds a region of its own, so the demo's cases never count in it."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from casework import deadlines
from casework.deadlines import State
from casework.models import Case, CaseAnalysis, CaseDiscussion, CaseLead, HouseBan, Lesson
from casework.selectors import case_counts, case_rows, many_leads_q, no_lead_q
from governance.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def on(day: date):
    """Travel to that day (office hours, Dutch time), with the clock standing still."""
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Europe/Amsterdam")),
                               tick=False)


@pytest.fixture
def region():
    region = factories.region()
    region.municipalities.add(factories.municipality(name="Testgemeente A"),
                              factories.municipality(name="Testgemeente B"))
    return region


def municipality(region, name: str = "Testgemeente A"):
    return region.municipalities.get(name=name)


def a_case(region, reported_on: date, *, in_: str = "Testgemeente A", **fields) -> Case:
    return Case.objects.create(region=region, municipality=municipality(region, in_), reported_on=reported_on,
                               **fields)


def a_ban(case: Case, imposed_on: date, **fields) -> HouseBan:
    return HouseBan.objects.create(region=case.region, case=case, imposed_on=imposed_on, **fields)


# --- due columns ----------------------------------------------------------------------------------------

def test_saving_a_case_fills_in_its_due_dates():
    region = factories.region()
    region.municipalities.add(factories.municipality())
    case = Case.objects.create(region=region, municipality=region.municipalities.get(), reported_on=date(2026, 4, 24))
    case.refresh_from_db()
    assert (case.assessment_due, case.assessment_very_late) == (date(2026, 5, 4), date(2026, 5, 13))
    assert (case.investigation_due, case.investigation_very_late) == (date(2026, 7, 3), date(2026, 8, 1))
    # A corrected report date moves them.
    case.reported_on = date(2026, 3, 2)
    case.save()
    case.refresh_from_db()
    assert case.assessment_due == date(2026, 3, 9)


def test_saving_a_ban_fills_in_its_due_dates_and_an_extension_moves_care(region):
    case = a_case(region, date(2026, 3, 2))
    ban = a_ban(case, date(2026, 3, 6))  # a Friday: day 10 is Monday 16 March
    assert (ban.decision_due, ban.decision_very_late) == (date(2026, 3, 13), date(2026, 3, 16))
    assert (ban.care_due, ban.ends_on) == (date(2026, 3, 16), date(2026, 3, 16))
    ban.extended_until, ban.decision_done = date(2026, 4, 3), date(2026, 3, 12)
    ban.full_clean()
    ban.save()
    assert (ban.care_due, ban.ends_on) == (date(2026, 4, 3), date(2026, 4, 3))
    # The decision still had to be taken before day 10.
    assert ban.decision_due == date(2026, 3, 13)


def test_terms_follow_the_frozen_clock(region):
    case = a_case(region, date(2026, 3, 2))  # assessment due Monday 9 March
    with on(date(2026, 3, 5)):
        assert [state for *_rest, state in case.terms()] == [State.DUE_SOON, State.RUNNING]
    with on(date(2026, 3, 10)):
        assert [state for *_rest, state in case.terms()] == [State.LATE, State.RUNNING]
    with on(date(2026, 3, 17)):
        assert [state for *_rest, state in case.terms()] == [State.VERY_LATE, State.RUNNING]


# --- the database agrees with the rows ------------------------------------------------------------------

@pytest.fixture
def cases(region):
    """Cases and bans in every state somewhere between 10 and 31 March 2026."""
    a_case(region, date(2026, 3, 9))
    a_case(region, date(2026, 3, 5))
    a_case(region, date(2026, 3, 2), in_="Testgemeente B")
    a_case(region, date(2026, 2, 16))
    a_case(region, date(2026, 2, 16), assessment_done=date(2026, 2, 20))
    a_case(region, date(2026, 2, 16), closed_on=date(2026, 3, 1))  # closed: in no state
    a_case(region, date(2025, 12, 22), assessment_done=date(2025, 12, 29), in_="Testgemeente B")
    a_ban(a_case(region, date(2026, 3, 9), assessment_done=date(2026, 3, 9)), date(2026, 3, 2))
    a_ban(a_case(region, date(2026, 3, 9), assessment_done=date(2026, 3, 9)), date(2026, 2, 20),
          decision_done=date(2026, 2, 26))
    a_ban(a_case(region, date(2026, 2, 18), assessment_done=date(2026, 2, 19), in_="Testgemeente B"),
          date(2026, 2, 20), decision_done=date(2026, 2, 26), extended_until=date(2026, 3, 13))
    closed = a_case(region, date(2026, 2, 18), assessment_done=date(2026, 2, 19), closed_on=date(2026, 3, 2))
    a_ban(closed, date(2026, 2, 20))
    return Case.objects.filter(region=region)


def states_of(case: Case) -> set[State]:
    """What the rows say of themselves: the case's own limits and those of its bans."""
    if case.closed_on:
        return set()
    states = {state for *_rest, state in case.terms()}
    for ban in HouseBan.objects.filter(case=case):
        states |= {state for *_rest, state in ban.terms()}
    return states


@pytest.mark.parametrize("today", [date(2026, 3, 10), date(2026, 3, 12), date(2026, 3, 17), date(2026, 3, 31)])
def test_the_deadline_filter_agrees_with_the_terms(cases, today):
    with on(today):
        for state in deadlines.ATTENTION:
            expected = {case.pk for case in cases if state in states_of(case)}
            assert set(cases.in_deadline_state(state).values_list("pk", flat=True)) == expected, state
            assert set(cases.filter(Case.objects.deadline_q(state)).values_list("pk", flat=True)) == expected


def test_every_state_occurs_in_the_fixture(cases):
    """Guards the test above against agreeing on empty sets."""
    with on(date(2026, 3, 10)):
        seen = set().union(*(states_of(case) for case in cases))
    assert {State.DUE_SOON, State.LATE, State.VERY_LATE, State.RUNNING, State.MET} <= seen


@pytest.mark.parametrize("today", [date(2026, 3, 10), date(2026, 3, 17)])
def test_counts_per_municipality_agree_with_the_terms(region, cases, today):
    user = factories.member(region, Role.POLICY_OFFICER)
    with on(today):
        counts = case_counts(user=user, region=region)
        for row in counts.rows:
            open_cases = [case for case in cases.filter(municipality__name=row.municipality) if not case.closed_on]
            assert row.open == len(open_cases)
            for state in deadlines.ATTENTION:
                assert getattr(row, state.value) == sum(state in states_of(case) for case in open_cases)
    assert [row.municipality for row in counts.rows] == ["Testgemeente A", "Testgemeente B"]
    assert counts.total.open == cases.filter(closed_on__isnull=True).count() == 9


def test_counts_narrow_to_one_municipality_and_are_refused_without_the_permission(region, cases):
    b = municipality(region, "Testgemeente B")
    counts = case_counts(user=factories.member(region, Role.ALDERMAN), region=region, municipality=b)
    assert [(row.municipality, row.open) for row in counts.rows] == [("Testgemeente B", 3)]
    assert case_counts(user=factories.member(region, Role.ADMINISTRATOR), region=region) is None


# --- the rules of a ban ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fields,error_on", [
    ({"extended_until": date(2026, 4, 4), "decision_done": date(2026, 3, 12)}, "extended_until"),  # past week 4
    ({"extended_until": date(2026, 3, 16), "decision_done": date(2026, 3, 12)}, "extended_until"),  # day 10 itself
    ({"extended_until": date(2026, 3, 10), "decision_done": date(2026, 3, 9)}, "extended_until"),  # before day 10
    ({"extended_until": date(2026, 3, 27)}, "decision_done"),  # when was it decided?
    ({"decision_done": date(2026, 3, 5)}, "decision_done"),  # before the ban
    ({"care_done": date(2026, 3, 5)}, "care_done"),
], ids=["after-week-4", "on-day-10", "before-day-10", "no-decision-date", "decided-before", "care-before"])
def test_a_ban_refuses_an_impossible_extension(region, fields, error_on):
    ban = HouseBan(region=region, case=a_case(region, date(2026, 3, 2)), imposed_on=date(2026, 3, 6), **fields)
    with pytest.raises(ValidationError) as refused:
        ban.full_clean()
    assert error_on in refused.value.message_dict


@pytest.mark.parametrize("extended_until", [date(2026, 3, 17), date(2026, 4, 3)], ids=["day-11", "week-4"])
def test_a_ban_may_be_extended_from_day_11_up_to_week_4(region, extended_until):
    ban = HouseBan(region=region, case=a_case(region, date(2026, 3, 2)), imposed_on=date(2026, 3, 6),
                   extended_until=extended_until, decision_done=date(2026, 3, 13))
    ban.full_clean()  # not raising is the point: both ends of the allowed range are accepted


def test_a_case_refuses_dates_before_the_report_and_a_municipality_outside_the_region(region):
    case = Case(region=region, municipality=municipality(region), reported_on=date(2026, 3, 2),
                assessment_done=date(2026, 3, 1))
    with pytest.raises(ValidationError) as refused:
        case.full_clean()
    assert "assessment_done" in refused.value.message_dict
    case = Case(region=region, municipality=factories.municipality(), reported_on=date(2026, 3, 2))
    with pytest.raises(ValidationError) as refused:
        case.full_clean()
    assert "municipality" in refused.value.message_dict


# --- lead flags -----------------------------------------------------------------------------------------

def discussed(case: Case, *tables) -> None:
    for day, table in enumerate(tables, start=10):
        CaseDiscussion.objects.create(region=case.region, case=case, table=table, discussed_on=date(2026, 3, day))


def lead(case: Case, until: date | None = None) -> CaseLead:
    return CaseLead.objects.create(region=case.region, case=case, organisation=factories.organisation(case.region),
                                   role="casusregisseur", since=date(2026, 3, 10), until=until)


def test_lead_flags(region):
    one, two = factories.table(region), factories.table(region)
    no_lead = a_case(region, date(2026, 3, 2))
    discussed(no_lead, one, two)
    lead(no_lead, until=date(2026, 3, 12))  # ended: nobody holds the lead now
    one_table_twice = a_case(region, date(2026, 3, 2))
    discussed(one_table_twice, one, one)
    led = a_case(region, date(2026, 3, 2))
    discussed(led, one, two)
    lead(led)
    many = a_case(region, date(2026, 3, 2), in_="Testgemeente B")
    lead(many)
    lead(many)
    handed_over = a_case(region, date(2026, 3, 2))
    lead(handed_over, until=date(2026, 3, 12))
    lead(handed_over)
    cases = Case.objects.filter(region=region)

    assert set(cases.filter(no_lead_q())) == {no_lead}
    assert set(cases.filter(many_leads_q())) == {many}
    rows = {row.case: row for row in case_rows(list(cases))}
    assert {case for case, row in rows.items() if row.no_lead} == {no_lead}
    assert {case for case, row in rows.items() if row.many_leads} == {many}

    counts = {row.municipality: row for row in case_counts(user=factories.member(region, Role.POLICY_OFFICER),
                                                           region=region).rows}
    assert (counts["Testgemeente A"].no_lead, counts["Testgemeente A"].many_leads) == (1, 0)
    assert (counts["Testgemeente B"].no_lead, counts["Testgemeente B"].many_leads) == (0, 1)


def test_an_analysis_is_deleted_with_its_lessons(region):
    """Django may delete the analysis before its lessons (the link is nullable): the lessons' audit
    entries must still be written."""
    analysis = CaseAnalysis.objects.create(region=region, case=a_case(region, date(2026, 3, 2)),
                                           held_on=date(2026, 3, 20), choices="Twee tafels, geen regie.")
    Lesson.objects.create(region=region, analysis=analysis, text="Eén tafel bepaalt de regie.")
    analysis.case.delete()
    assert not Lesson.objects.filter(region=region).exists()
