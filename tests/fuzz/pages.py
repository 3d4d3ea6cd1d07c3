"""Every page with a form, found from the URL confs: the register's entities (new and change), cases
and their parts, escalations and their steps, people, figures and the map; and the filter forms of
lists, sent by GET. Each names the tables its form writes to, so that a refusal can be checked to
have stored nothing."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.urls import reverse

from casework.models import (
    Case,
    CaseAnalysis,
    CaseDiscussion,
    CaseLead,
    CaseSettings,
    HouseBan,
    LearningMeeting,
    Lesson,
)
from escalation.models import Escalation, EscalationTransition, RouteMeeting, RouteSettings
from escalation.workflow import allowed
from governance.models import Invitation, MapSnapshot, Membership, Region
from governance.register.entities import ENTITIES
from reporting.models import FigureExplanation
from tests.role_matrix import USERS

FLEVO = "flevoland"


@dataclass(frozen=True)
class FormPage:
    url: Callable[[], str]
    models: Sequence[type] = ()  # the tables the form writes to (the audit trail is always counted)
    method: str = "post"
    users: Sequence[str] = USERS  # the first of these who may open the page fills it in
    # Pages it leads to where a stored value shows (besides the redirect's target).
    shown_on: Sequence[Callable[[], str]] = field(default_factory=tuple)
    # The page that shows the form, when the form posts to another address (`url`).
    shown_at: Callable[[], str] | None = None
    # A scope the form reads as "the whole region" when it is not one of its own (the map's snapshot):
    # another region's id is dropped, never stored, and the form is accepted.
    scope_falls_back: bool = False


def _r(name: str, *args) -> str:
    return reverse(name, args=[FLEVO, *args])


def _flevo() -> Region:
    return Region.objects.get(slug=FLEVO)


def _first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").first()


def _register_pages() -> dict[str, FormPage]:
    pages = {}
    for key, entity in ENTITIES.items():
        model = entity.form_class._meta.model
        listed = (lambda key=key: _r("governance:register_list", key),)
        pages[f"register {key} new"] = FormPage(lambda key=key: _r("governance:register_create", key), [model],
                                                 users=["projectleider"], shown_on=listed)
        pages[f"register {key} edit"] = FormPage(
            lambda key=key, model=model: _r("governance:register_edit", key, _first(model, region=_flevo()).pk),
            [model], users=["projectleider"], shown_on=listed)
    return pages


def _almere_case() -> Case:
    return _first(Case, region=_flevo(), municipality__code="GM0034")


def _case_part(model):
    def url():
        row = _first(model, case__region=_flevo(), case__closed_on=None)
        return _r("casework:part_edit", row.case.code, _kind[model], row.pk)
    return url


_kind = {CaseDiscussion: "discussions", CaseLead: "leads", HouseBan: "bans", CaseAnalysis: "analyses"}
_CASE_TABLES = (Case, CaseDiscussion, CaseLead, HouseBan, CaseAnalysis, LearningMeeting, Lesson, CaseSettings)
_CASE_USERS = ("teammanager", "beleidsmedewerker", "projectleider")


def _casework_pages() -> dict[str, FormPage]:
    cases_list = (lambda: _r("casework:index"),)
    pages = {
        "case new": FormPage(lambda: _r("casework:create"), _CASE_TABLES, users=_CASE_USERS, shown_on=cases_list),
        "case edit": FormPage(lambda: _r("casework:edit", _almere_case().code), _CASE_TABLES, users=_CASE_USERS),
        "learning meeting new": FormPage(lambda: _r("casework:learning_create"), _CASE_TABLES, users=_CASE_USERS),
        "lesson of a learning meeting": FormPage(
            lambda: _r("casework:lesson_create", "meeting", _first(LearningMeeting, region=_flevo()).pk),
            _CASE_TABLES, users=_CASE_USERS, shown_on=(lambda: _r("casework:learning"),)),
        "case retention settings": FormPage(lambda: _r("casework:settings"), _CASE_TABLES),
    }
    for model, kind in _kind.items():
        pages[f"case {kind} new"] = FormPage(
            lambda kind=kind: _r("casework:part_create", _almere_case().code, kind), _CASE_TABLES, users=_CASE_USERS)
        if model is not CaseAnalysis:  # the demo has no analysis on an open case
            pages[f"case {kind} edit"] = FormPage(_case_part(model), _CASE_TABLES, users=_CASE_USERS)
    return pages


_ESCALATION_TABLES = (Escalation, EscalationTransition, RouteMeeting, RouteSettings)
_MOVERS = ("teammanager", "beleidsmedewerker", "projectleider", "wethouder")


def _open_escalation() -> Escalation:
    return _first(Escalation, region=_flevo(), state__in=["filed", "route_1", "route_2"],
                  municipality__code="GM0034") or _first(Escalation, region=_flevo(), state="route_1")


def _step_url() -> str:
    escalation = _open_escalation()
    step = allowed(state=escalation.state, paused=escalation.is_paused, reason=escalation.reason)[0]
    return _r("escalation:step", escalation.pk, step.key)


def _escalation_pages() -> dict[str, FormPage]:
    shown = (lambda: _r("escalation:detail", _open_escalation().pk), lambda: _r("escalation:index"))
    return {
        "escalation new": FormPage(lambda: _r("escalation:create"), _ESCALATION_TABLES, users=_MOVERS,
                                   shown_on=(lambda: _r("escalation:index"),)),
        "escalation edit": FormPage(lambda: _r("escalation:edit", _open_escalation().pk), _ESCALATION_TABLES,
                                    users=_MOVERS, shown_on=shown),
        "escalation step": FormPage(_step_url, _ESCALATION_TABLES, users=_MOVERS, shown_on=shown),
        "escalation meeting new": FormPage(lambda: _r("escalation:meeting_create", _open_escalation().pk),
                                           _ESCALATION_TABLES, users=_MOVERS, shown_on=shown),
        "escalation time limits": FormPage(lambda: _r("escalation:settings"), _ESCALATION_TABLES),
    }


def _stakeholder():
    return _first(ENTITIES["stakeholders"].form_class._meta.model, region=_flevo())


def _member() -> Membership:
    return Membership.objects.filter(region__slug=FLEVO).exclude(user__username="beheerder").order_by("pk").first()


def _other_pages() -> dict[str, FormPage]:
    members = (lambda: _r("governance:member_list"),)
    return {
        "person add": FormPage(lambda: _r("governance:member_add"), [Invitation, Membership], users=["beheerder"],
                               shown_on=members),
        "person edit": FormPage(lambda: _r("governance:member_edit", _member().pk), [Membership],
                                users=["beheerder"], shown_on=members),
        "stakeholder assessment": FormPage(
            lambda: _r("governance:stakeholder_assess", _stakeholder().pk), users=["projectleider"],
            shown_at=lambda: _r("governance:register_detail", "stakeholders", _stakeholder().pk)),
        "agreement checklist": FormPage(
            lambda: _r("governance:checklist_edit", _first(ENTITIES["versions"].form_class._meta.model,
                                                           agreement__region=_flevo()).pk)
            if "versions" in ENTITIES else "", users=["projectleider"]),
        "map snapshot take": FormPage(lambda: _r("governance:map_snapshot_take"), [MapSnapshot],
                                      users=["projectleider"], shown_at=lambda: _r("governance:map_snapshots"),
                                      scope_falls_back=True),
        "figure explanation": FormPage(lambda: _r("reporting:explain", "reports", "2024HJ02"), [FigureExplanation],
                                       shown_on=(lambda: _r("reporting:figures"),)),
    }


# Filter and scope forms: sent by GET, they store nothing, and must neither crash nor echo markup.
def _get_pages() -> dict[str, FormPage]:
    pages = {f"filter register {key}": FormPage(lambda key=key: _r("governance:register_list", key), method="get",
                                                users=["projectleider"])
             for key, entity in ENTITIES.items() if entity.filter_class is not None}
    pages |= {
        "filter cases": FormPage(lambda: _r("casework:index"), method="get", users=_CASE_USERS),
        "filter escalations": FormPage(lambda: _r("escalation:index"), method="get", users=_MOVERS),
        "scope map": FormPage(lambda: _r("governance:map"), method="get", users=["projectleider"]),
        "scope network": FormPage(lambda: _r("governance:network"), method="get", users=["projectleider"]),
        "scope dashboard": FormPage(lambda: _r("reporting:dashboard"), method="get"),
        "search the audit trail": FormPage(lambda: _r("governance:audit_search"), method="get",
                                           users=["beheerder"]),
    }
    return pages


PAGES: dict[str, FormPage] = _register_pages() | _casework_pages() | _escalation_pages() | _other_pages() | _get_pages()
