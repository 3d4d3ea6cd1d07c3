"""The three-route escalation model as data: states, and which step may follow which.

Escalation means scaling a stuck situation up to a higher level of responsibility:
route 1 the professionals and their team managers (Veilig Thuis and the local team),
route 2 the same joined by the municipality's policy officer,
route 3 administrative: the alderman (wethouder) and the director of Veilig Thuis.

Routes are not skipped. The one exception is the acute path: when a person's or family's safety is
in danger, an escalation may go straight to the route it needs, with a written justification, and
it stays marked as acute everywhere (overuse is the old problem of going straight to the top).
Every step needs a reason; nothing here writes to the database (see services.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .permissions import EscalationPerm


class State(models.TextChoices):
    FILED = "filed", _("Filed")
    ROUTE_1 = "route_1", _("Route 1")
    ROUTE_2 = "route_2", _("Route 2")
    ROUTE_3 = "route_3", _("Route 3")
    RESOLVED = "resolved", _("Resolved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ROUTES = {State.ROUTE_1: 1, State.ROUTE_2: 2, State.ROUTE_3: 3}
OPEN_STATES = frozenset({State.FILED, State.ROUTE_1, State.ROUTE_2, State.ROUTE_3})
CLOSED_STATES = frozenset({State.RESOLVED, State.WITHDRAWN})
ROUTE_DESCRIPTIONS = {
    State.FILED: _("Waiting for the team managers to start route 1."),
    State.ROUTE_1: _("The professionals and their team managers of Veilig Thuis and the local team."),
    State.ROUTE_2: _("The professionals and team managers, joined by the policy officer."),
    State.ROUTE_3: _("Administrative: the alderman and the director of Veilig Thuis."),
}


class Reason(models.TextChoices):
    """Why an escalation was filed: the four situations the three-route model is agreed for."""

    SAFETY = "safety", _("Safety of a person or family in danger")
    COOPERATION = "cooperation", _("Cooperation between Veilig Thuis and the local team stalls")
    ROUTE_STUCK = "route_stuck", _("The route gets stuck")
    AGREEMENTS = "agreements", _("The agreements do not work")


class Action(models.TextChoices):
    FILE = "file", _("Filed")
    START = "start", _("Route 1 started")
    SCALE_UP = "scale_up", _("Scaled up")
    ACUTE = "acute", _("Acute safety: straight to a higher route")
    DE_ESCALATE = "de_escalate", _("Scaled down")
    PAUSE = "pause", _("Paused")
    RESUME = "resume", _("Resumed")
    RESOLVE = "resolve", _("Resolved")
    WITHDRAW = "withdraw", _("Withdrawn")


@dataclass(frozen=True)
class Transition:
    action: Action
    source: State
    target: State
    perm: EscalationPerm
    label: Any  # what the button says
    reason_label: Any  # what the reason field asks for

    @property
    def key(self) -> str:
        """Names the step in a URL: the action, and the target where an action has several."""
        return f"{self.action.value}-{self.target.value}"

    @property
    def is_acute(self) -> bool:
        return self.action == Action.ACUTE

    @property
    def closes(self) -> bool:
        return self.target in CLOSED_STATES


_M, _D = EscalationPerm.MOVE, EscalationPerm.DECIDE
_WHY_UP = _("Why is a higher route needed? What was tried in this route?")
_WHY_DOWN = _("Why can a lower route take this further?")
_WHY_ACUTE = _("Justify why safety cannot wait for the routes before it.")
_WHY_PAUSE = _("What are you waiting for? The clock stops until the escalation is resumed.")
_WHY_RESUME = _("What changed?")
_OUTCOME = _("Outcome: what was decided or arranged?")
_WHY_WITHDRAW = _("Why is the escalation withdrawn?")

TRANSITIONS: tuple[Transition, ...] = (
    Transition(Action.START, State.FILED, State.ROUTE_1, _M, _("Start route 1"),
               _("What is the first step in route 1?")),
    Transition(Action.SCALE_UP, State.ROUTE_1, State.ROUTE_2, _M, _("Scale up to route 2"), _WHY_UP),
    Transition(Action.SCALE_UP, State.ROUTE_2, State.ROUTE_3, _D, _("Scale up to route 3"), _WHY_UP),
    Transition(Action.ACUTE, State.FILED, State.ROUTE_2, _M, _("Acute safety: straight to route 2"), _WHY_ACUTE),
    Transition(Action.ACUTE, State.FILED, State.ROUTE_3, _D, _("Acute safety: straight to route 3"), _WHY_ACUTE),
    Transition(Action.ACUTE, State.ROUTE_1, State.ROUTE_3, _D, _("Acute safety: straight to route 3"), _WHY_ACUTE),
    Transition(Action.DE_ESCALATE, State.ROUTE_2, State.ROUTE_1, _M, _("Scale down to route 1"), _WHY_DOWN),
    Transition(Action.DE_ESCALATE, State.ROUTE_3, State.ROUTE_2, _D, _("Scale down to route 2"), _WHY_DOWN),
    *(Transition(Action.PAUSE, state, state, _D if state == State.ROUTE_3 else _M, _("Pause the clock"), _WHY_PAUSE)
      for state in (State.ROUTE_1, State.ROUTE_2, State.ROUTE_3)),
    *(Transition(Action.RESUME, state, state, _D if state == State.ROUTE_3 else _M, _("Resume"), _WHY_RESUME)
      for state in (State.ROUTE_1, State.ROUTE_2, State.ROUTE_3)),
    *(Transition(Action.RESOLVE, state, State.RESOLVED, _D, _("Resolve"), _OUTCOME)
      for state in (State.ROUTE_1, State.ROUTE_2, State.ROUTE_3)),
    # Whoever filed by mistake may take it back before anyone started; later it is a decision.
    Transition(Action.WITHDRAW, State.FILED, State.WITHDRAWN, _M, _("Withdraw"), _WHY_WITHDRAW),
    *(Transition(Action.WITHDRAW, state, State.WITHDRAWN, _D, _("Withdraw"), _WHY_WITHDRAW)
      for state in (State.ROUTE_1, State.ROUTE_2, State.ROUTE_3)),
)
BY_KEY: dict[tuple[State, str], Transition] = {(t.source, t.key): t for t in TRANSITIONS}

# Acute is for safety only; the justification must say something.
ACUTE_JUSTIFICATION_MIN = 30
REASON_MIN = 5


class TransitionError(Exception):
    """A step that the model does not allow from where the escalation is."""


def _blocked_by_pause(transition: Transition, paused: bool) -> bool:
    if transition.action == Action.RESUME:
        return not paused
    # While paused the clock is stopped: resume first, or withdraw.
    return paused and transition.action != Action.WITHDRAW


def allowed(*, state: str, paused: bool, reason: str) -> list[Transition]:
    """The steps open from here, whoever takes them."""
    return [
        t for t in TRANSITIONS
        if t.source == state and not _blocked_by_pause(t, paused) and (not t.is_acute or reason == Reason.SAFETY)
    ]


def transition_for(*, state: str, paused: bool, reason: str, key: str) -> Transition:
    """The step named `key` from `state`, or TransitionError saying why it is not possible."""
    transition = BY_KEY.get((State(state), key))
    if transition is None:
        raise TransitionError(_("This step is not possible from %(state)s; routes are not skipped.")
                              % {"state": State(state).label})
    if transition.is_acute and reason != Reason.SAFETY:
        raise TransitionError(_("The acute path is only for escalations about a person's or family's safety."))
    if _blocked_by_pause(transition, paused):
        raise TransitionError(_("The escalation is paused: resume it first.") if paused
                              else _("The escalation is not paused."))
    return transition


def route_perm(state: str) -> EscalationPerm:
    """What it takes to act in this state (recording a meeting, editing): route 3 is a decision level."""
    return EscalationPerm.DECIDE if state == State.ROUTE_3 else EscalationPerm.MOVE
