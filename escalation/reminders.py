"""Reminders for escalations whose deadline comes near or has passed.

Meant to run from cron (say every morning). Each escalation gets at most one "due" and one
"overdue" reminder per deadline, recorded in EscalationReminder, so running it twice sends nothing
new; a new deadline (a next route, or a resumed pause) earns new reminders. Paused escalations are
skipped: their clock is stopped."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from common.workdays import working_days_between

from .models import Escalation, EscalationReminder, ReminderKind
from .notifications import send_to_route
from .services import route_settings_for
from .workflow import OPEN_STATES

logger = logging.getLogger(__name__)

# Far enough ahead for the longest "remind before" setting (10 working days) across holidays.
_HORIZON = timedelta(days=31)


@dataclass
class ReminderResult:
    due: int = 0
    overdue: int = 0
    messages: int = 0


def _kind(escalation: Escalation, today: date, remind_before: int) -> ReminderKind | None:
    if escalation.deadline < today:
        return ReminderKind.OVERDUE
    if working_days_between(today, escalation.deadline) <= remind_before:
        return ReminderKind.DUE
    return None


def reminders_send(*, today: date | None = None) -> ReminderResult:
    today = today or timezone.localdate()
    result, settings_cache = ReminderResult(), {}
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
            reminder = EscalationReminder.objects.create(escalation=escalation, kind=kind, deadline=escalation.deadline)
        # Sent after the claim is committed and the lock released: a slow mail server holds up nobody.
        try:
            sent = send_to_route(escalation=escalation, state=escalation.state, template="reminder",
                                 context={"overdue": kind == ReminderKind.OVERDUE})
        except Exception:
            logger.exception("Reminder for %s not sent; the next run tries again.", escalation.reference)
            reminder.delete()
            continue
        EscalationReminder.objects.filter(pk=reminder.pk).update(recipients=sent)
        result.messages += sent
        if kind == ReminderKind.OVERDUE:
            result.overdue += 1
        else:
            result.due += 1
    return result
