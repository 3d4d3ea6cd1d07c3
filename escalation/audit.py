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

from casework.models import Case
from casework.permissions import CaseworkPerm
from common.audit import audit_change, audit_register

from .models import Escalation, RouteMeeting, RouteSettings

CASE_READERS = {"read_perm": CaseworkPerm.VIEW_CASES.value}

audit_register(Escalation, m2m_fields={"organisations"}, exclude_fields=["case"],
               retired_labels={"case_code": _("case code")})
audit_register(RouteMeeting, m2m_fields={"participants"})
audit_register(RouteSettings)


def audit_case_link(*, actor, escalation: Escalation, old_case_id: int | None) -> None:
    """Record that the escalation's case link changed from `old_case_id`, for case readers only: for the
    readers of that case, that is, filed under the case's municipality (which may differ from the
    escalation's). A change from one municipality's case to another's gives each side an entry."""
    if old_case_id == escalation.case_id:
        return
    places = dict(Case.objects.filter(pk__in=[pk for pk in (old_case_id, escalation.case_id) if pk])
                  .values_list("pk", "municipality_id"))
    old_place, new_place = places.get(old_case_id), places.get(escalation.case_id)
    if old_case_id and escalation.case_id and old_place != new_place:
        sides = [(old_case_id, None, old_place), (None, escalation.case_id, new_place)]
    else:
        sides = [(old_case_id, escalation.case_id, new_place or old_place)]
    for before, after, place in sides:
        audit_change(actor=actor, instance=escalation, action=LogEntry.Action.UPDATE,
                     changes={"case": [before, after]},
                     scope=CASE_READERS | ({"municipality_id": place} if place else {}))
