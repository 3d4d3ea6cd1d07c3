"""Our `bootstrap5/field.html` (common/templatetags/crispy_field.py) writes exactly what
crispy-bootstrap5's own template writes: every form page is fetched twice, once as it is and once with
every field handed to crispy's template, and the two responses must be the same bytes.

The only thing evened out is the CSRF token, which Django masks afresh on every rendering."""
from __future__ import annotations

import re
from unittest import mock

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.utils import render_crispy_form
from django import forms
from django.urls import reverse
from django.utils.safestring import mark_safe

from common.templatetags import crispy_field
from escalation.workflow import Reason
from governance.models import AgreementVersion, Region, Stakeholder
from governance.register.entities import ENTITIES
from tests.logins import STEP

from .test_widgets import Groups

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _normal(html: str) -> str:
    return CSRF.sub('name="csrfmiddlewaretoken" value=""', html)


def _both_ways(render) -> tuple[str, str, int]:
    """(our rendering, crispy's, how many fields ours wrote itself)."""
    written = []

    def counting(context, field):
        html = fast(context, field)
        written.append(html is not None)
        return html

    fast = crispy_field.render_fast
    with mock.patch.object(crispy_field, "render_fast", counting):
        ours = render()
    with mock.patch.object(crispy_field, "render_fast", lambda context, field: None):
        theirs = render()
    return _normal(ours), _normal(theirs), sum(written)


def _page(client, method: str, url: str, data=None):
    def render():
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code == 200, (method, url, response.status_code)
        return response.content.decode()
    return render


def _form_pages(demo_user) -> list[tuple[str, str, str, dict | None]]:
    """(user, method, url, data): every register form new and with its first row, unbound and posted
    nearly empty (errors on every required field), and the other forms people fill in."""
    region = Region.objects.get(slug="flevoland")
    pages = []
    for key, entity in ENTITIES.items():
        new = reverse("governance:register_create", args=["flevoland", key])
        # Any posted field binds the form (an empty POST is read as none).
        pages += [("projectleider", "get", new, None), ("projectleider", "post", new, {"version": ""})]
        first = entity.selector(user=demo_user("projectleider"), region=region).first()
        if first is not None:
            edit = reverse("governance:register_edit", args=["flevoland", key, first.pk])
            pages += [("projectleider", "get", edit, None),
                      ("projectleider", "post", edit, {"version": first.version})]
    version = AgreementVersion.objects.filter(agreement__region=region).first()
    checklist = reverse("governance:checklist_edit", args=["flevoland", version.pk])
    stakeholder = Stakeholder.objects.filter(region=region).first()
    member_add = reverse("governance:member_add", args=["flevoland"])
    escalation = reverse("escalation:create", args=["flevoland"])
    return pages + [
        ("projectleider", "get", checklist, None), ("projectleider", "post", checklist, {"version": ""}),
        ("beheerder", "get", member_add, None), ("beheerder", "post", member_add, {"role": ""}),
        ("beleidsmedewerker", "get", escalation, None),
        ("beleidsmedewerker", "post", escalation, {"reason": Reason.SAFETY}),
        ("projectleider", "get", reverse("escalation:settings", args=["flevoland"]), None),
        ("projectleider", "get", reverse("governance:register_detail",
                                         args=["flevoland", "stakeholders", stakeholder.pk]), None),
        ("projectleider", "post", reverse("governance:stakeholder_assess", args=["flevoland", stakeholder.pk]),
         {"influence": "x"}),
        ("projectleider", "get", reverse("password_change"), None),
    ]


@pytest.mark.django_db
def test_every_form_page_is_the_same_as_with_crispys_own_field_template(client_for, demo_user):
    written = 0
    for user, method, url, data in _form_pages(demo_user):
        ours, theirs, count = _both_ways(_page(client_for(user), method, url, data))
        assert ours == theirs, (method, url)
        written += count
    assert written > 500  # the comparison is about our template, not crispy's twice


@pytest.mark.django_db
def test_the_login_form_is_the_same(client):
    ours, theirs, count = _both_ways(_page(client, "get", reverse("login")))
    assert ours == theirs and count == 2
    ours, theirs, count = _both_ways(_page(client, "post", reverse("login"), {STEP: "auth", "auth-username": "x"}))
    assert ours == theirs and count == 2


class Everything(forms.Form):
    """Each kind of field and widget attribute the fast path writes, with markup in labels and help."""

    secret = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label="Naam <b>&</b>", help_text="Some <em>help</em>", max_length=10)
    optional = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": "mine", "data-x": '"q"'}))
    number = forms.IntegerField(required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    mail = forms.EmailField(disabled=True, required=False)
    text = forms.CharField(widget=forms.Textarea, help_text="Long")
    kind = forms.ChoiceField(choices=[("", "---"), ("a", "A & B")])
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    agree = forms.BooleanField(label="I agree", help_text="Really")
    maybe = forms.BooleanField(required=False, label="")
    when = forms.SplitDateTimeField(required=False)  # a multi-widget: crispy's template writes it
    upload = forms.FileField(required=False)  # a file input: crispy's template writes it
    unlabelled = forms.CharField(label="", required=False)
    grouped = forms.ChoiceField(required=False, choices=[
        ("", "---"), ("Sociaal & zorg", [("1", "Wijkteam"), ("2", "<GGD>")]), ("3", "Politie")])
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": mark_safe("new&amp;password")}))
    site = forms.URLField(required=False, assume_scheme="https", initial="https://example.org/?a=1&b=2")
    at = forms.TimeField(required=False, localize=True)  # localized: Django's template writes the widget
    again = forms.CharField(required=False, show_hidden_initial=True, initial="x")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["optional"].widget.attrs["aria-describedby"] = "elsewhere"
        self.fields["name"].widget.attrs["id"] = "custom_id"


class EverythingWithGroups(Everything, Groups):
    pass


HELPERS = [
    {},
    {"help_text_inline": True},
    {"help_text_inline": True, "error_text_inline": False},
    {"error_text_inline": False},
    {"form_show_errors": False},
    {"form_show_labels": False},
    {"form_class": "form-horizontal", "label_class": "col-2", "field_class": "col-10"},
    {"wrapper_class": "extra", "attrs": {"novalidate": ""}},
]


POSTED = {"optional": "<x>", "number": "no", "many": ["a"], "agree": "on", "grouped": "2", "text": "  <b>\n",
          "site": "x"}


@pytest.mark.parametrize("settings_", HELPERS)
@pytest.mark.parametrize("data", [None, POSTED])
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_each_kind_of_field_and_helper_setting_is_the_same(settings_, data, auto_id):
    def render():
        form = EverythingWithGroups(data, auto_id=auto_id)
        form.error_css_class, form.required_css_class = "has-error", "is-required"
        form.helper = FormHelper()
        for name, value in settings_.items():
            setattr(form.helper, name, value)
        return render_crispy_form(form, form.helper)

    ours, theirs, count = _both_ways(render)
    assert ours == theirs
    assert count > (0 if settings_.get("form_class") or settings_.get("form_show_labels") is False else 10)
