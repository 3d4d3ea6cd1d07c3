"""Governance tables, their seats, meetings and actions: the forms' rules, choices kept within the
region, and the audit trail of a new table."""
from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry

from governance.models import (
    ActionItem,
    Domain,
    GovernanceTable,
    Region,
    Stakeholder,
    TableLevel,
    TableScope,
    TableSeat,
)
from tests import factories as make

from .rows import flevoland, social, table, url


def _table_data(**changes) -> dict:
    return {"name": "Wijkoverleg Urk", "domains": [social().pk], "level": TableLevel.OPERATIONAL,
            "scope": TableScope.REGION, "frequency": "monthly"} | changes


# --- Tables and seats -------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_table_for_one_municipality_must_name_it(client_for):
    client = client_for("projectleider")
    response = client.post(url("register_create", "tables"), _table_data(scope=TableScope.MUNICIPALITY))
    assert response.status_code == 200 and "municipality" in response.context["form"].errors
    assert not GovernanceTable.objects.filter(name="Wijkoverleg Urk").exists()
    urk = flevoland().municipalities.get(code="GM0184")
    assert client.post(url("register_create", "tables"),
                       _table_data(scope=TableScope.MUNICIPALITY, municipality=urk.pk)).status_code == 302
    assert GovernanceTable.objects.get(name="Wijkoverleg Urk").municipality == urk


@pytest.mark.django_db
def test_a_municipality_of_another_region_cannot_be_chosen_for_a_table(client_for):
    middelburg = Region.objects.get(slug="zeeland").municipalities.first()
    response = client_for("projectleider").post(
        url("register_create", "tables"), _table_data(scope=TableScope.MUNICIPALITY, municipality=middelburg.pk))
    assert response.status_code == 200 and "municipality" in response.context["form"].errors
    assert not GovernanceTable.objects.filter(name="Wijkoverleg Urk").exists()


@pytest.mark.django_db
def test_a_row_of_zeeland_cannot_be_chosen(client_for):
    zeeland_person = Stakeholder.objects.filter(region__slug="zeeland").first()
    zeeland_domain = Domain.objects.filter(region__slug="zeeland").first()
    client = client_for("projectleider")
    response = client.post(url("register_create", "tables"), _table_data(chair=zeeland_person.pk))
    assert response.status_code == 200 and "chair" in response.context["form"].errors
    response = client.post(url("register_create", "tables"), _table_data(domains=[zeeland_domain.pk]))
    assert response.status_code == 200 and "domains" in response.context["form"].errors
    response = client.post(url("register_create", "seats"), {
        "table": table().pk, "stakeholder": zeeland_person.pk, "role": "member"})
    assert response.status_code == 200 and "stakeholder" in response.context["form"].errors
    assert not GovernanceTable.objects.filter(name="Wijkoverleg Urk").exists()
    assert not TableSeat.objects.filter(stakeholder=zeeland_person).exists()


@pytest.mark.django_db
def test_a_new_table_is_audited_with_actor_and_region(client_for, demo_user):
    response = client_for("projectleider").post(url("register_create", "tables"), _table_data())
    created = GovernanceTable.objects.get(name="Wijkoverleg Urk")
    assert response.status_code == 302 and response["Location"] == url("register_detail", "tables", created.pk)
    entry = LogEntry.objects.get_for_object(created).get(action=LogEntry.Action.CREATE)
    assert entry.actor == demo_user("projectleider")
    assert entry.additional_data["region_id"] == flevoland().pk


# --- Actions ----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_an_action_due_before_its_meeting_is_refused(own_region, own_leader):
    meeting = make.meeting(make.table(own_region, chair=make.stakeholder(own_region)))
    create = url("register_create", "actions", region=own_region.slug)
    before = ActionItem.objects.count()
    response = own_leader.post(create, {
        "meeting": meeting.pk, "description": "Te vroeg", "owner": meeting.table.chair_id,
        "due_on": (meeting.held_on - timedelta(days=1)).isoformat()})
    assert response.status_code == 200 and "due_on" in response.context["form"].errors
    assert ActionItem.objects.count() == before
    ok = own_leader.post(create, {
        "meeting": meeting.pk, "description": "Op tijd", "owner": meeting.table.chair_id,
        "due_on": meeting.held_on.isoformat()})
    assert ok.status_code == 302 and ok["Location"] == url("register_detail", "meetings", meeting.pk,
                                                           region=own_region.slug)


@pytest.mark.django_db
def test_an_action_due_in_the_year_9999_is_refused_with_a_message(own_region, own_leader):
    meeting = make.meeting(make.table(own_region))
    before = ActionItem.objects.count()
    response = own_leader.post(url("register_create", "actions", region=own_region.slug), {
        "meeting": meeting.pk, "description": "Ooit", "owner": make.stakeholder(own_region).pk,
        "due_on": "9999-12-31"})
    assert response.status_code == 200 and "due_on" in response.context["form"].errors
    assert 'max="2100-12-31"' in response.content.decode()  # the date picker offers the same range
    assert ActionItem.objects.count() == before
