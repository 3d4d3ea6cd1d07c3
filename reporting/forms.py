"""The figures import's choice of table, and the explanation of one figure in one period."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import form_helper
from common.identifiers import validate_no_identifiers

from .cbs import TABLES


class FigureImportForm(forms.Form):
    table = forms.ChoiceField(
        label=_("CBS table"), choices=[("", "---------")] + [(t.id, f"{t.id} – {t.title}") for t in TABLES.values()],
        help_text=_("The table the file was downloaded from: its measures are read by the names that table uses."))
    file = forms.FileField(label=_("File (CSV or XLSX, at most 2 MB)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Import"))


class ExplanationForm(forms.Form):
    text = forms.CharField(
        label=_("Explanation"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}),
        validators=[validate_no_identifiers],
        help_text=_("What the figure means for the board: how it developed and why, what it does and does not say "
                    "(reports follow the willingness to report), and what the region does about it. Figures only, "
                    "never clients."))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Save the explanation"))


class ReportForm(forms.Form):
    """What the report covers, and whether figures nobody has explained go in anyway (and why)."""

    municipality = forms.ChoiceField(label=_("For"), required=False)
    include_unexplained = forms.BooleanField(
        label=_("Include the figures that have no explanation yet, marked as unexplained"), required=False)
    reason = forms.CharField(
        label=_("Why they go in unexplained"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_no_identifiers],
        help_text=_("Recorded with your name and kept in the change history."))

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("The whole region"))] + [
            (m.code, m.name) for m in region.municipalities.order_by("name")]
        self.helper = form_helper(_("Download the report (PDF)"))

    def clean(self):
        data = super().clean()
        if data.get("include_unexplained") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why figures without an explanation go to the board."))
        return data


class ScopeForm(forms.Form):
    """Whose dashboard: the region's, or one municipality's. A municipality role reads only its own."""

    municipality = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args, municipalities, whole_region: bool, region_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(m.code, m.name) for m in municipalities]
        self.fields["municipality"].choices = ([("", _("The whole region (%(region)s)") % {"region": region_name})]
                                               if whole_region else []) + choices
        self.fields["municipality"].widget.attrs["class"] = "form-select"
        self.default = "" if whole_region else (choices[0][0] if choices else "")

    @property
    def code(self) -> str:
        """The chosen municipality's code, "" for the region; a choice that is not offered counts as none."""
        return (self.cleaned_data["municipality"] or self.default) if self.is_valid() else self.default

    @property
    def has_choice(self) -> bool:
        return len(self.fields["municipality"].choices) > 1
