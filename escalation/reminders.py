"""Reminders for escalations whose deadline comes near or has passed.

Meant to run from cron (say every morning). Each escalation gets at most one "due" and one
"overdue" reminder per deadline, recorded in EscalationReminder, so running it twice sends nothing
new; a new deadline (a next route, or a resumed pause) earns new reminders. Paused escalations are
skipped: their clock is stopped.

The reminder and its mails are written in one transaction (the mails into the outbox,
common/outbox.py): a reminder is recorded exactly when its mails are queued, and a mail server that is
down delays them until a later run instead of losing them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from common.outbox import outbox_deliver
from common.workdays import working_days_between

from .models import Escalation, EscalationReminder, ReminderKind
from .notifications import send_to_route
from .services import route_settings_for
from .workflow import OPEN_STATES

# Far enough ahead for the longest "remind before" setting (10 working days) across holidays.
_HORIZON = timedelta(days=31)


@dataclass
class ReminderResult:
    due: int = 0
    overdue: int = 0
    messages: int = 0  # queued; delivered at once unless the mail server is down


def _kind(escalation: Escalation, today: date, remind_before: int) -> ReminderKind | None:
    if escalation.deadline < today:
        return ReminderKind.OVERDUE
    if working_days_between(today, escalation.deadline) <= remind_before:
        return ReminderKind.DUE
    return None


def reminders_send(*, today: date | None = None) -> ReminderResult:
    today = today or timezone.localdate()
    result, settings_cache, queued = ReminderResult(), {}, []
    candidates = (Escalation.objects.running().filter(deadline__lte=today + _HORIZON)
                  .select_related("region").order_by("pk").values_list("pk", "region_id"))
    for pk, region_id in candidates:
        with transaction.atomic():
            # Locked, so that two runs at the same moment cannot both claim the reminder.
            # (of=self: PostgreSQL cannot lock the nullable side of the outer join to filed_by.)
            escalation = (Escalation.objects.select_for_update(of=("self",))
                          .select_related("region", "municipality", "filed_by")
                          .get(pk=pk))
            if escalation.state not in OPEN_STATES or escalation.is_paused or escalation.deadline is None:
                continue
            if region_id not in settings_cache:
                settings_cache[region_id] = route_settings_for(escalation.region).remind_before_days
            kind = _kind(escalation, today, settings_cache[region_id])
            if kind is None or EscalationReminder.objects.filter(
                    escalation=escalation, kind=kind, deadline=escalation.deadline).exists():
                continue
            ids = send_to_route(escalation=escalation, state=escalation.state, template="reminder",
                                context={"overdue": kind == ReminderKind.OVERDUE})
            EscalationReminder.objects.create(escalation=escalation, kind=kind, deadline=escalation.deadline,
                                              recipients=len(ids))
        queued.extend(ids)
        result.messages += len(ids)
        if kind == ReminderKind.OVERDUE:
            result.overdue += 1
        else:
            result.due += 1
    # Each commit already set its mails going; this catches those a surrounding transaction held back.
    outbox_deliver(ids=queued)
    return result
