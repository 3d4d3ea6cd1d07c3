"""Figures imported from CBS StatLine, the populations they are measured against, and the written
explanation every figure needs before it goes in front of a board.

A figure belongs to the region that imported it. Its area is a CBS region key: a municipality of the
region (`GM0034`), or a comparison area outside it (`NL01` the Netherlands, `PV24` a province, a
Veilig Thuis region); only the region's own municipalities carry a link to the municipality.
Population is a figure kind like the others (per year), so one import and one table hold both.
"""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models import Municipality, RegionOwned

from .kinds import FigureKind

# A count CBS publishes for one area and half-year; far above any Dutch figure, below what breaks a page.
MAX_FIGURE = 20_000_000


class FigureImport(RegionOwned):
    """One file imported: which CBS table, which periods it (re)placed, by whom."""

    table = models.CharField(_("CBS table"), max_length=20)
    file_name = models.CharField(_("file"), max_length=200)
    periods = models.JSONField(_("periods"), default=list)
    figure_count = models.PositiveIntegerField(_("figures"), default=0)
    replaced_count = models.PositiveIntegerField(_("figures replaced"), default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("imported by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("figures import")
        verbose_name_plural = _("figures imports")

    def __str__(self) -> str:
        return f"{self.table} ({self.file_name})"


class Figure(RegionOwned):
    area_code = models.CharField(_("area"), max_length=10)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("municipality"))
    kind = models.CharField(_("figure"), max_length=40, choices=FigureKind.choices)
    period = models.CharField(_("period"), max_length=8)
    # None: unknown or kept secret by CBS (a "." in the file); never a zero.
    value = models.PositiveIntegerField(_("value"), null=True, blank=True,
                                        validators=[MaxValueValidator(MAX_FIGURE)])
    provisional = models.BooleanField(_("provisional"), default=False)
    # The former municipalities whose figures of that period this one adds up (["GM0017", "GM0009"]).
    merged_from = models.JSONField(_("includes former municipalities"), default=list, blank=True)
    source = models.ForeignKey(FigureImport, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="figures", verbose_name=_("import"))

    class Meta:
        ordering = ["kind", "period", "area_code"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(fields=["region", "kind", "period", "area_code"],
                                    name="one_figure_per_area_period"),
        ]
        indexes = [models.Index(fields=["region", "kind", "period"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.area_code} {self.period}: {self.value}"

class FigureExplanation(RegionOwned):
    """What a figure of one period means, in words a board can use; one per kind and period."""

    kind = models.CharField(_("figure"), max_length=40, choices=FigureKind.choices)
    period = models.CharField(_("period"), max_length=8)
    text = models.TextField(_("explanation"), max_length=4000)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("written by"))

    class Meta:
        ordering = ["kind", "period"]
        verbose_name = _("explanation of a figure")
        verbose_name_plural = _("explanations of figures")
        constraints = [
            models.UniqueConstraint(fields=["region", "kind", "period"], name="one_explanation_per_kind_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period}"



class ReportOverride(RegionOwned):
    """A report that went out with figures nobody had explained yet: who decided so, why, and which."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("municipality"))
    periods = models.JSONField(_("figures without an explanation"), default=list)  # ["reports 2024HJ02", ...]
    reason = models.TextField(_("why they go in unexplained"), max_length=2000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("decided by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report with unexplained figures")
        verbose_name_plural = _("reports with unexplained figures")

    def __str__(self) -> str:
        return ", ".join(self.periods)
