"""The periods CBS StatLine publishes figures for: half-years and years.

StatLine writes a period as a key (`2023HJ01`, `2023HJ02`, `2023JJ00`) or, in files saved from its
web pages, as a label ("1e halfjaar 2023", "2e halfjaar 2023", "2023"); a provisional figure's period
carries a star ("2023*", "2023HJ02*"; two for "nader voorlopig"). Everything here stores the key.
Quarters and months (`2023KW01`, `2023MM03`, "2023 1e kwartaal", "2023 maart") are refused: the
dashboards keep half-years and years (a yearly table's January is read as its year by the import).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_KEY = re.compile(r"^(\d{4})(HJ0[12]|JJ00)$")
_HALF_LABEL = re.compile(r"^([12])e\s+halfjaar\s+(\d{4})$", re.IGNORECASE)
_HALF_LABEL_EN = re.compile(r"^(first|second|1st|2nd)\s+half(?:[- ]year)?\s+(\d{4})$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER_OR_MONTH_KEY = re.compile(r"^(\d{4})(KW0[1-4]|MM(0[1-9]|1[0-2]))$")
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")
_MONTH_LABEL = re.compile(r"^(\d{4})\s+(" + "|".join(_MONTHS) + r")$", re.IGNORECASE)
_QUARTER_LABEL = re.compile(r"^(\d{4}\s+[1-4]e\s+kwartaal|[1-4]e\s+kwartaal\s+\d{4})$", re.IGNORECASE)
FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True, order=True)
class Period:
    """A half-year (half 1 or 2) or a whole year (half 0); sorts by time, a year after its halves."""

    year: int
    half: int  # 0 for the whole year

    @property
    def key(self) -> str:
        return f"{self.year}JJ00" if not self.half else f"{self.year}HJ0{self.half}"

    @property
    def is_year(self) -> bool:
        return not self.half

    @property
    def label(self) -> str:
        if self.is_year:
            return str(self.year)
        return (_("1st half %(year)s") if self.half == 1 else _("2nd half %(year)s")) % {"year": self.year}

    def __str__(self) -> str:
        return self.label

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.year, self.half or 3)


class PeriodError(ValueError):
    pass


def period_parse(text: str) -> tuple[Period, bool]:
    """(period, provisional) from a StatLine key or label; PeriodError when it is neither."""
    cleaned = " ".join(str(text).split())
    provisional = cleaned.endswith("*")
    cleaned = cleaned.rstrip("*").strip()
    if match := _KEY.match(cleaned.upper()):
        year, code = int(match[1]), match[2]
        period = Period(year, 0 if code == "JJ00" else int(code[-1]))
    elif match := _HALF_LABEL.match(cleaned):
        period = Period(int(match[2]), int(match[1]))
    elif match := _HALF_LABEL_EN.match(cleaned):
        period = Period(int(match[2]), 1 if match[1].lower() in ("first", "1st") else 2)
    elif match := _YEAR.match(cleaned):
        period = Period(int(match[1]), 0)
    elif _QUARTER_OR_MONTH_KEY.match(cleaned.upper()) or _MONTH_LABEL.match(cleaned) or _QUARTER_LABEL.match(cleaned):
        raise PeriodError(_("“%(text)s” is a quarter or a month: the dashboards keep half-years (2023HJ01, "
                            "“1e halfjaar 2023”) and years (2023JJ00, “2023”). Choose those periods in StatLine.")
                          % {"text": text})
    else:
        raise PeriodError(_("“%(text)s” is not a period: use 2023HJ01, 2023HJ02, 2023JJ00, "
                            "“1e halfjaar 2023” or “2023”.") % {"text": text})
    if not FIRST_YEAR <= period.year <= LAST_YEAR:
        raise PeriodError(_("%(year)s is not a year this application keeps figures for.") % {"year": period.year})
    return period, provisional


def period_from_key(key: str) -> Period:
    return period_parse(key)[0]


def month_of(text: str) -> tuple[int, int] | None:
    """(year, month) of a monthly key or label ("2023MM01", "2023 januari"), else None."""
    cleaned = " ".join(str(text).split()).rstrip("*").strip()
    if (match := _QUARTER_OR_MONTH_KEY.match(cleaned.upper())) and match[3]:
        return int(match[1]), int(match[3])
    if match := _MONTH_LABEL.match(cleaned):
        return int(match[1]), _MONTHS.index(match[2].lower()) + 1
    return None
