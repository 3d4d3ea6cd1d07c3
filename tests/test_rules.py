"""Each rule that selects rows has one home, a queryset method beside its model, with the same rule
for one row in memory next to it; both must agree. Built on data of its own (tests/factories.py)."""
from __future__ import annotations

from datetime import date

import pytest

from escalation.models import Escalation
from escalation.workflow import State
from governance.models import ActionItem, Agreement, EvaluationStatus, Region, evaluation_status
from tests import factories as make

TODAY = date(2026, 3, 1)


@pytest.mark.django_db
def test_an_action_is_overdue_when_open_and_past_its_date():
    region = make.region()
    meeting = make.meeting(make.table(region), held_on=date(2026, 1, 5))
    late = make.action(meeting, due_on=date(2026, 2, 28))
    done_late = make.action(meeting, due_on=date(2026, 2, 1), done_on=date(2026, 2, 20))
    due_today = make.action(meeting, due_on=TODAY)
    overdue = set(ActionItem.objects.filter(region=region).overdue(on=TODAY))
    assert overdue == {late}
    assert [a.is_overdue(TODAY) for a in (late, done_late, due_today)] == [True, False, False]


@pytest.mark.django_db
def test_an_agreement_is_due_for_evaluation_within_ninety_days_and_overdue_after_its_date():
    region = make.region()
    past = make.agreement(region, evaluation_on=date(2026, 2, 28))
    soon = make.agreement(region, evaluation_on=date(2026, 5, 30))  # 90 days on
    later = make.agreement(region, evaluation_on=date(2026, 5, 31))
    make.agreement(region)  # no date: never due
    rows = Agreement.objects.filter(region=region)
    assert set(rows.evaluation_overdue(on=TODAY)) == {past}
    assert set(rows.evaluation_due(on=TODAY)) == {past, soon}
    assert [evaluation_status(a.evaluation_on, TODAY) for a in (past, soon, later)] == [
        EvaluationStatus.OVERDUE, EvaluationStatus.DUE_SOON, EvaluationStatus.PLANNED]


@pytest.mark.django_db
def test_an_escalation_is_past_its_limit_only_while_its_clock_runs():
    region, place = make.region(), make.municipality()
    region.municipalities.add(place)
    late = make.escalation(region, place, deadline=date(2026, 2, 27))
    paused = make.escalation(region, place, deadline=date(2026, 2, 27), paused_since=date(2026, 2, 20))
    closed = make.escalation(region, place, deadline=None, state=State.RESOLVED)
    on_time = make.escalation(region, place, deadline=TODAY)
    rows = Escalation.objects.filter(region=region)
    assert set(rows.past_limit(on=TODAY)) == {late}
    assert set(rows.running()) == {late, on_time}
    assert [e.is_overdue(TODAY) for e in (late, paused, closed, on_time)] == [True, False, False, False]


@pytest.mark.django_db
def test_the_region_tree_is_walked_both_ways_in_one_query_each(django_assert_num_queries):
    top = make.region()
    middle = make.region(parent=top)
    low = make.region(parent=middle)
    with django_assert_num_queries(1):
        assert set(Region.objects.descendant_ids(top.pk)) == {top.pk, middle.pk, low.pk}
    with django_assert_num_queries(1):
        assert Region.objects.ancestor_ids(low.pk) == [middle.pk, top.pk]


@pytest.mark.django_db
def test_a_parent_cycle_does_not_hang_the_walk():
    first = make.region()
    second = make.region(parent=first)
    Region.objects.filter(pk=first.pk).update(parent=second)  # as a careless admin edit could leave it
    assert set(Region.objects.descendant_ids(first.pk)) == {first.pk, second.pk}
    assert Region.objects.ancestor_ids(first.pk) == [second.pk]
