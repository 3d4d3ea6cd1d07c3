"""Collaboration agreements (samenwerkingsafspraken): who agreed what, every version of it, its
annexes, and how well each version covers the "niet vergeten" checklist."""
from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.identifiers import validate_no_identifiers
from common.uploads import DocumentPath, validate_document
from common.validators import validate_sane_date

from .register import Organisation, RegionOwned, Theme
from .tables import GovernanceTable, same_region

# An evaluation date this close is "due soon": time enough to put it on a table's agenda.
EVALUATION_DUE_SOON = timedelta(days=90)


class EvaluationStatus(models.TextChoices):
    NONE = "none", _("No evaluation date")
    PLANNED = "planned", _("Planned")
    DUE_SOON = "due_soon", _("Evaluation due soon")
    OVERDUE = "overdue", _("Evaluation overdue")


def evaluation_status(evaluation_on: date | None, today: date | None = None) -> EvaluationStatus:
    if evaluation_on is None:
        return EvaluationStatus.NONE
    today = today or timezone.localdate()
    if evaluation_on < today:
        return EvaluationStatus.OVERDUE
    if evaluation_on <= today + EVALUATION_DUE_SOON:
        return EvaluationStatus.DUE_SOON
    return EvaluationStatus.PLANNED


class AgreementQuerySet(models.QuerySet):
    """The evaluation rule for many rows; `evaluation_status` above is the same rule for one row in memory."""

    def evaluation_overdue(self, on: date | None = None) -> models.QuerySet:
        return self.filter(evaluation_on__lt=on or timezone.localdate())

    def evaluation_due(self, on: date | None = None) -> models.QuerySet:
        """Due soon or overdue: the evaluation date lies before the end of the due-soon window."""
        return self.filter(evaluation_on__lte=(on or timezone.localdate()) + EVALUATION_DUE_SOON)

    def in_force(self, on: date | None = None) -> models.QuerySet:
        """Adopted on or before that day (an agreement without an adoption date is a draft)."""
        return self.filter(adopted_on__lte=on or timezone.localdate())

    def on_review_list(self) -> models.QuerySet:
        """On the review list: at least one review its monitoring table has not handled yet."""
        # Exists, not reviews__handled_on__isnull: the outer join would also match agreements never reviewed.
        return self.filter(models.Exists(AgreementReview.objects.filter(agreement=models.OuterRef("pk"),
                                                                        handled_on__isnull=True)))


class Agreement(RegionOwned):
    title = models.CharField(_("title"), max_length=200)
    parties = models.ManyToManyField(Organisation, related_name="agreements", verbose_name=_("parties"))
    adopted_by = models.ManyToManyField(GovernanceTable, blank=True, related_name="adopted_agreements",
                                        verbose_name=_("adopted by"))
    monitored_by = models.ForeignKey(GovernanceTable, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="monitored_agreements", verbose_name=_("monitored by"),
                                     help_text=_("The table that follows how the agreement works and adjusts it."))
    themes = models.ManyToManyField(Theme, blank=True, related_name="agreements", verbose_name=_("themes"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True, validators=[validate_sane_date])
    evaluation_on = models.DateField(_("evaluation date"), null=True, blank=True, validators=[validate_sane_date])
    summary = models.TextField(_("summary"), blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [models.UniqueConstraint(fields=["region", "title"], name="agreement_unique_title_per_region")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_region(self, monitored_by=self.monitored_by if self.monitored_by_id else None)
        if self.adopted_on and self.evaluation_on and self.evaluation_on <= self.adopted_on:
            raise ValidationError({"evaluation_on": _("The evaluation date must lie after the adoption date.")})

    @property
    def evaluation_status(self) -> EvaluationStatus:
        return evaluation_status(self.evaluation_on)


class AgreementVersion(RegionOwned):
    """One adopted text of an agreement (for example 2017, revised 2020) and what changed in it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions",
                                  verbose_name=_("agreement"))
    label = models.CharField(_("version"), max_length=50, help_text=_("For example: 2020 or revision 2.1."))
    adopted_on = models.DateField(_("adopted on"), validators=[validate_sane_date])
    changes = models.TextField(_("what changed"), blank=True)

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        constraints = [models.UniqueConstraint(fields=["agreement", "label"], name="version_unique_label")]

    def __str__(self) -> str:
        return f"{self.agreement} – {self.label}" if self.agreement_id else self.label

    def clean(self) -> None:
        same_region(self, agreement=self.agreement if self.agreement_id else None)


class ChecklistItem(models.TextChoices):
    """The "niet vergeten" (do not forget) checklist for agreements between the domains."""

    PARTIES = "parties", _("Parties and signatories")
    CHAIR_SECRETARIAT = "chair_secretariat", _("Chair and secretariat of each table")
    MANDATE = "mandate", _("Mandate and decision rights")
    ADMINISTRATIVE_LINK = "administrative_link", _("Administrative link between the domains")
    ESCALATION = "escalation", _("Escalation routes and time limits")
    INFORMATION_SHARING = "information_sharing", _("Information sharing and its privacy basis")
    CASE_LEAD = "case_lead", _("Case lead (regie) and handover")
    TRIAGE = "triage", _("Triage")
    MONITORING = "monitoring", _("Monitoring, evaluation date and update cycle")
    FINANCING = "financing", _("Financing")
    CHAIN_LINKS = "chain_links", _("Links to the Zorg- en Veiligheidshuis, MDA++ and police/OM")
    CALAMITY = "calamity", _("Calamity roles and communication")
    SHARED_TERMS = "shared_terms", _("Shared terms")


class Coverage(models.TextChoices):
    COVERED = "covered", _("Covered")
    PARTLY = "partly", _("Partly")
    MISSING = "missing", _("Missing")


class ChecklistEntry(RegionOwned):
    version_of = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="checklist",
                                   verbose_name=_("agreement version"))
    item = models.CharField(_("item"), max_length=32, choices=ChecklistItem.choices)
    status = models.CharField(_("status"), max_length=16, choices=Coverage.choices, default=Coverage.MISSING)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [models.UniqueConstraint(fields=["version_of", "item"], name="checklist_unique_item")]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: {self.get_status_display()}"


def checklist_completeness(statuses: list[str]) -> int:
    """Percentage of the checklist covered: partly counts half, and an item not filled in is missing."""
    score = {Coverage.COVERED: 2, Coverage.PARTLY: 1}
    total = sum(score.get(status, 0) for status in statuses)
    return round(100 * total / (2 * len(ChecklistItem.values)))


class Annex(RegionOwned):
    """A document that belongs to a version of an agreement: a triage protocol, a handover protocol."""

    version_of = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="annexes",
                                   verbose_name=_("agreement version"))
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=DocumentPath("annexes"), validators=[validate_document],
                            max_length=200)
    filename = models.CharField(_("file name"), max_length=200, editable=False)
    size = models.PositiveIntegerField(_("size"), default=0, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("annex")
        verbose_name_plural = _("annexes")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        same_region(self, version_of=self.version_of if self.version_of_id else None)


class AgreementReview(RegionOwned):
    """An agreement on the review list of the table that monitors it: something showed it does not
    work as agreed (an escalation's lesson, a learning meeting). Handled once the table has dealt with it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reviews",
                                  verbose_name=_("agreement"))
    raised_on = models.DateField(_("raised on"), default=timezone.localdate, validators=[validate_sane_date])
    reason = models.TextField(_("what does not work"), validators=[validate_no_identifiers],
                              help_text=_("Describe the problem, never the clients involved."))
    source = models.CharField(_("source"), max_length=200, blank=True,
                              help_text=_("Where the lesson comes from, for example an escalation or a learning "
                                          "meeting."))
    handled_on = models.DateField(_("handled on"), null=True, blank=True, validators=[validate_sane_date])
    resolution = models.TextField(_("how it was handled"), blank=True, validators=[validate_no_identifiers])

    class Meta:
        ordering = ["handled_on", "-raised_on", "-id"]
        verbose_name = _("agreement review")
        verbose_name_plural = _("agreement reviews")

    def __str__(self) -> str:
        return f"{self.agreement} ({date_format(self.raised_on)})" if self.agreement_id else str(self.raised_on)

    @property
    def is_open(self) -> bool:
        return self.handled_on is None

    def clean(self) -> None:
        same_region(self, agreement=self.agreement if self.agreement_id else None)
        if self.handled_on and self.raised_on and self.handled_on < self.raised_on:
            raise ValidationError({"handled_on": _("A review cannot be handled before it was raised.")})
