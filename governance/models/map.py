"""What the overlap map keeps besides what it computes: decisions that work against each other and
structures that block cooperation (`Conflict`), risks and opportunities, and frozen snapshots of the
map's findings to show progress to the board.

The matrix itself (themes x domains, and its findings) is never stored: `governance.map.selectors`
computes it from tables, themes, domains and agreements.
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.validators import validate_sane_date

from .geography import Municipality, Region
from .register import Domain, RegionOwned, Stakeholder, Theme
from .tables import Decision, GovernanceTable, same_region


class Impact(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class AttentionStatus(models.TextChoices):
    """The life-cycle shared by conflicts, risks and opportunities."""

    OPEN = "open", _("Open")
    RAISED = "raised", _("Raised at a table")
    RESOLVED = "resolved", _("Resolved")


class AttentionItem(RegionOwned):
    """What conflicts, risks and opportunities have in common: a title, why it matters, who owns it,
    and where it stands (open, raised at a table, resolved with a resolution)."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    impact = models.CharField(_("impact"), max_length=8, choices=Impact.choices, default=Impact.MEDIUM)
    owner = models.ForeignKey(Stakeholder, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("owner"))
    status = models.CharField(_("status"), max_length=8, choices=AttentionStatus.choices,
                              default=AttentionStatus.OPEN)
    raised_at = models.ForeignKey(GovernanceTable, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("raised at"),
                                  help_text=_("The table where it was put on the agenda."))
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """Not resolved yet: open or raised at a table. The map shows these."""
        return self.status != AttentionStatus.RESOLVED

    def clean(self) -> None:
        same_region(self, owner=self.owner if self.owner_id else None,
                    raised_at=self.raised_at if self.raised_at_id else None)
        errors = {}
        if self.status == AttentionStatus.RAISED and not self.raised_at_id:
            errors["raised_at"] = _("Choose the table where it was raised.")
        if self.status == AttentionStatus.OPEN and self.raised_at_id:
            errors["status"] = _("It was raised at a table: choose the status “raised at a table”.")
        if self.status == AttentionStatus.RESOLVED and not self.resolution.strip():
            errors["resolution"] = _("Describe how it was resolved.")
        if self.status != AttentionStatus.RESOLVED and self.resolution.strip():
            errors["resolution"] = _("Only a resolved item has a resolution.")
        if errors:
            raise ValidationError(errors)


class ConflictKind(models.TextChoices):
    COUNTERACTING = "counteracting", _("Decisions that work against each other")
    BLOCKING = "blocking", _("Structure that blocks cooperation")


class Conflict(AttentionItem):
    """Decision A of table X versus decision B of table Y (or a law or financing rule), or a structure
    that blocks cooperation between the domains. Each side may name a decision of the register, a
    table, and/or a rule in words."""

    kind = models.CharField(_("kind"), max_length=16, choices=ConflictKind.choices, default=ConflictKind.COUNTERACTING)
    side_a_decision = models.ForeignKey(Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                        verbose_name=_("side A: decision"))
    side_a_table = models.ForeignKey(GovernanceTable, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("side A: table"))
    side_a_rule = models.CharField(_("side A: law or financing rule"), max_length=200, blank=True)
    side_b_decision = models.ForeignKey(Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                        verbose_name=_("side B: decision"))
    side_b_table = models.ForeignKey(GovernanceTable, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("side B: table"))
    side_b_rule = models.CharField(_("side B: law or financing rule"), max_length=200, blank=True)
    domains = models.ManyToManyField(Domain, blank=True, related_name="conflicts", verbose_name=_("domains"))
    themes = models.ManyToManyField(Theme, blank=True, related_name="conflicts", verbose_name=_("themes"))

    class Meta:
        ordering = ["title"]
        verbose_name = _("conflict or blocking structure")
        verbose_name_plural = _("conflicts and blocking structures")

    def clean(self) -> None:
        super().clean()
        errors = {}
        for side in ("a", "b"):
            decision = getattr(self, f"side_{side}_decision") if getattr(self, f"side_{side}_decision_id") else None
            table = getattr(self, f"side_{side}_table") if getattr(self, f"side_{side}_table_id") else None
            same_region(self, **{f"side_{side}_decision": decision, f"side_{side}_table": table})
            if decision is not None:
                decided_at = decision.meeting.table
                if table is None:  # the decision names its table: keep them together
                    setattr(self, f"side_{side}_table", decided_at)
                elif table.pk != decided_at.pk:
                    errors[f"side_{side}_table"] = _("The decision was taken at %(table)s.") % {"table": decided_at}
            named = decision or table or getattr(self, f"side_{side}_rule").strip()
            if self.kind == ConflictKind.COUNTERACTING and not named:
                errors[f"side_{side}_rule"] = _(
                    "Name what works against the other side: a decision, a table, or a law or financing rule.")
        if errors:
            raise ValidationError(errors)


class RiskKind(models.TextChoices):
    RISK = "risk", _("Risk")
    OPPORTUNITY = "opportunity", _("Opportunity")


class RiskOpportunity(AttentionItem):
    """A risk or an opportunity for the approach, for example the position of Veilig Thuis or the
    Zorg- en Veiligheidshuis, or urgency on a related theme."""

    kind = models.CharField(_("kind"), max_length=16, choices=RiskKind.choices, default=RiskKind.RISK)
    domains = models.ManyToManyField(Domain, blank=True, related_name="risks_opportunities", verbose_name=_("domains"))
    themes = models.ManyToManyField(Theme, blank=True, related_name="risks_opportunities", verbose_name=_("themes"))

    class Meta:
        ordering = ["title"]
        verbose_name = _("risk or opportunity")
        verbose_name_plural = _("risks and opportunities")


class ImmutableRowError(Exception):
    """A snapshot is a record of what the map showed that day; it is never changed afterwards."""


class MapSnapshotQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRowError("Map snapshots cannot be changed.")


class MapSnapshot(RegionOwned):
    """The map's findings as they were on a day, frozen, for one scope: the whole region, one
    subregion or one municipality. Compared with another snapshot (or today) it shows progress.

    `findings` is a list of dicts as written by `governance.map.services.snapshot_take`: kind, key,
    theme (name, pk), domain (name, pk), subject and reason."""

    name = models.CharField(_("name"), max_length=150)
    taken_on = models.DateField(_("taken on"), default=timezone.localdate, validators=[validate_sane_date])
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("taken by"))
    subregion = models.ForeignKey(Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name=_("subregion"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("municipality"))
    findings = models.JSONField(_("findings"), default=list, blank=True, editable=False)

    objects = MapSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-taken_on", "-id"]
        verbose_name = _("map snapshot")
        verbose_name_plural = _("map snapshots")
        constraints = [models.CheckConstraint(condition=Q(subregion__isnull=True) | Q(municipality__isnull=True),
                                              name="snapshot_one_scope")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Integrity, not a business rule: a snapshot that could change would prove nothing to the board.
        if not self._state.adding:
            raise ImmutableRowError("Map snapshots cannot be changed.")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.subregion_id and self.municipality_id:
            raise ValidationError(_("A snapshot is of the whole region, one subregion or one municipality."))
        if self.subregion_id and self.region_id and self.subregion.parent_id != self.region_id:
            raise ValidationError({"subregion": _("Choose a subregion of this region.")})
        if self.municipality_id and self.region_id and not self.region.municipalities.filter(
                pk=self.municipality_id).exists():
            raise ValidationError({"municipality": _("Choose a municipality of this region.")})

    @property
    def scope_label(self) -> str:
        return str(self.municipality or self.subregion or self.region)
