from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import form_helper

from .models import Domain, Organisation, Phase, Region, Stakeholder, StakeholderAssessment, Theme


class RegisterForm(forms.ModelForm):
    """A register row's form: scoped to one region, with the version it was loaded at."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.instance.region = region
        if self.instance.pk:
            # An edit must say which version it was based on, or it could overwrite unseen changes.
            self.fields["version"].required = True
            if not self.is_bound:
                self.initial["version"] = self.instance.version
        self.helper = form_helper(_("Save"))

    def m2m_values(self) -> dict:
        return {name: self.cleaned_data[name] for name, field in self.fields.items()
                if isinstance(field, forms.ModelMultipleChoiceField)}


class DomainForm(RegisterForm):
    class Meta:
        model = Domain
        fields = ["name", "kind", "description"]


class ThemeForm(RegisterForm):
    class Meta:
        model = Theme
        fields = ["name", "description"]


class PhaseForm(RegisterForm):
    class Meta:
        model = Phase
        fields = ["name", "order", "description"]


class OrganisationForm(RegisterForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "type", "domain", "municipalities", "website", "notes"]
        widgets = {"municipalities": forms.CheckboxSelectMultiple}

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        self.fields["domain"].queryset = Domain.objects.filter(region=region)
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

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(region=region)


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = StakeholderAssessment
        fields = ["assessed_on", "influence", "interest", "note"]
        widgets = {"assessed_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}
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
