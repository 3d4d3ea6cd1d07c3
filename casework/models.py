"""Pseudonymised cases: the governance view of what happens to a family, never a client file.

A case has a generated code with no meaningful parts, its municipality, the forms of violence, the
phase of chain care, the organisations involved and the dates its time limits run from. It records
at which governance tables it was discussed and who holds the lead (regie: the organisation that
coordinates the help), and any temporary house ban (huisverbod). Nothing here names, dates or
locates a person: free text is refused when it looks like a BSN, a date of birth, a postcode with
house number, an e-mail address or a phone number (common/identifiers.py).
"""
from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.identifiers import validate_no_identifiers
from common.validators import validate_sane_date
from governance.models import (
    Agreement,
    Conflict,
    GovernanceTable,
    Municipality,
    Organisation,
    Phase,
    Region,
    RegionOwned,
)

from . import deadlines
from .permissions import CaseworkPerm

# Case rows and their history are for the people who may read cases (see permissions.py).
HISTORY_READERS = {"read_perm": CaseworkPerm.VIEW_CASES.value}

NO_CLIENTS = _("About choices, cooperation and what should change; never about who the clients are: no names, "
               "dates of birth, addresses, postcodes, phone numbers or BSNs.")

# Case codes: no vowels (no words), no 0/O or 1/I/L (nothing to misread on the phone).
_CODE_ALPHABET = "BCDFGHJKMNPQRSTVWXZ23456789"


def generate_case_code() -> str:
    """A code that says nothing about the case, the family or when it was made, e.g. ZW-K7QM-4TXD."""
    part = lambda: "".join(secrets.choice(_CODE_ALPHABET) for _ in range(4))  # noqa: E731
    return f"ZW-{part()}-{part()}"


class Violence(models.TextChoices):
    CHILD_ABUSE = "child_abuse", _("child abuse")
    PARTNER = "partner", _("partner violence")
    ELDER = "elder", _("elder abuse")
    HONOUR = "honour", _("honour-related violence")
    TRAFFICKING = "trafficking", _("human trafficking")
    EX_PARTNER = "ex_partner", _("violence after separation")
    OTHER = "other", _("other domestic violence")


class ViolenceForm(models.Model):
    """One form of violence, as a row so that cases can be filtered and counted by it."""

    code = models.CharField(_("form of violence"), max_length=20, choices=Violence.choices, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("form of violence")
        verbose_name_plural = _("forms of violence")

    def __str__(self) -> str:
        return str(Violence(self.code).label)


class CaseSettings(RegionOwned):
    """How long a region keeps a closed case, and what happens to it then."""

    class AfterRetention(models.TextChoices):
        ANONYMISE = "anonymise", _("anonymise (keep the counts, drop the code and every link)")
        DELETE = "delete", _("delete")

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="case_settings",
                                  verbose_name=_("region"))
    retention_months = models.PositiveSmallIntegerField(
        _("keep closed cases for"), default=24, validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Months after a case is closed."))
    after_retention = models.CharField(_("then"), max_length=10, choices=AfterRetention.choices,
                                       default=AfterRetention.ANONYMISE)

    class Meta:
        verbose_name = _("case retention")
        verbose_name_plural = _("case retention")

    def __str__(self) -> str:
        return str(_("Case retention of %(region)s") % {"region": self.region})

    def audit_scope(self) -> dict:
        return {"region_id": self.region_id, **HISTORY_READERS}


def _state_q(prefix: str, state: str, today: date) -> models.Q:
    """One time limit's state as a filter; `prefix` names its columns (<prefix>_due, _very_late, _done)."""
    due, very_late, done = f"{prefix}_due", f"{prefix}_very_late", f"{prefix}_done"
    open_ = models.Q(**{f"{due}__isnull": False, f"{done}__isnull": True})
    return {
        deadlines.State.VERY_LATE: open_ & models.Q(**{f"{very_late}__lte": today}),
        deadlines.State.LATE: open_ & models.Q(**{f"{due}__lt": today, f"{very_late}__gt": today}),
        deadlines.State.DUE_SOON: open_ & models.Q(**{f"{due}__gte": today,
                                                       f"{due}__lte": deadlines.soon_until(today)}),
    }[state]


# A time limit as a page shows it: (what, due, done on, state).
Limit = tuple[str, date, date | None, deadlines.State]


def _terms(today: date | None, *limits) -> list[Limit]:
    today = today or timezone.localdate()
    return [(str(label), due, done, deadlines.state_of(due=due, very_late_from=very_late, done_on=done, today=today))
            for label, due, very_late, done in limits]


class CaseQuerySet(models.QuerySet):
    def open(self) -> models.QuerySet:
        return self.filter(closed_on__isnull=True)

    def deadline_q(self, state: str, today: date | None = None) -> models.Q:
        """Open cases with a time limit in `state` (the case's own limits or one of its house bans)."""
        today = today or timezone.localdate()
        case = _state_q("assessment", state, today) | _state_q("investigation", state, today)
        ban = HouseBan.objects.filter(
            _state_q("decision", state, today) | _state_q("care", state, today)).values("case_id")
        return models.Q(closed_on__isnull=True) & (case | models.Q(pk__in=ban))

    def in_deadline_state(self, state: str, today: date | None = None) -> models.QuerySet:
        return self.filter(self.deadline_q(state, today))


class Case(RegionOwned):
    code = models.CharField(_("case code"), max_length=20, unique=True, editable=False, default=generate_case_code)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    violence = models.ManyToManyField(ViolenceForm, related_name="cases", verbose_name=_("forms of violence"))
    phase = models.ForeignKey(Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases",
                              verbose_name=_("phase of chain care"))
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="cases",
                                           verbose_name=_("organisations involved"))
    reported_on = models.DateField(_("reported to Veilig Thuis on"), validators=[validate_sane_date])
    assessment_done = models.DateField(_("safety assessed on"), null=True, blank=True,
                                       validators=[validate_sane_date])
    investigation_done = models.DateField(_("investigation finished on"), null=True, blank=True,
                                          validators=[validate_sane_date])
    closed_on = models.DateField(_("closed on"), null=True, blank=True, validators=[validate_sane_date])
    # Set by retention.py: kept for the counts only, without its code, exact dates or links.
    anonymised = models.BooleanField(_("anonymised"), default=False, editable=False)
    # Computed from reported_on by deadlines.py on every save.
    assessment_due = models.DateField(editable=False, null=True)
    assessment_very_late = models.DateField(editable=False, null=True)
    investigation_due = models.DateField(editable=False, null=True)
    investigation_very_late = models.DateField(editable=False, null=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["region", "municipality", "closed_on"], name="case_region_municipality")]

    def __str__(self) -> str:
        return self.code

    def audit_scope(self) -> dict:
        return {"region_id": self.region_id, "municipality_id": self.municipality_id, **HISTORY_READERS}

    def clean(self) -> None:
        for name in ("assessment_done", "investigation_done", "closed_on"):
            value = getattr(self, name)
            if value and self.reported_on and value < self.reported_on:
                raise ValidationError({name: _("This cannot be before the report to Veilig Thuis.")})
        if self.municipality_id and self.region_id and not self.region.municipalities.filter(
                pk=self.municipality_id).exists():
            raise ValidationError({"municipality": _("This municipality is not part of the region.")})

    def save(self, *args, **kwargs) -> None:
        if self.reported_on:
            assessment = deadlines.assessment_term(self.reported_on)
            investigation = deadlines.investigation_term(self.reported_on)
            self.assessment_due, self.assessment_very_late = assessment.due, assessment.very_late_from
            self.investigation_due, self.investigation_very_late = investigation.due, investigation.very_late_from
        super().save(*args, **kwargs)

    def terms(self, today: date | None = None) -> list[Limit]:
        """The case's own time limits."""
        return _terms(today, (_("Safety assessment"), self.assessment_due, self.assessment_very_late,
                              self.assessment_done),
                      (_("Investigation"), self.investigation_due, self.investigation_very_late,
                       self.investigation_done))


class _CasePart(RegionOwned):
    """A row that belongs to a case: audited and readable under the case's municipality."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))

    class Meta:
        abstract = True

    def audit_scope(self) -> dict:
        try:
            municipality_id = self.case.municipality_id
        except Case.DoesNotExist:  # deleted first in the same cascade (a region deleted as a whole)
            municipality_id = None
        return {"region_id": self.region_id, "municipality_id": municipality_id, **HISTORY_READERS}


class CaseDiscussion(_CasePart):
    """The case was discussed at a governance table on a date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="discussions", verbose_name=_("case"))
    # RESTRICT, not PROTECT: a table (or a lead's organisation) in use stays, but a region goes as a whole.
    table = models.ForeignKey(GovernanceTable, on_delete=models.RESTRICT, related_name="case_discussions",
                              verbose_name=_("table"))
    discussed_on = models.DateField(_("discussed on"), validators=[validate_sane_date])

    class Meta:
        ordering = ["-discussed_on", "-id"]
        verbose_name = _("discussion at a table")
        verbose_name_plural = _("discussions at tables")

    def __str__(self) -> str:
        return f"{self.case} – {self.table}"


class CaseLead(_CasePart):
    """Who holds the lead (regie) over the help to the family, since when, and until when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="leads", verbose_name=_("case"))
    organisation = models.ForeignKey(Organisation, on_delete=models.RESTRICT, related_name="case_leads",
                                     verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=120, validators=[validate_no_identifiers],
                            help_text=_("The function, for example: casusregisseur of the local team. Never a name."))
    since = models.DateField(_("since"), validators=[validate_sane_date])
    until = models.DateField(_("until"), null=True, blank=True, validators=[validate_sane_date])

    class Meta:
        ordering = ["-since", "-id"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"

    def clean(self) -> None:
        if self.until and self.since and self.until < self.since:
            raise ValidationError({"until": _("The lead cannot end before it started.")})


class HouseBan(_CasePart):
    """A temporary house ban and the care that has to start while it runs."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="bans", verbose_name=_("case"))
    imposed_on = models.DateField(_("imposed on"), validators=[validate_sane_date])
    decision_done = models.DateField(_("extension decided on"), null=True, blank=True,
                                     validators=[validate_sane_date])
    extended_until = models.DateField(_("extended until"), null=True, blank=True, validators=[validate_sane_date],
                                      help_text=_("Empty when the ban was not extended. At most 4 weeks after it was "
                                                  "imposed."))
    care_done = models.DateField(_("care started on"), null=True, blank=True, validators=[validate_sane_date])
    decision_due = models.DateField(editable=False, null=True)
    decision_very_late = models.DateField(editable=False, null=True)
    care_due = models.DateField(editable=False, null=True)
    care_very_late = models.DateField(editable=False, null=True)

    class Meta:
        ordering = ["-imposed_on", "-id"]
        verbose_name = _("house ban")
        verbose_name_plural = _("house bans")

    def __str__(self) -> str:
        return str(_("House ban of %(case)s") % {"case": self.case})

    @property
    def ends_on(self) -> date:
        return self.extended_until or deadlines.ban_lapses_on(self.imposed_on)

    def clean(self) -> None:
        if not self.imposed_on:
            return
        if self.extended_until:
            if self.extended_until <= deadlines.ban_lapses_on(self.imposed_on):
                raise ValidationError({"extended_until": _("An extension ends after day 10 of the ban.")})
            if self.extended_until > deadlines.ban_latest_end(self.imposed_on):
                raise ValidationError({"extended_until": _("A house ban runs at most 4 weeks after it was imposed.")})
            if not self.decision_done:
                raise ValidationError({"decision_done": _("Say when the extension was decided.")})
        for name in ("decision_done", "care_done"):
            value = getattr(self, name)
            if value and value < self.imposed_on:
                raise ValidationError({name: _("This cannot be before the ban was imposed.")})

    def save(self, *args, **kwargs) -> None:
        decision = deadlines.extension_decision_term(self.imposed_on)
        care = deadlines.care_term(self.ends_on)
        self.decision_due, self.decision_very_late = decision.due, decision.very_late_from
        self.care_due, self.care_very_late = care.due, care.very_late_from
        super().save(*args, **kwargs)

    def terms(self, today: date | None = None) -> list[Limit]:
        return _terms(today, (_("Decision on extending the ban"), self.decision_due, self.decision_very_late,
                              self.decision_done),
                      (_("Care started while the ban runs"), self.care_due, self.care_very_late, self.care_done))


class CaseAnalysis(_CasePart):
    """Looking back at a case together: the choices made, what worked, what should change."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="analyses", verbose_name=_("case"))
    held_on = models.DateField(_("held on"), validators=[validate_sane_date])
    choices = models.TextField(_("choices that were made"), validators=[validate_no_identifiers], help_text=NO_CLIENTS)
    worked = models.TextField(_("what worked"), blank=True, validators=[validate_no_identifiers])
    change = models.TextField(_("what should change"), blank=True, validators=[validate_no_identifiers])

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("case analysis")
        verbose_name_plural = _("case analyses")

    def __str__(self) -> str:
        return str(_("Case analysis of %(case)s") % {"case": self.case})


class LearningMeeting(RegionOwned):
    """Veilig Thuis and local teams learning from cases together; about practice, not about clients."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("municipality"),
                                     help_text=_("Empty for a meeting of the whole region."))
    held_on = models.DateField(_("held on"), validators=[validate_sane_date])
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="learning_meetings",
                                           verbose_name=_("organisations taking part"))
    topic = models.CharField(_("topic"), max_length=200, validators=[validate_no_identifiers])
    summary = models.TextField(_("what was learned"), validators=[validate_no_identifiers], help_text=NO_CLIENTS)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("learning meeting")
        verbose_name_plural = _("learning meetings")

    def __str__(self) -> str:
        return self.topic

    def audit_scope(self) -> dict:
        return {"region_id": self.region_id, "municipality_id": self.municipality_id, **HISTORY_READERS}


class Lesson(RegionOwned):
    """What a case analysis or a learning meeting teaches, fed back to an agreement or a conflict."""

    analysis = models.ForeignKey(CaseAnalysis, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="lessons", verbose_name=_("case analysis"))
    meeting = models.ForeignKey(LearningMeeting, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="lessons", verbose_name=_("learning meeting"))
    text = models.TextField(_("lesson"), validators=[validate_no_identifiers], help_text=NO_CLIENTS)
    agreement = models.ForeignKey(Agreement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name=_("agreement to review"),
                                  help_text=_("The agreement goes on the review list of the table that monitors it."))
    conflict = models.ForeignKey(Conflict, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("conflict on the map"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                    verbose_name=_("recorded by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [models.CheckConstraint(
            condition=models.Q(analysis__isnull=False, meeting__isnull=True)
            | models.Q(analysis__isnull=True, meeting__isnull=False), name="lesson_has_one_source")]

    def __str__(self) -> str:
        return self.text[:80]

    def audit_scope(self) -> dict:
        try:
            municipality_id = self.analysis.case.municipality_id if self.analysis_id else (
                self.meeting.municipality_id if self.meeting_id else None)
        except ObjectDoesNotExist:
            # Deleted with its analysis or case: the links are nullable, so Django may delete the source
            # first. The entry is then filed under the region only.
            municipality_id = None
        return {"region_id": self.region_id, "municipality_id": municipality_id, **HISTORY_READERS}
