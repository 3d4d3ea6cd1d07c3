"""Writing an explanation of a figure (versioned, so that two people explaining the same period at
once do not overwrite each other unnoticed), and recording a report that goes out without them."""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from common.identifiers import validate_no_identifiers
from common.versioning import StaleEditError, check_version
from governance.models import Municipality, Region

from .models import FigureExplanation, ReportOverride

STALE = _("Someone else explained this figure in the meantime. Their text is shown below; save again to replace it.")


def explanation_save(*, actor, region: Region, kind: str, period: str, text: str,
                     expected_version: int | None) -> FigureExplanation:
    """Writes the explanation of `kind` in `period`. `expected_version` is the version the user saw,
    0 when there was no explanation yet."""
    validate_no_identifiers(text)
    with transaction.atomic():
        current = (FigureExplanation.objects.select_for_update()
                   .filter(region=region, kind=kind, period=period).first())
        if current is None:
            check_version(0, expected_version, str(STALE))
            try:
                with transaction.atomic():
                    return FigureExplanation.objects.create(region=region, kind=kind, period=period, text=text,
                                                            written_by=actor)
            except IntegrityError:  # written by someone else between our read and our insert
                raise StaleEditError(str(STALE), current_version=1) from None
        check_version(current.version, expected_version, str(STALE))
        current.text, current.written_by, current.version = text, actor, current.version + 1
        current.full_clean()
        current.save()
        return current


def report_override_record(*, actor, region: Region, municipality: Municipality | None, periods: list[str],
                           reason: str) -> ReportOverride:
    """Records that `periods` ("kind period" keys) go to a board unexplained, by whose decision and why."""
    validate_no_identifiers(reason)
    return ReportOverride.objects.create(region=region, municipality=municipality, periods=periods, reason=reason,
                                         decided_by=actor)
