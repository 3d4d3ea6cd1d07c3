"""E-mail to the people of a route. Queued in the outbox in the step's own transaction and delivered
after it commits (common/outbox.py), so nobody is told about a step that was rolled back and a mail
server that is down loses nothing. Mails name the escalation, never the case: the link leads to the
details behind a login."""
from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from common.outbox import mail_queue
from governance.access import access_for

from .models import Escalation
from .participants import route_users
from .permissions import EscalationPerm


def _recipients(escalation: Escalation, state: str, exclude_user_id: int | None) -> list[str]:
    users = route_users(escalation, state)
    emails = [user.email for user in users if user.email and user.pk != exclude_user_id]
    filer = escalation.filed_by
    # The filer hears of every step, as long as they may still read the escalation.
    if (filer is not None and filer.email and filer.is_active and filer.pk != exclude_user_id
            and access_for(filer).may(EscalationPerm.VIEW, escalation.region_id, escalation.municipality_id)):
        emails.append(filer.email)
    return sorted(set(emails))


def send_to_route(*, escalation: Escalation, state: str, template: str, context: dict,
                  exclude_user_id: int | None = None) -> list[int]:
    """Queue one message per recipient (addresses are not shared). Returns the outbox rows' ids."""
    recipients = _recipients(escalation, state, exclude_user_id)
    if not recipients:
        return []
    url = settings.SITE_URL + reverse("escalation:detail", args=[escalation.region.slug, escalation.pk])
    with translation.override(settings.LANGUAGE_CODE):
        body_context = {"escalation": escalation, "url": url, **context}
        subject = render_to_string(f"escalation/email/{template}_subject.txt", body_context)
        body = render_to_string(f"escalation/email/{template}.txt", body_context)
    return mail_queue(to=recipients, subject=subject, body=body)


def notify_step(*, escalation: Escalation, step, route_state: str, actor_id: int | None) -> None:
    """Tell the people of `route_state` (the new route, or the last one when closing) about `step`.
    Called inside the step's transaction: the mail is queued with the step and sent after commit."""
    send_to_route(escalation=escalation, state=route_state, template="step", context={"step": step},
                  exclude_user_id=actor_id)
