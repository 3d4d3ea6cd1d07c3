"""Puts the governance models on the audit trail (see common/audit.py)."""
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model

from common.audit import audit_register

from .models import (
    Domain,
    Membership,
    Municipality,
    Organisation,
    Phase,
    Region,
    SafetyRegion,
    Stakeholder,
    StakeholderAssessment,
    Theme,
)

audit_register(SafetyRegion)
audit_register(Municipality)
audit_register(Region, m2m_fields={"municipalities"})
audit_register(Membership)

# People's own records: who changed a name, e-mail or active flag. Secrets and login times are not
# changes anyone needs to review.
auditlog.register(get_user_model(), exclude_fields=["password", "last_login"])

audit_register(Domain)
audit_register(Theme)
audit_register(Phase)
audit_register(Organisation, m2m_fields={"municipalities"})
audit_register(Stakeholder)
audit_register(StakeholderAssessment)
