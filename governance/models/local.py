"""What every municipality and local team should have in place, and the region's shared
arrangements: fixed contacts, policy plans, the calamity protocol and the glossary."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.uploads import DocumentPath, validate_document
from common.validators import ORDER, YEAR

from .geography import Municipality
from .register import DomainKind, Organisation, OrganisationType, RegionOwned, Stakeholder
from .tables import same_region


class FixedContact(RegionOwned):
    """A local team's fixed contact (vast aanspreekpunt) in the safety chain."""

    local_team = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="fixed_contact",
                                      verbose_name=_("local team"))
    contact = models.ForeignKey(Stakeholder, on_delete=models.RESTRICT, related_name="fixed_contact_for",
                                verbose_name=_("fixed contact"))
    note = models.TextField(_("note"), blank=True, help_text=_("For example how and when to reach them."))

    class Meta:
        ordering = ["local_team__name"]
        verbose_name = _("fixed contact")
        verbose_name_plural = _("fixed contacts")

    def __str__(self) -> str:
        return str(self.local_team) if self.local_team_id else str(_("fixed contact"))

    def clean(self) -> None:
        team = self.local_team if self.local_team_id else None
        contact = self.contact if self.contact_id else None
        same_region(self, local_team=team, contact=contact)
        if team and team.type != OrganisationType.LOCAL_TEAM:
            raise ValidationError({"local_team": _("Choose a local team.")})
        if contact and contact.organisation.domain.kind != DomainKind.SAFETY:
            raise ValidationError({"contact": _("Choose someone whose organisation is in the safety domain.")})


class PlanKind(models.TextChoices):
    """The three four-yearly plans in which domestic violence should have its place."""

    INTEGRAL_SAFETY = "integral_safety", _("Integral safety plan")
    WMO = "wmo", _("Wmo plan")
    YOUTH = "youth", _("Youth plan")


class PolicyPlan(RegionOwned):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    kind = models.CharField(_("plan"), max_length=16, choices=PlanKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts = models.PositiveSmallIntegerField(_("from (year)"), validators=YEAR)
    ends = models.PositiveSmallIntegerField(_("until (year)"), validators=YEAR)
    covers_domestic_violence = models.BooleanField(
        _("covers domestic violence and child abuse"), default=False,
    )
    link = models.URLField(_("link"), blank=True)
    document = models.FileField(_("document"), upload_to=DocumentPath("plans"), validators=[validate_document],
                                blank=True, max_length=200)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["municipality__name", "kind", "-starts"]
        verbose_name = _("policy plan")
        verbose_name_plural = _("policy plans")
        constraints = [models.UniqueConstraint(fields=["region", "municipality", "kind", "starts"],
                                               name="plan_unique_per_period")]

    def __str__(self) -> str:
        if not self.municipality_id:
            return self.title or str(_("policy plan"))
        return f"{self.get_kind_display()} {self.municipality} {self.starts}–{self.ends}"

    def clean(self) -> None:
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": _("The end year cannot lie before the start year.")})
        if self.starts and not 1990 <= self.starts <= 2100:
            raise ValidationError({"starts": _("Enter a year such as 2024.")})
        if (self.municipality_id and self.region_id
                and not self.region.municipalities.filter(pk=self.municipality_id).exists()):
            raise ValidationError({"municipality": _("Choose a municipality of this region.")})


class CalamityRole(RegionOwned):
    """One line of the calamity protocol: which portfolio holder does what when a calamity happens,
    and who communicates what to whom."""

    holder = models.CharField(_("portfolio holder"), max_length=150,
                              help_text=_("For example: mayor of the municipality concerned."))
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name=_("currently"))
    responsibility = models.TextField(_("role and responsibility"))
    communication = models.TextField(_("communicates"), blank=True,
                                     help_text=_("What they communicate, to whom (press, council, professionals)."))
    order = models.PositiveSmallIntegerField(_("order"), default=1, validators=ORDER)

    class Meta:
        ordering = ["order", "holder"]
        verbose_name = _("calamity role")
        verbose_name_plural = _("calamity protocol")

    def __str__(self) -> str:
        return self.holder

    def clean(self) -> None:
        same_region(self, stakeholder=self.stakeholder if self.stakeholder_id else None)


class GlossaryTerm(RegionOwned):
    """A shared term, with the other words organisations use for the same thing: differing words
    are a recurring cause of friction between the domains."""

    term = models.CharField(_("term"), max_length=150)
    definition = models.TextField(_("meaning"))
    also_called = models.TextField(
        _("also called"), blank=True,
        help_text=_("One per line, with who uses it, for example: regievoerder (Veilig Thuis)."),
    )

    class Meta:
        ordering = ["term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        constraints = [models.UniqueConstraint(fields=["region", "term"], name="glossary_unique_term")]

    def __str__(self) -> str:
        return self.term

    @property
    def synonyms(self) -> list[str]:
        return [line.strip() for line in self.also_called.splitlines() if line.strip()]
