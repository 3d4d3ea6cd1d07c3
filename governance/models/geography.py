"""Geography and access: safety regions, municipalities, regions and who may do what where."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.audit import AuditScoped
from common.choices import CachedChoiceLabels
from common.validators import POPULATION, validate_sane_date


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
    population = models.PositiveIntegerField(_("population"), null=True, blank=True, validators=POPULATION)
    is_active = models.BooleanField(_("active"), default=True)
    inactive_since = models.DateField(_("inactive since"), null=True, blank=True, validators=[validate_sane_date])

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> dict[str, int | None]:
        return {"municipality_id": self.pk}


def walk_down(children: dict[int | None, list[int]], region_id: int) -> list[int]:
    """The region and everything below it in a {parent: [children]} map, each once."""
    found, stack = [], [region_id]
    while stack:
        current = stack.pop()
        if current in found:  # a parent cycle entered through the admin must not hang every request
            continue
        found.append(current)
        stack.extend(children.get(current, ()))
    return found


def walk_up(parents: dict[int, int | None], region_id: int) -> list[int]:
    """The regions above this one in an {id: parent} map, nearest first, each once."""
    chain = [region_id]
    while parents.get(chain[-1]) is not None and parents[chain[-1]] not in chain:
        chain.append(parents[chain[-1]])
    return chain[1:]


class RegionQuerySet(models.QuerySet):
    """Walking the region tree: one query for the whole tree, whatever its depth."""

    def children_map(self) -> dict[int | None, list[int]]:
        children: dict[int | None, list[int]] = {}
        for region_id, parent_id in self.order_by().values_list("id", "parent_id"):
            children.setdefault(parent_id, []).append(region_id)
        return children

    def descendant_ids(self, region_id: int) -> list[int]:
        """The region and every subregion below it."""
        return walk_down(self.children_map(), region_id)

    def ancestor_ids(self, region_id: int) -> list[int]:
        """Every region above this one, nearest first (a membership there covers this region too)."""
        return walk_up(dict(self.order_by().values_list("id", "parent_id")), region_id)


class Region(AuditScoped):
    """The unit a regional project leader steers, usually a Veilig Thuis region.

    A region groups municipalities; a subregion (parent set) groups some of its parent's.
    """

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="subregions", verbose_name=_("part of")
    )
    safety_region = models.ForeignKey(
        SafetyRegion, on_delete=models.PROTECT, null=True, blank=True, related_name="regions",
        verbose_name=_("safety region"),
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="regions", blank=True, verbose_name=_("municipalities")
    )
    # The key CBS publishes this region's own figures under, when its area is one CBS publishes (a
    # province that is the Veilig Thuis region: Flevoland is PV24); the figures show it beside the sum.
    cbs_area_code = models.CharField(
        _("CBS area key"), max_length=10, blank=True,
        validators=[RegexValidator(r"^(PV\d{2}|LD\d{2}|VT\d{2,4}|RE\d{2})$",
                                   _("Use a CBS area key such as PV24 (a province), or leave it empty."))],
        help_text=_("Only when CBS publishes figures for exactly this region's area, such as PV24 for "
                    "Flevoland; leave empty otherwise."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegionQuerySet.as_manager()

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
        if self.parent_id is not None and self.pk is not None and self.pk in (
                self.parent_id, *Region.objects.ancestor_ids(self.parent_id)):
            raise ValidationError({"parent": _("A region cannot lie inside itself.")})


class Role(models.TextChoices):
    PROJECT_LEADER = "project_leader", _("Regional project leader")
    ALDERMAN = "alderman", _("Alderman")
    POLICY_OFFICER = "policy_officer", _("Policy officer")
    TEAM_MANAGER = "team_manager", _("Team manager / professional")
    ADMINISTRATOR = "administrator", _("Functional administrator")


class Membership(CachedChoiceLabels, AuditScoped):
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
