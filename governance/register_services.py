"""Writes to the register: one versioned save and delete for every register row, plus the seed."""
from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.audit import acting_as

from .models import Domain, DomainKind, Phase, Region, RegionOwned, Stakeholder, StakeholderAssessment, Theme
from .services import StaleEditError

DEFAULT_DOMAINS = [
    (gettext_noop("Social domain"), DomainKind.MAIN, gettext_noop("Wijkteams, Wmo, youth, care and welfare.")),
    (gettext_noop("Safety domain"), DomainKind.MAIN, gettext_noop("Police, public prosecutor, OOV, Zorg- en Veiligheidshuis, probation.")),
    (gettext_noop("Education"), DomainKind.ADJACENT, ""),
    (gettext_noop("Housing"), DomainKind.ADJACENT, ""),
    (gettext_noop("Work and income"), DomainKind.ADJACENT, ""),
    (gettext_noop("Health care"), DomainKind.ADJACENT, ""),
]
DEFAULT_THEMES = [
    gettext_noop("Signalling and reporting"), gettext_noop("Safety assessment and triage"), gettext_noop("Temporary house ban"), gettext_noop("Perpetrator approach"),
    gettext_noop("Child abuse"), gettext_noop("Partner violence"), gettext_noop("Elder abuse"), gettext_noop("Sexual violence"), gettext_noop("Human trafficking"),
    gettext_noop("People with confused behaviour (Wvggz)"), gettext_noop("Aftercare and recovery"), gettext_noop("Information sharing"),
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
                region=region, name=_(name), defaults={"kind": kind, "description": _(description) if description else ""}
            )
        for name in DEFAULT_THEMES:
            Theme.objects.get_or_create(region=region, name=_(name))
        for order, (name, description) in enumerate(DEFAULT_PHASES, start=1):
            Phase.objects.get_or_create(region=region, name=_(name), defaults={"order": order, "description": _(description)})


@transaction.atomic
def register_save(*, actor, instance: RegionOwned, expected_version: int | None = None, m2m: dict | None = None):
    """Create or update one register row: validated, version-checked, audited."""
    if instance.pk is not None:
        current = type(instance).objects.select_for_update().filter(pk=instance.pk).values_list("version", flat=True).first()
        if current is None:
            raise ValidationError(_("This item was deleted by someone else in the meantime."))
        if expected_version is None or current != expected_version:
            raise StaleEditError(
                _("Someone else changed this item while you were editing it. Check the current values and save again."),
                current_version=current,
            )
        instance.version = current + 1
    instance.full_clean()
    if "municipalities" in (m2m or {}):
        allowed = set(instance.region.municipalities.values_list("pk", flat=True))
        if any(municipality.pk not in allowed for municipality in m2m["municipalities"]):
            raise ValidationError(_("Choose municipalities of this region only."))
    with acting_as(actor):
        instance.save()
        for field, values in (m2m or {}).items():
            getattr(instance, field).set(values)
    return instance


@transaction.atomic
def register_delete(*, actor, instance: RegionOwned) -> None:
    try:
        with acting_as(actor):
            instance.delete()
    except ProtectedError as error:
        names = sorted({str(obj) for obj in error.protected_objects})
        used_by = ", ".join(names[:5])
        if len(names) > 5:
            used_by += " " + _("and %(count)s more") % {"count": len(names) - 5}
        raise ValidationError(
            _("%(item)s is still used by %(used_by)s; change or remove those first.") % {"item": instance, "used_by": used_by}
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
