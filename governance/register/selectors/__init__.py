"""Reads of the register, scoped to the region and to the user's right to read it.

One module per group of the register (as in `entities.py`); the names are re-exported here so that
the entity declarations can say `selectors.organisation_list`."""
from .agreements import (  # noqa: F401
    agreement_links,
    agreement_list,
    agreement_review_list,
    agreement_version_list,
    annex_list,
    attach_checklist_completeness,
    attach_current_versions,
    version_links,
)
from .base import attach_names, prepare_all, readable, register_get, scoped  # noqa: F401
from .local import calamity_role_list, fixed_contact_list, policy_plan_list  # noqa: F401
from .map import (  # noqa: F401
    conflict_links,
    conflict_list,
    conflict_rows,
    open_conflicts,
    open_high_risks,
    risk_opportunity_links,
    risk_opportunity_list,
    risk_opportunity_rows,
)
from .people import (  # noqa: F401
    GRID_MARKERS,
    attach_current_positions,
    duo_list,
    organisation_links,
    organisation_list,
    power_interest_grid,
    stakeholder_assessments,
    stakeholder_links,
    stakeholder_list,
)
from .tables import action_list, decision_list, meeting_links, meeting_list, seat_list, table_links, table_list  # noqa: F401
from .vocabulary import domain_list, glossary_list, phase_list, theme_list  # noqa: F401
