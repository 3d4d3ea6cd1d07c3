"""Reads of the local basics: fixed contacts, policy plans and the calamity protocol."""
from __future__ import annotations

from django.db.models import QuerySet

from ...models import CalamityRole, FixedContact, PolicyPlan, Region
from .base import scoped


def fixed_contact_list(*, user, region: Region) -> QuerySet[FixedContact]:
    return scoped(FixedContact, user, region).select_related("local_team", "contact__organisation")


def policy_plan_list(*, user, region: Region) -> QuerySet[PolicyPlan]:
    return scoped(PolicyPlan, user, region).select_related("municipality")


def calamity_role_list(*, user, region: Region) -> QuerySet[CalamityRole]:
    return scoped(CalamityRole, user, region).select_related("stakeholder__organisation")
