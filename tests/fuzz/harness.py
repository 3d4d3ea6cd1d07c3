"""The fuzz harness: read a page's form as a browser would, fill it with hostile values drawn by
Hypothesis, send it, and check what came back.

A form page passes when, for every input: nothing crashes (the test client re-raises a server error);
input it refuses comes back with a message and leaves every table as it was; input it accepts is
rendered escaped on the page it leads to; and no select takes a value it did not offer (an id from
another region must never be stored)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from auditlog.models import LogEntry
from django.db import transaction
from hypothesis import strategies as st

from . import strategies as fz

# Inputs tried per form in this process, reported at the end of the run when FUZZ_REPORT=1 (conftest.py).
TRIED: Counter = Counter()

# Where a refusal says why: the field's message, a non-field error, a message above the form.
_ERROR_MARKERS = ("invalid-feedback", "alert-danger", "errorlist", "alert-warning", "text-danger")
_TEXT_TYPES = {"text", "email", "url", "search", "tel", "password", None}


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, date, number, select, checkbox, radio, hidden, file
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    checked: bool = False


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Form((a.get("method") or "get").lower(), a.get("action") or "")
            self.forms.append(self._form)
            return
        name = a.get("name")
        if self._form is None:
            return
        if tag == "option" and self._select is not None:
            self._select.options.append(a.get("value") or "")
            return
        if not name or "disabled" in a:
            return  # a disabled field is never sent, and the form ignores it
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            kind = "text" if kind in _TEXT_TYPES else kind
            if kind in ("submit", "button", "reset", "image"):
                return
            existing = self._form.fields.get(name)
            if existing and kind in ("checkbox", "radio"):
                existing.options.append(a.get("value") or "on")
                existing.multiple = kind == "checkbox"
                return
            self._form.fields[name] = Field(name, kind, a.get("value") or "", options=[a.get("value") or "on"],
                                            checked="checked" in a)
        elif tag == "textarea":
            self._form.fields[name] = Field(name, "textarea")
        elif tag == "select":
            self._select = Field(name, "select", multiple="multiple" in a)
            self._form.fields[name] = self._select

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def page_forms(html: str, url: str, method: str | None = None, action: str | None = None) -> list[Form]:
    """The page's own forms (posting to itself or to `action`), not the header's logout and language forms."""
    parser = _FormParser()
    parser.feed(html)
    return [form for form in parser.forms if form.action in ("", url, ".", action)
            and (method is None or form.method == method)]


def _field_value(f: Field, foreign: list[str]):
    if f.kind == "textarea" or f.kind == "text":
        return st.one_of(fz.hostile_text, st.text("abcdefghij klmnop", min_size=1, max_size=30))
    if f.kind == "date":
        return fz.hostile_date
    if f.kind == "number":
        return fz.hostile_number
    if f.kind == "select":
        offered = [option for option in f.options if option]
        one = fz.hostile_choice(offered, foreign)
        return st.lists(one, max_size=3) if f.multiple else one
    if f.kind in ("checkbox", "radio"):
        one = fz.hostile_choice(f.options, [])
        if f.kind == "checkbox" and f.multiple:
            return st.lists(one, max_size=3)
        return st.one_of(st.none(), one)
    if f.kind == "hidden":  # mostly the version the form was loaded at: keep it, else break it
        return st.one_of(st.just(f.value), st.just(f.value), fz.hostile_number)
    if f.kind == "file":
        return st.none()  # uploads have their own tests (common/uploads.py); a register row works without one
    return fz.hostile_text


def post_data(form: Form, foreign: list[str]):
    """A strategy for one submission of the form: a hostile or plausible value per field, or none at all."""
    names = sorted(form.fields)
    values = [st.one_of(_field_value(form.fields[name], foreign), st.none()) if form.fields[name].kind != "hidden"
              else _field_value(form.fields[name], foreign) for name in names]
    return st.tuples(*values).map(
        lambda drawn: {name: value for name, value in zip(names, drawn, strict=True) if value is not None})


def unoffered(form: Form, data: dict) -> list[str]:
    """The selects (and radios) that were sent a value they did not offer."""
    wrong = []
    for name, f in form.fields.items():
        if name not in data or not (f.kind in ("select", "radio") or (f.kind == "checkbox" and f.multiple)):
            continue
        sent = data[name] if isinstance(data[name], list) else [data[name]]
        if any(value not in f.options for value in sent if value != ""):
            wrong.append(name)
    return wrong


class _Unescaped(HTMLParser):
    """Start tags and scripts that only an unescaped input could have made."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        names = {name for name, _value in attrs}
        if "data-fz" in names or any(name.startswith("on") for name in names):
            self.found.append(f"<{tag} {attrs}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.found.append(f"<script>{data[:60]}")


def unescaped(html: str) -> list[str]:
    parser = _Unescaped()
    parser.feed(html)
    return parser.found


def shows_error(html: str) -> bool:
    return any(marker in html for marker in _ERROR_MARKERS)


def table_counts(models) -> tuple:
    """Rows per table that a form could write to, and the audit trail's changes (every change leaves an
    entry). Reads are left out: a refused form of a case shows its values again, which is a logged look."""
    changes = LogEntry.objects.exclude(action=LogEntry.Action.ACCESS).count()
    return (changes, *(model.objects.count() for model in models))


class Rollback(Exception):
    """Leaves the savepoint, so that each example starts from the same demo data."""


def in_savepoint(check):
    try:
        with transaction.atomic():
            check()
            raise Rollback
    except Rollback:
        pass


def submit(client, url: str, method: str, data: dict):
    if method == "get":
        return client.get(url, data)
    return client.post(url, data)
