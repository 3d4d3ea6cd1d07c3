"""Puts every case row on the audit trail (see common/audit.py); reads of a case are logged by
services.case_read, because a look at a case matters as much as a change to it."""
from common.audit import audit_register

from .models import Case, CaseAnalysis, CaseDiscussion, CaseLead, CaseSettings, HouseBan, LearningMeeting, Lesson

audit_register(Case, m2m_fields={"violence", "organisations"})
audit_register(CaseDiscussion)
audit_register(CaseLead)
audit_register(HouseBan)
audit_register(CaseAnalysis)
audit_register(LearningMeeting, m2m_fields={"organisations"})
audit_register(Lesson)
audit_register(CaseSettings)
