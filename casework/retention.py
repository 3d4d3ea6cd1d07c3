"""Retention: a closed case is anonymised or deleted once its region's period has passed.

Each region sets the period and what happens then (CaseSettings; without a row: 24 months, then
anonymise). `manage.py casework_retention` runs this daily from cron. A case it handled is gone or
marked anonymised, so a second run finds nothing to do; each case is handled in its own locked
transaction, so two runs at the same moment do not both handle it.

Anonymising keeps what counting needs: region, municipality, forms of violence and phase, with the
dates of report and closing rounded down to the first of their month. The code becomes ANON-<id>
(the database id means nothing outside it), the dates the time limits were met are cleared, and
every row that ties the case to tables, organisations or people is deleted: discussions, leads,
house bans, organisations involved, analyses and their lessons. Apps built on casework drop their
own links to it through the hooks they declare (governance.plugins.add_retention_hook): an
escalation naming the case lets go of it. An agreement that a lesson put on the review list stays
there: the review holds its own copy of the reason.

The audit trail keeps who did what to the case and when, but no longer names it: the case's entries
and those of its rows lose their description and values, because the old code and dates would link
the case back to the family's file at Veilig Thuis. One entry per case, by "system", says what
retention did.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from common.audit import acting_as
from governance import plugins
from governance.models import Region

from .models import Case, CaseAnalysis, CaseDiscussion, CaseLead, CaseSettings, HouseBan, Lesson

After = CaseSettings.AfterRetention


def anonymous_code(pk: int) -> str:
    # Generated codes start with "ZW-": this can never be one of them.
    return f"ANON-{pk}"


@dataclass
class RegionRetention:
    region: str
    months: int
    after: str  # CaseSettings.AfterRetention
    closed_before: date  # cases closed on or before this day are due
    cases: int = 0


@dataclass
class RetentionReport:
    today: date
    dry_run: bool
    regions: list[RegionRetention] = field(default_factory=list)

    @property
    def cases(self) -> int:
        return sum(row.cases for row in self.regions)


def _due(cutoff: date) -> QuerySet[Case]:
    return Case.objects.filter(closed_on__isnull=False, closed_on__lte=cutoff, anonymised=False)


def retention_run(*, today: date | None = None, dry_run: bool = False) -> RetentionReport:
    """Every region with closed cases still to handle; `dry_run` counts what would be done and changes nothing."""
    today = today or timezone.localdate()
    report = RetentionReport(today, dry_run)
    pending = Case.objects.filter(closed_on__isnull=False, anonymised=False).values("region_id")
    for region in Region.objects.filter(pk__in=pending).select_related("case_settings").order_by("name"):
        # An unsaved row carries the defaults for a region that never chose.
        settings = getattr(region, "case_settings", None) or CaseSettings(region=region)
        cutoff = today - relativedelta(months=settings.retention_months)
        row = RegionRetention(region.name, settings.retention_months, settings.after_retention, cutoff)
        for pk in _due(cutoff).filter(region=region).order_by("pk").values_list("pk", flat=True):
            if dry_run or _handle(pk, cutoff=cutoff, settings=settings):
                row.cases += 1
        report.regions.append(row)
    return report


def _parts(case: Case) -> dict[type, list[int]]:
    """The case and every row of it that a log entry may name, by model."""
    analyses = list(CaseAnalysis.objects.filter(case=case).values_list("pk", flat=True))
    return {
        Case: [case.pk],
        CaseDiscussion: list(CaseDiscussion.objects.filter(case=case).values_list("pk", flat=True)),
        CaseLead: list(CaseLead.objects.filter(case=case).values_list("pk", flat=True)),
        HouseBan: list(HouseBan.objects.filter(case=case).values_list("pk", flat=True)),
        CaseAnalysis: analyses,
        Lesson: list(Lesson.objects.filter(analysis__in=analyses).values_list("pk", flat=True)),
    }


@transaction.atomic
def _handle(pk: int, *, cutoff: date, settings: CaseSettings) -> bool:
    # Locked and checked again: another run, or someone reopening the case, may have come first.
    case = _due(cutoff).select_for_update().filter(pk=pk).first()
    if case is None:
        return False
    parts, scope = _parts(case), case.audit_scope()
    with acting_as(None):
        # Apps built on casework let go of the case first (an escalation naming it: escalation/apps.py).
        for hook in plugins.retention_hooks(Case._meta.label):
            hook(case)
        # Lessons first, while their analysis still says which municipality their deletion is filed under.
        Lesson.objects.filter(pk__in=parts[Lesson]).delete()
        if settings.after_retention == After.DELETE:
            case.delete()
        else:
            _anonymise(case)
        _forget_history(parts, anonymous_code(pk))
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Case), object_pk=str(pk), object_id=pk,
            object_repr=anonymous_code(pk),
            action=LogEntry.Action.DELETE if settings.after_retention == After.DELETE else LogEntry.Action.UPDATE,
            changes={} if settings.after_retention == After.DELETE else {"anonymised": ["False", "True"]},
            additional_data={**{k: v for k, v in scope.items() if v is not None},
                             "retention": settings.after_retention, "retention_months": settings.retention_months},
        )
    return True


def _anonymise(case: Case) -> None:
    for rows in (case.discussions, case.leads, case.bans, case.analyses):
        rows.all().delete()  # each deletion is logged
    case.organisations.clear()
    case.code = anonymous_code(case.pk)
    case.reported_on = case.reported_on.replace(day=1)
    case.closed_on = case.closed_on.replace(day=1)
    case.assessment_done = case.investigation_done = None
    case.anonymised = True
    case.version += 1
    # No full_clean(): a municipality that has since left the region must not keep a case identifiable.
    case.save()


def _forget_history(parts: dict[type, list[int]], marker: str) -> None:
    """Keep who did what and when; drop the description and the values."""
    entries = []
    for model, pks in parts.items():
        if not pks:
            continue
        for entry in LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                             object_pk__in=[str(pk) for pk in pks]):
            entry.object_repr, entry.changes, entry.changes_text, entry.serialized_data = marker, {}, "", None
            entries.append(entry)
    LogEntry.objects.bulk_update(entries, ["object_repr", "changes", "changes_text", "serialized_data"])
