"""The register's forms, one module per group of the register (as in `entities.py`); the names are
re-exported here so that the entity declarations can say `forms.OrganisationForm`."""
from .agreements import (  # noqa: F401
    AgreementForm,
    AgreementReviewForm,
    AgreementVersionForm,
    AnnexForm,
    ChecklistForm,
)
from .base import RegisterForm  # noqa: F401
from .local import CalamityRoleForm, FixedContactForm, PolicyPlanForm  # noqa: F401
from .map import ConflictForm, RiskOpportunityForm  # noqa: F401
from .people import AssessmentForm, DuoForm, OrganisationForm, StakeholderForm  # noqa: F401
from .tables import ActionItemForm, DecisionForm, GovernanceTableForm, MeetingForm, TableSeatForm  # noqa: F401
from .vocabulary import DomainForm, GlossaryTermForm, PhaseForm, ThemeForm  # noqa: F401
