"""The three-route workflow through the real service: every allowed step works and leaves a trace in
the history, every other step is refused without changing anything, and the guards around a step
(reason, acute justification, identifiers, lesson, permissions, concurrent edits) hold.

The helpers at the top (file_escalation, take_step, walk_to) are shared with the other escalation tests."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from common.versioning import StaleEditError
from common.workdays import add_working_days
from escalation.models import Escalation, RouteMeeting
from escalation.permissions import EscalationPerm
from escalation.services import escalation_file, escalation_step, route_meeting_record
from escalation.workflow import (
    ACUTE_JUSTIFICATION_MIN,
    TRANSITIONS,
    Action,
    Reason,
    State,
    TransitionError,
    allowed,
)
from governance.models import Agreement, AgreementReview, Organisation, Region

ALMERE, LELYSTAD = "GM0034", "GM0995"
POLICY, TEAM = "beleidsmedewerker", "teammanager"
REASON = "De teams komen er samen niet uit en vragen de volgende route om een besluit."
LESSON = "De afspraken regelen niet wie de regie neemt na een overdracht."
DESCRIPTION = "Na de overdracht door Veilig Thuis is na tien werkdagen nog geen casusregisseur bekend."
QUESTION = "Wie neemt de regie over en wanneer is het eerste gesprek?"

# How to get from "filed" to each state, one allowed step at a time.
PATH_TO = {
    State.FILED: [],
    State.ROUTE_1: ["start-route_1"],
    State.ROUTE_2: ["start-route_1", "scale_up-route_2"],
    State.ROUTE_3: ["start-route_1", "scale_up-route_2", "scale_up-route_3"],
    State.RESOLVED: ["start-route_1", "resolve-resolved"],
    State.WITHDRAWN: ["withdraw-withdrawn"],
}


# --- helpers (also used by the clock, notification and concurrency tests) ------------------------

def user(username: str):
    return get_user_model().objects.get(username=username)


def flevoland() -> Region:
    return Region.objects.get(slug="flevoland")


def file_escalation(*, reason: str = Reason.COOPERATION, municipality: str = LELYSTAD, actor: str = POLICY,
                    **fields) -> Escalation:
    """A fresh escalation in Flevoland, filed through the service."""
    region = flevoland()
    escalation = Escalation(
        region=region, reason=reason, municipality=region.municipalities.get(code=municipality),
        title="Overdracht na veiligheidstaxatie blijft liggen", description=DESCRIPTION, question=QUESTION, **fields,
    )
    organisations = list(Organisation.objects.filter(region=region).order_by("pk")[:2])
    return escalation_file(actor=user(actor), escalation=escalation, organisations=organisations)


def take_step(escalation: Escalation, key: str, *, actor: str = POLICY, reason: str = REASON,
              lesson: str | None = None, **extra) -> Escalation:
    """One step through the service, with the version as it is in the database now."""
    current = Escalation.objects.get(pk=escalation.pk)
    if lesson is None:
        lesson = LESSON if key == "resolve-resolved" else ""
    return escalation_step(actor=user(actor), escalation_id=current.pk, key=key, reason=reason,
                           expected_version=current.version, lesson=lesson, **extra)


def walk_to(state: str, *, paused: bool = False, reason: str = Reason.COOPERATION,
            municipality: str = LELYSTAD) -> Escalation:
    """A fresh escalation taken to `state` (and paused there) through the service."""
    escalation = file_escalation(reason=reason, municipality=municipality)
    for key in PATH_TO[state]:
        escalation = take_step(escalation, key)
    if paused:
        escalation = take_step(escalation, f"pause-{state}")
    return escalation


def snapshot(escalation: Escalation) -> dict:
    """Everything a refused step must leave alone."""
    current = Escalation.objects.get(pk=escalation.pk)
    return {
        "state": current.state, "version": current.version, "deadline": current.deadline,
        "is_acute": current.is_acute, "paused_since": current.paused_since, "closed_at": current.closed_at,
        "outcome": current.outcome, "lesson": current.lesson, "review": current.review_id,
        "history": list(current.transitions.values_list("pk", flat=True)),
        "reviews": AgreementReview.objects.count(),
    }


# --- the model as the product describes it, written out independently of workflow.py ---------------

ALL_KEYS = sorted({t.key for t in TRANSITIONS})
_OPEN_STEPS = {
    State.FILED: {"start-route_1", "acute-route_2", "acute-route_3", "withdraw-withdrawn"},
    State.ROUTE_1: {"scale_up-route_2", "acute-route_3", "pause-route_1", "resolve-resolved", "withdraw-withdrawn"},
    State.ROUTE_2: {"scale_up-route_3", "de_escalate-route_1", "pause-route_2", "resolve-resolved",
                    "withdraw-withdrawn"},
    State.ROUTE_3: {"de_escalate-route_2", "pause-route_3", "resolve-resolved", "withdraw-withdrawn"},
    State.RESOLVED: set(),
    State.WITHDRAWN: set(),
}


def expected_steps(state: str, *, paused: bool, reason: str) -> set[str]:
    if paused:  # the clock stands still: resume, or withdraw
        return {f"resume-{state}", "withdraw-withdrawn"}
    steps = _OPEN_STEPS[state]
    return steps if reason == Reason.SAFETY else {key for key in steps if not key.startswith("acute-")}


SITUATIONS = [
    (state, paused, reason)
    for state in State
    for paused in ((False, True) if state in (State.ROUTE_1, State.ROUTE_2, State.ROUTE_3) else (False,))
    for reason in (Reason.SAFETY, Reason.COOPERATION)
]


def _situation_id(situation) -> str:
    state, paused, reason = situation
    return f"{state}{'-paused' if paused else ''}-{reason}"


def test_the_declared_transitions_are_exactly_the_routes_of_the_model():
    """workflow.TRANSITIONS declares the same steps as the written-out model (routes are not skipped)."""
    declared = {(t.source, t.key) for t in TRANSITIONS if t.action != Action.RESUME}
    written = {(state, key) for state, keys in _OPEN_STEPS.items() for key in keys}
    assert declared == written


# --- every allowed step ---------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: f"{t.source}:{t.key}")
def test_every_transition_succeeds_through_the_service(transition):
    """State, clock, marks, version and an appended history row, for each declared step."""
    is_resume = transition.action == Action.RESUME
    escalation = walk_to(transition.source, paused=is_resume,
                         reason=Reason.SAFETY if transition.is_acute else Reason.COOPERATION)
    before = Escalation.objects.get(pk=escalation.pk)
    history_before = before.transitions.count()
    actor = user(POLICY)  # a policy officer of the region may take every step
    today = timezone.localdate()

    after = escalation_step(actor=actor, escalation_id=escalation.pk, key=transition.key, reason=REASON,
                            expected_version=before.version, lesson=LESSON if transition.closes else "")

    after = Escalation.objects.get(pk=after.pk)
    assert after.state == transition.target
    assert after.version == before.version + 1
    assert after.is_acute is transition.is_acute
    if transition.action == Action.PAUSE:
        assert after.paused_since == today and after.deadline == before.deadline
    elif is_resume:  # resumed the same day: no working days lost
        assert after.paused_since is None and after.deadline == before.deadline
    elif transition.closes:
        assert after.deadline is None and after.closed_at is not None and after.paused_since is None
    else:
        days = {State.ROUTE_1: 5, State.ROUTE_2: 10, State.ROUTE_3: 15}[transition.target]  # region defaults
        assert after.deadline == add_working_days(today, days)
        assert after.paused_since is None and after.closed_at is None
    if not transition.closes:
        assert after.closed_at is None

    assert after.transitions.count() == history_before + 1
    row = after.transitions.order_by("-at", "-id").first()
    assert (row.action, row.from_state, row.to_state) == (transition.action, transition.source, transition.target)
    assert row.actor == actor and row.actor_name == actor.get_full_name()
    assert row.reason == REASON and row.deadline == after.deadline


# --- every other step -----------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("situation", SITUATIONS, ids=_situation_id)
def test_every_step_outside_the_model_is_refused_and_changes_nothing(situation):
    """Skipping routes, acute without a safety reason, anything after closing, steps while paused,
    resume when not paused: TransitionError, and the escalation is exactly as it was."""
    state, paused, reason = situation
    escalation = walk_to(state, paused=paused, reason=reason)
    before = snapshot(escalation)
    forbidden = [key for key in ALL_KEYS if key not in expected_steps(state, paused=paused, reason=reason)]
    assert forbidden

    accepted = []
    for key in forbidden:
        try:
            take_step(escalation, key)
        except TransitionError:
            pass
        else:
            accepted.append(key)
            break  # the escalation changed; the remaining keys would test another situation
        assert snapshot(escalation) == before, key
    assert accepted == [], f"not refused from {_situation_id(situation)}: {accepted}"


@pytest.mark.django_db
@pytest.mark.parametrize("state,paused,reason", [
    (State.ROUTE_2, False, Reason.COOPERATION),
    (State.ROUTE_1, True, Reason.SAFETY),
])
def test_the_steps_offered_match_the_model(state, paused, reason):
    """What the detail page offers (workflow.allowed) is what the model allows."""
    escalation = walk_to(state, paused=paused, reason=reason)
    offered = {t.key for t in allowed(state=escalation.state, paused=escalation.is_paused, reason=escalation.reason)}
    assert offered == expected_steps(state, paused=paused, reason=reason)


# --- the reason for a step ------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   ", "ok", "  ja  "])
def test_a_step_needs_a_reason(reason):
    escalation = file_escalation()
    before = snapshot(escalation)
    with pytest.raises(ValidationError) as error:
        take_step(escalation, "start-route_1", reason=reason)
    assert "reason" in error.value.message_dict
    assert snapshot(escalation) == before


@pytest.mark.django_db
def test_the_acute_path_needs_a_written_justification():
    escalation = file_escalation(reason=Reason.SAFETY)
    before = snapshot(escalation)
    too_short = "Veiligheid in gevaar, nu nodig."[: ACUTE_JUSTIFICATION_MIN - 1]
    with pytest.raises(ValidationError) as error:
        take_step(escalation, "acute-route_3", reason=too_short)
    assert "reason" in error.value.message_dict
    assert snapshot(escalation) == before

    justification = "x" * ACUTE_JUSTIFICATION_MIN
    after = take_step(escalation, "acute-route_3", reason=justification)
    assert after.state == State.ROUTE_3 and after.is_acute


@pytest.mark.django_db
@pytest.mark.parametrize("padding", [
    pytest.param("\u200b" * 40, id="zero-width spaces"),
    pytest.param("\u00ad" * 40, id="soft hyphens"),
    pytest.param("\u2060\ufeff" * 20, id="word joiners and byte-order marks"),
    pytest.param(" \u200b" * 40, id="spaces between invisible characters"),
    pytest.param("\u3164" * 40, id="Hangul fillers"),
])
def test_invisible_characters_do_not_count_towards_a_justification(padding):
    escalation = file_escalation(reason=Reason.SAFETY)
    before = snapshot(escalation)
    with pytest.raises(ValidationError) as error:
        take_step(escalation, "acute-route_3", reason="Acuut" + padding)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        take_step(escalation, "start-route_1", reason=padding)  # the ordinary minimum as well
    assert snapshot(escalation) == before


@pytest.mark.django_db
def test_an_acute_escalation_stays_marked_acute_after_scaling_down():
    escalation = file_escalation(reason=Reason.SAFETY)
    take_step(escalation, "acute-route_2")
    after = take_step(escalation, "de_escalate-route_1")
    assert after.state == State.ROUTE_1 and after.is_acute


@pytest.mark.django_db
@pytest.mark.parametrize("reason", [
    "Wacht op informatie over de cliënt met BSN 111222333.",
    "Wacht op informatie over de cliënt met BSN 1112.22.333.",
    "Moeder (geboren 12-03-1985) is niet bereikbaar.",
    "Bel de moeder op 06-12345678 voor de details.",
    "Wacht op informatie over BSN 111\u200b222\u200b333.",
    "Bel de moeder op 06.12.34.56.78 voor de details.",
])
def test_a_reason_that_identifies_a_client_is_refused(reason):
    escalation = file_escalation()
    before = snapshot(escalation)
    with pytest.raises(ValidationError):
        take_step(escalation, "start-route_1", reason=reason)
    assert snapshot(escalation) == before


# --- resolving --------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("lesson", ["", "   ", "\u200b" * 10, "Bel 111222333 voor de details.",
                                    "Bel 111-222-333 voor de details."])
def test_resolving_needs_a_lesson_without_identifiers(lesson):
    escalation = walk_to(State.ROUTE_2)
    before = snapshot(escalation)
    with pytest.raises(ValidationError):
        take_step(escalation, "resolve-resolved", lesson=lesson)
    assert snapshot(escalation) == before


@pytest.mark.django_db
def test_resolving_keeps_outcome_and_lesson():
    escalation = walk_to(State.ROUTE_1)
    after = take_step(escalation, "resolve-resolved", reason="Veilig Thuis beslist bij twijfel.", lesson=LESSON)
    after.refresh_from_db()
    assert (after.outcome, after.lesson, after.review) == ("Veilig Thuis beslist bij twijfel.", LESSON, None)


@pytest.mark.django_db
def test_a_lesson_can_put_the_agreement_on_the_review_list(client_for):
    """The agreement gets an open review with the lesson, linked from the escalation and shown on
    the agreement's page."""
    agreement = Agreement.objects.filter(region=flevoland()).order_by("pk").first()
    lesson = "Het triageprotocol regelt niet wie bij twijfel beslist."
    escalation = walk_to(State.ROUTE_2)

    after = take_step(escalation, "resolve-resolved", lesson=lesson, review_agreement=agreement)

    after.refresh_from_db()
    review = after.review
    assert review is not None and review.is_open
    assert (review.agreement, review.region_id, review.reason) == (agreement, agreement.region_id, lesson)
    assert after.reference in review.source
    page = client_for("projectleider").get(
        reverse("governance:register_detail", args=["flevoland", "agreements", agreement.pk]))
    assert page.status_code == 200
    assert lesson in page.content.decode() and after.reference in page.content.decode()


@pytest.mark.django_db
def test_an_agreement_of_another_region_cannot_be_put_on_the_review_list():
    other = Agreement.objects.create(region=Region.objects.get(slug="zeeland"), title="Samenwerkingsafspraken Zeeland")
    escalation = walk_to(State.ROUTE_1)
    before = snapshot(escalation)
    with pytest.raises(ValidationError):
        take_step(escalation, "resolve-resolved", review_agreement=other)
    assert snapshot(escalation) == before


# --- who may take a step ----------------------------------------------------------------------------

DECIDE_STEPS = [t for t in TRANSITIONS if t.perm == EscalationPerm.DECIDE]
MOVE_STEPS = [t for t in TRANSITIONS if t.perm == EscalationPerm.MOVE]


def _ready_for(transition, *, municipality: str) -> Escalation:
    return walk_to(transition.source, paused=transition.action == Action.RESUME, municipality=municipality,
                   reason=Reason.SAFETY if transition.is_acute else Reason.COOPERATION)


@pytest.mark.django_db
@pytest.mark.parametrize("transition", DECIDE_STEPS, ids=lambda t: f"{t.source}:{t.key}")
def test_a_team_manager_cannot_take_decisions(transition):
    """Route 3, resolving and withdrawing after the start are for the policy level."""
    escalation = _ready_for(transition, municipality=ALMERE)
    before = snapshot(escalation)
    with pytest.raises(PermissionDenied):
        take_step(escalation, transition.key, actor=TEAM)
    assert snapshot(escalation) == before


@pytest.mark.django_db
@pytest.mark.parametrize("transition", MOVE_STEPS, ids=lambda t: f"{t.source}:{t.key}")
def test_a_team_manager_moves_escalations_of_their_own_municipality(transition):
    escalation = _ready_for(transition, municipality=ALMERE)
    after = take_step(escalation, transition.key, actor=TEAM)
    assert after.state == transition.target
    assert after.transitions.order_by("-at", "-id").first().actor == user(TEAM)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["start-route_1", "withdraw-withdrawn"])
def test_a_team_manager_of_almere_cannot_act_on_a_lelystad_escalation(key):
    escalation = file_escalation(municipality=LELYSTAD)
    before = snapshot(escalation)
    with pytest.raises(PermissionDenied):
        take_step(escalation, key, actor=TEAM)
    assert snapshot(escalation) == before


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["wethouder", "projectleider", "zeeland-projectleider"])
def test_people_who_follow_escalations_cannot_move_them(username):
    """The alderman and the project leader read along; another region's people see nothing."""
    escalation = file_escalation()
    before = snapshot(escalation)
    with pytest.raises(PermissionDenied):
        take_step(escalation, "start-route_1", actor=username)
    assert snapshot(escalation) == before


@pytest.mark.django_db
def test_a_team_manager_cannot_file_for_another_municipality():
    with pytest.raises(PermissionDenied):
        file_escalation(municipality=LELYSTAD, actor=TEAM)
    assert file_escalation(municipality=ALMERE, actor=TEAM).state == State.FILED


# --- someone else was first -------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("seen", ["previous", None])
def test_a_stale_version_is_refused_and_changes_nothing(seen):
    escalation = file_escalation()
    version = Escalation.objects.get(pk=escalation.pk).version
    take_step(escalation, "start-route_1")
    before = snapshot(escalation)

    with pytest.raises(StaleEditError) as error:
        escalation_step(actor=user(POLICY), escalation_id=escalation.pk, key="scale_up-route_2", reason=REASON,
                        expected_version=version if seen == "previous" else None)

    assert error.value.current_version == version + 1
    assert snapshot(escalation) == before


@pytest.mark.django_db
def test_a_meeting_cannot_predate_the_route_it_belongs_to():
    escalation = walk_to(State.ROUTE_2)
    meeting = RouteMeeting(held_on=timezone.localdate() - timedelta(days=30), outcome="Overleg gevoerd.")
    with pytest.raises(Exception) as raised:
        route_meeting_record(actor=user("beleidsmedewerker"), escalation=escalation, meeting=meeting, participants=[])
    assert "held_on" in raised.value.message_dict
    assert not RouteMeeting.objects.filter(escalation=escalation).exists()
