"""Outgoing mail goes through an outbox.

`mail_queue` writes one row per recipient in the caller's transaction, so a mail exists exactly when
the change it reports was committed. Delivery happens later:

- inside a request: after the response has gone out, on Django's `request_finished` signal (the WSGI
  server sends it when it closes the response, after the body was written). A person never waits
  for the mail server, and a known address answers as fast as an unknown one;
- outside a request (management commands): right after the commit.

A mail server that is down costs nothing but a log line: the row stays in the outbox with its error,
and `outbox_deliver()` (run by `send_escalation_reminders` and `deliver_mail`, from cron) sends it
later. Rows are claimed with a conditional UPDATE before sending, so two runs at once never send the
same row twice; a process that dies between sending and marking the row sent leaves the claim to
expire, after which the row is sent again (at least once, never lost).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import EmailMessage, get_connection
from django.core.signals import request_finished
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxMail

logger = logging.getLogger(__name__)

# A row that failed this often is left alone (and visible in the admin with its last error).
MAX_ATTEMPTS = 10
# How long a process may take to deliver one batch before another may claim its rows again.
CLAIM_TIME = timedelta(minutes=10)

# Work to do once the current response has been sent; None outside a request.
_after_response: ContextVar[list[Callable[[], None]] | None] = ContextVar("samen_sturen_after_response",
                                                                          default=None)


def after_response(task: Callable[[], None]) -> None:
    """Run `task` after the current response has gone out, or now when there is no request."""
    pending = _after_response.get()
    if pending is None:
        task()
    else:
        pending.append(task)


class AfterResponseMiddleware:
    """Opens the list of work that `after_response` keeps for the end of this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Work left from before (a response that was never closed) is kept, never dropped: it is mail
        # that was committed, and it goes at the end of this request instead.
        if _after_response.get() is None:
            _after_response.set([])
        return self.get_response(request)


def _run_after_response(**kwargs) -> None:
    pending = _after_response.get()
    _after_response.set(None)
    for task in pending or []:
        try:
            task()
        except Exception:  # the response is gone; nobody is left to show an error to
            logger.exception("Work after the response failed.")


request_finished.connect(_run_after_response, dispatch_uid="samen_sturen_after_response")


def mail_queue(*, to: str | Iterable[str], subject: str, body: str) -> list[int]:
    """Put one mail per address in the outbox; it is delivered once the transaction commits and any
    response has gone out. Returns the rows' ids."""
    addresses = [to] if isinstance(to, str) else list(to)
    if not addresses:
        return []
    subject = " ".join(subject.split())[:255]
    rows = OutboxMail.objects.bulk_create([OutboxMail(to=address, subject=subject, body=body)
                                           for address in addresses])
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: after_response(lambda: outbox_deliver(ids=ids)), robust=True)
    return ids


@dataclass
class DeliveryResult:
    sent: int = 0
    failed: int = 0


def _pending() -> Q:
    return Q(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS) & (
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=timezone.now()))


def _claim(pk: int) -> bool:
    """Ours if no other process holds it; the UPDATE's condition is what makes this safe."""
    return bool(OutboxMail.objects.filter(_pending(), pk=pk).update(
        claimed_until=timezone.now() + CLAIM_TIME, attempts=F("attempts") + 1))


def _failed(pks: list[int], error: Exception) -> None:
    logger.warning("Mail %s not sent, left in the outbox for the next run: %r", pks, error)
    OutboxMail.objects.filter(pk__in=pks).update(claimed_until=None, last_error=repr(error)[:500])


def outbox_deliver(*, ids: Iterable[int] | None = None, limit: int = 500) -> DeliveryResult:
    """Send unsent mail (only these rows when `ids` is given), oldest first, one connection for all."""
    result = DeliveryResult()
    rows = OutboxMail.objects.filter(_pending())
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    claimed = [row for row in rows.order_by("pk")[:limit] if _claim(row.pk)]
    if not claimed:
        return result
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # SMTP down: ConnectionRefusedError, SMTPException, OSError
        _failed([row.pk for row in claimed], error)
        result.failed = len(claimed)
        return result
    try:
        for row in claimed:
            try:
                if not connection.send_messages([EmailMessage(row.subject, row.body, to=[row.to])]):
                    raise OSError("the mail backend accepted nothing")
            except Exception as error:
                _failed([row.pk], error)
                result.failed += 1
                continue
            OutboxMail.objects.filter(pk=row.pk).update(sent_at=timezone.now(), claimed_until=None, last_error="")
            result.sent += 1
    finally:
        try:
            connection.close()
        except Exception:
            logger.warning("Closing the mail connection failed.", exc_info=True)
    return result
