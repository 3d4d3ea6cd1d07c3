"""Escalations as their users meet them in the browser: who may open which page, filing through the
form, steps through the step page, resolving with a lesson that reaches the register, the list's
filters, the detail page and its PDF, flat query counts, and the region's time limits.

Everything runs on the shared Flevoland demo: nine escalations, one in every state (and Zeeland,
which must never see any of them). Escalations are found by their demo title, never by a guessed id.
"""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from common.workdays import add_working_days
from escalation.models import Escalation, EscalationTransition, RouteMeeting, RouteSettings
from escalation.workflow import Action, Reason, State
from governance.models import Agreement, AgreementReview, Municipality, Organisation, Region, Stakeholder
from tests.role_matrix import ANONYMOUS, Page, cases
from tests.role_matrix import USERS as DEMO_USERS

FLEVO = "flevoland"
USERS = (*DEMO_USERS, ANONYMOUS)

# The demo escalations, by title (see escalation/demo.py).
FILED_LELYSTAD = "Overdracht na veiligheidstaxatie blijft liggen"
ROUTE_1_ALMERE = "Terugkoppeling over een lopende melding blijft uit"
PAUSED_DRONTEN = "Wachten op informatie van de jeugdbeschermer"
OVERDUE_ROUTE_2_ALMERE = "Verschil van inzicht over de inzet van een hulpverleningstraject"
ROUTE_3_NOORDOOSTPOLDER = "Afspraken over terugkoppeling werken niet bij de wijkteams in de Noordoostpolder"
ACUTE_ROUTE_3_LELYSTAD = "Acute onveiligheid: geen passende opvangplek beschikbaar"
DE_ESCALATED_ALMERE = "Zorgen over veiligheid na opheffing van een tijdelijk huisverbod"
RESOLVED_ZEEWOLDE = "Triageprotocol laat niet zien wie bij twijfel beslist"
WITHDRAWN_URK = "Onduidelijkheid over de bereikbaarheid buiten kantoortijden"

VT = "Veilig Thuis Flevoland"
HUISVERBOD_AGREEMENT = "Afspraken tijdelijk huisverbod Flevoland"


def flevoland() -> Region:
    return Region.objects.get(slug=FLEVO)


def esc(title: str) -> Escalation:
    return Escalation.objects.get(region__slug=FLEVO, title=title)


def municipality(name: str) -> Municipality:
    return flevoland().municipalities.get(name=name)


def org(name: str = VT) -> Organisation:
    return Organisation.objects.get(region__slug=FLEVO, name=name)


def url(name: str, *args, region: str = FLEVO) -> str:
    return reverse(f"escalation:{name}", args=[region, *args])


def detail_url(escalation: Escalation, region: str = FLEVO) -> str:
    return url("detail", escalation.pk, region=region)


def step_url(escalation: Escalation, key: str) -> str:
    return url("step", escalation.pk, key)


def ui(msgid: str) -> str:
    """A template's literal UI string as the (Dutch) page shows it: translated where a translation
    exists (literals in {% translate %} are not escaped)."""
    with override("nl"):
        return gettext(msgid)


def flashed(response) -> list:
    return list(get_messages(response.wsgi_request))


# --- 1. Who may open which page -------------------------------------------------------------------------

# Expected statuses, in the order of USERS:
#                  leader wethouder policy team admin zeeland anonymous
READ =              [200, 200, 200, 200, 403, 404, 302]
READ_NOT_ALMERE =   [200, 200, 200, 404, 403, 404, 302]  # the Almere team manager does not see it
FILE =              [403, 403, 200, 200, 403, 404, 302]
MOVE =              [403, 403, 200, 200, 403, 404, 302]
MOVE_NOT_ALMERE =   [403, 403, 200, 404, 403, 404, 302]
DECIDE =            [403, 403, 200, 403, 403, 404, 302]  # in Almere: the team manager sees it but may not decide
DECIDE_NOT_ALMERE = [403, 403, 200, 404, 403, 404, 302]
CONFIGURE =         [200, 403, 403, 403, 403, 404, 302]
EVERYONE =          [200, 200, 200, 200, 200, 200, 302]
CLOSED =            [403, 403, 404, 404, 403, 404, 302]  # a closed escalation is not edited
# A step that is not possible from here: back to the detail page with a message, for those who may move.
NOT_POSSIBLE =      [403, 403, 302, 302, 403, 404, 302]
NO_ROUTE =          [403, 403, 302, 404, 403, 404, 302]  # a meeting before route 1 started: back, with a message

PAGES: dict[str, Page] = {
    # page id: its URL and the status per user (tests.role_matrix.USERS, then anonymous)
    "list": Page(lambda: url("index"), READ),
    "mine": Page(lambda: reverse("escalation:mine"), EVERYONE),
    "create": Page(lambda: url("create"), FILE),
    "time-limits": Page(lambda: url("settings"), READ),
    "time-limits:post": Page(lambda: url("settings"), CONFIGURE, "post"),
    "detail:almere": Page(lambda: detail_url(esc(ROUTE_1_ALMERE)), READ),
    "detail:lelystad": Page(lambda: detail_url(esc(FILED_LELYSTAD)), READ_NOT_ALMERE),
    "detail:closed": Page(lambda: detail_url(esc(WITHDRAWN_URK)), READ_NOT_ALMERE),
    "edit:route-1": Page(lambda: url("edit", esc(ROUTE_1_ALMERE).pk), MOVE),
    "edit:route-3": Page(lambda: url("edit", esc(ROUTE_3_NOORDOOSTPOLDER).pk), DECIDE_NOT_ALMERE),
    "edit:resolved": Page(lambda: url("edit", esc(RESOLVED_ZEEWOLDE).pk), CLOSED),
    "step:start": Page(lambda: step_url(esc(FILED_LELYSTAD), "start-route_1"), MOVE_NOT_ALMERE),
    "step:scale-up-to-2": Page(lambda: step_url(esc(ROUTE_1_ALMERE), "scale_up-route_2"), MOVE),
    "step:pause": Page(lambda: step_url(esc(ROUTE_1_ALMERE), "pause-route_1"), MOVE),
    "step:resume": Page(lambda: step_url(esc(PAUSED_DRONTEN), "resume-route_1"), MOVE_NOT_ALMERE),
    "step:scale-up-to-3": Page(lambda: step_url(esc(OVERDUE_ROUTE_2_ALMERE), "scale_up-route_3"), DECIDE),
    "step:acute-to-3": Page(lambda: step_url(esc(DE_ESCALATED_ALMERE), "acute-route_3"), DECIDE),
    "step:resolve": Page(lambda: step_url(esc(ROUTE_1_ALMERE), "resolve-resolved"), DECIDE),
    "step:withdraw-in-route": Page(lambda: step_url(esc(ROUTE_1_ALMERE), "withdraw-withdrawn"), DECIDE),
    "step:withdraw-filed": Page(lambda: step_url(esc(FILED_LELYSTAD), "withdraw-withdrawn"), MOVE_NOT_ALMERE),
    "step:route-3-pause": Page(lambda: step_url(esc(ROUTE_3_NOORDOOSTPOLDER), "pause-route_3"), DECIDE_NOT_ALMERE),
    "step:skipping-a-route": Page(lambda: step_url(esc(ROUTE_1_ALMERE), "scale_up-route_3"), NOT_POSSIBLE),
    "meeting:route-1": Page(lambda: url("meeting_create", esc(ROUTE_1_ALMERE).pk), MOVE),
    "meeting:route-3": Page(lambda: url("meeting_create", esc(ROUTE_3_NOORDOOSTPOLDER).pk), DECIDE_NOT_ALMERE),
    "meeting:filed": Page(lambda: url("meeting_create", esc(FILED_LELYSTAD).pk), NO_ROUTE),
    "pdf": Page(lambda: url("pdf", esc(ROUTE_1_ALMERE).pk), READ),
}
MATRIX = cases(PAGES, USERS)


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "username", "expected"), MATRIX)
def test_role_matrix_of_every_escalation_page(open_as, page, username, expected):
    response = open_as(username, PAGES[page])
    assert response.status_code == expected
    if expected == 302 and username == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_post_that_is_refused_changes_nothing(client_for):
    """The matrix posted an empty time-limits form; a full one from a reader is refused just the same."""
    for username in ["wethouder", "beleidsmedewerker", "teammanager"]:
        response = client_for(username).post(url("settings"), {**_DEFAULT_LIMITS, "route_2_days": 12, "version": 1})
        assert response.status_code == 403
    assert not RouteSettings.objects.filter(region=flevoland()).exists()


@pytest.mark.django_db
def test_zeeland_finds_no_flevoland_escalation_through_its_own_region(client_for):
    client = client_for("zeeland-projectleider")
    escalation = esc(ROUTE_1_ALMERE)
    for page in [detail_url(escalation, region="zeeland"), url("pdf", escalation.pk, region="zeeland")]:
        assert client.get(page).status_code == 404
    listing = client.get(url("index", region="zeeland"))
    assert listing.status_code == 200 and listing.context["page"].paginator.count == 0
    assert client.get(reverse("escalation:mine")).context["page"].paginator.count == 0


@pytest.mark.django_db
def test_my_escalations_holds_what_i_filed_and_what_waits_for_my_routes(client_for, demo_user):
    """The administrator has none; the team manager has Almere's in routes 1-2 and what she filed; the policy
    officer what he filed and everything in routes 2-3."""
    assert client_for("beheerder").get(reverse("escalation:mine")).context["page"].paginator.count == 0
    rows = _flevoland_escalations()
    team, policy = demo_user("teammanager"), demo_user("beleidsmedewerker")
    expected = {
        "teammanager": {e.pk for e in rows if e.filed_by == team or (
            e.municipality.name == "Almere" and e.state in (State.FILED, State.ROUTE_1, State.ROUTE_2))},
        "beleidsmedewerker": {e.pk for e in rows if e.filed_by == policy or e.state in (State.ROUTE_2, State.ROUTE_3)},
    }
    for username, pks in expected.items():
        page = client_for(username).get(reverse("escalation:mine")).context["page"]
        assert {e.pk for e in page.object_list} == pks, username


@pytest.mark.django_db
def test_my_escalations_puts_the_nearest_deadline_first_and_closed_ones_last(client_for):
    page = client_for("beleidsmedewerker").get(reverse("escalation:mine")).context["page"]
    rows = list(page.object_list)
    assert any(e.is_closed for e in rows) and any(e.is_open for e in rows)
    open_rows = [e for e in rows if e.deadline is not None]
    assert rows[:len(open_rows)] == open_rows, "closed escalations (no deadline) last"
    assert [e.deadline for e in open_rows] == sorted(e.deadline for e in open_rows)


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "has_tab"), [
    ("projectleider", True), ("wethouder", True), ("beleidsmedewerker", True), ("teammanager", True),
    ("beheerder", False),
])
def test_only_roles_that_see_escalations_get_the_tab(client_for, username, has_tab):
    response = client_for(username).get(reverse("governance:region_detail", args=[FLEVO]))
    assert response.status_code == 200
    assert (f'href="{url("index")}"' in response.content.decode()) is has_tab


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "may_file"), [
    ("projectleider", False), ("wethouder", False), ("beleidsmedewerker", True), ("teammanager", True),
])
def test_only_those_who_may_file_get_the_file_button(client_for, username, may_file):
    assert (f'href="{url("create")}"' in client_for(username).get(url("index")).content.decode()) is may_file


@pytest.mark.django_db
def test_the_team_manager_lists_only_almere(client_for):
    response = client_for("teammanager").get(url("index"))
    shown = {e.pk for e in response.context["page"].object_list}
    assert shown == set(Escalation.objects.filter(region__slug=FLEVO, municipality__name="Almere")
                        .values_list("pk", flat=True))
    assert shown and response.context["summary"].open == len(
        [e for e in Escalation.objects.filter(pk__in=shown) if e.is_open])


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["projectleider", "wethouder"])
def test_readers_get_no_step_buttons(client_for, username):
    for escalation in Escalation.objects.filter(region__slug=FLEVO):
        response = client_for(username).get(detail_url(escalation))
        content = response.content.decode()
        assert response.context["steps"] == [] and not response.context["can_act"]
        assert "/step/" not in content and url("edit", escalation.pk) not in content


@pytest.mark.django_db
def test_the_team_manager_gets_the_moves_but_not_the_decisions(client_for):
    escalation = esc(ROUTE_1_ALMERE)
    content = client_for("teammanager").get(detail_url(escalation)).content.decode()
    assert step_url(escalation, "scale_up-route_2") in content
    assert step_url(escalation, "pause-route_1") in content
    assert url("meeting_create", escalation.pk) in content and url("edit", escalation.pk) in content
    assert step_url(escalation, "resolve-resolved") not in content
    assert step_url(escalation, "withdraw-withdrawn") not in content
    policy = client_for("beleidsmedewerker").get(detail_url(escalation)).content.decode()
    assert step_url(escalation, "resolve-resolved") in policy


# --- 2. Filing through the form -------------------------------------------------------------------------

def _filing(**changes) -> dict:
    data = {
        "reason": Reason.COOPERATION, "municipality": municipality("Almere").pk,
        "title": "Overdracht na het eerste huisbezoek stokt",
        "organisations": [org().pk, org("Wijkteam Almere Stad").pk],
        "agreement": "", "case_code": "",
        "description": "Het wijkteam wacht al twee weken op de overdracht van Veilig Thuis.",
        "question": "Wie maakt de afspraak over de overdracht?",
    }
    return data | changes


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["beleidsmedewerker", "teammanager"])
def test_filing_creates_a_filed_escalation_with_its_first_history_row(client_for, demo_user, username):
    before = set(Escalation.objects.values_list("pk", flat=True))
    response = client_for(username).post(url("create"), _filing())
    created = Escalation.objects.exclude(pk__in=before).get()
    assert response.status_code == 302 and response["Location"] == detail_url(created)
    assert created.state == State.FILED and created.filed_by == demo_user(username)
    assert created.region.slug == FLEVO and created.municipality.name == "Almere" and created.deadline is not None
    assert set(created.organisations.values_list("name", flat=True)) == {VT, "Wijkteam Almere Stad"}
    history = list(created.transitions.all())
    assert [(h.action, h.from_state, h.to_state) for h in history] == [(Action.FILE, "", State.FILED)]
    assert [m.level for m in flashed(response)] == [messages.SUCCESS]


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [
    ("case_code", "123456782"),  # passes the BSN eleven test
    ("case_code", "12-03-2015"),  # a date in a code could be a date of birth
    ("description", "Het kind, geboren 12-03-2015, wacht op hulp."),
    ("title", "Overdracht voor BSN 123456782"),
    ("question", "Wie gaat langs op 1234 AB 12?"),  # a postcode with a house number
])
def test_filing_refuses_client_identifiers_and_keeps_what_was_typed(client_for, field, value):
    count = Escalation.objects.count()
    data = _filing(**{field: value})
    response = client_for("beleidsmedewerker").post(url("create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert Escalation.objects.count() == count
    content = response.content.decode()
    for name in ("title", "case_code", "description", "question"):
        assert form[name].value() == data[name]
        assert escape(data[name]) in content


@pytest.mark.django_db
def test_a_refused_filing_says_what_was_found_at_the_field_without_repeating_it(client_for):
    data = _filing(description="Het gezin woont op Dorpsstraat 12, 1234 AB Almere.")
    response = client_for("beleidsmedewerker").post(url("create"), data)
    error = response.context["form"].errors["description"][0]
    assert ui("a postcode with a house number") in error and "1234" not in error
    assert escape(error) in response.content.decode()


@pytest.mark.django_db
def test_the_filing_form_warns_never_to_record_client_data(client_for):
    content = client_for("beleidsmedewerker").get(url("create")).content.decode()
    assert ui("An escalation is about the cooperation, not about the clients. Never record names, dates of birth, "
              "addresses, BSNs or other details that identify anyone. If it is about a case in this application, "
              "name it only in the case code field: only people who may read that case see which one it is.") in content


@pytest.mark.django_db
def test_the_team_manager_can_only_file_for_almere(client_for):
    client = client_for("teammanager")
    form = client.get(url("create")).context["form"]
    assert [m.name for m in form.fields["municipality"].queryset] == ["Almere"]
    count = Escalation.objects.count()
    response = client.post(url("create"), _filing(municipality=municipality("Lelystad").pk))
    assert response.status_code == 200 and list(response.context["form"].errors) == ["municipality"]
    assert Escalation.objects.count() == count


@pytest.mark.django_db
def test_the_filing_form_offers_the_regions_organisations_in_one_searchable_select(client_for):
    content = client_for("beleidsmedewerker").get(url("create")).content.decode()
    assert content.count('<select name="organisations"') == 1
    assert 'type="checkbox" name="organisations"' not in content
    select = content[content.index('<select name="organisations"'):]
    select = select[:select.index("</select>")]
    assert "multiple" in select and "data-picker" in select and "<optgroup" in select
    offered = {int(value) for value in re.findall(r'<option value="(\d+)"', select)}
    assert offered == set(Organisation.objects.filter(region__slug=FLEVO).values_list("pk", flat=True))
    # The picker's script and styles come from our own static files, at the end and in the head.
    assert 'src="/static/vendor/tom-select/js/tom-select.popular.min.js"' in content
    assert content.index('src="/static/js/picker.js"') > content.index("</form>")
    assert content.index('href="/static/css/picker.css"') < content.index("<body")


@pytest.mark.django_db
def test_a_refused_filing_keeps_the_chosen_organisations_chosen(client_for):
    response = client_for("beleidsmedewerker").post(url("create"), _filing(title=""))
    assert response.status_code == 200
    content = response.content.decode()
    for organisation in (org(), org("Wijkteam Almere Stad")):
        assert f'<option value="{organisation.pk}" selected>{escape(organisation.name)}</option>' in content


@pytest.mark.django_db
def test_the_filing_form_costs_the_same_queries_with_many_more_organisations(client_for):
    client = client_for("beleidsmedewerker")
    with CaptureQueriesContext(connection) as before:
        client.get(url("create"))
    domain = org().domain
    Organisation.objects.bulk_create([
        Organisation(region=flevoland(), name=f"Extra {i}", type=org().type, domain=domain) for i in range(200)])
    with CaptureQueriesContext(connection) as after:
        response = client.get(url("create"))
    assert len(after) == len(before)
    assert "Extra 199" in response.content.decode()


# --- 3. Steps through the step page ---------------------------------------------------------------------

@pytest.mark.django_db
def test_a_step_moves_the_escalation_and_adds_to_its_history(client_for):
    escalation = esc(ROUTE_1_ALMERE)
    steps = escalation.transitions.count()
    response = client_for("teammanager").post(step_url(escalation, "scale_up-route_2"), {
        "reason": "Route 1 komt er niet uit; beleid moet aanschuiven.", "version": escalation.version})
    assert response.status_code == 302 and response["Location"] == detail_url(escalation)
    escalation.refresh_from_db()
    assert escalation.state == State.ROUTE_2 and escalation.transitions.count() == steps + 1
    last = escalation.transitions.order_by("-at", "-id").first()
    assert (last.action, last.from_state, last.to_state) == (Action.SCALE_UP, State.ROUTE_1, State.ROUTE_2)
    assert last.reason == "Route 1 komt er niet uit; beleid moet aanschuiven."
    assert [m.level for m in flashed(response)] == [messages.SUCCESS]


@pytest.mark.django_db
def test_a_step_with_a_stale_version_changes_nothing(client_for):
    escalation = esc(ROUTE_1_ALMERE)
    steps, version = escalation.transitions.count(), escalation.version
    response = client_for("teammanager").post(step_url(escalation, "scale_up-route_2"), {
        "reason": "Route 1 komt er niet uit; beleid moet aanschuiven.", "version": version - 1})
    assert response.status_code == 302 and response["Location"] == detail_url(escalation)
    assert [m.level for m in flashed(response)] == [messages.ERROR]
    escalation.refresh_from_db()
    assert (escalation.state, escalation.version, escalation.transitions.count()) == (State.ROUTE_1, version, steps)


@pytest.mark.django_db
@pytest.mark.parametrize(("title", "key"), [
    (ROUTE_1_ALMERE, "scale_up-route_3"),  # routes are not skipped
    (ROUTE_1_ALMERE, "acute-route_3"),  # acute is for safety only
    (PAUSED_DRONTEN, "scale_up-route_2"),  # resume first
    (ROUTE_1_ALMERE, "resume-route_1"),  # not paused
    (ROUTE_1_ALMERE, "nonsense"),
])
def test_a_step_that_is_not_possible_redirects_with_a_message(client_for, title, key):
    escalation = esc(title)
    version = escalation.version
    client = client_for("beleidsmedewerker")
    for response in [client.get(step_url(escalation, key)),
                     client.post(step_url(escalation, key), {"reason": "Dit mag niet lukken.", "version": version})]:
        assert response.status_code == 302 and response["Location"] == detail_url(escalation)
        assert {m.level for m in flashed(response)} == {messages.ERROR}
    escalation.refresh_from_db()
    assert escalation.version == version


@pytest.mark.django_db
def test_a_step_without_a_reason_is_a_field_error(client_for):
    escalation = esc(ROUTE_1_ALMERE)
    response = client_for("teammanager").post(step_url(escalation, "scale_up-route_2"),
                                              {"reason": "kort", "version": escalation.version})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["reason"]
    escalation.refresh_from_db()
    assert escalation.state == State.ROUTE_1


# --- 4. Resolving with a lesson that puts an agreement on the review list --------------------------------

def _attention_box(content: str) -> str:
    start = content.index('id="attention-heading"')
    return content[start:content.index("</section>", start)]


@pytest.mark.django_db
def test_a_lesson_that_an_agreement_does_not_work_reaches_the_register(client_for):
    escalation = esc(ROUTE_1_ALMERE)
    agreement = Agreement.objects.get(region__slug=FLEVO, title=HUISVERBOD_AGREEMENT)
    table = agreement.monitored_by
    assert table is not None and not agreement.reviews.exists()
    lesson = "De afspraken over het tijdelijk huisverbod zeggen niet wie de terugkoppeling doet."
    client = client_for("beleidsmedewerker")
    home = reverse("governance:register_home", args=[FLEVO])
    assert escape(agreement.title) not in _attention_box(client.get(home).content.decode())

    response = client.post(step_url(escalation, "resolve-resolved"), {
        "reason": "Afgesproken dat Veilig Thuis binnen vijf werkdagen terugkoppelt.", "lesson": lesson,
        "agreement_does_not_work": "on", "review_agreement": agreement.pk, "version": escalation.version})
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.state == State.RESOLVED and escalation.lesson == lesson
    review = AgreementReview.objects.get(agreement=agreement)
    assert escalation.review == review and review.is_open and review.reason == lesson
    assert escalation.reference in review.source

    agreement_page = client.get(reverse("governance:register_detail", args=[FLEVO, "agreements", agreement.pk]))
    assert escape(lesson) in agreement_page.content.decode()
    table_page = client.get(reverse("governance:register_detail", args=[FLEVO, "tables", table.pk]))
    assert escape(lesson) in table_page.content.decode() and escape(agreement.title) in table_page.content.decode()
    box = _attention_box(client.get(home).content.decode())
    assert escape(agreement.title) in box and escape(table.name) in box
    detail = client.get(detail_url(escalation)).content.decode()
    assert reverse("governance:register_detail", args=[FLEVO, "agreements", agreement.pk]) in detail


@pytest.mark.django_db
def test_resolving_asks_for_the_lesson_and_which_agreement(client_for):
    escalation = esc(ROUTE_1_ALMERE)
    client = client_for("beleidsmedewerker")
    reason = "Afgesproken dat Veilig Thuis binnen vijf werkdagen terugkoppelt."
    no_lesson = client.post(step_url(escalation, "resolve-resolved"), {"reason": reason, "version": escalation.version})
    assert list(no_lesson.context["form"].errors) == ["lesson"]
    no_agreement = client.post(step_url(escalation, "resolve-resolved"), {
        "reason": reason, "lesson": "De afspraken werken niet.", "agreement_does_not_work": "on",
        "review_agreement": "", "version": escalation.version})
    assert list(no_agreement.context["form"].errors) == ["review_agreement"]
    escalation.refresh_from_db()
    assert escalation.state == State.ROUTE_1 and AgreementReview.objects.count() == 1  # the demo's own


# --- 5. The list's filters ------------------------------------------------------------------------------

def _flevoland_escalations() -> list[Escalation]:
    return list(Escalation.objects.filter(region__slug=FLEVO))


def _expected(params: dict) -> set[int]:
    """What each filter should find, computed from the rows themselves (not through the filter's code)."""
    rows = _flevoland_escalations()
    (name, value), = params.items()
    match = {
        "state": lambda e: e.is_open if value == "open" else e.state == value,
        "route": lambda e: e.route == int(value),
        "reason": lambda e: e.reason == value,
        "municipality": lambda e: e.municipality_id == value,
        "overdue": lambda e: e.is_overdue() is (value == "yes"),
        "acute": lambda e: e.is_acute is (value == "yes"),
        "q": lambda e: value in (e.reference, e.case.code if e.case else None),
    }[name]
    return {e.pk for e in rows if match(e)}


FILTERS = (
    [{"state": "open"}] + [{"state": state} for state in State.values]
    + [{"route": n} for n in ("1", "2", "3")] + [{"reason": reason} for reason in Reason.values]
    + [{"overdue": "yes"}, {"overdue": "no"}, {"acute": "yes"}, {"acute": "no"}]
)


@pytest.mark.django_db
@pytest.mark.parametrize("params", FILTERS, ids=lambda p: "=".join(*p.items()))
def test_each_filter_finds_exactly_the_matching_escalations(client_for, params):
    response = client_for("projectleider").get(url("index"), params)
    shown = {e.pk for e in response.context["page"].object_list}
    assert shown and shown == _expected(params)


@pytest.mark.django_db
def test_the_filters_by_municipality_and_search(client_for):
    client = client_for("projectleider")
    for name in ("Almere", "Lelystad", "Urk"):
        params = {"municipality": municipality(name).pk}
        shown = {e.pk for e in client.get(url("index"), params).context["page"].object_list}
        assert shown and shown == _expected(params), name
    overdue = esc(OVERDUE_ROUTE_2_ALMERE)
    for query in [overdue.reference, overdue.reference.lower()]:
        shown = {e.pk for e in client.get(url("index"), {"q": query}).context["page"].object_list}
        assert len(shown) == 1 and shown == _expected({"q": query.upper()}), query
    assert overdue.reference == f"ESC-{overdue.pk:05d}"
    # A case's code finds the escalation about it for someone who may read the case (the project leader
    # may not: tests/test_case_codes_stay_with_case_readers.py).
    policy = client_for("beleidsmedewerker")
    for query in [overdue.case.code, overdue.case.code.lower(), esc(FILED_LELYSTAD).case.code]:
        shown = {e.pk for e in policy.get(url("index"), {"q": query}).context["page"].object_list}
        assert len(shown) == 1 and shown == _expected({"q": query.upper()}), query


@pytest.mark.django_db
def test_the_demo_gives_every_filter_something_to_find():
    rows = _flevoland_escalations()
    assert {e.state for e in rows} == set(State.values)
    assert any(e.is_overdue() for e in rows) and any(e.is_acute for e in rows) and any(e.is_paused for e in rows)


# --- 6. The detail page and its PDF ---------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("title", [ROUTE_3_NOORDOOSTPOLDER, DE_ESCALATED_ALMERE, RESOLVED_ZEEWOLDE])
def test_the_detail_page_shows_the_whole_timeline(client_for, title):
    escalation = esc(title)
    content = client_for("beleidsmedewerker").get(detail_url(escalation)).content.decode()
    for step in escalation.transitions.all():
        assert escape(step.reason) in content
    for meeting in escalation.meetings.all():
        assert escape(meeting.outcome) in content
    timeline = content[content.index('id="timeline-heading"'):]
    positions = [timeline.index(escape(step.reason)) for step in escalation.transitions.order_by("at", "id")]
    assert positions == sorted(positions), "oldest first"


@pytest.mark.django_db
def test_the_acute_marker_shows_on_acute_escalations_only(client_for):
    client = client_for("beleidsmedewerker")
    for escalation in _flevoland_escalations():
        response = client.get(detail_url(escalation))
        assert ('class="badge text-bg-danger"' in response.content.decode()) is escalation.is_acute, escalation.title
    assert esc(ACUTE_ROUTE_3_LELYSTAD).is_acute and esc(DE_ESCALATED_ALMERE).is_acute


@pytest.mark.django_db
def test_the_paused_notice_gives_its_reason(client_for):
    escalation = esc(PAUSED_DRONTEN)
    assert escalation.pause_reason
    content = client_for("beleidsmedewerker").get(detail_url(escalation)).content.decode()
    assert f"{ui('Reason:')} {escape(escalation.pause_reason)}" in content
    resume = step_url(escalation, "resume-route_1")
    assert resume in content and step_url(escalation, "scale_up-route_2") not in content


@pytest.mark.django_db
@pytest.mark.parametrize(("title", "username", "key"), [
    (OVERDUE_ROUTE_2_ALMERE, "beleidsmedewerker", "scale_up-route_3"),
    (DE_ESCALATED_ALMERE, "teammanager", "scale_up-route_2"),
])
def test_the_overdue_notice_offers_to_scale_up(client_for, title, username, key):
    escalation = esc(title)
    assert escalation.is_overdue()
    response = client_for(username).get(detail_url(escalation))
    content = response.content.decode()
    assert response.context["overdue"] and 'class="alert alert-warning"' in content
    assert f'class="btn btn-warning" href="{step_url(escalation, key)}"' in content


@pytest.mark.django_db
def test_an_escalation_on_time_has_no_overdue_notice(client_for):
    response = client_for("beleidsmedewerker").get(detail_url(esc(ROUTE_1_ALMERE)))
    assert not response.context["overdue"] and "btn-warning" not in response.content.decode()


@pytest.mark.django_db
def test_the_pdf_is_a_pdf(client_for):
    escalation = esc(ROUTE_3_NOORDOOSTPOLDER)
    response = client_for("wethouder").get(url("pdf", escalation.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and escalation.reference in response["Content-Disposition"]


# --- 7. Query counts stay flat as escalations pile up ---------------------------------------------------

GROWTH = 40


def _count_queries(client, page_url: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page_url)
    assert response.status_code == 200, page_url
    return len(captured), response


def _grow(subject: Escalation) -> None:
    """GROWTH more escalations in route 2 (so they are the policy officer's too), each with history and
    a meeting; and GROWTH more steps, meetings and organisations around the measured escalation."""
    region, policy = subject.region, subject.filed_by
    almere, lelystad = municipality("Almere"), municipality("Lelystad")
    people = list(Stakeholder.objects.filter(region=region).select_related("organisation").order_by("pk")[:6])
    organisations = list(Organisation.objects.filter(region=region).order_by("pk")[:GROWTH])
    now = timezone.now()
    grown = Escalation.objects.bulk_create([
        Escalation(region=region, reason=Reason.COOPERATION, municipality=almere if i % 2 else lelystad,
                   title=f"Aa groei {i:02}", description="Het overleg stokt.", question="Wie besluit?",
                   state=State.ROUTE_2, deadline=timezone.localdate() - timedelta(days=i % 3), filed_by=policy,
                   is_acute=i % 4 == 0, paused_since=timezone.localdate() if i % 5 == 0 else None)
        for i in range(GROWTH)])
    Escalation.organisations.through.objects.bulk_create([
        Escalation.organisations.through(escalation_id=e.pk, organisation_id=o.pk)
        for e in grown for o in organisations[:2]])
    EscalationTransition.objects.bulk_create([
        EscalationTransition(escalation=e, action=Action.FILE, from_state="", to_state=State.FILED, actor=policy,
                             actor_name="Groei", reason="Ingediend.", at=now) for e in grown])
    Escalation.organisations.through.objects.bulk_create([
        Escalation.organisations.through(escalation_id=subject.pk, organisation_id=o.pk)
        for o in organisations if o not in subject.organisations.all()])
    EscalationTransition.objects.bulk_create([
        EscalationTransition(escalation=subject, action=Action.PAUSE if i % 2 else Action.RESUME,
                             from_state=subject.state, to_state=subject.state, actor=policy if i % 3 else None,
                             actor_name="Groei", reason=f"Groeistap {i:02}", at=now + timedelta(seconds=i))
        for i in range(GROWTH)])
    meetings = RouteMeeting.objects.bulk_create(
        [RouteMeeting(region=region, escalation=e, route=2, held_on=timezone.localdate(), outcome="Besproken.")
         for e in grown]
        + [RouteMeeting(region=region, escalation=subject, route=1, held_on=timezone.localdate() - timedelta(days=1),
                        other_participants="Extern", outcome=f"Groeioverleg {i:02}") for i in range(GROWTH)])
    RouteMeeting.participants.through.objects.bulk_create([
        RouteMeeting.participants.through(routemeeting_id=m.pk, stakeholder_id=p.pk)
        for m in meetings for p in people])


@pytest.mark.django_db
def test_list_mine_and_detail_keep_a_flat_query_count_as_escalations_grow(client_for):
    """Each page is counted on the demo, then again after GROWTH more escalations (first on the list
    and on my escalations) and GROWTH more steps, meetings and organisations on the measured one."""
    subject = esc(ROUTE_1_ALMERE)
    client = client_for("beleidsmedewerker")
    pages = {"list": url("index"), "mine": reverse("escalation:mine"), "detail": detail_url(subject),
             "list:filtered": url("index") + "?state=route_2&acute=no"}
    client.get(pages["list"])  # warm-up: what a process loads once (content types, sessions)
    before = {page: _count_queries(client, page_url)[0] for page, page_url in pages.items()}

    _grow(subject)

    grew, missing = [], []
    for page, page_url in pages.items():
        after, response = _count_queries(client, page_url)
        if after > before[page]:
            grew.append(f"{page}: {before[page]} -> {after}")
        content = response.content.decode()
        marker = "Groeistap 39" if page == "detail" else "Aa groei"
        if marker not in content:
            missing.append(page)
        if page != "detail":
            assert len(response.context["page"].object_list) == 25, page  # a full page after the growth
    assert not missing, f"grown rows not on the page: {missing}"
    assert not grew, "query count grew with the data: " + "; ".join(grew)


# --- 8. Time limits -------------------------------------------------------------------------------------

_DEFAULT_LIMITS = {"intake_days": 2, "route_1_days": 5, "route_2_days": 10, "route_3_days": 15, "remind_before_days": 1}


def _save_limits(client, version: int, **changes):
    return client.post(url("settings"), _DEFAULT_LIMITS | changes | {"version": version})


@pytest.mark.django_db
def test_new_time_limits_apply_from_the_next_step(client_for):
    waiting = esc(OVERDUE_ROUTE_2_ALMERE)
    deadline_before = waiting.deadline
    leader = client_for("projectleider")
    version = leader.get(url("settings")).context["form"]["version"].value()
    response = _save_limits(leader, version, route_2_days=12)
    assert response.status_code == 302 and response["Location"] == url("index")
    assert RouteSettings.objects.get(region=flevoland()).route_2_days == 12

    escalation = esc(ROUTE_1_ALMERE)
    client_for("teammanager").post(step_url(escalation, "scale_up-route_2"), {
        "reason": "Route 1 komt er niet uit; beleid moet aanschuiven.", "version": escalation.version})
    escalation.refresh_from_db()
    assert escalation.state == State.ROUTE_2
    assert escalation.deadline == add_working_days(timezone.localdate(), 12)
    waiting.refresh_from_db()
    assert waiting.deadline == deadline_before  # an escalation already in route 2 keeps its deadline


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["wethouder", "beleidsmedewerker", "teammanager"])
def test_others_see_the_time_limits_read_only(client_for, username):
    response = client_for(username).get(url("settings"))
    assert response.status_code == 200 and response.context["editable"] is False
    assert 'name="route_2_days"' not in response.content.decode()


@pytest.mark.django_db
def test_time_limits_with_a_stale_version_are_refused(client_for):
    leader = client_for("projectleider")
    assert _save_limits(leader, 1, route_2_days=11).status_code == 302  # the first save
    stale = leader.get(url("settings")).context["form"]["version"].value()
    assert _save_limits(leader, stale, route_2_days=12).status_code == 302  # someone else, in the meantime
    response = _save_limits(leader, stale, route_2_days=20)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert RouteSettings.objects.get(region=flevoland()).route_2_days == 12


@pytest.mark.django_db
def test_time_limits_opened_before_the_first_save_are_stale_after_it(client_for):
    leader = client_for("projectleider")
    seen = leader.get(url("settings")).context["form"]["version"].value()  # the defaults: nothing saved yet
    assert _save_limits(leader, seen, route_2_days=11).status_code == 302  # someone else saves first
    response = _save_limits(leader, seen, route_2_days=20)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert RouteSettings.objects.get(region=flevoland()).route_2_days == 11

