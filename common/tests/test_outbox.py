"""The outbox: mail is written with the change, sent after the response, and kept until it is sent
when the mail server is down; the reminder run sends what is left, exactly once."""
from __future__ import annotations

import re
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.handlers.wsgi import WSGIHandler
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from common import outbox
from common.models import OutboxMail
from common.outbox import mail_queue, outbox_deliver
from escalation.tests.test_workflow import ALMERE, file_escalation
from escalation.workflow import State

pytestmark = pytest.mark.django_db

SLOW_MAIL_SECONDS = 0.3


class SlowBackend(EmailBackend):
    """A mail server that takes its time."""

    def send_messages(self, messages):
        time.sleep(SLOW_MAIL_SECONDS)
        return super().send_messages(messages)


class DownBackend(EmailBackend):
    """A mail server that is not there."""

    def open(self):
        raise ConnectionRefusedError("mail server down")

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def mail_down(settings):
    settings.EMAIL_BACKEND = "common.tests.test_outbox.DownBackend"
    return settings


def test_a_queued_mail_is_sent_once_and_marked_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (pk,) = mail_queue(to="a@example.org", subject="Hello\n  there", body="Body")
        assert mail.outbox == []  # not before the commit
    (message,) = mail.outbox
    assert message.to == ["a@example.org"] and message.subject == "Hello there" and message.body == "Body"
    row = OutboxMail.objects.get(pk=pk)
    assert row.sent_at is not None and row.attempts == 1 and row.claimed_until is None
    assert outbox_deliver().sent == 0 and len(mail.outbox) == 1


def test_one_row_and_one_message_per_recipient(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail_queue(to=["a@example.org", "b@example.org"], subject="S", body="B")
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all(len(message.to) == 1 for message in mail.outbox)


def test_a_mail_server_that_is_down_leaves_the_mail_in_the_outbox(mail_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (pk,) = mail_queue(to="a@example.org", subject="S", body="B")
    row = OutboxMail.objects.get(pk=pk)
    assert row.sent_at is None and row.attempts == 1 and "mail server down" in row.last_error
    assert row.claimed_until is None  # free for the next run


def test_a_row_claimed_by_another_run_is_not_sent_twice():
    (pk,) = mail_queue(to="a@example.org", subject="S", body="B")
    # Another run has claimed it and is sending it right now.
    OutboxMail.objects.filter(pk=pk).update(claimed_until=timezone.now() + timedelta(minutes=5), attempts=1)
    assert outbox_deliver().sent == 0 and mail.outbox == []
    # That run died without marking it sent: once its claim has expired the row goes again.
    OutboxMail.objects.filter(pk=pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert outbox_deliver().sent == 1 and len(mail.outbox) == 1


def test_a_mail_is_given_up_after_its_attempts(mail_down):
    (pk,) = mail_queue(to="a@example.org", subject="S", body="B")
    for _attempt in range(outbox.MAX_ATTEMPTS + 2):
        outbox_deliver()
    assert OutboxMail.objects.get(pk=pk).attempts == outbox.MAX_ATTEMPTS


def test_with_the_mail_server_down_a_step_is_saved_and_its_mail_sent_by_the_next_reminder_run(
        client_for, settings, mail_down, django_capture_on_commit_callbacks):
    escalation = file_escalation(municipality=ALMERE)
    outbox_deliver()  # filing's own mail, held back by the test's transaction: it fails like the rest
    client = client_for("beleidsmedewerker")
    url = reverse("escalation:step", args=["flevoland", escalation.pk, "start-route_1"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"version": escalation.version, "reason": "Teammanagers plannen overleg."},
                               follow=True)
    assert response.status_code == 200
    assert [message.level_tag for message in response.context["messages"]] == ["success"]
    escalation.refresh_from_db()
    assert escalation.state == State.ROUTE_1
    waiting = list(OutboxMail.objects.filter(sent_at__isnull=True, subject__contains=escalation.reference))
    assert len(waiting) >= 2 and all("mail server down" in row.last_error for row in waiting)
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    call_command("send_escalation_reminders", stdout=StringIO())
    call_command("send_escalation_reminders", stdout=StringIO())
    sent = [(message.to[0], message.subject) for message in mail.outbox]
    # Each exactly once, though the run went twice.
    assert all(sent.count((row.to, row.subject)) == 1 for row in waiting)
    assert not OutboxMail.objects.filter(sent_at__isnull=True).exists()


def test_the_deliver_mail_command_says_what_it_did(mail_down):
    mail_queue(to="a@example.org", subject="S", body="B")
    out = StringIO()
    call_command("deliver_mail", stdout=out)
    assert out.getvalue() == "Outbox: 0 e-mails sent, 1 still waiting.\n"


# --- after the response ------------------------------------------------------------------------------

class _Handler(WSGIHandler):
    """Django's WSGI handler, as a WSGI server calls it, with CSRF checks off as in the test client."""

    def get_response(self, request):
        request._dont_enforce_csrf_checks = True
        return super().get_response(request)


def _serve(request) -> tuple[float, float, str]:
    """Serve `request` as a WSGI server does: call the app, write the body, then close the response.
    Returns the seconds until the body was written, until the response was closed, and the status."""
    statuses = []
    # As the test client does: inside the test's transaction the connection must stay open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        started = time.monotonic()
        response = _Handler()(request.environ, lambda status, headers: statuses.append(status))
        b"".join(response)
        answered = time.monotonic() - started
        response.close()  # the server closes the response once the body is out: now the mail goes
        closed = time.monotonic() - started
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answered, closed, statuses[0]


def test_a_slow_mail_server_does_not_slow_the_answer_to_a_password_reset(settings, demo_user):
    settings.EMAIL_BACKEND = "common.tests.test_outbox.SlowBackend"
    # A first request pays for loading templates and translations; an unknown address sends nothing.
    _serve(RequestFactory().post(reverse("password_reset"), {"email": "niemand@example.org"}))
    request = RequestFactory().post(reverse("password_reset"), {"email": demo_user("wethouder").email})
    answered, closed, status = _serve(request)
    assert status.startswith("302")
    assert answered < SLOW_MAIL_SECONDS <= closed
    (message,) = mail.outbox
    assert message.to == [demo_user("wethouder").email] and re.search(r"/accounts/reset/\S+/", message.body)
