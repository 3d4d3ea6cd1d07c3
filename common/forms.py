from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError

from .validators import EARLIEST_DATE, LATEST_DATE

# A date field's input: the browser's date picker, offering the dates the validators accept.
DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={
    "type": "date", "min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat(),
})


def form_helper(submit_label: str) -> FormHelper:
    """Our forms validate on the server and show every message next to its field: the browser's own
    validation bubbles vary per browser and are hard to reach for screen-reader users."""
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    # A form's scripts and styles (the picker's) go in the page's head and end, not inside the form.
    helper.include_media = False
    helper.add_input(Submit("submit", submit_label))
    return helper


# The largest id a database row can have (a 64-bit integer).
MAX_ID = 2**63 - 1


class IdListField(forms.ModelMultipleChoiceField):
    """A list of ids, each checked before the database reads the list. SQLite cannot read an id past
    64 bits in a list (an OverflowError, so a server error), where Django's own lookup of one id already
    answers "no such row"; such an id is refused as any id that is not on offer."""

    def _check_values(self, value):
        if (self.to_field_name or "pk") == "pk":
            for pk in value:
                try:
                    too_big = abs(int(pk)) > MAX_ID
                except (TypeError, ValueError):
                    continue  # not a number: Django refuses it as it is
                if too_big:
                    raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                          params={"value": pk})
        return super()._check_values(value)


def check_id_lists(form: forms.BaseForm) -> None:
    """Every list of rows on the form as an `IdListField` (a ModelForm makes plain ones for its many-to-many
    fields)."""
    for form_field in form.fields.values():
        if type(form_field) is forms.ModelMultipleChoiceField:
            form_field.__class__ = IdListField


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form: at the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
