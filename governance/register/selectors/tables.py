"""Reads of governance tables, their seats, meetings, decisions and action items."""
from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ...models import ActionItem, Agreement, AgreementReview, Decision, GovernanceTable, Meeting, Region, TableSeat
from .base import scoped


def table_list(*, user, region: Region) -> QuerySet[GovernanceTable]:
    return (
        scoped(GovernanceTable, user, region)
        .select_related("chair", "secretary", "subregion", "municipality")
        # A count per row, not a GROUP BY over every column of the joined rows: SQLite would group the
        # whole region's tables with their seats before taking a page of them.
        .annotate(seat_count=Coalesce(Subquery(
            TableSeat.objects.filter(table=OuterRef("pk")).order_by().values("table")
            .annotate(count=Count("pk")).values("count")), 0))
    )


def seat_list(*, user, region: Region) -> QuerySet[TableSeat]:
    return scoped(TableSeat, user, region).select_related("table", "stakeholder__organisation")


def meeting_list(*, user, region: Region) -> QuerySet[Meeting]:
    return scoped(Meeting, user, region).select_related("table").annotate(
        decision_count=Count("decisions", distinct=True),
        open_action_count=Count("actions", filter=Q(actions__done_on__isnull=True), distinct=True),
    )


def decision_list(*, user, region: Region) -> QuerySet[Decision]:
    return scoped(Decision, user, region).select_related("meeting__table")


def action_list(*, user, region: Region) -> QuerySet[ActionItem]:
    return scoped(ActionItem, user, region).select_related("meeting__table", "owner")


# --- Detail pages: what links to a row, each in a fixed number of queries ----------------------


def table_links(*, table: GovernanceTable) -> dict:
    return {
        "seats": table.seats.select_related("stakeholder__organisation"),
        "agreements": Agreement.objects.filter(Q(adopted_by=table) | Q(monitored_by=table)).distinct(),
        "meetings": table.meetings.annotate(
            decision_count=Count("decisions", distinct=True),
            open_action_count=Count("actions", filter=Q(actions__done_on__isnull=True), distinct=True),
        ),
        "open_actions": ActionItem.objects.filter(meeting__table=table).open().select_related("owner", "meeting"),
        "reviews": AgreementReview.objects.filter(agreement__monitored_by=table, handled_on__isnull=True)
        .select_related("agreement"),
    }


def meeting_links(*, meeting: Meeting) -> dict:
    return {"decisions": meeting.decisions.all(), "actions": meeting.actions.select_related("owner")}
