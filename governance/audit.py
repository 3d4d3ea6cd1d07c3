"""Puts the governance models on the audit trail (see common/audit.py)."""
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model

from common.audit import audit_place_names, audit_register

from .models import (
    ActionItem,
    Agreement,
    AgreementReview,
    AgreementVersion,
    Annex,
    CalamityRole,
    ChecklistEntry,
    Conflict,
    Decision,
    Domain,
    Duo,
    FixedContact,
    GlossaryTerm,
    GovernanceTable,
    Invitation,
    MapSnapshot,
    Meeting,
    Membership,
    Municipality,
    Organisation,
    Phase,
    PolicyPlan,
    Region,
    RiskOpportunity,
    SafetyRegion,
    Stakeholder,
    StakeholderAssessment,
    TableSeat,
    Theme,
)

# An entry whose object's name a reader may not see is named by its kind and municipality.
audit_place_names(lambda ids: dict(Municipality.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {})

audit_register(SafetyRegion)
audit_register(Municipality)
audit_register(Region, m2m_fields={"municipalities"})
audit_register(Membership)
# Roles offered, and whether and when they were accepted or declined. Not the account behind the typed
# address: the inviting region would learn whether the address had one, and its name (no enumeration).
audit_register(Invitation, exclude_fields=["user"])

# People's own records: who changed a name, e-mail or active flag. Secrets and login times are not
# changes anyone needs to review.
auditlog.register(get_user_model(), exclude_fields=["password", "last_login"])

audit_register(Domain)
audit_register(Theme, m2m_fields={"needed_domains"})
audit_register(Phase)
audit_register(Organisation, m2m_fields={"municipalities"})
audit_register(Stakeholder)
audit_register(StakeholderAssessment)
audit_register(Duo, m2m_fields={"themes"})
audit_register(GovernanceTable, m2m_fields={"domains", "themes", "phases"})
audit_register(TableSeat)
audit_register(Meeting)
audit_register(Decision)
audit_register(ActionItem)
audit_register(Agreement, m2m_fields={"parties", "adopted_by", "themes"})
audit_register(AgreementVersion)
audit_register(AgreementReview)
audit_register(ChecklistEntry)
audit_register(Annex)
audit_register(FixedContact)
audit_register(PolicyPlan)
audit_register(CalamityRole)
audit_register(GlossaryTerm)
audit_register(Conflict, m2m_fields={"domains", "themes"})
audit_register(RiskOpportunity, m2m_fields={"domains", "themes"})
# Created once, never changed (MapSnapshot.save refuses): the trail shows who froze which findings when.
audit_register(MapSnapshot, exclude_fields=["findings"])
