"""Who may do what with escalations.

The escalation app's own permissions, granted to roles from EscalationConfig.ready() through
governance.plugins. A region role covers every escalation of the region; a municipality role (a
team manager of Almere) covers the escalations of that municipality only.
"""
from __future__ import annotations

from enum import StrEnum

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
