"""What each role may do, as data. Views and templates ask for a permission, never for a role."""
from __future__ import annotations

from enum import StrEnum

from .models import Role


class Perm(StrEnum):
    """Governance's own permissions. Apps built on it declare theirs and grant them to roles through
    governance.plugins, so that this module never names them."""

    VIEW_REGION = "view_region"
    PRINT_REGION = "print_region"
    VIEW_MEMBERS = "view_members"
    MANAGE_MEMBERS = "manage_members"
    VIEW_HISTORY = "view_history"
    # The audit search (who changed or read what, who signed in): the functional administrator's alone.
    SEARCH_AUDIT = "search_audit"
    VIEW_REGISTER = "view_register"
    EDIT_REGISTER = "edit_register"


# Permissions that a municipality membership carries into the regions around that municipality.
READ_PERMISSIONS = frozenset({Perm.VIEW_REGION, Perm.PRINT_REGION, Perm.VIEW_REGISTER})

# Permissions a municipality membership holds inside its regions, but only for rows of its own
# municipality (a team manager in Almere files and follows Almere's escalations, not Urk's).
# Filled by the apps that own such permissions (governance.plugins.grant); updated in place.
MUNICIPAL_PERMISSIONS: set[str] = set()

_EVERYONE = READ_PERMISSIONS

# Updated in place by governance.plugins.grant as apps add their permissions.
ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.PROJECT_LEADER: _EVERYONE | {Perm.VIEW_MEMBERS, Perm.VIEW_HISTORY, Perm.EDIT_REGISTER},
    Role.ALDERMAN: _EVERYONE,
    Role.POLICY_OFFICER: _EVERYONE | {Perm.VIEW_MEMBERS},
    Role.TEAM_MANAGER: _EVERYONE,
    Role.ADMINISTRATOR: _EVERYONE | {Perm.VIEW_MEMBERS, Perm.MANAGE_MEMBERS, Perm.VIEW_HISTORY, Perm.SEARCH_AUDIT},
}
