"""Puts every case row on the audit trail (see common/audit.py); reads of a case are logged by
services.case_read (for every page of a case through views.case_page), because a look at a case
matters as much as a change to it.

Every row of a case, and what is learned from cases, has a name that is itself a case fact (the case
code, a lead's organisation and role, a meeting's topic, a lesson's first words): `private_name`, so
that whoever may not read cases sees such an entry as its kind and municipality only."""
from common.audit import audit_register

from .models import Case, CaseAnalysis, CaseDiscussion, CaseLead, CaseSettings, HouseBan, LearningMeeting, Lesson

audit_register(Case, private_name=True, m2m_fields={"violence", "organisations"})
audit_register(CaseDiscussion, private_name=True)
audit_register(CaseLead, private_name=True)
audit_register(HouseBan, private_name=True)
audit_register(CaseAnalysis, private_name=True)
audit_register(LearningMeeting, private_name=True, m2m_fields={"organisations"})
audit_register(Lesson, private_name=True)
# Named after its region ("Case retention of Flevoland"): nothing of a case.
audit_register(CaseSettings)
