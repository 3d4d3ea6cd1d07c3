"""Every write to an escalation goes through here: filing, each step along the routes, meetings,
edits and the region's time limits. Rows are locked while they change, every step is checked
against the workflow, history is appended, and the route is told after commit."""
from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.audit import acting_as
from common.identifiers import refuse_identifiers, visible_length
from common.versioning import StaleEditError, check_version, locked_row
from common.workdays import add_working_days, working_days_between
from governance.access import access_for
from governance.models import Agreement, Organisation, Region
from governance.register.services import agreement_review_request

from .audit import audit_case_link
from .models import Escalation, EscalationTransition, RouteMeeting, RouteSettings
from .notifications import notify_step
from .permissions import EscalationPerm, readable_case
from .workflow import (
    ACUTE_JUSTIFICATION_MIN,
    CLOSED_STATES,
    REASON_MIN,
    Action,
    State,
    Transition,
    route_perm,
    transition_for,
)


def route_settings_for(region: Region) -> RouteSettings:
    """The region's time limits; the defaults until someone changes them."""
    found = RouteSettings.objects.filter(region=region).first()
    return found if found is not None else RouteSettings(region=region)


def deadline_for(region_settings: RouteSettings, state: str, start: date) -> date | None:
    days = region_settings.days_for(state)
    return add_working_days(start, days) if days is not None else None


def _actor_name(actor) -> str:
    return (actor.get_full_name() or actor.get_username()) if actor is not None else _("the system")


def _record(escalation: Escalation, *, actor, action: Action, from_state: str, reason: str,
            at=None) -> EscalationTransition:
    return EscalationTransition.objects.create(
        escalation=escalation, action=action, from_state=from_state, to_state=escalation.state, reason=reason,
        actor=actor, actor_name=_actor_name(actor), at=at or timezone.now(), deadline=escalation.deadline,
    )


def _check_organisations(region: Region, organisations) -> None:
    if not organisations:
        raise ValidationError({"organisations": _("Choose at least one organisation involved.")})
    if any(org.region_id != region.pk for org in organisations):
        raise ValidationError({"organisations": _("Choose organisations of this region.")})


def _check_case(actor, escalation: Escalation, *, unchanged_from: int | None = None) -> None:
    """Only someone who may read a case can name it (a link left as it was stays whoever edits)."""
    if escalation.case_id is not None and escalation.case_id != unchanged_from and readable_case(
            actor, escalation) is None:
        raise PermissionDenied


@transaction.atomic
def escalation_file(*, actor, escalation: Escalation, organisations: list[Organisation]) -> Escalation:
    """A new escalation: filed, with the intake deadline running and route 1's people told."""
    if not access_for(actor).may(EscalationPerm.FILE, escalation.region_id, escalation.municipality_id):
        raise PermissionDenied
    _check_organisations(escalation.region, organisations)
    _check_case(actor, escalation)
    escalation.state, escalation.filed_by, escalation.state_since = State.FILED, actor, timezone.now()
    escalation.deadline = deadline_for(route_settings_for(escalation.region), State.FILED, timezone.localdate())
    escalation.full_clean()
    with acting_as(actor):
        escalation.save()
        escalation.organisations.set(organisations)
        audit_case_link(actor=actor, escalation=escalation, old_case_id=None)
        step = _record(escalation, actor=actor, action=Action.FILE, from_state="",
                       reason=_("Filed by %(name)s.") % {"name": _actor_name(actor)})
    notify_step(escalation=escalation, step=step, route_state=State.FILED, actor_id=actor.pk)
    return escalation


def _locked(escalation_id: int, expected_version: int | None) -> Escalation:
    return locked_row(Escalation.objects.select_related("region"), escalation_id, expected=expected_version, message=_(
        "Someone else changed this escalation in the meantime. Check its current state and try again."))


def _check_reason(transition: Transition, reason: str) -> str:
    reason = (reason or "").strip()
    minimum = ACUTE_JUSTIFICATION_MIN if transition.is_acute else REASON_MIN
    if visible_length(reason) < minimum:  # zero-width characters and spaces say nothing
        message = (_("The acute path needs a written justification of at least %(count)s characters.")
                   if transition.is_acute else _("Give a reason of at least %(count)s characters."))
        raise ValidationError({"reason": message % {"count": minimum}})
    _refuse_identifiers_in("reason", reason)
    return reason


def _refuse_identifiers_in(field: str, text: str) -> None:
    try:
        refuse_identifiers(text)
    except ValidationError as error:  # shown at its field, where the user typed it
        raise ValidationError({field: error.messages}) from None


def apply_step(escalation: Escalation, transition: Transition, *, reason: str, today: date,
               region_settings: RouteSettings, now=None) -> None:
    """What a step does to the escalation's state, clock and marks (in memory; the caller saves)."""
    if transition.action == Action.PAUSE:
        escalation.paused_since, escalation.pause_reason = today, reason[:300]
    elif transition.action == Action.RESUME:
        # The clock stood still while paused: the deadline moves by the working days it lost.
        lost = working_days_between(escalation.paused_since, today)
        if escalation.deadline is not None and lost:
            escalation.deadline = add_working_days(escalation.deadline, lost)
        escalation.paused_since, escalation.pause_reason = None, ""
    else:
        escalation.state, escalation.state_since = transition.target, now or timezone.now()
        escalation.paused_since, escalation.pause_reason = None, ""
        if transition.target in CLOSED_STATES:
            escalation.deadline, escalation.closed_at = None, now or timezone.now()
        else:
            escalation.deadline = deadline_for(region_settings, transition.target, today)
    if transition.is_acute:
        escalation.is_acute = True


@transaction.atomic
def escalation_step(*, actor, escalation_id: int, key: str, reason: str, expected_version: int | None,
                    lesson: str = "", review_agreement: Agreement | None = None) -> Escalation:
    """Take one step of the workflow (see workflow.TRANSITIONS), or raise without changing anything.

    The row is locked, so of two people taking a step at the same moment one succeeds and the other
    is told the escalation changed (the version they saw is no longer current)."""
    escalation = _locked(escalation_id, expected_version)
    transition = transition_for(state=escalation.state, paused=escalation.is_paused, reason=escalation.reason, key=key)
    if not access_for(actor).may(transition.perm, escalation.region_id, escalation.municipality_id):
        raise PermissionDenied
    reason = _check_reason(transition, reason)
    from_state = escalation.state
    apply_step(escalation, transition, reason=reason, today=timezone.localdate(),
               region_settings=route_settings_for(escalation.region))
    if transition.action == Action.RESOLVE:
        _resolve(actor, escalation, outcome=reason, lesson=lesson, review_agreement=review_agreement)

    escalation.version += 1
    with acting_as(actor):
        escalation.save()
        step = _record(escalation, actor=actor, action=transition.action, from_state=from_state, reason=reason)
    # Tell the route the escalation is in now; when it closes, the route it was in.
    notify_step(escalation=escalation, step=step, actor_id=actor.pk,
                route_state=from_state if transition.closes else escalation.state)
    return escalation


def _resolve(actor, escalation: Escalation, *, outcome: str, lesson: str, review_agreement: Agreement | None) -> None:
    lesson = (lesson or "").strip()
    if not visible_length(lesson):
        raise ValidationError({"lesson": _("Write down the lesson, even if it is that the agreements worked.")})
    _refuse_identifiers_in("lesson", lesson)
    escalation.outcome, escalation.lesson = outcome, lesson
    if review_agreement is not None:
        if review_agreement.region_id != escalation.region_id:
            raise ValidationError({"review_agreement": _("Choose an agreement of this region.")})
        escalation.review = agreement_review_request(
            actor=actor, agreement=review_agreement, reason=lesson,
            source=_("Escalation %(reference)s") % {"reference": escalation.reference},
        )


@transaction.atomic
def escalation_update(*, actor, escalation: Escalation, expected_version: int | None,
                      organisations: list[Organisation]) -> Escalation:
    """Correct or complete what was filed, while the escalation is open."""
    current = _locked(escalation.pk, expected_version)
    if current.is_closed:
        raise ValidationError(_("A closed escalation cannot be changed."))
    access = access_for(actor)
    if not access.may(route_perm(current.state), current.region_id, current.municipality_id) or not access.may(
        EscalationPerm.FILE, escalation.region_id, escalation.municipality_id
    ):
        raise PermissionDenied
    _check_organisations(current.region, organisations)
    _check_case(actor, escalation, unchanged_from=current.case_id)
    old_case_id = current.case_id
    # Only what the form edits; state, deadline and history belong to the steps. The reason stays as
    # filed: it decides whether the acute path is open.
    for name in ("municipality_id", "title", "agreement_id", "case_id", "description", "question"):
        setattr(current, name, getattr(escalation, name))
    current.full_clean()
    current.version += 1
    with acting_as(actor):
        current.save()
        current.organisations.set(organisations)
        audit_case_link(actor=actor, escalation=current, old_case_id=old_case_id)
    return current


def escalations_forget_case(case) -> None:
    """Retention anonymises or deletes `case` (casework/retention.py, through the plug-in registry): the
    escalations naming it let go of it, so none of them leads back to it. Runs in retention's transaction."""
    for escalation in Escalation.objects.select_for_update().filter(case=case):
        escalation.case, escalation.version = None, escalation.version + 1
        escalation.save(update_fields=["case", "version", "updated_at"])
        audit_case_link(actor=None, escalation=escalation, old_case_id=case.pk)


@transaction.atomic
def route_meeting_record(*, actor, escalation: Escalation, meeting: RouteMeeting, participants) -> RouteMeeting:
    """A meeting of the route the escalation is in now."""
    current = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if current.route is None:
        raise ValidationError(_("Meetings are recorded while the escalation is in one of the routes."))
    if not access_for(actor).may(route_perm(current.state), current.region_id, current.municipality_id):
        raise PermissionDenied
    if any(person.region_id != current.region_id for person in participants):
        raise ValidationError({"participants": _("Choose people of this region.")})
    meeting.escalation, meeting.region_id, meeting.route = current, current.region_id, current.route
    if meeting.held_on and meeting.held_on < timezone.localtime(current.state_since).date():
        raise ValidationError({"held_on": _("This route started on %(date)s; a meeting in it cannot be earlier.")
                               % {"date": date_format(timezone.localtime(current.state_since).date())}})
    meeting.full_clean()
    with acting_as(actor):
        meeting.save()
        meeting.participants.set(participants)
    return meeting


@transaction.atomic
def route_settings_save(*, actor, region_settings: RouteSettings, expected_version: int | None) -> RouteSettings:
    if not access_for(actor).may(EscalationPerm.CONFIGURE, region_settings.region_id, None):
        raise PermissionDenied
    stale = _("Someone else changed the time limits in the meantime. Check them and save again.")
    # The defaults a region starts with count as version 1, so a first save is checked like any other.
    current = (RouteSettings.objects.select_for_update().filter(region_id=region_settings.region_id)
               .values_list("version", flat=True).first()) or 1
    check_version(current, expected_version, stale)
    region_settings.version = current + 1
    region_settings.full_clean(validate_unique=False)
    try:
        with transaction.atomic(), acting_as(actor):
            region_settings.save()
    except IntegrityError:  # two first saves at the same moment: the other one won
        raise StaleEditError(stale, current_version=current) from None
    return region_settings
