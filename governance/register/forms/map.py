"""Forms of what the overlap map keeps besides what it computes: conflicts (decisions that work
against each other, structures that block cooperation) and risks and opportunities."""
from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from common.widgets import SharedOptions

from ...models import Conflict, Region, RiskOpportunity
from .base import CHECKBOXES, NO_CLIENTS, RegisterForm

_LIFE_CYCLE_HELP = {
    "description": NO_CLIENTS,
    "resolution": format_lazy("{} {}", _("Only when resolved: what was decided or changed."), NO_CLIENTS),
    "raised_at": _("The table where it was put on the agenda; needed once it is raised."),
}


class ConflictForm(RegisterForm):
    class Meta:
        model = Conflict
        fields = ["kind", "title", "description", "side_a_decision", "side_a_table", "side_a_rule",
                  "side_b_decision", "side_b_table", "side_b_rule", "domains", "themes", "impact", "owner",
                  "status", "raised_at", "resolution"]
        widgets = {"domains": CHECKBOXES, "themes": CHECKBOXES}
        help_texts = _LIFE_CYCLE_HELP | {
            "side_a_decision": _("A decision of the register; its table is filled in for you."),
            "side_a_rule": _("Or a law or financing rule, in words."),
            "side_b_decision": _("A decision of the register; its table is filled in for you."),
            "side_b_rule": _("Or a law or financing rule, in words."),
        }

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        for side in ("a", "b"):
            decisions = self.fields[f"side_{side}_decision"]
            decisions.queryset = decisions.queryset.order_by("meeting__table__name", "-meeting__held_on", "id")
        # Both sides choose from the same decisions, and the sides and "raised at" from the same tables:
        # each list is read once, however many selects offer it.
        decisions = SharedOptions(self.fields["side_a_decision"].choices)
        self.fields["side_a_decision"].widget.choices = self.fields["side_b_decision"].widget.choices = decisions
        tables = SharedOptions(self.fields["side_a_table"].choices)
        for name in ("side_a_table", "side_b_table", "raised_at"):
            self.fields[name].widget.choices = tables


class RiskOpportunityForm(RegisterForm):
    class Meta:
        model = RiskOpportunity
        fields = ["kind", "title", "description", "domains", "themes", "impact", "owner", "status", "raised_at",
                  "resolution"]
        widgets = {"domains": CHECKBOXES, "themes": CHECKBOXES}
        help_texts = _LIFE_CYCLE_HELP
