"""Who may do what with cases.

Case rows are for the people who work with them: team managers and professionals of a municipality
(for that municipality's cases) and policy officers (of the region, or of a municipality for its
cases). Project leaders and aldermen steer on aggregates: they get the counts, never a case row.
Granted to roles from CaseworkConfig.ready() through governance.plugins.
"""
from __future__ import annotations

from enum import StrEnum

from governance.access import access_for


class CaseworkPerm(StrEnum):
    VIEW_CASES = "view_cases"
    EDIT_CASES = "edit_cases"
    # Counts per municipality and deadline state, with no case row behind them.
    VIEW_CASE_COUNTS = "view_case_counts"
    CONFIGURE_CASES = "configure_cases"


def may(user, perm: str, case) -> bool:
    return access_for(user).may(perm, case.region_id, case.municipality_id)
