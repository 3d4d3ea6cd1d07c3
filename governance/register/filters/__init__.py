"""The register lists' filters, one module per group of the register (as in `entities.py`); the names
are re-exported here so that the entity declarations can say `filters.OrganisationFilter`."""
from .agreements import AgreementFilter  # noqa: F401
from .local import PolicyPlanFilter  # noqa: F401
from .map import ConflictFilter, RiskOpportunityFilter  # noqa: F401
from .people import DuoFilter, OrganisationFilter, StakeholderFilter  # noqa: F401
from .tables import ActionFilter, DecisionFilter, MeetingFilter, TableFilter  # noqa: F401
from .vocabulary import GlossaryFilter  # noqa: F401
