from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

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
