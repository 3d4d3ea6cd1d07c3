"""Puts escalations on the audit trail (see common/audit.py). The steps are their own append-only
history (EscalationTransition, never changed); the audit trail records every field a step or an
edit changed on the escalation itself."""
from common.audit import audit_register

from .models import Escalation, RouteMeeting, RouteSettings

audit_register(Escalation, m2m_fields={"organisations"})
audit_register(RouteMeeting, m2m_fields={"participants"})
audit_register(RouteSettings)
