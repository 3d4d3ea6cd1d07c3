"""Forms of governance tables, seats, meetings, decisions and action items."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from common.widgets import SharedOptions

from ...models import ActionItem, Decision, GovernanceTable, Meeting, Region, TableSeat
from .base import CHECKBOXES, NO_CLIENTS, RegisterForm


class GovernanceTableForm(RegisterForm):
    class Meta:
        model = GovernanceTable
        fields = ["name", "domains", "level", "scope", "subregion", "municipality", "chair", "secretary",
                  "frequency", "mandate", "decision_rights", "themes", "phases"]
        widgets = {"domains": CHECKBOXES, "themes": CHECKBOXES, "phases": CHECKBOXES}
        help_texts = {
            "subregion": _("Only for a table of a subregion."),
            "municipality": _("Only for a table of one municipality."),
            "mandate": _("What the table is there for and whom it answers to."),
            "decision_rights": _("What the table may decide by itself, and what it must take elsewhere."),
        }

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        self.fields["subregion"].queryset = region.subregions.order_by("name")
        # Chair and secretary choose from the same people: read them once.
        people = SharedOptions(self.fields["chair"].choices)
        self.fields["chair"].widget.choices = self.fields["secretary"].widget.choices = people


class TableSeatForm(RegisterForm):
    class Meta:
        model = TableSeat
        fields = ["table", "stakeholder", "role", "represents"]


class MeetingForm(RegisterForm):
    class Meta:
        model = Meeting
        fields = ["table", "held_on", "summary"]


class DecisionForm(RegisterForm):
    class Meta:
        model = Decision
        fields = ["meeting", "text"]
        help_texts = {"text": NO_CLIENTS}


class ActionItemForm(RegisterForm):
    class Meta:
        model = ActionItem
        fields = ["meeting", "description", "owner", "due_on", "done_on"]
        help_texts = {"description": NO_CLIENTS}

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        self.fields["meeting"].queryset = self.fields["meeting"].queryset.select_related("table")
