"""The gap checks (governance/register/checks.py): what every region should have in place, the
demo's gaps as the register home and the lists flag them, a gap that goes once it is fixed, and
nothing of it for another region."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from governance.models import (
    ActionItem,
    Domain,
    DomainKind,
    FixedContact,
    GovernanceTable,
    Organisation,
    OrganisationType,
    PlanKind,
    PolicyPlan,
)
from governance.register.checks import (
    local_teams_without_fixed_contact,
    overdue_actions,
    policy_plan_gaps,
    tables_without_chair_or_secretariat,
)
from tests import factories as make

from .rows import FLEVO, NO_SECRETARIAT, OVERDUE_AGREEMENT, STUURGROEP, flevoland, org, person, table, url

# --- The rules, one by one ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_policy_plan_gaps_flag_missing_plans_and_plans_without_domestic_violence(demo_user):
    region, leader = flevoland(), demo_user("projectleider")
    year = timezone.localdate().year
    gaps = {gap.municipality.code: gap.problems for gap in policy_plan_gaps(user=leader, region=region, year=year)}
    assert list(gaps) == ["GM0171"] and len(gaps["GM0171"]) == 1  # the demo's gap: the youth plan

    urk = region.municipalities.get(code="GM0184")
    PolicyPlan.objects.filter(region=region, municipality=urk, kind=PlanKind.WMO).delete()
    gaps = {gap.municipality.code: gap.problems for gap in policy_plan_gaps(user=leader, region=region, year=year)}
    assert set(gaps) == {"GM0171", "GM0184"} and len(gaps["GM0184"]) == 1

    # A plan whose period does not include the year does not count, however good it is.
    PolicyPlan.objects.create(region=region, municipality=urk, kind=PlanKind.WMO, starts=year + 2, ends=year + 5,
                              covers_domestic_violence=True)
    PolicyPlan.objects.create(region=region, municipality=urk, kind=PlanKind.WMO, starts=year - 9, ends=year - 1,
                              covers_domestic_violence=True)
    gaps = {gap.municipality.code: gap.problems for gap in policy_plan_gaps(user=leader, region=region, year=year)}
    assert "GM0184" in gaps

    # The year itself at the edge of a period does count.
    PolicyPlan.objects.create(region=region, municipality=urk, kind=PlanKind.WMO, starts=year, ends=year,
                              covers_domestic_violence=True)
    assert "GM0184" not in {g.municipality.code for g in policy_plan_gaps(user=leader, region=region, year=year)}

    # Ten years on, no plan is current anywhere: every municipality misses all three.
    later = policy_plan_gaps(user=leader, region=region, year=year + 10)
    assert len(later) == region.municipalities.filter(is_active=True).count()
    assert all(len(gap.problems) == 3 for gap in later)


def test_a_covering_plan_next_to_a_non_covering_one_closes_the_gap(demo_user):
    region, leader = flevoland(), demo_user("projectleider")
    year = timezone.localdate().year
    nop = region.municipalities.get(code="GM0171")
    PolicyPlan.objects.create(region=region, municipality=nop, kind=PlanKind.YOUTH, starts=year, ends=year + 3,
                              covers_domestic_violence=True)
    assert policy_plan_gaps(user=leader, region=region, year=year) == []


def test_gap_rules_tell_another_region_nothing(demo_user):
    region, outsider = flevoland(), demo_user("zeeland-projectleider")
    assert policy_plan_gaps(user=outsider, region=region) == []
    assert not local_teams_without_fixed_contact(user=outsider, region=region).exists()
    assert not overdue_actions(user=outsider, region=region).exists()
    assert not tables_without_chair_or_secretariat(user=outsider, region=region).exists()


def test_local_teams_without_a_fixed_contact(demo_user):
    region, leader = flevoland(), demo_user("projectleider")
    teams = local_teams_without_fixed_contact(user=leader, region=region)
    assert list(teams.values_list("name", flat=True)) == ["Sociaal Team Urk"]
    FixedContact.objects.create(region=region, local_team=org("Sociaal Team Urk"),
                                contact=person("Politie Basisteam Noordoostpolder-Urk", 1))
    assert not local_teams_without_fixed_contact(user=leader, region=region).exists()
    # Only local teams need one: a new police team without a contact is not a gap.
    Organisation.objects.create(region=region, name="Politie Extra", type=OrganisationType.POLICE,
                                domain=Domain.objects.get(region=region, kind=DomainKind.SAFETY))
    assert not local_teams_without_fixed_contact(user=leader, region=region).exists()


@pytest.mark.django_db
def test_overdue_actions_are_open_and_past_their_date(own_region, own_project_leader):
    today = date(2030, 6, 1)
    meeting = make.meeting(make.table(own_region))
    late = make.action(meeting, due_on=today - timedelta(days=1))
    make.action(meeting, due_on=today)  # due today: not yet overdue
    make.action(meeting, due_on=today + timedelta(days=1))
    make.action(meeting, due_on=today - timedelta(days=30), done_on=today - timedelta(days=1))  # done late: never
    assert list(overdue_actions(user=own_project_leader, region=own_region, today=today)) == [late]
    assert late.is_overdue(today) and not late.is_overdue(today - timedelta(days=1))


@pytest.mark.django_db
def test_tables_without_chair_or_secretariat(demo_user):
    region, leader = flevoland(), demo_user("projectleider")
    assert list(tables_without_chair_or_secretariat(user=leader, region=region).values_list("name", flat=True)) == [
        NO_SECRETARIAT]
    GovernanceTable.objects.filter(pk=table().pk).update(chair=None)
    assert set(tables_without_chair_or_secretariat(user=leader, region=region).values_list("name", flat=True)) == {
        NO_SECRETARIAT, STUURGROEP}


# --- The demo's gaps, where people see them ---------------------------------------------------------

@pytest.mark.django_db
def test_the_demos_gaps_show_on_the_register_home(client_for):
    response = client_for("wethouder").get(url("register_home"))
    attention = {entity.key: " ".join(messages) for entity, messages in response.context["attention"]}
    assert set(attention) == {"fixed-contacts", "policy-plans", "agreements", "actions", "tables", "reviews",
                              "conflicts", "risks"}
    assert "Sociaal Team Urk" in attention["fixed-contacts"]
    assert "Noordoostpolder" in attention["policy-plans"] and "Urk" not in attention["policy-plans"]
    assert OVERDUE_AGREEMENT in attention["agreements"]
    assert NO_SECRETARIAT in attention["tables"]
    overdue = overdue_actions(user=response.wsgi_request.user, region=flevoland()).count()
    assert overdue > 0 and str(overdue) in attention["actions"]
    content = response.content.decode()
    assert "Sociaal Team Urk" in content and NO_SECRETARIAT in content


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "needle"), [
    ("fixed-contacts", "Sociaal Team Urk"),
    ("policy-plans", "Noordoostpolder"),
    ("agreements", OVERDUE_AGREEMENT),
    ("tables", NO_SECRETARIAT),
])
def test_the_demos_gaps_show_above_their_lists(client_for, key, needle):
    response = client_for("beleidsmedewerker").get(url("register_list", key))
    assert any(needle in message for message in response.context["checks"])


@pytest.mark.django_db
def test_the_overdue_actions_flag_on_the_actions_list_goes_when_they_are_done(client_for):
    client = client_for("projectleider")
    assert client.get(url("register_list", "actions")).context["checks"]
    ActionItem.objects.filter(region__slug=FLEVO, done_on__isnull=True).update(done_on=timezone.localdate())
    assert client.get(url("register_list", "actions")).context["checks"] == []


@pytest.mark.django_db
def test_a_gap_that_is_fixed_leaves_the_home_page(client_for):
    FixedContact.objects.create(region=flevoland(), local_team=org("Sociaal Team Urk"),
                                contact=person("Politie Basisteam Noordoostpolder-Urk", 1))
    response = client_for("projectleider").get(url("register_home"))
    assert "fixed-contacts" not in {entity.key for entity, _messages in response.context["attention"]}


@pytest.mark.django_db
def test_zeelands_register_home_shows_none_of_flevolands_gaps(client_for):
    response = client_for("zeeland-projectleider").get(url("register_home", region="zeeland"))
    assert response.status_code == 200
    content = response.content.decode()
    for needle in ["Sociaal Team Urk", NO_SECRETARIAT, OVERDUE_AGREEMENT, "Noordoostpolder"]:
        assert needle not in content
