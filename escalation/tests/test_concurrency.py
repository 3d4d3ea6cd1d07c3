"""Two people taking a step on the same escalation: one succeeds, the other is told it changed.

The threaded test needs real row locks and concurrent transactions, so it runs on PostgreSQL only."""
from __future__ import annotations

import pytest
from django.db import connection

from common.versioning import StaleEditError
from escalation.models import Escalation, EscalationTransition
from escalation.services import escalation_step
from escalation.tests.test_workflow import POLICY, REASON, file_escalation, user
from escalation.workflow import State
from tests.threads import at_once


@pytest.mark.django_db
def test_the_second_of_two_steps_from_the_same_version_is_refused():
    escalation = file_escalation()
    seen = Escalation.objects.get(pk=escalation.pk).version

    first = escalation_step(actor=user(POLICY), escalation_id=escalation.pk, key="start-route_1", reason=REASON,
                            expected_version=seen)
    with pytest.raises(StaleEditError) as error:
        escalation_step(actor=user(POLICY), escalation_id=escalation.pk,
                        key="withdraw-withdrawn", reason=REASON, expected_version=seen)

    assert error.value.current_version == first.version == seen + 1
    current = Escalation.objects.get(pk=escalation.pk)
    assert (current.state, current.version) == (State.ROUTE_1, seen + 1)
    assert list(current.transitions.values_list("action", flat=True)) == ["file", "start"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks and concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_same_step_at_the_same_moment():
    """Both saw the same version and press the button together: exactly one step is recorded."""
    from governance.demo import demo_build, demo_is_loaded

    if not demo_is_loaded():  # a transactional test starts from an empty (flushed) database
        demo_build()
    escalation = file_escalation()
    seen = Escalation.objects.get(pk=escalation.pk).version
    history_before = EscalationTransition.objects.filter(escalation=escalation).count()
    actors = [user(POLICY), user(POLICY)]

    def press(actor) -> str:
        escalation_step(actor=actor, escalation_id=escalation.pk, key="start-route_1", reason=REASON,
                        expected_version=seen)
        return "ok"

    outcomes = at_once([lambda actor=actor: press(actor) for actor in actors])

    assert outcomes.count("ok") == 1, outcomes
    (refused,) = [outcome for outcome in outcomes if outcome != "ok"]
    assert isinstance(refused, StaleEditError), refused
    current = Escalation.objects.get(pk=escalation.pk)
    assert (current.state, current.version) == (State.ROUTE_1, seen + 1)
    assert EscalationTransition.objects.filter(escalation=escalation).count() == history_before + 1
