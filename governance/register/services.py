"""Writes to the register: one versioned save and delete for every register row, plus the seed."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.audit import acting_as
from common.versioning import locked_version

from ..models import (
    Agreement,
    AgreementReview,
    AgreementVersion,
    ChecklistEntry,
    ChecklistItem,
    Coverage,
    Domain,
    DomainKind,
    Municipality,
    Phase,
    Region,
    RegionOwned,
    Stakeholder,
    StakeholderAssessment,
    Theme,
)

DEFAULT_DOMAINS = [
    (gettext_noop("Social domain"), DomainKind.SOCIAL, gettext_noop("Wijkteams, Wmo, youth, care and welfare.")),
    (gettext_noop("Safety domain"), DomainKind.SAFETY,
     gettext_noop("Police, public prosecutor, OOV, Zorg- en Veiligheidshuis, probation.")),
    (gettext_noop("Education"), DomainKind.ADJACENT, ""),
    (gettext_noop("Housing"), DomainKind.ADJACENT, ""),
    (gettext_noop("Work and income"), DomainKind.ADJACENT, ""),
    (gettext_noop("Health care"), DomainKind.ADJACENT, ""),
]
DEFAULT_THEMES = [
    gettext_noop("Signalling and reporting"), gettext_noop("Safety assessment and triage"),
    gettext_noop("Temporary house ban"), gettext_noop("Perpetrator approach"),
    gettext_noop("Child abuse"), gettext_noop("Partner violence"), gettext_noop("Elder abuse"),
    gettext_noop("Sexual violence"), gettext_noop("Human trafficking"),
    gettext_noop("People with confused behaviour (Wvggz)"), gettext_noop("Aftercare and recovery"),
    gettext_noop("Information sharing"),
]
DEFAULT_PHASES = [
    (gettext_noop("Safety"), gettext_noop("The violence stops now (safety plan).")),
    (gettext_noop("Risk-driven care"), gettext_noop("Causes removed or reduced (care plan).")),
    (gettext_noop("Recovery"), gettext_noop("Consequences repaired or limited (recovery plan).")),
]


@transaction.atomic
def register_seed_defaults(*, region: Region, actor=None) -> None:
    """The domains, themes and phases every region starts with, in the site's language (Dutch).
    Safe to run again: what exists is left alone."""
    with acting_as(actor), translation.override(settings.LANGUAGE_CODE):
        for name, kind, description in DEFAULT_DOMAINS:
            Domain.objects.get_or_create(
                region=region, name=_(name),
                defaults={"kind": kind, "description": _(description) if description else ""},
            )
        from ..map.services import theme_default_needs

        for name in DEFAULT_THEMES:
            theme, created = Theme.objects.get_or_create(region=region, name=_(name))
            if created:
                theme_default_needs(theme)
        for order, (name, description) in enumerate(DEFAULT_PHASES, start=1):
            Phase.objects.get_or_create(region=region, name=_(name),
                                        defaults={"order": order, "description": _(description)})


@transaction.atomic
def register_save(*, actor, instance: RegionOwned, expected_version: int | None = None, m2m: dict | None = None,
                  after_create: Callable[[RegionOwned], None] | None = None):
    """Create or update one register row: validated, version-checked, audited; `after_create` runs
    in the same transaction when the row is new (the entity's hook, see entities.RegisterEntity)."""
    if instance.pk is not None:
        current = locked_version(type(instance).objects, instance.pk, expected=expected_version, message=_(
            "Someone else changed this item while you were editing it. Check the current values and save again."))
        instance.version = current + 1
    instance.full_clean()
    _check_m2m_region(instance, m2m or {})
    created = instance.pk is None
    with acting_as(actor):
        instance.save()
        for field, values in (m2m or {}).items():
            getattr(instance, field).set(values)
        if created and after_create is not None:
            after_create(instance)
    return instance


def _check_m2m_region(instance: RegionOwned, m2m: dict) -> None:
    """Linked rows must come from the same region, like the foreign keys checked in clean()."""
    municipalities = None
    for values in m2m.values():
        for value in values:
            if isinstance(value, Municipality):
                if municipalities is None:
                    municipalities = set(instance.region.municipalities.values_list("pk", flat=True))
                if value.pk not in municipalities:
                    raise ValidationError(_("Choose municipalities of this region only."))
            elif value.region_id != instance.region_id:
                raise ValidationError(_("Choose items of this region only."))


def checklist_start(version: AgreementVersion) -> None:
    """A new version starts from the previous version's checklist, so only what changed needs work."""
    previous = (AgreementVersion.objects.filter(agreement_id=version.agreement_id).exclude(pk=version.pk)
                .order_by("-adopted_on", "-id").first())
    carried = {}
    if previous is not None:
        carried = {entry.item: entry for entry in previous.checklist.all()}
    for item in ChecklistItem:
        old = carried.get(item.value)
        ChecklistEntry.objects.create(
            region_id=version.region_id, version_of=version, item=item.value,
            status=old.status if old else Coverage.MISSING, note=old.note if old else "",
        )


@transaction.atomic
def checklist_save(*, actor, version: AgreementVersion, expected_version: int | None,
                   entries: dict[str, tuple[str, str]]) -> None:
    """Saves a version's checklist in one go: {item: (status, note)}. The version row carries the
    lock and the version number, so two people filling in the same checklist cannot clash unseen."""
    current = locked_version(AgreementVersion.objects, version.pk, expected=expected_version, message=_(
        "Someone else changed this checklist while you were editing it. Check the current values and save again."))
    existing = {entry.item: entry for entry in version.checklist.all()}
    with acting_as(actor):
        for item, (status, note) in entries.items():
            if item not in ChecklistItem.values or status not in Coverage.values:
                raise ValidationError(_("Unknown checklist item or status."))
            entry = existing.get(item) or ChecklistEntry(region_id=version.region_id, version_of=version, item=item)
            if entry.pk is None or (entry.status, entry.note) != (status, note):
                entry.status, entry.note = status, note
                entry.save()
        AgreementVersion.objects.filter(pk=version.pk).update(version=current + 1)


@transaction.atomic
def register_delete(*, actor, instance: RegionOwned, expected_version: int | None) -> None:
    try:
        locked_version(type(instance).objects, instance.pk, expected=expected_version,
                       message=_("Someone else changed this item in the meantime. Check it before removing it."))
    except ValidationError as error:
        if error.code == "gone":
            return  # already gone: the user's wish is fulfilled
        raise
    try:
        with acting_as(actor):
            instance.delete()
    except (ProtectedError, RestrictedError) as error:
        used = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        names = sorted({str(obj) for obj in used})
        used_by = ", ".join(names[:5])
        if len(names) > 5:
            used_by += " " + _("and %(count)s more") % {"count": len(names) - 5}
        raise ValidationError(
            _("%(item)s is still used by %(used_by)s; change or remove those first.")
            % {"item": instance, "used_by": used_by}
        ) from None


@transaction.atomic
def stakeholder_assess(
    *, actor, stakeholder: Stakeholder, assessed_on: date, influence: int, interest: int, note: str = ""
) -> StakeholderAssessment:
    assessment = StakeholderAssessment(
        stakeholder=stakeholder, assessed_on=assessed_on, influence=influence, interest=interest, note=note,
        assessed_by=actor,
    )
    assessment.full_clean()
    with acting_as(actor):
        assessment.save()
    return assessment


@transaction.atomic
def agreement_review_request(*, actor, agreement: Agreement, reason: str, source: str = "") -> AgreementReview:
    """Put an agreement on the review list of the table that monitors it.

    Other apps (an escalation's lesson, later learning meetings) call this; they never write the
    review list themselves."""
    review = AgreementReview(region_id=agreement.region_id, agreement=agreement, reason=reason, source=source[:200])
    review.full_clean()
    with acting_as(actor):
        review.save()
    return review
