"""Forms of the shared vocabulary: domains, themes, phases and glossary terms."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ...map.services import default_needed_domains
from ...models import Domain, GlossaryTerm, Phase, Region, Theme
from .base import CHECKBOXES, RegisterForm


class DomainForm(RegisterForm):
    class Meta:
        model = Domain
        fields = ["name", "kind", "description"]


class ThemeForm(RegisterForm):
    class Meta:
        model = Theme
        fields = ["name", "description", "needed_domains", "phase"]
        widgets = {"needed_domains": CHECKBOXES}
        help_texts = {
            "needed_domains": _("The domains that should steer this theme. The map calls a theme “one-sided” when "
                                "the social or the safety side it needs does not steer it, and reports a needed "
                                "adjacent domain that steers nothing of it as “needed domain missing”."),
            "phase": _("The phase of chain care under which the map shows this theme."),
        }

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        self.fields["phase"].queryset = self.fields["phase"].queryset.order_by("order", "name")
        if not self.instance.pk and not self.is_bound and "needed_domains" not in self.initial:
            # A new theme starts with the region's social and safety domains ticked; what the user
            # ticks is what is saved.
            self.initial["needed_domains"] = list(default_needed_domains(region).values_list("pk", flat=True))


class PhaseForm(RegisterForm):
    class Meta:
        model = Phase
        fields = ["name", "order", "description"]


class GlossaryTermForm(RegisterForm):
    class Meta:
        model = GlossaryTerm
        fields = ["term", "definition", "also_called"]
