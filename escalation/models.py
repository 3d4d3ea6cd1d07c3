"""Escalations along the three-route model, their append-only history, route meetings and the time
limits each region agrees. The steps themselves are declared in workflow.py and taken in services.py."""
from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from casework.models import Case
from common.audit import AuditScoped
from common.identifiers import validate_no_identifiers
from common.validators import validate_sane_date
from governance.models import (
    Agreement,
    AgreementReview,
    Municipality,
    Organisation,
    Region,
    RegionOwned,
    Stakeholder,
)

from .permissions import EscalationPerm
from .workflow import CLOSED_STATES, OPEN_STATES, ROUTES, Action, Reason, State

# The change history of escalations is for people who may read escalations, not for everyone who
# may read the region's history (a functional administrator does not see escalations).
HISTORY_READERS = {"read_perm": EscalationPerm.VIEW.value}

NO_CLIENTS = _("Describe the situation and the cooperation, never the clients: no names, dates of birth, "
               "addresses or BSNs.")


class RouteSettings(RegionOwned):
    """The response time of each route in a region, in working days (Dutch public holidays excluded)."""

    _DAYS = [MinValueValidator(1), MaxValueValidator(60)]

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="escalation_settings",
                                  verbose_name=_("region"))
    intake_days = models.PositiveSmallIntegerField(
        _("filed: start route 1 within"), default=2, validators=_DAYS, help_text=_("Working days."))
    route_1_days = models.PositiveSmallIntegerField(_("route 1 response time"), default=5, validators=_DAYS,
                                                    help_text=_("Working days."))
    route_2_days = models.PositiveSmallIntegerField(_("route 2 response time"), default=10, validators=_DAYS,
                                                    help_text=_("Working days."))
    route_3_days = models.PositiveSmallIntegerField(_("route 3 response time"), default=15, validators=_DAYS,
                                                    help_text=_("Working days."))
    remind_before_days = models.PositiveSmallIntegerField(
        _("remind before the deadline"), default=1, validators=[MaxValueValidator(10)],
        help_text=_("Working days before the deadline that the participants get a reminder."))

    class Meta:
        verbose_name = _("escalation time limits")
        verbose_name_plural = _("escalation time limits")

    def __str__(self) -> str:
        return str(_("Time limits of %(region)s") % {"region": self.region})

    def days_for(self, state: str) -> int | None:
        return {
            State.FILED: self.intake_days, State.ROUTE_1: self.route_1_days,
            State.ROUTE_2: self.route_2_days, State.ROUTE_3: self.route_3_days,
        }.get(state)


# Open and not paused: the escalation's clock runs.
_RUNNING = {"state__in": OPEN_STATES, "paused_since__isnull": True}


def past_limit_q(on: date | None = None) -> models.Q:
    """Running and past its deadline: the time-limit rule, for filters and counts."""
    return models.Q(**_RUNNING, deadline__lt=on or timezone.localdate())


class EscalationQuerySet(models.QuerySet):
    """The time-limit rule for many rows; `Escalation.is_overdue` is the same rule for one row in memory."""

    def running(self) -> models.QuerySet:
        """Escalations whose clock runs: open, not paused, with a deadline."""
        return self.filter(**_RUNNING, deadline__isnull=False)

    def past_limit(self, on: date | None = None) -> models.QuerySet:
        return self.filter(past_limit_q(on))


class Escalation(RegionOwned):
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    title = models.CharField(_("subject"), max_length=150, validators=[validate_no_identifiers],
                             help_text=_("A short subject, for example: handover after a safety assessment stalls."))
    organisations = models.ManyToManyField(Organisation, related_name="escalations",
                                           verbose_name=_("organisations involved"))
    agreement = models.ForeignKey(Agreement, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="escalations",
                                  verbose_name=_("agreement concerned"))
    # Only people who may read the case see which one it is (permissions.readable_case); the link is kept off the
    # escalation's own audit entries and recorded in entries for case readers (audit.py).
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("case"))
    description = models.TextField(_("what is going on"), validators=[validate_no_identifiers], help_text=NO_CLIENTS)
    question = models.TextField(_("question to the next level"), validators=[validate_no_identifiers],
                                help_text=_("What should the people in the next route decide or arrange?"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.FILED)
    is_acute = models.BooleanField(_("acute safety path"), default=False)
    deadline = models.DateField(_("respond by"), null=True, blank=True)
    paused_since = models.DateField(_("paused since"), null=True, blank=True)
    pause_reason = models.CharField(_("reason for the pause"), max_length=300, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                 verbose_name=_("filed by"))
    state_since = models.DateTimeField(_("in this state since"), default=timezone.now)
    outcome = models.TextField(_("outcome"), blank=True)
    lesson = models.TextField(_("lesson"), blank=True)
    review = models.ForeignKey(AgreementReview, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("review of the agreement"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = EscalationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        indexes = [models.Index(fields=["region", "state", "deadline"], name="escalation_region_state")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"ESC-{self.pk:05d}" if self.pk else "ESC-…"

    def audit_scope(self) -> dict[str, int | str | None]:
        return {"region_id": self.region_id, "municipality_id": self.municipality_id, **HISTORY_READERS}

    @property
    def route(self) -> int | None:
        return ROUTES.get(self.state)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and not self.is_paused and self.deadline is not None and self.deadline < today

    def clean(self) -> None:
        if (self.municipality_id and self.region_id
                and not self.region.municipalities.filter(pk=self.municipality_id).exists()):
            raise ValidationError({"municipality": _("Choose a municipality of this region.")})
        if self.agreement_id and self.region_id and self.agreement.region_id != self.region_id:
            raise ValidationError({"agreement": _("Choose an agreement of this region.")})
        if self.case_id and self.region_id and self.case.region_id != self.region_id:
            raise ValidationError({"case": _("Choose a case of this region.")})


class EscalationTransition(AuditScoped):
    """One step in an escalation's history: who, when, from where to where, and why. Never changed."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="transitions",
                                   verbose_name=_("escalation"))
    action = models.CharField(_("step"), max_length=16, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=16, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=State.choices)
    reason = models.TextField(_("reason"), validators=[validate_no_identifiers])
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                              verbose_name=_("by"))
    # Kept as text as well: the history must still say who acted after an account is removed.
    actor_name = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("at"), default=timezone.now)
    deadline = models.DateField(_("respond by"), null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({date_format(timezone.localtime(self.at), 'DATETIME_FORMAT')})"

    def audit_scope(self) -> dict[str, int | None]:
        try:
            return {"region_id": self.escalation.region_id, "municipality_id": self.escalation.municipality_id}
        except Escalation.DoesNotExist:  # deleted along with its region
            return {}

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(_("The history of an escalation cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The history of an escalation cannot be changed."))


class RouteMeeting(RegionOwned):
    """A meeting held in one route of an escalation: who took part and what came out of it."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="meetings",
                                   verbose_name=_("escalation"))
    route = models.PositiveSmallIntegerField(_("route"),
                                             choices=[(1, _("Route 1")), (2, _("Route 2")), (3, _("Route 3"))])
    held_on = models.DateField(_("date"), validators=[validate_sane_date])
    participants = models.ManyToManyField(Stakeholder, blank=True, related_name="route_meetings",
                                          verbose_name=_("participants from the register"))
    other_participants = models.CharField(_("other participants"), max_length=300, blank=True,
                                          validators=[validate_no_identifiers],
                                          help_text=_("Functions and organisations of people not in the register."))
    outcome = models.TextField(_("outcome"), validators=[validate_no_identifiers], help_text=NO_CLIENTS)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("route meeting")
        verbose_name_plural = _("route meetings")

    def __str__(self) -> str:
        return f"{self.get_route_display()} – {date_format(self.held_on)}"

    def audit_scope(self) -> dict[str, int | str | None]:
        try:
            return {"region_id": self.region_id, "municipality_id": self.escalation.municipality_id, **HISTORY_READERS}
        except Escalation.DoesNotExist:  # deleted along with its region
            return {"region_id": self.region_id, **HISTORY_READERS}

    def clean(self) -> None:
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": _("Record a meeting once it has taken place.")})


class ReminderKind(models.TextChoices):
    DUE = "due", _("Deadline approaching")
    OVERDUE = "overdue", _("Deadline passed")


class EscalationReminder(models.Model):
    """A reminder that was sent: one per escalation, kind and deadline, so the command can run twice."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    deadline = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["escalation", "kind", "deadline"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.escalation_id}: {self.get_kind_display()} ({date_format(self.deadline)})"
