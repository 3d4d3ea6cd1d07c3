from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DATE_INPUT, form_helper
from common.widgets import (
    FastSelect,
    FastSelectMultiple,
    Picker,
    PickerMultiple,
    SharedOptions,
    use_widget,
    values_choices,
)

from ..labels import stakeholder_label
from ..models import (
    ActionItem,
    Agreement,
    AgreementReview,
    AgreementVersion,
    Annex,
    CalamityRole,
    ChecklistItem,
    Coverage,
    Decision,
    Domain,
    DomainKind,
    Duo,
    FixedContact,
    GlossaryTerm,
    GovernanceTable,
    Meeting,
    Municipality,
    Organisation,
    OrganisationType,
    Phase,
    PolicyPlan,
    Region,
    RegionOwned,
    Stakeholder,
    StakeholderAssessment,
    TableSeat,
    Theme,
)


def _stakeholder_option(name: str, function: str, organisation: str) -> str:
    return f"{name} ({function}, {organisation})"  # as labels.stakeholder_label, from a values_list() row


_STAKEHOLDER_CHOICES = values_choices("name", "function", "organisation__name", label=_stakeholder_option)
_NAME_CHOICES = values_choices("name")


# Lists that grow with the region (hundreds of people and organisations): a searchable picker.
_LONG_LISTS = (Stakeholder, Organisation, GovernanceTable)


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
        for form_field in self.fields.values():
            self._scope_field(form_field, region)
        self.helper = form_helper(_("Save"))

    @staticmethod
    def _scope_field(form_field, region: Region) -> None:
        """Choices from this region only, written cheaply, long lists searchable; dates as date pickers."""
        if isinstance(form_field, forms.ModelChoiceField):
            model = form_field.queryset.model
            multiple = isinstance(form_field, forms.ModelMultipleChoiceField)
            if model in _LONG_LISTS:
                use_widget(form_field, PickerMultiple if multiple else Picker)
                if model is not Stakeholder:  # organisations and tables read as their name
                    form_field.iterator = _NAME_CHOICES
            elif type(form_field.widget) in (forms.Select, forms.SelectMultiple):  # not checkboxes or radios
                use_widget(form_field, FastSelectMultiple if multiple else FastSelect)
            if issubclass(model, RegionOwned):
                form_field.queryset = form_field.queryset.filter(region=region)
            elif model is Municipality:
                form_field.queryset = region.municipalities.filter(is_active=True).order_by("name")
            if model is Stakeholder:
                # Options from the label's columns only: with hundreds of people, model instances add up.
                form_field.iterator = _STAKEHOLDER_CHOICES
                form_field.queryset = form_field.queryset.select_related("organisation").order_by("name")
                form_field.label_from_instance = stakeholder_label
        if isinstance(form_field, forms.DateField):
            form_field.widget = DATE_INPUT

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


_CHECKBOXES = forms.CheckboxSelectMultiple
# Free text about meetings and agreements is read by many: it must never identify a client.
_NO_CLIENTS = _("About the work and the agreements only. Never record names or details of clients or cases.")


class DuoForm(RegisterForm):
    class Meta:
        model = Duo
        fields = ["social", "safety", "level", "pulls_together", "themes"]
        widgets = {"themes": _CHECKBOXES}

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        for name, kind in (("social", DomainKind.SOCIAL), ("safety", DomainKind.SAFETY)):
            self.fields[name].queryset = self.fields[name].queryset.filter(organisation__domain__kind=kind)


class GovernanceTableForm(RegisterForm):
    class Meta:
        model = GovernanceTable
        fields = ["name", "domains", "level", "scope", "subregion", "municipality", "chair", "secretary",
                  "frequency", "mandate", "decision_rights", "themes", "phases"]
        widgets = {"domains": _CHECKBOXES, "themes": _CHECKBOXES, "phases": _CHECKBOXES}
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
        help_texts = {"text": _NO_CLIENTS}


class ActionItemForm(RegisterForm):
    class Meta:
        model = ActionItem
        fields = ["meeting", "description", "owner", "due_on", "done_on"]
        help_texts = {"description": _NO_CLIENTS}

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        self.fields["meeting"].queryset = self.fields["meeting"].queryset.select_related("table")


class AgreementForm(RegisterForm):
    class Meta:
        model = Agreement
        fields = ["title", "parties", "adopted_by", "monitored_by", "themes", "adopted_on", "evaluation_on", "summary"]
        help_texts = {"summary": _NO_CLIENTS}
        widgets = {"themes": _CHECKBOXES}  # parties and tables grow with the region: pickers


class AgreementVersionForm(RegisterForm):
    class Meta:
        model = AgreementVersion
        fields = ["agreement", "label", "adopted_on", "changes"]
        help_texts = {"changes": _("A new version starts with the checklist of the version before it.")}


class AgreementReviewForm(RegisterForm):
    class Meta:
        model = AgreementReview
        fields = ["agreement", "raised_on", "reason", "source", "handled_on", "resolution"]
        help_texts = {"resolution": _NO_CLIENTS}


class AnnexForm(RegisterForm):
    class Meta:
        model = Annex
        fields = ["version_of", "title", "file"]
        help_texts = {"file": _("PDF or office document, at most 10 MB.")}

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        self.fields["version_of"].queryset = self.fields["version_of"].queryset.select_related("agreement")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.instance.filename = upload.name[-200:]
            self.instance.size = upload.size
        return upload


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
        help_texts = {"responsibility": _NO_CLIENTS}


class GlossaryTermForm(RegisterForm):
    class Meta:
        model = GlossaryTerm
        fields = ["term", "definition", "also_called"]


class ChecklistForm(forms.Form):
    """The whole "niet vergeten" checklist of one agreement version, filled in on one page."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, entries: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = []
        for item in ChecklistItem:
            entry = entries.get(item.value)
            status = forms.ChoiceField(label=item.label, choices=Coverage.choices, widget=forms.RadioSelect,
                                       initial=entry.status if entry else Coverage.MISSING)
            note = forms.CharField(label=_("Note on: %(item)s") % {"item": item.label}, required=False,
                                   widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                                   initial=entry.note if entry else "")
            self.fields[f"{item.value}-status"] = status
            self.fields[f"{item.value}-note"] = note
            self.items.append((item, f"{item.value}-status", f"{item.value}-note"))

    def entries(self) -> dict[str, tuple[str, str]]:
        return {item.value: (self.cleaned_data[status], self.cleaned_data[note].strip())
                for item, status, note in self.items}

    def rows(self):
        return [(item, self[status], self[note]) for item, status, note in self.items]


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
