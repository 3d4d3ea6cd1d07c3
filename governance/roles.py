"""What each role may do, as data. Views and templates ask for a permission, never for a role."""
from __future__ import annotations

from enum import StrEnum

from .models import Role


class Perm(StrEnum):
    VIEW_REGION = "view_region"
    PRINT_REGION = "print_region"
    VIEW_MEMBERS = "view_members"
    MANAGE_MEMBERS = "manage_members"
    VIEW_HISTORY = "view_history"
    VIEW_REGISTER = "view_register"
    EDIT_REGISTER = "edit_register"
    VIEW_ESCALATIONS = "view_escalations"
    FILE_ESCALATION = "file_escalation"
    # Start, scale up or down, pause and resume in routes 1 and 2, and record their meetings.
    MOVE_ESCALATION = "move_escalation"
    # Everything at the administrative level (route 3), and resolving or withdrawing.
    DECIDE_ESCALATION = "decide_escalation"
    CONFIGURE_ESCALATIONS = "configure_escalations"


# Permissions that a municipality membership carries into the regions around that municipality.
READ_PERMISSIONS = frozenset({Perm.VIEW_REGION, Perm.PRINT_REGION, Perm.VIEW_REGISTER})

# Permissions a municipality membership holds inside its regions, but only for rows of its own
# municipality (a team manager in Almere files and follows Almere's escalations, not Urk's).
MUNICIPAL_PERMISSIONS = frozenset({
    Perm.VIEW_ESCALATIONS, Perm.FILE_ESCALATION, Perm.MOVE_ESCALATION, Perm.DECIDE_ESCALATION,
})

_EVERYONE = READ_PERMISSIONS
_ESCALATING = {Perm.VIEW_ESCALATIONS, Perm.FILE_ESCALATION, Perm.MOVE_ESCALATION}

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.PROJECT_LEADER: _EVERYONE | {Perm.VIEW_MEMBERS, Perm.VIEW_HISTORY, Perm.EDIT_REGISTER, Perm.VIEW_ESCALATIONS,
                                      Perm.CONFIGURE_ESCALATIONS},
    Role.ALDERMAN: _EVERYONE | {Perm.VIEW_ESCALATIONS},
    Role.POLICY_OFFICER: _EVERYONE | {Perm.VIEW_MEMBERS, Perm.DECIDE_ESCALATION} | _ESCALATING,
    Role.TEAM_MANAGER: _EVERYONE | _ESCALATING,
    Role.ADMINISTRATOR: _EVERYONE | {Perm.VIEW_MEMBERS, Perm.MANAGE_MEMBERS, Perm.VIEW_HISTORY},
}
