"""Simultaneous saves on SQLite, the embedded default: writers queue for the database instead of one
of them getting a server error, the version check then refuses the stale ones, and a write that
still cannot get the database in time answers with a page that keeps the input.

These tests need their own connections in threads on the test database file, so they run on
SQLite only (PostgreSQL's row locks have their own test in escalation/tests/test_concurrency.py)."""
from __future__ import annotations

import sqlite3

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from escalation.models import Escalation, EscalationTransition
from escalation.tests.test_workflow import POLICY, REASON, file_escalation, user
from governance.models import Agreement
from tests.threads import at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's database-wide write lock"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo():
    from governance.demo import demo_build, demo_is_loaded

    if not demo_is_loaded():  # a transactional test starts from an empty (flushed) database
        demo_build()


def post_together(clients: list[Client], path: str, data: dict) -> list:
    """Every client posts the same form at the same moment; the responses, or the errors raised."""
    return at_once([lambda client=client: client.post(path, data) for client in clients])


def logged_in(username: str, count: int) -> list[Client]:
    clients = []
    for _ in range(count):
        client = Client(raise_request_exception=True)
        client.force_login(user(username))
        clients.append(client)
    return clients


def test_three_identical_escalation_steps_at_once_record_one(demo):
    escalation = file_escalation()
    seen = Escalation.objects.get(pk=escalation.pk).version
    history = EscalationTransition.objects.filter(escalation=escalation).count()
    path = reverse("escalation:step", args=["flevoland", escalation.pk, "start-route_1"])

    responses = post_together(logged_in(POLICY, 3), path, {"reason": REASON, "version": seen})

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302, 302]  # saved, or told it changed
    assert EscalationTransition.objects.filter(escalation=escalation).count() == history + 1
    assert Escalation.objects.get(pk=escalation.pk).version == seen + 1


def test_two_simultaneous_agreement_edits_save_one_and_refuse_the_other(demo):
    agreement = Agreement.objects.filter(region__slug="flevoland").order_by("pk").first()
    path = reverse("governance:register_edit", args=["flevoland", "agreements", agreement.pk])
    clients = logged_in("projectleider", 2)
    form = clients[0].get(path).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: ("" if value is None else value) for name, value in data.items()}

    responses = post_together(clients, path, data | {"title": "Gewijzigd tegelijk"})

    statuses = sorted(getattr(r, "status_code", r) for r in responses)
    assert statuses == [200, 302], responses  # one saved; the other re-shows the form with the conflict
    conflict = next(r for r in responses if r.status_code == 200).content.decode()
    assert "Iemand anders" in conflict and "Gewijzigd tegelijk" in conflict  # the input is kept
    assert Agreement.objects.get(pk=agreement.pk).version == agreement.version + 1


def test_a_write_that_cannot_get_the_database_in_time_keeps_the_input(demo, settings):
    escalation = file_escalation()
    seen = Escalation.objects.get(pk=escalation.pk).version
    client = logged_in(POLICY, 1)[0]
    path = reverse("escalation:step", args=["flevoland", escalation.pk, "start-route_1"])
    # Someone else holds the write lock for longer than this request waits.
    holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    options = connection.settings_dict["OPTIONS"]
    timeout = options["timeout"]
    holder.execute("BEGIN IMMEDIATE")
    try:
        connection.close()
        options["timeout"] = 0.2
        response = client.post(path, {"reason": "Het wijkteam wacht al drie weken.", "version": seen})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        connection.close()
        options["timeout"] = timeout

    assert response.status_code == 503 and response["Retry-After"]
    page = response.content.decode()
    assert 'value="Het wijkteam wacht al drie weken."' in page and f'name="version" value="{seen}"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert Escalation.objects.get(pk=escalation.pk).version == seen  # nothing was saved
    # Sending it again once the database is free saves the step.
    assert client.post(path, {"reason": "Het wijkteam wacht al drie weken.", "version": seen}).status_code == 302
    assert Escalation.objects.get(pk=escalation.pk).state == "route_1"
