"""The legal and agreed time limits of a case, and how far along each one is.

- Veilig Thuis (the regional advice and reporting centre for domestic violence and child abuse)
  assesses a report's safety within 5 working days of receiving it.
- An investigation is finished within 10 weeks of the report.
- A temporary house ban (huisverbod, imposed by the mayor) lasts 10 days: it lapses on the tenth day
  after the day it was imposed. Whether it is extended is decided before then, on a working day; an
  extension runs to at most 4 weeks after imposition. Care must have started while the ban runs, so
  that the family is not left alone when it ends.

Working days are Monday to Friday without Dutch public holidays (common/workdays.py), the calendar
the escalations use. The due dates are stored with the case (models.py) so that lists filter and
count them in the database; this module is the one place that computes them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.workdays import add_working_days, is_working_day, working_days_between

ASSESSMENT_WORKING_DAYS = 5
INVESTIGATION_WEEKS = 10
BAN_DAYS = 10
BAN_MAX_WEEKS = 4
# Counted "due soon" from this many working days before the due date.
SOON_WORKING_DAYS = 2
# Late becomes very late: for the assessment after another 5 working days, for the investigation
# after another 4 weeks, for care after another 5 working days, for the ban's decision as soon as the
# ban has lapsed (an extension can no longer be decided).
ASSESSMENT_VERY_LATE_WORKING_DAYS = 5
INVESTIGATION_VERY_LATE_WEEKS = 4
CARE_VERY_LATE_WORKING_DAYS = 5


class State(models.TextChoices):
    RUNNING = "running", _("running")
    DUE_SOON = "due_soon", _("due soon")
    LATE = "late", _("late")
    VERY_LATE = "very_late", _("very late")
    MET = "met", _("met")
    MET_LATE = "met_late", _("met late")


# The states a list filters on, worst first.
ATTENTION = (State.VERY_LATE, State.LATE, State.DUE_SOON)


def soon_until(today: date) -> date:
    """The last due date that counts as due soon today."""
    return add_working_days(today, SOON_WORKING_DAYS)


def state_of(*, due: date, very_late_from: date, done_on: date | None, today: date) -> State:
    if done_on is not None:
        return State.MET if done_on <= due else State.MET_LATE
    if today >= very_late_from:
        return State.VERY_LATE
    if today > due:
        return State.LATE
    if due <= soon_until(today):
        return State.DUE_SOON
    return State.RUNNING


def _previous_working_day(day: date) -> date:
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


@dataclass(frozen=True)
class Term:
    """A due date and the first day it counts as very late."""

    due: date
    very_late_from: date


def assessment_term(reported_on: date) -> Term:
    due = add_working_days(reported_on, ASSESSMENT_WORKING_DAYS)
    return Term(due, add_working_days(due, ASSESSMENT_VERY_LATE_WORKING_DAYS + 1))


def investigation_term(reported_on: date) -> Term:
    due = reported_on + timedelta(weeks=INVESTIGATION_WEEKS)
    return Term(due, due + timedelta(weeks=INVESTIGATION_VERY_LATE_WEEKS, days=1))


def ban_lapses_on(imposed_on: date) -> date:
    """Day 10: the day a ban that is not extended ends."""
    return imposed_on + timedelta(days=BAN_DAYS)


def ban_latest_end(imposed_on: date) -> date:
    return imposed_on + timedelta(weeks=BAN_MAX_WEEKS)


def extension_decision_term(imposed_on: date) -> Term:
    """Decided on the last working day before day 10; once day 10 has come, it is too late to extend."""
    lapses = ban_lapses_on(imposed_on)
    return Term(_previous_working_day(lapses), lapses)


def care_term(ban_ends_on: date) -> Term:
    """Care starts while the ban runs: by its last day (day 10, or the end of the extension)."""
    return Term(ban_ends_on, add_working_days(ban_ends_on, CARE_VERY_LATE_WORKING_DAYS + 1))


def working_days_left(today: date, due: date) -> int:
    return working_days_between(today, due)
