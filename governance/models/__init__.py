"""The governance models, one module per part of the picture."""
from .agreements import (  # noqa: F401
    EVALUATION_DUE_SOON,
    Agreement,
    AgreementReview,
    AgreementVersion,
    Annex,
    ChecklistEntry,
    ChecklistItem,
    Coverage,
    EvaluationStatus,
    checklist_completeness,
    evaluation_status,
)
from .geography import Membership, Municipality, Region, Role, SafetyRegion  # noqa: F401
from .local import CalamityRole, FixedContact, GlossaryTerm, PlanKind, PolicyPlan  # noqa: F401
from .map import (  # noqa: F401
    AttentionStatus,
    Conflict,
    ConflictKind,
    ImmutableRowError,
    Impact,
    MapSnapshot,
    RiskKind,
    RiskOpportunity,
)
from .people import EnrolmentLink, Invitation, token_hash  # noqa: F401
from .register import (  # noqa: F401
    Domain,
    DomainKind,
    Level,
    Organisation,
    OrganisationType,
    Phase,
    RegionOwned,
    Stakeholder,
    StakeholderAssessment,
    Theme,
)
from .tables import (  # noqa: F401
    ActionItem,
    Decision,
    Duo,
    Frequency,
    GovernanceTable,
    Meeting,
    SeatRole,
    TableLevel,
    TableScope,
    TableSeat,
    same_region,
)
