"""Geography and access: safety regions, municipalities, regions and who may do what where."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.audit import AuditScoped


class SafetyRegion(AuditScoped):
    """A veiligheidsregio (VR01..VR25); Veilig Thuis regions mostly follow them."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("safety region")
        verbose_name_plural = _("safety regions")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def audit_scope(self) -> dict[str, int | None]:
        return {}


class Municipality(AuditScoped):
    """A gemeente, identified by its CBS code (GMxxxx).

    Municipalities that disappear from a newer reference file (mergers happen every 1 January) are
    kept, marked inactive, so that history that points at them stays readable.
    """

    code = models.CharField(_("CBS code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=100)
    safety_region = models.ForeignKey(
        SafetyRegion, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("safety region")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    inactive_since = models.DateField(_("inactive since"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> dict[str, int | None]:
        return {"municipality_id": self.pk}


class Region(AuditScoped):
    """The unit a regional project leader steers, usually a Veilig Thuis region.

    A region groups municipalities; a subregion (parent set) groups some of its parent's.
    """

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="subregions", verbose_name=_("part of")
    )
    safety_region = models.ForeignKey(
        SafetyRegion, on_delete=models.PROTECT, null=True, blank=True, related_name="regions",
        verbose_name=_("safety region"),
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="regions", blank=True, verbose_name=_("municipalities")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> dict[str, int | None]:
        return {"region_id": self.pk}

    @property
    def is_subregion(self) -> bool:
        return self.parent_id is not None

    def clean(self) -> None:
        seen, current = {self.pk}, self.parent
        while current is not None:
            if current.pk in seen:
                raise ValidationError({"parent": _("A region cannot lie inside itself.")})
            seen.add(current.pk)
            current = current.parent


class Role(models.TextChoices):
    PROJECT_LEADER = "project_leader", _("Regional project leader")
    ALDERMAN = "alderman", _("Alderman")
    POLICY_OFFICER = "policy_officer", _("Policy officer")
    TEAM_MANAGER = "team_manager", _("Team manager / professional")
    ADMINISTRATOR = "administrator", _("Functional administrator")


class Membership(AuditScoped):
    """A user's role in one region or one municipality. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships", verbose_name=_("region")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # Optimistic locking: an edit based on an older version is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(Q(region__isnull=False) & Q(municipality__isnull=True))
                | (Q(region__isnull=True) & Q(municipality__isnull=False)),
                name="membership_region_xor_municipality",
            ),
            models.UniqueConstraint(
                fields=["user", "region", "role"], condition=Q(region__isnull=False),
                name="membership_unique_region_role",
            ),
            models.UniqueConstraint(
                fields=["user", "municipality", "role"], condition=Q(municipality__isnull=False),
                name="membership_unique_municipality_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.scope}"

    @property
    def scope(self) -> Region | Municipality:
        return self.region if self.region_id else self.municipality

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remembered so that a move is also filed in the history of the place the person left.
        instance._loaded_scope = (instance.__dict__.get("region_id"), instance.__dict__.get("municipality_id"))
        return instance

    def audit_scope(self) -> dict[str, int | None]:
        scope = {"region_id": self.region_id, "municipality_id": self.municipality_id}
        previous_region, previous_municipality = getattr(self, "_loaded_scope", (None, None))
        if previous_region != self.region_id:
            scope["previous_region_id"] = previous_region
        if previous_municipality != self.municipality_id:
            scope["previous_municipality_id"] = previous_municipality
        return scope

    def clean(self) -> None:
        if bool(self.region_id) == bool(self.municipality_id):
            raise ValidationError(_("A membership is for either a region or a municipality."))


# --- The register -------------------------------------------------------------------------------
# Everything a region's project leader keeps about who steers what. Each row belongs to one region,
# is audited, and carries a version so that two people editing the same row cannot overwrite each
# other without noticing.


class RegionOwned(AuditScoped):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def audit_scope(self) -> dict[str, int | None]:
        return {"region_id": self.region_id}


class DomainKind(models.TextChoices):
    MAIN = "main", _("Main domain")
    ADJACENT = "adjacent", _("Adjacent domain")


class Domain(RegionOwned):
    """A policy domain: social and safety are the two main ones; education, housing, work & income
    and health care lie beside them. A region may add its own."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=DomainKind.choices, default=DomainKind.ADJACENT)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-kind", "name"]  # main domains first
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="domain_unique_name_per_region")]

    def __str__(self) -> str:
        return self.name


class Theme(RegionOwned):
    """A steering topic of the approach, e.g. temporary house ban or perpetrator approach."""

    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="theme_unique_name_per_region")]

    def __str__(self) -> str:
        return self.name


class Phase(RegionOwned):
    """A phase of chain care (safety, risk-driven care, recovery), in order."""

    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

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
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("domain"))
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
        Organisation, on_delete=models.PROTECT, related_name="stakeholders", verbose_name=_("organisation")
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
    assessed_on = models.DateField(_("date"))
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
        return {"region_id": self.stakeholder.region_id}
