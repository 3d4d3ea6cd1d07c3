"""Hostile input at every form (issue 15 item 6): for each page in `pages.PAGES`, Hypothesis fills the
form the page shows with long, control, right-to-left, markup, SQL-looking, impossible and foreign
values. What must hold, per input: see `harness`."""
from __future__ import annotations

import pytest
from django.apps import apps
from django.core.cache import caches
from hypothesis import given

from . import harness
from .pages import PAGES


@pytest.fixture
def foreign_ids(db) -> list[str]:
    """Ids of another region's rows (Zeeland's), of every kind a select in Flevoland offers."""
    ids = set()
    for model in apps.get_models():
        if model._meta.app_label in ("governance", "casework", "escalation") and any(
                f.name == "region" for f in model._meta.fields):
            ids.update(model.objects.filter(region__slug="zeeland").values_list("pk", flat=True)[:5])
    return sorted(str(pk) for pk in ids)


@pytest.fixture(autouse=True)
def _clear_caches():
    # A picture cached for a rolled-back example must not be served to the next test.
    yield
    for cache in caches.all():
        cache.clear()


def _opened(client_for, page):
    """The client of the first user who may open the page, and the page's HTML."""
    url = page.url()
    for user in page.users:
        client = client_for(user)
        response = client.get(page.shown_at() if page.shown_at else url)
        if response.status_code == 200:
            return client, url, response.content.decode()
    pytest.fail(f"none of {page.users} may open {url}")


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_a_form_survives_hostile_input(name, client_for, foreign_ids, record_property):
    page = PAGES[name]
    client, url, html = _opened(client_for, page)
    forms = harness.page_forms(html, url, page.method, action=url if page.shown_at else None)
    if page.shown_at:
        forms = [form for form in forms if form.action == url]
    assert forms, f"{name}: no {page.method.upper()} form on {url}"
    form = max(forms, key=lambda f: len(f.fields))
    foreign = foreign_ids

    lists_checked = []  # the lists a stored value shows on cost a page each: read them for one accepted input

    @given(harness.post_data(form, foreign))
    def fuzz(data):
        harness.TRIED[name] += 1
        harness.in_savepoint(lambda: _check(client, url, page, form, data, lists_checked))

    fuzz()
    record_property("fuzz", (name, harness.TRIED[name]))


def _shown(data: dict) -> dict:
    """The submission, short enough to read in a failure."""
    return {name: (value[:40] + f"...({len(value)})" if isinstance(value, str) and len(value) > 40 else value)
            for name, value in data.items() if name != "csrfmiddlewaretoken"}


def _check(client, url, page, form, data, lists_checked):
    before = harness.table_counts(page.models)
    response = harness.submit(client, url, page.method, data)  # a server error is raised here
    status = response.status_code
    assert status in (200, 302, 400, 403, 404), status
    html = response.content.decode() if not hasattr(response, "streaming_content") else ""
    assert not harness.unescaped(html), harness.unescaped(html)
    if page.method == "get":
        return
    after = harness.table_counts(page.models)
    if status == 302:
        unoffered = [] if page.scope_falls_back else harness.unoffered(form, data)
        assert not unoffered, ("accepted values the form did not offer", unoffered, _shown(data))
        lists = [] if lists_checked else [show() for show in page.shown_on]
        lists_checked.extend(lists)
        for shown in [response["Location"], *lists]:
            target = client.get(shown)
            assert target.status_code == 200, (shown, target.status_code)
            found = harness.unescaped(target.content.decode())
            assert not found, (shown, found)
    else:
        assert after == before, ("a refused form stored something", _shown(data))
        if status in (200, 400):
            assert harness.shows_error(html), ("a refused form without a message", _shown(data),
                                              response.context and response.context.get("form") and
                                              response.context["form"].errors)
