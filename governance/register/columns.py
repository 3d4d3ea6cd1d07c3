"""A register list's spreadsheet columns, declared once: how a row is written to the CSV export and,
for the lists that can be imported, how a cell is read back (so that an export imports unchanged)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class CsvColumn:
    """`export(row)` writes the cell; `parse(value, lookups)` reads it into form field `field`."""

    name: str
    export: Callable[[Any], Any]
    field: str = ""
    parse: Callable[[str, dict], Any] | None = None
    required: bool = False  # an import needs this column

    @property
    def importable(self) -> bool:
        return self.parse is not None


def text(value: str, _lookups: dict) -> str:
    return value


class Lookup:
    """Finds region rows by name (case-insensitive), loaded once per import."""

    def __init__(self, queryset, key: Callable = lambda obj: obj.name):
        self.by_name: dict[str, list] = {}
        for obj in queryset:
            self.by_name.setdefault(key(obj).strip().lower(), []).append(obj)

    def one(self, value: str, what: str):
        found = self.by_name.get(value.strip().lower(), [])
        if not found:
            raise ValidationError(_("No %(what)s called \"%(value)s\" in this region.")
                                  % {"what": what, "value": value})
        if len(found) > 1:
            raise ValidationError(_("More than one %(what)s is called \"%(value)s\".") % {"what": what, "value": value})
        return found[0]

    def many(self, value: str, what: str) -> list:
        return [self.one(part, what) for part in split(value)]


def split(value: str) -> list[str]:
    return [part.strip() for part in value.replace("\n", ";").split(";") if part.strip()]


def choice(choices, value: str) -> str:
    """A choice by its code or its label in either language."""
    wanted = value.strip().lower()
    for code, label in choices.choices:
        if wanted in (code, str(label).lower()):
            return code
    raise ValidationError(_("\"%(value)s\" is not one of: %(options)s.") % {
        "value": value, "options": ", ".join(str(label) for _code, label in choices.choices)})


def flag(value: str) -> bool:
    wanted = value.strip().lower()
    if wanted in ("1", "ja", "yes", "true", "waar", "x"):
        return True
    if wanted in ("", "0", "nee", "no", "false", "onwaar"):
        return False
    raise ValidationError(_("Use 1 or 0 (yes or no)."))


def pk(kind: str, what):
    return lambda value, lookups: lookups[kind].one(value, str(what)).pk if value else ""


def pks(kind: str, what):
    return lambda value, lookups: [obj.pk for obj in lookups[kind].many(value, str(what))]


def choice_of(choices, default=None):
    """A choice by code or label; an empty cell gives `default` when there is one."""
    return lambda value, _lookups: default if (default is not None and not value) else choice(choices, value)


def as_flag(value: str, _lookups: dict) -> bool:
    return flag(value)
