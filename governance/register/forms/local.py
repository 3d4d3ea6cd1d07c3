"""Forms of the local basics: fixed contacts, policy plans and the calamity protocol."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ...models import CalamityRole, DomainKind, FixedContact, OrganisationType, PolicyPlan, Region
from .base import NO_CLIENTS, RegisterForm


class FixedContactForm(RegisterForm):
    class Meta:
        model = FixedContact
        fields = ["local_team", "contact", "note"]

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        self.fields["local_team"].queryset = self.fields["local_team"].queryset.filter(type=OrganisationType.LOCAL_TEAM)
        contact = self.fields["contact"]
        contact.queryset = contact.queryset.filter(organisation__domain__kind=DomainKind.SAFETY)


class PolicyPlanForm(RegisterForm):
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = PolicyPlan
        fields = ["municipality", "kind", "title", "starts", "ends", "covers_domestic_violence", "link", "document",
                  "note"]
        help_texts = {"document": _("Optional: PDF or office document, at most 10 MB.")}


class CalamityRoleForm(RegisterForm):
    class Meta:
        model = CalamityRole
        fields = ["order", "holder", "stakeholder", "responsibility", "communication"]
        help_texts = {"responsibility": NO_CLIENTS}
