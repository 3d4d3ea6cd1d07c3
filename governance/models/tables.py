"""Where decisions are taken: duos, governance tables (overlegtafels), their seats and meetings,
and the decisions and action items that come out of those meetings."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.validators import validate_sane_date

from .geography import Municipality, Region
from .register import Domain, DomainKind, Level, Phase, RegionOwned, Stakeholder, Theme


def same_region(row: RegionOwned, **related) -> None:
    """Every related register row must belong to the owner's region: a form could be tampered with."""
    errors = {
        name: _("Choose an item of this region.")
        for name, obj in related.items()
        if obj is not None and row.region_id and obj.region_id != row.region_id
    }
    if errors:
        raise ValidationError(errors)


class Duo(RegionOwned):
    """A pair of one social-domain and one safety-domain person at the same level, who pull a
    subject together across the domains (a bestuurlijk or ambtelijk duo)."""

    class DuoLevel(models.TextChoices):
        ADMINISTRATIVE = Level.ADMINISTRATIVE.value, Level.ADMINISTRATIVE.label
        CIVIL_SERVICE = Level.CIVIL_SERVICE.value, Level.CIVIL_SERVICE.label

    social = models.ForeignKey(Stakeholder, on_delete=models.RESTRICT, related_name="social_duos",
                               verbose_name=_("social-domain person"))
    safety = models.ForeignKey(Stakeholder, on_delete=models.RESTRICT, related_name="safety_duos",
                               verbose_name=_("safety-domain person"))
    level = models.CharField(_("level"), max_length=16, choices=DuoLevel.choices)
    pulls_together = models.TextField(_("what they pull together"))
    themes = models.ManyToManyField(Theme, blank=True, related_name="duos", verbose_name=_("themes"))

    class Meta:
        ordering = ["social__name", "safety__name"]
        verbose_name = _("duo")
        verbose_name_plural = _("duos")
        constraints = [models.UniqueConstraint(fields=["social", "safety", "level"], name="duo_unique_pair")]

    def __str__(self) -> str:
        return f"{self.social} & {self.safety}"

    def clean(self) -> None:
        social = self.social if self.social_id else None
        safety = self.safety if self.safety_id else None
        same_region(self, social=social, safety=safety)
        errors = {}
        if social and social.organisation.domain.kind != DomainKind.SOCIAL:
            errors["social"] = _("Choose someone whose organisation is in the social domain.")
        if safety and safety.organisation.domain.kind != DomainKind.SAFETY:
            errors["safety"] = _("Choose someone whose organisation is in the safety domain.")
        if errors:
            raise ValidationError(errors)


class TableLevel(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative")
    TACTICAL = "tactical", _("Tactical")
    OPERATIONAL = "operational", _("Operational / case level")


class TableScope(models.TextChoices):
    REGION = "region", _("Region")
    SUBREGION = "subregion", _("Subregion")
    MUNICIPALITY = "municipality", _("Municipality")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    SIX_WEEKLY = "six_weekly", _("Every six weeks")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Twice a year")
    YEARLY = "yearly", _("Yearly")
    AD_HOC = "ad_hoc", _("When needed")


class GovernanceTable(RegionOwned):
    """An overlegtafel: a standing meeting where people of one or more domains steer part of the
    approach, with its mandate and what it may decide."""

    name = models.CharField(_("name"), max_length=200)
    domains = models.ManyToManyField(Domain, related_name="tables", verbose_name=_("domains"))
    level = models.CharField(_("level"), max_length=16, choices=TableLevel.choices)
    scope = models.CharField(_("scope"), max_length=16, choices=TableScope.choices, default=TableScope.REGION)
    subregion = models.ForeignKey(Region, on_delete=models.RESTRICT, null=True, blank=True, related_name="+",
                                  verbose_name=_("subregion"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("municipality"))
    chair = models.ForeignKey(Stakeholder, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="chaired_tables", verbose_name=_("chair"))
    secretary = models.ForeignKey(Stakeholder, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="secretary_of_tables", verbose_name=_("secretariat"))
    frequency = models.CharField(_("meeting frequency"), max_length=16, choices=Frequency.choices,
                                 default=Frequency.MONTHLY)
    mandate = models.TextField(_("mandate"), blank=True)
    decision_rights = models.TextField(_("decision rights"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="tables", verbose_name=_("themes"))
    phases = models.ManyToManyField(Phase, blank=True, related_name="tables", verbose_name=_("phases of chain care"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("governance table")
        verbose_name_plural = _("governance tables")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="table_unique_name_per_region")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        same_region(self, chair=self.chair if self.chair_id else None,
                    secretary=self.secretary if self.secretary_id else None)
        if self.scope == TableScope.SUBREGION:
            if not self.subregion_id:
                raise ValidationError({"subregion": _("Choose the subregion this table covers.")})
            if self.region_id and self.subregion.parent_id != self.region_id:
                raise ValidationError({"subregion": _("Choose a subregion of this region.")})
        if self.scope == TableScope.MUNICIPALITY:
            if not self.municipality_id:
                raise ValidationError({"municipality": _("Choose the municipality this table covers.")})
            if self.region_id and not self.region.municipalities.filter(pk=self.municipality_id).exists():
                raise ValidationError({"municipality": _("Choose a municipality of this region.")})
        # A scope that does not use them leaves no stale subregion or municipality behind.
        if self.scope != TableScope.SUBREGION:
            self.subregion = None
        if self.scope != TableScope.MUNICIPALITY:
            self.municipality = None

    @property
    def scope_label(self) -> str:
        place = self.subregion or self.municipality
        return f"{self.get_scope_display()}: {place}" if place else self.get_scope_display()


class SeatRole(models.TextChoices):
    MEMBER = "member", _("Member")
    ADVISER = "adviser", _("Adviser")
    OBSERVER = "observer", _("Observer")
    ON_CALL = "on_call", _("Joins when needed")


class TableSeat(RegionOwned):
    """A stakeholder's place at a table, with the role they have there."""

    table = models.ForeignKey(GovernanceTable, on_delete=models.CASCADE, related_name="seats", verbose_name=_("table"))
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.RESTRICT, related_name="seats",
                                    verbose_name=_("stakeholder"))
    role = models.CharField(_("role at the table"), max_length=16, choices=SeatRole.choices, default=SeatRole.MEMBER)
    represents = models.CharField(_("on behalf of"), max_length=200, blank=True,
                                  help_text=_("For example: all local teams of Almere."))

    class Meta:
        ordering = ["stakeholder__name"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [models.UniqueConstraint(fields=["table", "stakeholder"], name="seat_unique_per_table")]

    def __str__(self) -> str:
        return f"{self.stakeholder} ({self.table})"

    def clean(self) -> None:
        same_region(self, table=self.table if self.table_id else None,
                    stakeholder=self.stakeholder if self.stakeholder_id else None)


class Meeting(RegionOwned):
    table = models.ForeignKey(GovernanceTable, on_delete=models.CASCADE, related_name="meetings",
                              verbose_name=_("table"))
    held_on = models.DateField(_("date"), validators=[validate_sane_date])
    summary = models.TextField(_("summary"), blank=True,
                               help_text=_("What was discussed. Never record details of clients or cases here."))

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.table} {date_format(self.held_on)}" if self.held_on else str(self.table)

    def clean(self) -> None:
        same_region(self, table=self.table if self.table_id else None)


class Decision(RegionOwned):
    """One line of a meeting's besluitenlijst (list of decisions)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting"))
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 60 else self.text[:59] + "…"

    def clean(self) -> None:
        same_region(self, meeting=self.meeting if self.meeting_id else None)


class ActionItemQuerySet(models.QuerySet):
    """The overdue rule for many rows; `ActionItem.is_overdue` is the same rule for one row in memory."""

    def open(self) -> models.QuerySet:
        return self.filter(done_on__isnull=True)

    def done(self) -> models.QuerySet:
        return self.filter(done_on__isnull=False)

    def overdue(self, on=None) -> models.QuerySet:
        return self.open().filter(due_on__lt=on or timezone.localdate())


class ActionItem(RegionOwned):
    """A commitment made at a meeting: who does what by when. Open ones past their date are overdue."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions", verbose_name=_("meeting"))
    description = models.TextField(_("action"))
    owner = models.ForeignKey(Stakeholder, on_delete=models.RESTRICT, related_name="actions", verbose_name=_("owner"))
    due_on = models.DateField(_("due date"), validators=[validate_sane_date])
    done_on = models.DateField(_("done on"), null=True, blank=True, validators=[validate_sane_date],
                               help_text=_("Leave empty while the action is open."))

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.description if len(self.description) <= 60 else self.description[:59] + "…"

    def clean(self) -> None:
        same_region(self, meeting=self.meeting if self.meeting_id else None,
                    owner=self.owner if self.owner_id else None)
        if self.meeting_id and self.due_on and self.due_on < self.meeting.held_on:
            raise ValidationError({"due_on": _("The due date cannot lie before the meeting.")})
        if self.meeting_id and self.done_on and self.done_on < self.meeting.held_on:
            raise ValidationError({"done_on": _("An action cannot be done before the meeting that agreed it.")})

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def is_overdue(self, today=None) -> bool:
        return self.done_on is None and self.due_on < (today or timezone.localdate())
