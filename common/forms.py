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


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form: at the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
