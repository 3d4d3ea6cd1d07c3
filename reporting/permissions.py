"""Who may do what with figures, granted to roles from ReportingConfig.ready() (governance.plugins)."""
from __future__ import annotations

from enum import StrEnum


class ReportingPerm(StrEnum):
    VIEW_FIGURES = "view_figures"
    IMPORT_FIGURES = "import_figures"
    EXPLAIN_FIGURES = "explain_figures"
