"""The figures the dashboards show, and which of them are read per 10,000 inhabitants."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureKind(models.TextChoices):
    REPORTS = "reports", _("Reports to Veilig Thuis")
    ADVICE = "advice", _("Advice cases at Veilig Thuis")
    FIRST_REPORTS = "first_reports", _("First reports (no earlier involvement of Veilig Thuis)")
    REPEAT_REPORTS = "repeat_reports", _("Repeat reports (Veilig Thuis was involved before)")
    POPULATION = "population", _("Inhabitants")


# What a dashboard explains and compares; population is what they are divided by.
COMPARED = [kind for kind in FigureKind if kind != FigureKind.POPULATION]

# Why a number alone misleads: shown beside every figure that has no explanation yet.
UNDER_REPORTING = _("Reports to Veilig Thuis are under-reported; a rise mostly says something about the "
                    "willingness to report, not only about how much violence there is.")
