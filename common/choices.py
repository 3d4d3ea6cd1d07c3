"""Choice labels read from a dictionary built once per field.

Django's `get_<field>_display()` rebuilds the field's whole choice dictionary on every call, which
shows on list pages that label a few columns of every row.
"""
from __future__ import annotations

import functools

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


@functools.cache
def choice_labels(field) -> dict:
    # Choices are declared on the field and never change while the process runs.
    return dict(make_hashable(field.flatchoices))


class CachedChoiceLabels:
    """Model mixin: the same labels as Django's `get_<field>_display()`, without rebuilding the dictionary."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(choice_labels(field).get(make_hashable(value), value), strings_only=True)
