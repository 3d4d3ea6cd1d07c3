"""The case forms. They ask about dates, tables, organisations and choices, never about the clients:
the only free text is about practice, and it refuses what looks like a person (common/identifiers.py)."""
from __future__ import annotations

import copy

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.forms import DATE_INPUT, check_id_lists, form_helper
from common.widgets import FastSelect, PickerMultiple, values_choices
from governance.access import access_for
from governance.models import Agreement, Conflict, GovernanceTable, Organisation, Phase, Region

from .models import (
    Case,
    CaseAnalysis,
    CaseDiscussion,
    CaseLead,
    CaseSettings,
    HouseBan,
    LearningMeeting,
    Lesson,
    Violence,
)
from .permissions import CaseworkPerm


class _VersionedForm(forms.ModelForm):
    """A form that carries the version the user saw (common/versioning.py); new rows have none."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, region: Region, submit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.region = region
        check_id_lists(self)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = copy.deepcopy(DATE_INPUT)  # one widget per field: errors mark their own input
        if self.instance.pk:
            self.fields["version"].required = True
            if not self.is_bound:
                self.initial["version"] = self.instance.version
        self.helper = form_helper(submit)


def _organisations(field, region: Region) -> None:
    field.iterator = values_choices("name", group="domain__name")
    field.queryset = Organisation.objects.filter(region=region).order_by("domain__name", "name")


class CaseForm(_VersionedForm):
    violence_forms = forms.MultipleChoiceField(
        label=_("Forms of violence"), choices=Violence.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Case
        fields = ["municipality", "violence_forms", "phase", "organisations", "reported_on", "assessment_done",
                  "investigation_done", "closed_on"]
        widgets = {"municipality": FastSelect, "phase": FastSelect, "organisations": PickerMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        access = access_for(user)
        current = Q(pk=self.instance.municipality_id) if self.instance.pk else Q(pk__in=[])
        municipalities = self.region.municipalities.filter(Q(is_active=True) | current).order_by("name")
        if CaseworkPerm.EDIT_CASES not in access.perms_in(self.region.id):
            municipalities = municipalities.filter(pk__in=access.municipalities_with(CaseworkPerm.EDIT_CASES))
        self.fields["municipality"].queryset = municipalities
        self.fields["phase"].queryset = Phase.objects.filter(region=self.region).order_by("order", "name")
        _organisations(self.fields["organisations"], self.region)
        if self.instance.pk and not self.is_bound:
            self.initial["violence_forms"] = [form.code for form in self.instance.violence.all()]


class DiscussionForm(_VersionedForm):
    class Meta:
        model = CaseDiscussion
        fields = ["table", "discussed_on"]
        widgets = {"table": FastSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = GovernanceTable.objects.filter(region=self.region).order_by("name")


class LeadForm(_VersionedForm):
    end_current = forms.BooleanField(
        label=_("End the current lead on the day this one starts"), required=False, initial=True,
        help_text=_("Leave this off only when two organisations really share the lead for a while: the case is "
                    "then flagged."))

    class Meta:
        model = CaseLead
        fields = ["organisation", "role", "since", "until"]
        widgets = {"organisation": FastSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(region=self.region).order_by("name")
        if self.instance.pk:
            del self.fields["end_current"]


class HouseBanForm(_VersionedForm):
    class Meta:
        model = HouseBan
        fields = ["imposed_on", "decision_done", "extended_until", "care_done"]


class AnalysisForm(_VersionedForm):
    class Meta:
        model = CaseAnalysis
        fields = ["held_on", "choices", "worked", "change"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ("choices", "worked", "change")}


class LearningMeetingForm(_VersionedForm):
    class Meta:
        model = LearningMeeting
        fields = ["municipality", "held_on", "topic", "organisations", "summary"]
        widgets = {"municipality": FastSelect, "organisations": PickerMultiple,
                   "summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        access = access_for(user)
        municipalities = self.region.municipalities.order_by("name")
        if CaseworkPerm.EDIT_CASES not in access.perms_in(self.region.id):
            # A municipality role records meetings of its own municipality.
            municipalities = municipalities.filter(pk__in=access.municipalities_with(CaseworkPerm.EDIT_CASES))
            self.fields["municipality"].required = True
        self.fields["municipality"].queryset = municipalities
        _organisations(self.fields["organisations"], self.region)


class LessonForm(_VersionedForm):
    class Meta:
        model = Lesson
        fields = ["text", "agreement", "conflict"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "agreement": FastSelect, "conflict": FastSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = Agreement.objects.filter(region=self.region).order_by("title")
        self.fields["conflict"].queryset = Conflict.objects.filter(region=self.region).order_by("title")
        self.fields["text"].help_text = _("Write it about the cooperation or the agreement, not about the case: an "
                                          "agreement's review list is read by everyone who reads the register.")


class CaseSettingsForm(_VersionedForm):
    class Meta:
        model = CaseSettings
        fields = ["retention_months", "after_retention"]
        widgets = {"after_retention": forms.RadioSelect}
