"""Organisations, stakeholders, their assessments and duos: adding, choosing within the region,
removing what nothing uses any more, and the history of a person's influence and interest."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from governance.models import (
    Domain,
    DomainKind,
    Duo,
    GovernanceTable,
    Organisation,
    OrganisationType,
    Region,
    Stakeholder,
)
from governance.register.selectors import power_interest_grid
from tests import factories as make

from .rows import org, url

# --- Organisations ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_project_leader_adds_an_organisation_and_it_is_audited(client_for, demo_user):
    social = Domain.objects.get(region__slug="flevoland", name="Sociaal domein")
    urk = Region.objects.get(slug="flevoland").municipalities.get(code="GM0184")
    create = reverse("governance:register_create", args=["flevoland", "organisations"])
    response = client_for("projectleider").post(create, {
        "name": "Buurtteam Urk-Oost", "type": OrganisationType.LOCAL_TEAM, "domain": social.pk,
        "municipalities": [urk.pk],
    })
    organisation = Organisation.objects.get(name="Buurtteam Urk-Oost")
    assert response.status_code == 302 and organisation.region.slug == "flevoland"
    assert list(organisation.municipalities.all()) == [urk]
    entries = LogEntry.objects.get_for_object(organisation)
    assert entries.filter(action=LogEntry.Action.CREATE).exists()
    assert {entry.actor for entry in entries} == {demo_user("projectleider")}


@pytest.mark.django_db
def test_a_domain_of_another_region_cannot_be_chosen(client_for):
    zeeland_domain = Domain.objects.filter(region__slug="zeeland").first()
    create = reverse("governance:register_create", args=["flevoland", "organisations"])
    response = client_for("projectleider").post(create, {
        "name": "Iets", "type": OrganisationType.OTHER, "domain": zeeland_domain.pk,
    })
    assert response.status_code == 200 and "domain" in response.context["form"].errors
    assert 'value="Iets"' in response.content.decode()


@pytest.mark.django_db
def test_a_merged_municipality_stays_linked_when_an_organisation_is_saved(client_for):
    organisation = org()
    urk = organisation.municipalities.get(code="GM0184")
    urk.is_active = False
    urk.save()
    client_for("projectleider").post(
        reverse("governance:register_edit", args=["flevoland", "organisations", organisation.pk]),
        {"name": organisation.name, "type": organisation.type, "domain": organisation.domain_id,
         "municipalities": list(organisation.municipalities.values_list("pk", flat=True)),
         "version": organisation.version})
    assert organisation.municipalities.filter(code="GM0184").exists()


@pytest.mark.django_db
def test_an_organisation_with_stakeholders_cannot_be_removed(own_region, own_leader):
    organisation = make.organisation(own_region)
    make.stakeholder(own_region, organisation=organisation)
    response = own_leader.post(
        url("register_remove", "organisations", organisation.pk, region=own_region.slug),
        {"version": organisation.version}, follow=True)
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert "wordt nog gebruikt" in response.content.decode()


# --- Stakeholders and their assessments -------------------------------------------------------------

@pytest.mark.django_db
def test_assessments_keep_history_and_the_newest_is_the_current_position(own_region, own_project_leader,
                                                                         own_leader):
    stakeholder = make.stakeholder(own_region)
    assess = url("stakeholder_assess", stakeholder.pk, region=own_region.slug)
    own_leader.post(assess, {"assessed_on": date.today().isoformat(), "influence": 5, "interest": 1})
    own_leader.post(assess, {"assessed_on": (date.today() - timedelta(days=30)).isoformat(), "influence": 1,
                             "interest": 5})
    grid = power_interest_grid(user=own_project_leader, region=own_region)
    point = next(p for p in grid.points if p.stakeholder.pk == stakeholder.pk)
    assert (point.influence, point.interest) == (5, 1)
    assert stakeholder.assessments.count() >= 2


@pytest.mark.django_db
def test_an_assessment_in_the_future_is_refused(own_region, own_leader):
    stakeholder = make.stakeholder(own_region)
    make.assessment(stakeholder)
    before = stakeholder.assessments.count()
    response = own_leader.post(
        url("stakeholder_assess", stakeholder.pk, region=own_region.slug),
        {"assessed_on": (date.today() + timedelta(days=3)).isoformat(), "influence": 3, "interest": 3})
    assert response.status_code == 200
    assert "toekomst" in response.content.decode()
    assert stakeholder.assessments.count() == before


@pytest.mark.django_db
def test_a_chair_can_be_removed_and_the_table_keeps_going_without_one(own_region, own_leader):
    chair = make.stakeholder(own_region)
    table = make.table(own_region, chair=chair)
    response = own_leader.post(url("register_remove", "stakeholders", chair.pk, region=own_region.slug),
                               {"version": chair.version})
    assert response.status_code == 302
    assert not Stakeholder.objects.filter(pk=chair.pk).exists()
    assert GovernanceTable.objects.get(pk=table.pk).chair is None


@pytest.mark.django_db
def test_the_owner_of_an_action_cannot_be_removed(own_region, own_leader):
    owner = make.stakeholder(own_region)
    make.action(make.meeting(make.table(own_region)), description="Notitie schrijven", owner=owner)
    response = own_leader.post(url("register_remove", "stakeholders", owner.pk, region=own_region.slug),
                               {"version": owner.version}, follow=True)
    assert Stakeholder.objects.filter(pk=owner.pk).exists()
    assert response.redirect_chain[0][0] == url("register_edit", "stakeholders", owner.pk, region=own_region.slug)
    assert "Notitie schrijven" in response.content.decode()  # the message names what still uses them


# --- Duos -------------------------------------------------------------------------------------------

def _someone_in(region: Region, kind: DomainKind) -> Stakeholder:
    works_at = make.organisation(region, domain=make.domain(region, kind=kind))
    return make.stakeholder(region, organisation=works_at)


@pytest.mark.django_db
def test_a_duo_needs_a_social_and_a_safety_person(own_region, own_leader):
    police = _someone_in(own_region, DomainKind.SAFETY)
    prosecutor = _someone_in(own_region, DomainKind.SAFETY)
    alderman = _someone_in(own_region, DomainKind.SOCIAL)
    create = url("register_create", "duos", region=own_region.slug)
    before = Duo.objects.count()
    response = own_leader.post(create, {
        "social": prosecutor.pk, "safety": police.pk, "level": "administrative", "pulls_together": "Iets"})
    assert response.status_code == 200 and "social" in response.context["form"].errors
    assert Duo.objects.count() == before
    ok = own_leader.post(create, {
        "social": alderman.pk, "safety": police.pk, "level": "administrative", "pulls_together": "Iets"})
    assert ok.status_code == 302 and Duo.objects.count() == before + 1
