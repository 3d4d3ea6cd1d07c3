"""The lists' filter bars offer only choices that can match, from the region's own rows."""
from __future__ import annotations

import pytest

from tests import factories as make

from .rows import url


def _options(response, name: str) -> set[str]:
    field = response.context["filter"].form.fields[name]
    return {label for value, label in field.choices if value != ""}


@pytest.mark.django_db
def test_the_action_owner_filter_offers_only_people_who_own_an_action(own_region, own_leader):
    owner = make.stakeholder(own_region, name="Eigenaar van een actie")
    make.stakeholder(own_region, name="Zonder acties")
    make.action(make.meeting(make.table(own_region)), owner=owner)
    response = own_leader.get(url("register_list", "actions", region=own_region.slug))
    assert _options(response, "owner") == {"Eigenaar van een actie"}
    assert "Zonder acties" not in response.content.decode()


@pytest.mark.django_db
def test_the_agreement_filters_offer_only_parties_and_monitoring_tables(own_region, own_leader):
    party, bystander = make.organisation(own_region, name="Partij"), make.organisation(own_region, name="Toeschouwer")
    monitor, idle = make.table(own_region, name="Volgt de afspraak"), make.table(own_region, name="Volgt niets")
    make.agreement(own_region, monitored_by=monitor).parties.add(party)
    response = own_leader.get(url("register_list", "agreements", region=own_region.slug))
    assert _options(response, "party") == {"Partij"}
    assert _options(response, "table") == {"Volgt de afspraak"}
    html = response.content.decode()
    assert bystander.name not in html and idle.name not in html


@pytest.mark.django_db
def test_a_filtered_choice_still_filters(own_region, own_leader):
    owner = make.stakeholder(own_region)
    mine = make.action(make.meeting(make.table(own_region)), owner=owner, description="Mijn actie")
    make.action(make.meeting(make.table(own_region)), description="Andermans actie")
    response = own_leader.get(url("register_list", "actions", region=own_region.slug), {"owner": owner.pk})
    assert [row[0] for row in response.context["rows"]] == [mine]
