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
    # 85361NED: reports about people Veilig Thuis was still involved with (most families still face
    # violence a year later), by the stage of that involvement.
    FOLLOW_UP_REPORTS = "follow_up_reports", _("Follow-up reports while Veilig Thuis is involved")
    FOLLOW_UP_DURING_ASSESSMENT = "follow_up_during_assessment", _("Follow-up reports during the safety assessment")
    FOLLOW_UP_AFTER_ASSESSMENT = "follow_up_after_assessment", _("Follow-up reports after the safety assessment")
    FOLLOW_UP_DURING_MONITORING = "follow_up_during_monitoring", _(
        "Follow-up reports while Veilig Thuis monitors safety")
    # 84852NED: what the safety assessment (veiligheidsbeoordeling) decided, and the triage's acute cases.
    ASSESSED_STEPS_AT_VT = "assessed_steps_at_vt", _("Reports assessed: further steps by Veilig Thuis")
    ASSESSED_HANDOVER = "assessed_handover", _("Reports assessed: handed over to other help")
    ASSESSED_NO_STEPS = "assessed_no_steps", _("Reports assessed: no further steps needed")
    ASSESSED_REGIONAL = "assessed_regional", _("Reports assessed: regional tailored work by Veilig Thuis")
    NOT_YET_ASSESSED = "not_yet_assessed", _("Reports not yet assessed")
    TRIAGE_ACUTE = "triage_acute", _("Reports triaged as acutely unsafe")


# What a dashboard explains and compares; population is what they are divided by.
COMPARED = [kind for kind in FigureKind if kind != FigureKind.POPULATION]

# Why a number alone misleads: shown beside every figure that has no explanation yet.
UNDER_REPORTING = _("Reports to Veilig Thuis are under-reported; a rise mostly says something about the "
                    "willingness to report, not only about how much violence there is.")

# A part of the reports received: what the safety assessment and the triage decided, and first, repeat and
# follow-up reports. Read as a share of those reports (of the same area and period), as CBS itself
# publishes them, beside the rate, which says little on its own.
SHARE_OF_REPORTS = {FigureKind.ASSESSED_STEPS_AT_VT, FigureKind.ASSESSED_HANDOVER, FigureKind.ASSESSED_NO_STEPS,
                    FigureKind.ASSESSED_REGIONAL, FigureKind.NOT_YET_ASSESSED, FigureKind.TRIAGE_ACUTE,
                    FigureKind.FIRST_REPORTS, FigureKind.REPEAT_REPORTS, FigureKind.FOLLOW_UP_REPORTS,
                    FigureKind.FOLLOW_UP_DURING_ASSESSMENT, FigureKind.FOLLOW_UP_AFTER_ASSESSMENT,
                    FigureKind.FOLLOW_UP_DURING_MONITORING}

# What a dashboard and the governance report show, when imported: the reports and advice cases, and the
# repeat and follow-up reports (most families still face violence a year after a report). The rest is on
# the figures page.
ON_DASHBOARD = [FigureKind.REPORTS, FigureKind.ADVICE, FigureKind.REPEAT_REPORTS, FigureKind.FOLLOW_UP_REPORTS]
