"""Working days in the Netherlands: Monday to Friday, without the days the Algemene termijnenwet
(the Dutch act on legal time limits) counts as holidays.

Time limits between organisations are agreed in working days, so a limit set on the Friday before
Easter Monday must not run out on the Tuesday after it. The dates come from the `holidays` library,
which knows the moving ones (King's Day on the 26th when the 27th is a Sunday, and so on); the act
differs from it in two days: Good Friday is a working day, and 5 May is a holiday every year, not
only every fifth.
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    national = holidays.country_holidays("NL", years=year, language="en_US")
    good_friday = {day for day, name in national.items() if name == "Good Friday"}
    return frozenset(set(national) - good_friday | {date(year, 5, 5)})


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The working day `days` working days after `start` (0: `start` itself, or the next working day)."""
    current = start
    while not is_working_day(current):
        current += timedelta(days=1)
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; 0 when `end` is not after `start`."""
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count
