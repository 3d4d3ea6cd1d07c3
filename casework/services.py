"""Every write to cases goes through here: validated, version-checked, audited; and every read of a
case is put on the audit trail (who looked, when)."""
from __future__ import annotations

from collections.abc import Iterable

from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.audit import acting_as
from common.versioning import locked_version
from governance.models import RegionOwned
from governance.register.services import agreement_review_request

from .models import Case, CaseLead, Lesson, Violence, ViolenceForm

STALE = "Someone else changed this item while you were editing it. Check the current values and save again."


def case_read(*, actor, case: Case) -> None:
    """A look at a case is logged like a change: it shows on the case's history."""
    with acting_as(actor):
        accessed.send(sender=Case, instance=case)


def case_list_read(*, actor, cases: Iterable[Case], remote_addr: str | None = None) -> None:
    """The case list shows each row's values (forms of violence, dates, time limits, lead): every case on
    the page is a look at it, as on its own page. Written in one insert, so the list's query count does
    not grow with its rows (bulk_create skips the signal that stamps actor and address: set here)."""
    cases = list(cases)
    if not cases:
        return
    content_type = ContentType.objects.get_for_model(Case)
    LogEntry.objects.bulk_create([LogEntry(
        content_type=content_type, object_pk=str(case.pk), object_id=case.pk, object_repr=str(case),
        action=LogEntry.Action.ACCESS, actor=actor, actor_email=getattr(actor, "email", None),
        remote_addr=remote_addr, additional_data=case.get_additional_data() | {"seen_in": "list"},
    ) for case in cases])


def _same_region(instance: RegionOwned, rows: Iterable) -> None:
    if any(getattr(row, "region_id", instance.region_id) != instance.region_id for row in rows):
        raise ValidationError(_("Choose items of this region only."))


@transaction.atomic
def part_save(*, actor, instance: RegionOwned, expected_version: int | None = None, m2m: dict | None = None):
    """Create or update a case or one of its rows; a stale edit is refused (common/versioning.py)."""
    if instance.pk is not None:
        current = locked_version(type(instance).objects, instance.pk, expected=expected_version, message=_(STALE))
        instance.version = current + 1
    instance.full_clean()
    for rows in (m2m or {}).values():
        _same_region(instance, rows)
    with acting_as(actor):
        instance.save()
        for name, rows in (m2m or {}).items():
            getattr(instance, name).set(rows)
    return instance


def case_save(*, actor, case: Case, violence: Iterable[str], organisations: Iterable,
              expected_version: int | None = None) -> Case:
    codes = set(violence) & set(Violence.values)
    # The rows mirror the Violence choices (migration 0002 seeds them); a missing one is added, not refused.
    forms = [ViolenceForm.objects.get_or_create(code=code)[0] for code in sorted(codes)]
    if not forms:
        raise ValidationError({"violence": _("Choose at least one form of violence.")})
    return part_save(actor=actor, instance=case, expected_version=expected_version,
                     m2m={"violence": forms, "organisations": list(organisations)})


@transaction.atomic
def lead_start(*, actor, lead: CaseLead, end_current: bool) -> CaseLead:
    """A new lead; `end_current` ends the leads held now on the day the new one starts (the history stays)."""
    lead = part_save(actor=actor, instance=lead)
    if end_current:
        with acting_as(actor):
            for current in CaseLead.objects.filter(case_id=lead.case_id, until__isnull=True).exclude(pk=lead.pk):
                current.until = max(lead.since, current.since)
                current.version += 1
                current.save()
    return lead


@transaction.atomic
def lesson_record(*, actor, lesson: Lesson) -> Lesson:
    """A lesson linked to an agreement puts that agreement on the review list (the list escalations feed)."""
    lesson.recorded_by = actor
    lesson = part_save(actor=actor, instance=lesson)
    if lesson.agreement_id:
        # The review list is read by people who see no case rows: name the kind of source, not the case
        # nor the meeting (a topic names what the case was about). The lesson's own text goes there as its
        # form says: that is what a lesson linked to an agreement is for.
        source = _("a case analysis") if lesson.analysis_id else _("a learning meeting")
        agreement_review_request(actor=actor, agreement=lesson.agreement, reason=lesson.text,
                                 source=_("Lesson from %(source)s") % {"source": source})
    return lesson
