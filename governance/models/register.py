"""The register's base: region-owned rows, domains, themes, phases, organisations and stakeholders."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.audit import AuditScoped
from common.choices import CachedChoiceLabels
from common.validators import ORDER, validate_sane_date

from .geography import Municipality, Region

# Everything a region's project leader keeps about who steers what. Each row belongs to one region,
# is audited, and carries a version so that two people editing the same row cannot overwrite each
# other without noticing.


class RegionOwned(CachedChoiceLabels, AuditScoped):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def audit_scope(self) -> dict[str, int | None]:
        return {"region_id": self.region_id}


class DomainKind(models.TextChoices):
    """Social and safety are the two main domains the approach joins; the map and duos need to know
    which is which, whatever a region calls them."""

    SOCIAL = "social", _("Main domain: social")
    SAFETY = "safety", _("Main domain: safety")
    ADJACENT = "adjacent", _("Adjacent domain")


class Domain(RegionOwned):
    """A policy domain: social and safety are the two main ones; education, housing, work & income
    and health care lie beside them. A region may add its own."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=DomainKind.choices, default=DomainKind.ADJACENT)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-kind", "name"]  # social, safety, then the adjacent ones
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="domain_unique_name_per_region")]

    def __str__(self) -> str:
        return self.name


class Theme(RegionOwned):
    """A steering topic of the approach, e.g. temporary house ban or perpetrator approach."""

    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    # What the overlap map holds the theme against: the domains that should steer it (seeded with every
    # social and safety domain of the region, see governance.map.services.theme_default_needs) and the
    # phase of chain care its row is grouped under.
    needed_domains = models.ManyToManyField(
        "Domain", blank=True, related_name="needed_by_themes", verbose_name=_("domains it needs"),
        help_text=_("The domains that should steer this theme; the map flags a theme steered in fewer."))
    phase = models.ForeignKey("Phase", on_delete=models.SET_NULL, null=True, blank=True, related_name="themes",
                              verbose_name=_("phase of chain care"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="theme_unique_name_per_region")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.phase_id and self.region_id and self.phase.region_id != self.region_id:
            raise ValidationError({"phase": _("Choose a phase of this region.")})


class Phase(RegionOwned):
    """A phase of chain care (safety, risk-driven care, recovery), in order."""

    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1, validators=ORDER)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("phase of chain care")
        verbose_name_plural = _("phases of chain care")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="phase_unique_name_per_region")]

    def __str__(self) -> str:
        return self.name


class OrganisationType(models.TextChoices):
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    LOCAL_TEAM = "local_team", _("Local (wijk)team")
    MUNICIPALITY = "municipality", _("Municipality")
    POLICE = "police", _("Police")
    PUBLIC_PROSECUTOR = "public_prosecutor", _("Public prosecutor (OM)")
    ZVH = "zvh", _("Zorg- en Veiligheidshuis")
    CSG = "csg", _("Centrum Seksueel Geweld")
    GGD = "ggd", _("GGD (public health service)")
    CHILD_PROTECTION = "child_protection", _("Raad voor de Kinderbescherming")
    PROBATION = "probation", _("Probation (reclassering)")
    YOUTH_CARE = "youth_care", _("Youth care provider")
    CARE_PROVIDER = "care_provider", _("Care provider")
    SHELTER = "shelter", _("Women's shelter / safe house")
    SCHOOL = "school", _("School or education partnership")
    HOUSING = "housing", _("Housing corporation")
    OTHER = "other", _("Other")


class Organisation(RegionOwned):
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    domain = models.ForeignKey(Domain, on_delete=models.RESTRICT, related_name="organisations",
                               verbose_name=_("domain"))
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("municipalities served")
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="organisation_unique_name_per_region")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.domain_id and self.region_id and self.domain.region_id != self.region_id:
            raise ValidationError({"domain": _("Choose a domain of this region.")})


class Level(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative (bestuurlijk)")
    CIVIL_SERVICE = "civil_service", _("Civil service (ambtelijk)")
    OPERATIONAL = "operational", _("Operational")


class Stakeholder(RegionOwned):
    """A person in their professional role (an alderman, a police chief, a team manager): never a
    client. Key figures carry weight at the table; ambassadors promote the approach."""

    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.RESTRICT, related_name="stakeholders", verbose_name=_("organisation")
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    is_key_figure = models.BooleanField(_("key figure"), default=False)
    is_ambassador = models.BooleanField(_("ambassador"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.organisation_id and self.region_id and self.organisation.region_id != self.region_id:
            raise ValidationError({"organisation": _("Choose an organisation of this region.")})


class StakeholderAssessment(AuditScoped):
    """A dated judgement of a stakeholder's influence and interest (1 low – 5 high). History is kept:
    the newest one is the current position on the power/interest grid."""

    SCALE = [(value, str(value)) for value in range(1, 6)]

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("stakeholder")
    )
    assessed_on = models.DateField(_("date"), validators=[validate_sane_date])
    influence = models.PositiveSmallIntegerField(_("influence"), choices=SCALE)
    interest = models.PositiveSmallIntegerField(_("interest"), choices=SCALE)
    note = models.TextField(_("explanation"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("assessed by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.stakeholder} {self.assessed_on}: {self.influence}/{self.interest}"

    def audit_scope(self) -> dict[str, int | None]:
        try:
            return {"region_id": self.stakeholder.region_id}
        except Stakeholder.DoesNotExist:  # deleted along with its region: nothing left to file it under
            return {}
