"""Puts escalations on the audit trail (see common/audit.py). The steps are their own append-only
history (EscalationTransition, never changed); the audit trail records every field a step or an
edit changed on the escalation itself.

Except the case it names: which case an escalation is about is a case fact, for the people who may
read cases, while the rest of the escalation's history is read by everyone who reads escalations
(the alderman, the project leader). So the link is left out of the escalation's own entries and
each change of it gets an entry of its own that only case readers see (`audit_case_link`). The
entry holds the case's id, not its code: it is named when shown, so once retention anonymises or
deletes the case, its old code is gone from the history too. `case_code` is the free-text field
the link replaced (docs/adr/0016-case-links.md); older entries may still name it."""
from auditlog.models import LogEntry
from django.utils.translation import gettext_lazy as _

from casework.permissions import CaseworkPerm
from common.audit import audit_change, audit_register

from .models import Escalation, RouteMeeting, RouteSettings

CASE_READERS = {"read_perm": CaseworkPerm.VIEW_CASES.value}

audit_register(Escalation, m2m_fields={"organisations"}, exclude_fields=["case"],
               retired_labels={"case_code": _("case code")})
audit_register(RouteMeeting, m2m_fields={"participants"})
audit_register(RouteSettings)


def audit_case_link(*, actor, escalation: Escalation, old_case_id: int | None) -> None:
    """Record that the escalation's case link changed from `old_case_id`, for case readers only."""
    if old_case_id == escalation.case_id:
        return
    audit_change(actor=actor, instance=escalation, action=LogEntry.Action.UPDATE,
                 changes={"case": [old_case_id, escalation.case_id]}, scope=CASE_READERS)
