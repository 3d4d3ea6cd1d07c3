"""Snapshots of the map: taken by the project leader, audited, never changed, compared on stable keys;
and the coherence rules of conflicts, risks and opportunities."""
from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from governance.map.services import snapshot_compare, snapshot_take, theme_default_needs
from governance.models import (
    AttentionStatus,
    ConflictKind,
    DomainKind,
    ImmutableRowError,
    MapSnapshot,
    Region,
    Role,
    TableLevel,
)
from tests import factories as f

TODAY = date(2026, 6, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    region = f.region()
    region.municipalities.set([f.municipality()])
    f.domain(region, kind=DomainKind.SOCIAL)
    f.domain(region, kind=DomainKind.SAFETY)
    return region


def theme(region, name):
    made = f.theme(region, name=name)
    theme_default_needs(made)
    return made


def test_a_snapshot_freezes_the_findings_and_is_audited(region):
    leader = f.member(region)
    house_ban = theme(region, "Huisverbod")
    snapshot = snapshot_take(user=leader, region=region, name="  Nulmeting ", today=TODAY)
    assert (snapshot.name, snapshot.taken_on, snapshot.taken_by) == ("Nulmeting", TODAY, leader)
    record = next(r for r in snapshot.findings if r["kind"] == "white_spot")
    assert record == {"key": f"white_spot:theme:{house_ban.pk}", "kind": "white_spot",
                      "theme": {"pk": house_ban.pk, "name": "Huisverbod"}, "domain": None,
                      "subject": "Huisverbod", "reason": "No table steers “Huisverbod”."}
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(MapSnapshot), object_id=snapshot.pk)
    assert entry.action == LogEntry.Action.CREATE and entry.actor == leader
    assert entry.additional_data == {"region_id": region.pk}


def test_a_snapshot_can_never_be_changed(region):
    snapshot = snapshot_take(user=f.member(region), region=region, name="Nulmeting", today=TODAY)
    snapshot.name = "Anders"
    with pytest.raises(ImmutableRowError):
        snapshot.save()
    with pytest.raises(ImmutableRowError):
        MapSnapshot.objects.filter(pk=snapshot.pk).update(name="Anders")
    assert MapSnapshot.objects.get(pk=snapshot.pk).name == "Nulmeting"


def test_only_who_edits_the_register_takes_snapshots(region):
    with pytest.raises(PermissionDenied):
        snapshot_take(user=f.member(region, Role.ALDERMAN), region=region, name="Nulmeting")
    with pytest.raises(PermissionDenied):
        snapshot_take(user=f.member(f.region()), region=region, name="Nulmeting")


def test_a_snapshot_of_a_municipality_outside_the_region_is_refused(region):
    other = f.municipality()
    with pytest.raises(ValidationError):
        snapshot_take(user=f.member(region), region=region, name="Elders", municipality=other)
    with pytest.raises(ValidationError):
        snapshot_take(user=f.member(region), region=region, name="Elders", subregion=f.region())
    assert not MapSnapshot.objects.filter(region=region).exists()


def test_compare_shows_closed_new_and_unchanged_findings(region):
    leader = f.member(region)
    house_ban, trafficking = theme(region, "Huisverbod"), theme(region, "Mensenhandel")
    earlier = snapshot_take(user=leader, region=region, name="Nulmeting", today=TODAY)
    table = f.table(region, level=TableLevel.ADMINISTRATIVE)
    table.domains.set(house_ban.needed_domains.all())  # the social and the safety domain
    table.themes.set([house_ban])
    later = snapshot_take(user=leader, region=region, name="Voortgang", today=TODAY)

    comparison = snapshot_compare(user=leader, earlier=earlier, later=later)
    # The theme is steered now, and the social and safety domains it needs take part in a table.
    assert {r["key"] for r in comparison.closed} == {f"white_spot:theme:{house_ban.pk}"} | {
        f"domain_absent:domain:{pk}" for pk in house_ban.needed_domains.values_list("pk", flat=True)}
    assert f"overlap_without_agreement:theme:{house_ban.pk}" in {r["key"] for r in comparison.new}
    assert [r["key"] for r in comparison.unchanged] == [f"white_spot:theme:{trafficking.pk}"]

    today = snapshot_compare(user=leader, earlier=earlier, today=TODAY)
    assert today.later is None and today.later_on == TODAY
    assert {r["key"] for r in today.closed} == {r["key"] for r in comparison.closed}
    assert {r["key"] for r in today.new} == {r["key"] for r in comparison.new}


def test_a_region_with_nothing_to_report_still_gets_its_snapshot():
    region = f.region()
    snapshot = snapshot_take(user=f.member(region), region=region, name="Leeg", today=TODAY)
    assert snapshot.findings == []


def test_compare_refuses_snapshots_of_different_scopes(region):
    leader = f.member(region)
    whole = snapshot_take(user=leader, region=region, name="Regio", today=TODAY)
    one = snapshot_take(user=leader, region=region, name="Gemeente", municipality=region.municipalities.get(),
                        today=TODAY)
    with pytest.raises(ValidationError):
        snapshot_compare(user=leader, earlier=whole, later=one)
    with pytest.raises(PermissionDenied):
        snapshot_compare(user=f.member(f.region()), earlier=whole)


def test_the_demo_has_two_snapshots_with_progress_between_them(demo_user):
    flevoland = Region.objects.get(slug="flevoland")
    earlier, later = MapSnapshot.objects.filter(region=flevoland).order_by("taken_on")
    comparison = snapshot_compare(user=demo_user("wethouder"), earlier=earlier, later=later)
    assert comparison.closed and comparison.new and comparison.unchanged


# --- Conflicts, risks and opportunities: coherent life-cycles ---------------------------------------


def test_a_raised_item_names_its_table_and_a_resolved_one_its_resolution(region):
    conflict = f.conflict(region)
    conflict.status = AttentionStatus.RAISED
    with pytest.raises(ValidationError, match="table where it was raised"):
        conflict.full_clean()
    conflict.raised_at = f.table(region)
    conflict.full_clean()
    conflict.status = AttentionStatus.RESOLVED
    with pytest.raises(ValidationError, match="how it was resolved"):
        conflict.full_clean()
    conflict.resolution = "Termijnen gelijkgetrokken"
    conflict.full_clean()
    conflict.status = AttentionStatus.OPEN
    with pytest.raises(ValidationError):
        conflict.full_clean()  # an open item raised somewhere with a resolution is incoherent


def test_decisions_that_work_against_each_other_name_both_sides(region):
    conflict = f.conflict(region, side_a_rule="", side_b_rule="")
    with pytest.raises(ValidationError) as refused:
        conflict.full_clean()
    assert set(refused.value.message_dict) == {"side_a_rule", "side_b_rule"}
    conflict.kind = ConflictKind.BLOCKING  # a structure may stand on its own
    conflict.full_clean()


def test_a_sides_decision_brings_its_table_and_must_agree_with_it(region):
    table = f.table(region)
    decision = f.decision(f.meeting(table))
    conflict = f.conflict(region, side_a_decision=decision, side_a_rule="")
    conflict.full_clean()
    assert conflict.side_a_table == table
    conflict.side_a_table = f.table(region)
    with pytest.raises(ValidationError, match="decision was taken at"):
        conflict.full_clean()


def test_owners_and_tables_come_from_the_same_region(region):
    risk = f.risk(region, owner=f.stakeholder(f.region()))
    with pytest.raises(ValidationError):
        risk.full_clean()
