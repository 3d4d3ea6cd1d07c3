from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.models import Case
from casework.selectors import case_list
from common.forms import DATE_INPUT, check_id_lists, form_helper
from common.identifiers import normalise, validate_case_code
from common.widgets import FastSelect, PickerMultiple, values_choices
from governance.access import access_for
from governance.labels import stakeholder_label
from governance.models import Agreement, Organisation, Region, Stakeholder

from .models import Escalation, RouteMeeting, RouteSettings
from .participants import route_stakeholders
from .permissions import EscalationPerm, may_read_cases_in, readable_case
from .workflow import Action, Transition


class EscalationForm(forms.ModelForm):
    """Filing (and correcting) an escalation. It asks about the situation, never about the clients.

    A case is named by its code, typed as text and looked up among the cases of the region that the
    person filing may read; only someone who may read cases gets the field, and someone who may not read
    the case already linked cannot see or change the link."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    case_code = forms.CharField(
        label=_("Case code"), required=False, max_length=40, validators=[validate_case_code],
        help_text=_("Optional: the code of the case in this application, for example ZW-K7QM-4TXD. Only people "
                    "who may read the case see which case is linked."))
    field_order = ["reason", "municipality", "title", "organisations", "agreement", "case_code"]

    class Meta:
        model = Escalation
        fields = ["reason", "municipality", "title", "organisations", "agreement", "description", "question"]
        widgets = {"reason": forms.RadioSelect, "municipality": FastSelect, "organisations": PickerMultiple,
                   "agreement": FastSelect, "description": forms.Textarea(attrs={"rows": 5}),
                   "question": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, region: Region, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.region = region
        check_id_lists(self)
        access = access_for(user)
        current = Q(pk=self.instance.municipality_id) if self.instance.pk else Q(pk__in=[])
        # A merged (inactive) municipality stays choosable on the escalation that has it.
        municipalities = region.municipalities.filter(Q(is_active=True) | current).order_by("name")
        if EscalationPerm.FILE not in access.perms_in(region.id):
            municipalities = municipalities.filter(pk__in=access.municipalities_with(EscalationPerm.FILE))
        self.fields["municipality"].queryset = municipalities
        # Every organisation of the region may be involved (regional ones serve all its municipalities),
        # so the list is not cut by municipality; grouped by domain, it reads as the region is organised.
        organisations = self.fields["organisations"]
        organisations.iterator = values_choices("name", group="domain__name")
        organisations.queryset = Organisation.objects.filter(region=region).order_by("domain__name", "name")
        self.fields["agreement"].queryset = Agreement.objects.filter(region=region).order_by("title")
        self.fields["reason"].choices = self.fields["reason"].choices[1:]  # no empty radio button
        self.user = user
        linked = self.instance.case_id is not None
        if not may_read_cases_in(user, region) or (linked and readable_case(user, self.instance) is None):
            del self.fields["case_code"]
        elif linked and not self.is_bound:
            self.initial["case_code"] = self.instance.case.code
        if self.instance.pk:
            # The reason stays as filed: it decides whether the acute path is open.
            del self.fields["reason"]
            self.fields["version"].required = True
            if not self.is_bound:
                self.initial["version"] = self.instance.version
        self.helper = form_helper(_("Save") if self.instance.pk else _("File the escalation"))

    def clean_case_code(self) -> Case | None:
        code = normalise(self.cleaned_data["case_code"]).strip().upper()
        if not code:
            return None
        # One message whether the case does not exist or is not theirs to read: the form tells nobody
        # which codes exist.
        case = case_list(user=self.user, region=self.instance.region).filter(code=code).first()
        if case is None:
            raise forms.ValidationError(_("There is no case with this code among the cases you may read in "
                                          "this region."), code="unknown_case")
        return case

    def _post_clean(self) -> None:
        if "case_code" in self.fields and "case_code" in self.cleaned_data:
            self.instance.case = self.cleaned_data["case_code"]
        super()._post_clean()


class StepForm(forms.Form):
    """One step along the routes: always with a reason; resolving also asks for the lesson."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    lesson = forms.CharField(
        label=_("Lesson"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What does this escalation teach about the cooperation or the agreements?"),
    )
    agreement_does_not_work = forms.BooleanField(
        label=_("The lesson shows that an agreement does not work: put it on the review list of the table that "
                "monitors it."), required=False,
        help_text=_("The lesson is then copied to the review list, which everyone who reads the register sees: "
                    "write it about the agreement, not about the case."))
    review_agreement = forms.ModelChoiceField(queryset=Agreement.objects.none(), required=False,
                                              label=_("Agreement to review"))

    def __init__(self, *args, transition: Transition, escalation: Escalation, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.fields["reason"].label = transition.reason_label
        self.fields["reason"].help_text = _("Never record names or other details that identify clients.")
        if transition.action == Action.RESOLVE:
            self.fields["lesson"].required = True
            self.fields["review_agreement"].queryset = (
                Agreement.objects.filter(region_id=escalation.region_id).order_by("title"))
            self.fields["review_agreement"].initial = escalation.agreement_id
        else:
            for name in ("lesson", "agreement_does_not_work", "review_agreement"):
                del self.fields[name]
        self.helper = form_helper(transition.label)

    def clean(self):
        data = super().clean()
        if data.get("agreement_does_not_work") and not data.get("review_agreement"):
            self.add_error("review_agreement", _("Choose the agreement that does not work."))
        return data

    def agreement_to_review(self) -> Agreement | None:
        return self.cleaned_data.get("review_agreement") if self.cleaned_data.get("agreement_does_not_work") else None


class RouteMeetingForm(forms.ModelForm):
    class Meta:
        model = RouteMeeting
        fields = ["held_on", "participants", "other_participants", "outcome"]
        widgets = {"held_on": DATE_INPUT, "participants": forms.CheckboxSelectMultiple,
                   "outcome": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, escalation: Escalation, **kwargs):
        super().__init__(*args, **kwargs)
        # The people the register puts at this route; others go in "other participants".
        suggested = [person.pk for person in route_stakeholders(escalation, escalation.state)]
        check_id_lists(self)
        participants = self.fields["participants"]
        participants.queryset = (
            Stakeholder.objects.filter(pk__in=suggested).select_related("organisation").order_by("name"))
        participants.label_from_instance = stakeholder_label
        self.helper = form_helper(_("Save"))


class RouteSettingsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = RouteSettings
        fields = ["intake_days", "route_1_days", "route_2_days", "route_3_days", "remind_before_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version
        self.helper = form_helper(_("Save"))
