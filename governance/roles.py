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


# Permissions that a municipality membership carries into the regions around that municipality.
READ_PERMISSIONS = frozenset({Perm.VIEW_REGION, Perm.PRINT_REGION, Perm.VIEW_REGISTER})

_EVERYONE = READ_PERMISSIONS

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.PROJECT_LEADER: _EVERYONE | {Perm.VIEW_MEMBERS, Perm.VIEW_HISTORY, Perm.EDIT_REGISTER},
    Role.ALDERMAN: _EVERYONE,
    Role.POLICY_OFFICER: _EVERYONE | {Perm.VIEW_MEMBERS},
    Role.TEAM_MANAGER: _EVERYONE,
    Role.ADMINISTRATOR: _EVERYONE | {Perm.VIEW_MEMBERS, Perm.MANAGE_MEMBERS, Perm.VIEW_HISTORY},
}
