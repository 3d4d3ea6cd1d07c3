"""The time limits of a case and a house ban at their edges: weekends, Dutch public holidays, the
ban's day 10 and week 4, and the day each state begins. Pure date arithmetic, no database."""
from __future__ import annotations

from datetime import date

import pytest

from casework import deadlines
from casework.deadlines import State
from common.workdays import is_working_day


@pytest.mark.parametrize("reported_on,due", [
    (date(2026, 3, 2), date(2026, 3, 9)),  # a Monday: the next Monday
    (date(2026, 3, 5), date(2026, 3, 12)),  # a Thursday: the weekend does not count
    (date(2026, 3, 7), date(2026, 3, 16)),  # a Saturday: counting starts on Monday
    (date(2026, 4, 4), date(2026, 4, 14)),  # Easter Saturday: Easter Monday does not count either
    (date(2026, 4, 24), date(2026, 5, 4)),  # the Friday before King's Day (Monday 27 April)
    (date(2025, 4, 24), date(2025, 5, 1)),  # King's Day 2025 fell on Saturday the 26th: no day lost
    (date(2026, 5, 11), date(2026, 5, 19)),  # Ascension Day (Thursday 14 May)
    (date(2026, 5, 22), date(2026, 6, 1)),  # Whit Monday (25 May)
    (date(2026, 12, 23), date(2026, 12, 31)),  # Christmas Day on a Friday, Boxing Day on a Saturday
    (date(2026, 12, 29), date(2027, 1, 6)),  # into the next year, over New Year's Day
], ids=["monday", "weekend", "saturday", "easter-monday", "kings-day", "kings-day-on-saturday", "ascension",
        "whit-monday", "christmas", "new-year"])
def test_safety_assessment_is_due_after_5_working_days(reported_on, due):
    assert deadlines.assessment_term(reported_on).due == due


def test_kings_day_on_a_sunday_moves_to_saturday_not_monday():
    assert is_working_day(date(2025, 4, 28))
    assert not is_working_day(date(2027, 4, 27))  # a Tuesday that year


def test_good_friday_is_a_working_day_and_liberation_day_a_holiday_every_year():
    """The Algemene termijnenwet's holidays, not the calendar's."""
    assert is_working_day(date(2026, 4, 3))
    assert not is_working_day(date(2026, 5, 5))
    assert deadlines.assessment_term(date(2026, 4, 2)).due == date(2026, 4, 10)


def test_assessment_is_very_late_after_another_5_working_days():
    term = deadlines.assessment_term(date(2026, 3, 2))
    assert (term.due, term.very_late_from) == (date(2026, 3, 9), date(2026, 3, 17))
    # Over King's Day: due Monday 4 May, very late from Wednesday 13 May (Liberation Day on the 5th).
    assert deadlines.assessment_term(date(2026, 4, 24)).very_late_from == date(2026, 5, 13)


def test_investigation_runs_10_calendar_weeks_and_is_very_late_4_weeks_after():
    # Holidays do not move a limit counted in weeks.
    term = deadlines.investigation_term(date(2026, 4, 3))
    assert (term.due, term.very_late_from) == (date(2026, 6, 12), date(2026, 7, 11))
    assert deadlines.investigation_term(date(2026, 3, 2)).due == date(2026, 5, 11)


@pytest.mark.parametrize("imposed_on,day_10,decision_due", [
    (date(2026, 3, 6), date(2026, 3, 16), date(2026, 3, 13)),  # a Friday: day 10 is a Monday
    (date(2026, 3, 4), date(2026, 3, 14), date(2026, 3, 13)),  # day 10 on a Saturday
    (date(2026, 3, 5), date(2026, 3, 15), date(2026, 3, 13)),  # day 10 on a Sunday
    (date(2026, 3, 3), date(2026, 3, 13), date(2026, 3, 12)),  # day 10 a working day: the day before
    (date(2026, 4, 17), date(2026, 4, 27), date(2026, 4, 24)),  # day 10 on King's Day
    (date(2026, 12, 17), date(2026, 12, 27), date(2026, 12, 24)),  # day 10 on a Sunday after Christmas
], ids=["friday", "day-10-saturday", "day-10-sunday", "midweek", "kings-day", "christmas"])
def test_extension_is_decided_on_the_last_working_day_before_day_10(imposed_on, day_10, decision_due):
    term = deadlines.extension_decision_term(imposed_on)
    assert deadlines.ban_lapses_on(imposed_on) == day_10
    # On day 10 the ban has lapsed: too late to extend.
    assert (term.due, term.very_late_from) == (decision_due, day_10)


def test_a_ban_runs_at_most_4_weeks():
    assert deadlines.ban_latest_end(date(2026, 3, 6)) == date(2026, 4, 3)


def test_care_starts_by_the_last_day_of_the_ban():
    term = deadlines.care_term(date(2026, 3, 16))
    assert (term.due, term.very_late_from) == (date(2026, 3, 16), date(2026, 3, 24))
    # An extension ending on Saturday 25 April: counted from Tuesday 28th (King's Day on Monday), without
    # Liberation Day.
    assert deadlines.care_term(date(2026, 4, 25)).very_late_from == date(2026, 5, 7)


# Due Monday 9 March 2026, very late from Tuesday 17 March.
DUE, VERY_LATE = date(2026, 3, 9), date(2026, 3, 17)


@pytest.mark.parametrize("today,state", [
    (date(2026, 3, 2), State.RUNNING),
    (date(2026, 3, 4), State.RUNNING),  # three working days left
    (date(2026, 3, 5), State.DUE_SOON),  # two working days left, across the weekend
    (date(2026, 3, 7), State.DUE_SOON),
    (date(2026, 3, 9), State.DUE_SOON),  # due today
    (date(2026, 3, 10), State.LATE),
    (date(2026, 3, 16), State.LATE),
    (date(2026, 3, 17), State.VERY_LATE),
    (date(2026, 9, 1), State.VERY_LATE),
])
def test_state_of_an_open_limit(today, state):
    assert deadlines.state_of(due=DUE, very_late_from=VERY_LATE, done_on=None, today=today) == state


@pytest.mark.parametrize("done_on,state", [
    (date(2026, 3, 3), State.MET),
    (date(2026, 3, 9), State.MET),  # on the due date itself
    (date(2026, 3, 10), State.MET_LATE),
    (date(2026, 3, 20), State.MET_LATE),  # even after it was very late
])
def test_state_of_a_limit_that_was_met(done_on, state):
    # Met is met, whatever today is.
    for today in (date(2026, 3, 2), date(2026, 3, 10), date(2027, 1, 4)):
        assert deadlines.state_of(due=DUE, very_late_from=VERY_LATE, done_on=done_on, today=today) == state


def test_due_soon_counts_working_days_over_a_holiday():
    # Thursday 23 April 2026: Friday and Tuesday 28 April are the next two working days (King's Day between).
    assert deadlines.soon_until(date(2026, 4, 23)) == date(2026, 4, 28)
    assert deadlines.working_days_left(date(2026, 4, 23), date(2026, 4, 28)) == 2
