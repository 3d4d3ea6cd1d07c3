"""Reads of what the overlap map keeps besides what it computes: conflicts, risks and opportunities.

These are the one home of both lists: the register's pages and the map (`governance.map.selectors`)
read them here."""
from __future__ import annotations

from django.db.models import QuerySet

from ...models import AttentionStatus, Conflict, Impact, Region, RiskKind, RiskOpportunity
from .base import scoped


def conflict_rows(*, user, region: Region) -> QuerySet[Conflict]:
    """Conflicts with what their row shows besides themes and domains (the register's list attaches those
    by name; its detail page reads them)."""
    return (scoped(Conflict, user, region)
            .select_related("owner__organisation", "raised_at", "side_a_decision__meeting__table", "side_a_table",
                            "side_b_decision__meeting__table", "side_b_table"))


def conflict_list(*, user, region: Region) -> QuerySet[Conflict]:
    return conflict_rows(user=user, region=region).prefetch_related("themes", "domains")


def risk_opportunity_rows(*, user, region: Region) -> QuerySet[RiskOpportunity]:
    return scoped(RiskOpportunity, user, region).select_related("owner__organisation", "raised_at")


def risk_opportunity_list(*, user, region: Region) -> QuerySet[RiskOpportunity]:
    return risk_opportunity_rows(user=user, region=region).prefetch_related("themes", "domains")


def open_conflicts(*, user, region: Region) -> QuerySet[Conflict]:
    """Conflicts not resolved yet (open, or raised at a table): the register's attention box lists them."""
    return scoped(Conflict, user, region).exclude(status=AttentionStatus.RESOLVED).order_by("title", "id")


def open_high_risks(*, user, region: Region) -> QuerySet[RiskOpportunity]:
    """Risks (not opportunities) of high impact that are not resolved yet."""
    return (scoped(RiskOpportunity, user, region).filter(kind=RiskKind.RISK, impact=Impact.HIGH)
            .exclude(status=AttentionStatus.RESOLVED).order_by("title", "id"))


def conflict_links(*, conflict: Conflict) -> dict:
    """What a conflict's page shows around it: each side (decision, table, rule), its themes and domains.
    Read from the row as the list's selector loaded it: no further queries."""
    sides = [
        {"label": label, "decision": getattr(conflict, f"side_{side}_decision"),
         "table": getattr(conflict, f"side_{side}_table"), "rule": getattr(conflict, f"side_{side}_rule")}
        for side, label in (("a", "A"), ("b", "B"))
    ]
    return {"sides": sides, "themes": conflict.themes.all(), "domains": conflict.domains.all()}


def risk_opportunity_links(*, risk: RiskOpportunity) -> dict:
    return {"sides": [], "themes": risk.themes.all(), "domains": risk.domains.all()}
