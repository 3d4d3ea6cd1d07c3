"""Forms of agreements, their versions, reviews, annexes and the "niet vergeten" checklist."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ...models import Agreement, AgreementReview, AgreementVersion, Annex, ChecklistItem, Coverage, Region
from .base import CHECKBOXES, NO_CLIENTS, RegisterForm


class AgreementForm(RegisterForm):
    class Meta:
        model = Agreement
        fields = ["title", "parties", "adopted_by", "monitored_by", "themes", "adopted_on", "evaluation_on", "summary"]
        help_texts = {"summary": NO_CLIENTS}
        widgets = {"themes": CHECKBOXES}  # parties and tables grow with the region: pickers


class AgreementVersionForm(RegisterForm):
    class Meta:
        model = AgreementVersion
        fields = ["agreement", "label", "adopted_on", "changes"]
        help_texts = {"changes": _("A new version starts with the checklist of the version before it.")}


class AgreementReviewForm(RegisterForm):
    class Meta:
        model = AgreementReview
        fields = ["agreement", "raised_on", "reason", "source", "handled_on", "resolution"]
        help_texts = {"resolution": NO_CLIENTS}


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
