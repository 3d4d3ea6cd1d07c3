"""Who may do what with escalations.

The escalation app's own permissions, granted to roles from EscalationConfig.ready() through
governance.plugins. A region role covers every escalation of the region; a municipality role (a
team manager of Almere) covers the escalations of that municipality only.
"""
from __future__ import annotations

from enum import StrEnum

from casework.permissions import CaseworkPerm
from casework.permissions import may as may_read_case
from governance.access import access_for
from governance.models import Region


class EscalationPerm(StrEnum):
    VIEW = "view_escalations"
    FILE = "file_escalation"
    # Start, scale up or down, pause and resume in routes 1 and 2, and record their meetings.
    MOVE = "move_escalation"
    # Everything at the administrative level (route 3), and resolving or withdrawing.
    DECIDE = "decide_escalation"
    CONFIGURE = "configure_escalations"


def may(user, perm: str, escalation) -> bool:
    return access_for(user).may(perm, escalation.region_id, escalation.municipality_id)


def may_somewhere_in(user, perm: str, region: Region) -> bool:
    access = access_for(user)
    return perm in access.perms_in(region.id) or perm in access.municipal_perms_in(region.id)


def readable_case(user, escalation):
    """The case the escalation names, if `user` may read that case; None when none is linked or it is not
    theirs to read (`escalation.case_id` still says that one is linked). A case's code is a case fact:
    it stays with the people who may read the case, wherever the escalation is shown."""
    case = escalation.case if escalation.case_id else None
    if case is None or case.anonymised or not may_read_case(user, CaseworkPerm.VIEW_CASES, case):
        return None
    return case


def may_read_cases_in(user, region: Region) -> bool:
    """Whether `user` may read some case of the region (and may therefore name one)."""
    return may_somewhere_in(user, CaseworkPerm.VIEW_CASES, region)
