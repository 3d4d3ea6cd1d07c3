"""How governance rows are named in choice lists, in governance's forms and in the apps built on it."""
from __future__ import annotations

from .models import Stakeholder


def stakeholder_label(stakeholder: Stakeholder) -> str:
    """Name, function and organisation: two people of the same name stay apart (select organisation)."""
    return f"{stakeholder.name} ({stakeholder.function}, {stakeholder.organisation.name})"
