"""Forms of organisations, stakeholders (and their assessments) and duos."""
from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DATE_INPUT, form_helper

from ...models import DomainKind, Duo, Organisation, Region, Stakeholder, StakeholderAssessment
from .base import CHECKBOXES, RegisterForm


class OrganisationForm(RegisterForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "type", "domain", "municipalities", "website", "notes"]
        widgets = {"municipalities": forms.CheckboxSelectMultiple}

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        # Inactive (merged) municipalities stay offered where already linked, so a save keeps the link.
        linked = self.instance.municipalities.values("pk") if self.instance.pk else []
        self.fields["municipalities"].queryset = region.municipalities.filter(
            Q(is_active=True) | Q(pk__in=linked)
        ).order_by("name")


class StakeholderForm(RegisterForm):
    class Meta:
        model = Stakeholder
        fields = ["name", "function", "organisation", "level", "is_key_figure", "is_ambassador", "notes"]
        help_texts = {
            "name": _("A professional in their role (for example an alderman or a team manager), never a client."),
            "notes": _("About the role and position only. Do not record anything about clients or private life."),
        }


class DuoForm(RegisterForm):
    class Meta:
        model = Duo
        fields = ["social", "safety", "level", "pulls_together", "themes"]
        widgets = {"themes": CHECKBOXES}

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        for name, kind in (("social", DomainKind.SOCIAL), ("safety", DomainKind.SAFETY)):
            self.fields[name].queryset = self.fields[name].queryset.filter(organisation__domain__kind=kind)


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = StakeholderAssessment
        fields = ["assessed_on", "influence", "interest", "note"]
        widgets = {"assessed_on": DATE_INPUT}
        help_texts = {"influence": _("1 = little, 5 = decisive"), "interest": _("1 = little, 5 = very involved")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"assessed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save assessment"))
        self.helper.form_tag = False  # the page supplies the form element and its action

    def clean_assessed_on(self):
        value = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("An assessment cannot lie in the future."))
        return value
