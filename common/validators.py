"""Bounds for numbers and dates that people type. SQLite stores any 64-bit integer and any date, so an
order of 9223372036854775807 or a due date in the year 9999 would be saved as typed; these keep
values within what the register can mean, on every database."""
from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = date(1950, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def validate_sane_date(value: date) -> None:
    """A date in the working life of the register: from 1950 up to and including 2100."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(_("Enter a date between %(first)s and %(last)s.")
                              % {"first": EARLIEST_DATE.year, "last": LATEST_DATE.year}, code="date_range")


# Positions in a short list (phases, calamity roles).
ORDER = [MinValueValidator(0), MaxValueValidator(999)]
# Years of a policy plan.
YEAR = [MinValueValidator(1950), MaxValueValidator(2100)]
# Inhabitants of one municipality (the Netherlands as a whole has fewer than 20 million).
POPULATION = [MaxValueValidator(20_000_000)]
