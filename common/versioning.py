"""Optimistic locking, the one way every versioned row is saved.

A versioned row has an integer `version`. A form carries the version the user saw. Saving locks the
row, compares, and refuses a stale save (or one that names no version) with StaleEditError, which
knows the version the row has now. The view then re-binds the form at that version, keeping what was
typed and showing what the other person saved, so that a deliberate second save goes through.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _


class StaleEditError(ValidationError):
    """The row changed since the form was loaded; `current_version` is what it is now."""

    def __init__(self, message: str, current_version: int):
        super().__init__(message, code="stale")
        self.current_version = current_version


def check_version(current: int, expected: int | None, message: str) -> None:
    """Refuse unless the user saw the current version (a missing version is never current)."""
    if expected is None or current != expected:
        raise StaleEditError(message, current_version=current)


def _gone() -> ValidationError:
    return ValidationError(_("This item was deleted by someone else in the meantime."), code="gone")


def locked_row(queryset: QuerySet, pk: Any, *, expected: int | None, message: str) -> Model:
    """The row, locked until the transaction ends, if the user saw its current version."""
    # of=self: lock this row only, not rows joined in by select_related (other writers must not queue on them).
    row = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
    if row is None:
        raise _gone()
    check_version(row.version, expected, message)
    return row


def locked_version(queryset: QuerySet, pk: Any, *, expected: int | None, message: str) -> int:
    """Like locked_row, for a save that only needs the version number: the version the row has now."""
    current = queryset.select_for_update().filter(pk=pk).values_list("version", flat=True).first()
    if current is None:
        raise _gone()
    check_version(current, expected, message)
    return current


def rebind_at_current_version(make_form: Callable[[Any], Any], data, error: StaleEditError):
    """The form again, with what was typed, at the version the row has now and with the conflict shown."""
    data = data.copy()
    data["version"] = error.current_version
    form = make_form(data)
    form.is_valid()
    form.add_error(None, error)
    return form


def conflict_values(form, current: Model) -> list[tuple[str, str]]:
    """What the other person saved where it differs from what was typed, to show beside the form."""
    differing = []
    for name, form_field in form.fields.items():
        if name == "version" or name not in form.cleaned_data or not hasattr(current, name):
            continue
        saved = getattr(current, name)
        if hasattr(saved, "all"):
            saved_set, typed = set(saved.all()), set(form.cleaned_data[name])
            if saved_set != typed:
                differing.append((form_field.label, ", ".join(sorted(str(item) for item in saved_set)) or "–"))
        elif saved != form.cleaned_data[name]:
            display = getattr(current, f"get_{name}_display", None)
            differing.append((form_field.label, str(display() if display else saved) or "–"))
    return differing
