"""E-mail after each step: only once the step is committed, to the people of the route the
escalation is in now (never the one who acted), one message each, naming the escalation but never
the case."""
from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from escalation.participants import ROUTE_ROLES
from escalation.tests.test_workflow import (
    ALMERE,
    DESCRIPTION,
    LELYSTAD,
    POLICY,
    QUESTION,
    TEAM,
    file_escalation,
    flevoland,
    take_step,
    user,
    walk_to,
)
from escalation.workflow import Reason, State
from governance.models import Membership, Region, Role

pytestmark = pytest.mark.django_db


def to(*usernames: str) -> list[str]:
    return sorted(f"{username}@demo.samensturen.invalid" for username in usernames)


def addressees() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """`with sent(): ...` runs what would happen on commit when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_mail_is_sent_only_after_commit(sent):
    escalation = file_escalation(municipality=ALMERE)
    with sent():
        take_step(escalation, "start-route_1")
        assert mail.outbox == []  # still inside the transaction
    assert addressees() == to(TEAM)


def test_the_route_roles_are_as_agreed():
    """Route 1 are the team managers; the policy officer joins in route 2; route 3 is administrative."""
    assert ROUTE_ROLES[State.ROUTE_1] == {Role.TEAM_MANAGER}
    assert ROUTE_ROLES[State.ROUTE_2] == {Role.TEAM_MANAGER, Role.POLICY_OFFICER}
    assert ROUTE_ROLES[State.ROUTE_3] == {Role.ALDERMAN, Role.POLICY_OFFICER}


@pytest.mark.parametrize("municipality,source,key,actor,expected", [
    # Filing tells the team managers of the municipality; the policy officer filed it.
    pytest.param(ALMERE, None, None, POLICY, [TEAM], id="almere-filed"),
    # Almere's team manager starts route 1: the filer hears about it, the actor does not.
    pytest.param(ALMERE, State.FILED, "start-route_1", TEAM, [POLICY], id="almere-route1-by-team-manager"),
    pytest.param(ALMERE, State.FILED, "start-route_1", POLICY, [TEAM], id="almere-route1-by-policy-officer"),
    pytest.param(ALMERE, State.ROUTE_1, "scale_up-route_2", TEAM, [POLICY], id="almere-route2-by-team-manager"),
    pytest.param(ALMERE, State.ROUTE_1, "scale_up-route_2", POLICY, [TEAM], id="almere-route2-by-policy-officer"),
    # Route 3: the alderman; the team manager is no longer called in.
    pytest.param(ALMERE, State.ROUTE_2, "scale_up-route_3", POLICY, ["wethouder"], id="almere-route3"),
    pytest.param(ALMERE, State.ROUTE_2, "de_escalate-route_1", POLICY, [TEAM], id="almere-back-to-route1"),
    # Closing tells the route it was in.
    pytest.param(ALMERE, State.ROUTE_2, "resolve-resolved", POLICY, [TEAM], id="almere-resolved-from-route2"),
    pytest.param(ALMERE, State.ROUTE_3, "withdraw-withdrawn", POLICY, ["wethouder"], id="almere-withdrawn-from-route3"),
    # Lelystad: Almere's team manager hears nothing; Lelystad has no team manager with an account.
    pytest.param(LELYSTAD, None, None, POLICY, [], id="lelystad-filed"),
    pytest.param(LELYSTAD, State.FILED, "start-route_1", POLICY, [], id="lelystad-route1"),
    pytest.param(LELYSTAD, State.ROUTE_2, "scale_up-route_3", POLICY, ["wethouder"], id="lelystad-route3"),
])
def test_the_people_of_the_new_route_are_told(sent, municipality, source, key, actor, expected):
    if key is None:
        with sent():
            file_escalation(municipality=municipality, actor=actor)
    else:
        escalation = walk_to(source, municipality=municipality)
        with sent():
            take_step(escalation, key, actor=actor)
    assert addressees() == to(*expected)


def test_region_and_municipality_roles_are_told_once_each_and_others_not(sent, django_user_model):
    """A second team manager for the whole region and one for Lelystad are told about a Lelystad
    escalation; Almere's, an inactive one and Zeeland's are not. Nobody shares a message."""
    lelystad = flevoland().municipalities.get(code=LELYSTAD)

    def team_manager(username, *, active=True, **scope):
        person = django_user_model.objects.create_user(username, email=f"{username}@example.org", is_active=active)
        Membership.objects.create(user=person, role=Role.TEAM_MANAGER, **scope)
        return person

    team_manager("regio", region=flevoland())
    team_manager("lelystad", municipality=lelystad)
    team_manager("vertrokken", region=flevoland(), active=False)
    team_manager("zeeland", region=Region.objects.get(slug="zeeland"))
    escalation = walk_to(State.FILED, municipality=LELYSTAD)

    with sent():
        take_step(escalation, "start-route_1")

    assert addressees() == ["lelystad@example.org", "regio@example.org"]
    assert all(len(message.to) == 1 and not message.cc and not message.bcc for message in mail.outbox)


def test_the_mail_names_the_escalation_but_not_the_case(sent):
    escalation = walk_to(State.FILED, municipality=ALMERE, reason=Reason.SAFETY)
    reason = "De veiligheid is direct in gevaar en het overleg in route 1 kan niet worden afgewacht."
    with sent():
        take_step(escalation, "acute-route_2", reason=reason)

    (message,) = mail.outbox
    link = settings.SITE_URL + reverse("escalation:detail", args=["flevoland", escalation.pk])
    assert escalation.reference in message.subject
    assert link in message.body
    for private in (DESCRIPTION, QUESTION, reason):
        assert private not in message.body and private not in message.subject


def test_nothing_is_sent_for_a_refused_step(sent):
    escalation = file_escalation(municipality=ALMERE)
    with sent() as callbacks, pytest.raises(ValidationError):
        take_step(escalation, "start-route_1", reason="ok")
    assert callbacks == [] and mail.outbox == []


def test_nothing_is_sent_when_the_transaction_rolls_back(sent):
    """The step itself succeeded, but what surrounds it failed: nobody is told."""
    escalation = file_escalation(municipality=ALMERE)
    with sent() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        take_step(escalation, "start-route_1")
        raise RuntimeError("something after the step failed")
    assert callbacks == [] and mail.outbox == []
    assert escalation.transitions.count() == 1


# --- after the step is saved ------------------------------------------------------------------------

def test_a_filer_who_lost_access_gets_no_more_mail(django_capture_on_commit_callbacks):
    escalation = file_escalation(actor="teammanager", municipality="GM0034")
    Membership.objects.filter(user=user("teammanager")).delete()
    with django_capture_on_commit_callbacks(execute=True):
        take_step(escalation, "start-route_1")
    assert all(user("teammanager").email not in message.to for message in mail.outbox)


def test_a_failing_mail_server_does_not_turn_a_saved_step_into_an_error(client_for, settings, monkeypatch):
    escalation = file_escalation()

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    client = client_for("beleidsmedewerker")
    url = reverse("escalation:step", args=["flevoland", escalation.pk, "start-route_1"])
    response = client.post(url, {"version": escalation.version, "reason": "Teammanagers plannen overleg."})
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.state == State.ROUTE_1
