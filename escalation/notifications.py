"""E-mail to the people of a route. Sent only after the transaction commits, so nobody is told about
a step that was rolled back. Mails name the escalation, never the case: the link leads to the
details behind a login."""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from governance.access import access_for

from .models import Escalation
from .participants import route_users
from .permissions import EscalationPerm

logger = logging.getLogger(__name__)


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
                  exclude_user_id: int | None = None) -> int:
    """One message per recipient (addresses are not shared). Returns how many were sent."""
    recipients = _recipients(escalation, state, exclude_user_id)
    if not recipients:
        return 0
    url = settings.SITE_URL + reverse("escalation:detail", args=[escalation.region.slug, escalation.pk])
    with translation.override(settings.LANGUAGE_CODE):
        body_context = {"escalation": escalation, "url": url, **context}
        subject = " ".join(render_to_string(f"escalation/email/{template}_subject.txt", body_context).split())
        body = render_to_string(f"escalation/email/{template}.txt", body_context)
    messages = [EmailMessage(subject, body, to=[address]) for address in recipients]
    return get_connection().send_messages(messages) or 0


def notify_step_on_commit(*, escalation_id: int, step_id: int, route_state: str, actor_id: int | None) -> None:
    """After commit: tell the people of `route_state` (the new route, or the last one when closing)."""

    def send() -> None:
        from .models import EscalationTransition

        escalation = Escalation.objects.select_related("region", "municipality", "filed_by").get(pk=escalation_id)
        step = EscalationTransition.objects.get(pk=step_id)
        send_to_route(escalation=escalation, state=route_state, template="step", context={"step": step},
                      exclude_user_id=actor_id)

    # robust: the step is saved whatever the mail server does; a failure is logged, not shown as an error.
    transaction.on_commit(send, robust=True)
