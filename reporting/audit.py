"""Puts imports and explanations on the audit trail (see common/audit.py). The figures themselves
are written in bulk by an import; the import's row records what it placed and replaced."""
from common.audit import audit_register

from .models import FigureExplanation, FigureImport, ReportOverride

audit_register(FigureImport)
audit_register(FigureExplanation)
audit_register(ReportOverride)
