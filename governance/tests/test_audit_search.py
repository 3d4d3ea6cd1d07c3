"""The functional administrator's audit search: who changed or read what and who signed in, filtered,
downloaded as CSV, scoped to the administrator's regions, and never changeable through the application."""
import csv
import io
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from casework.models import Case
from casework.services import case_read
from common.audit import LOGIN, LOGIN_FAILED, acting_as
from governance.models import Municipality, Region, Role
from tests import factories
from tests.logins import login_form
from tests.role_matrix import Page, cases

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
PASSWORD = "samen-sturen-demo"


def _url(name: str = "governance:audit_search", slug: str = "flevoland") -> str:
    return reverse(name, args=[slug])


# projectleider, wethouder, beleidsmedewerker, teammanager, beheerder, zeeland-projectleider
PAGES = {
    "search": Page(lambda: _url(), [403, 403, 403, 403, 200, 404]),
    "csv": Page(lambda: _url("governance:audit_export"), [403, 403, 403, 403, 200, 404]),
    "xlsx": Page(lambda: _url("governance:audit_export_xlsx"), [403, 403, 403, 403, 200, 404]),
    "search posted": Page(lambda: _url(), [403, 403, 403, 403, 405, 404], method="post"),
}


@pytest.mark.parametrize(("page", "username", "expected"), cases(PAGES))
def test_role_matrix(open_as, page, username, expected):
    assert open_as(username, PAGES[page]).status_code == expected


@pytest.fixture
def flevoland():
    return Region.objects.get(slug="flevoland")


@pytest.fixture
def almere_case(flevoland, demo_user):
    case = Case(region=flevoland, municipality=Municipality.objects.get(code="GM0034"),
                reported_on=date.today() - timedelta(days=3))
    with acting_as(demo_user("teammanager")):
        case.save()
    return case


def _objects(response) -> list[str]:
    """The Object column as the page shows it."""
    return [row.object for row in response.context["rows"]]


def _case_in_almere() -> str:
    """How an entry of a case is named to someone who may not read cases (the page speaks Dutch)."""
    with translation.override("nl"):
        return gettext("%(kind)s in %(municipality)s") % {"kind": capfirst(Case._meta.verbose_name),
                                                          "municipality": "Almere"}


def _search(client, **filters):
    return client.get(_url(), filters)


def test_a_login_and_a_failed_login_are_on_the_trail_without_what_was_typed(client, demo_user):
    client.post(LOGIN_URL, login_form("wethouder", "wrong-password-typed"), REMOTE_ADDR="10.0.0.7")
    client.post(LOGIN_URL, login_form("wethouder", PASSWORD), REMOTE_ADDR="10.0.0.7")
    wethouder = demo_user("wethouder")
    events = LogEntry.objects.filter(object_id=wethouder.pk, additional_data__has_key="event").order_by("id")
    assert [(e.additional_data["event"], e.actor_id, e.remote_addr) for e in events] == [
        (LOGIN_FAILED, None, "10.0.0.7"), (LOGIN, wethouder.pk, "10.0.0.7")]
    assert not LogEntry.objects.filter(changes_text__contains="wrong-password").exists()
    assert not any("wrong-password" in str(e.changes) + str(e.additional_data) for e in LogEntry.objects.all())


def test_a_failed_login_with_an_unknown_name_is_recorded_without_the_name(client):
    """Recorded as for a known name (the same work, so the same time), but naming no account."""
    before = LogEntry.objects.count()
    client.post(LOGIN_URL, login_form("mistyped-secret-perhaps", "x"))
    (entry,) = LogEntry.objects.order_by("-id")[:LogEntry.objects.count() - before]
    assert entry.additional_data == {"event": LOGIN_FAILED} and entry.object_id is None
    assert "mistyped" not in entry.object_repr + entry.object_pk + str(entry.changes)


def test_the_kind_filter_finds_logins_and_failed_logins(client, client_for):
    client.post(LOGIN_URL, login_form("wethouder", "wrong-password-typed"))
    browser = client_for("beheerder")
    assert _objects(_search(browser, kind=LOGIN_FAILED)) == ["wethouder"]
    logins = _objects(_search(browser, kind=LOGIN))
    assert "beheerder" in logins and "wethouder" not in logins
    assert _objects(_search(browser, kind="second_factor_reset")) == []  # nothing writes it before 2FA


def test_case_reads_and_changes_are_found_by_kind_and_municipality_without_code_or_values(client_for, demo_user,
                                                                                           almere_case):
    case_read(actor=demo_user("teammanager"), case=almere_case)
    browser = client_for("beheerder")
    viewed = _search(browser, kind="viewed")
    assert [(row.who, row.object) for row in viewed.context["rows"]][:1] == [
        (demo_user("teammanager").get_full_name(), _case_in_almere())]
    created = _search(browser, kind="created", object_type=viewed.context["rows"][0].entry.content_type_id)
    row = created.context["rows"][0]
    assert row.object == _case_in_almere() and almere_case.code not in created.content.decode()
    with translation.override("nl"):
        hidden = gettext("(not shown)")
    assert row.changes and {change.new for change in row.changes} == {hidden}
    assert almere_case.reported_on.isoformat() not in created.content.decode()


def test_the_person_filter_finds_what_they_did_and_what_happened_to_their_account(client, client_for, demo_user,
                                                                                   almere_case):
    client.post(LOGIN_URL, login_form("teammanager", "wrong-password-typed"))
    rows = _search(client_for("beheerder"), person=demo_user("teammanager").pk).context["rows"]
    assert {row.object for row in rows} == {_case_in_almere(), "teammanager"}
    assert {row.entry.additional_data.get("event") for row in rows} == {None, LOGIN_FAILED}


def test_the_period_filter_narrows_by_day(client_for, almere_case):
    entry = LogEntry.objects.get_for_object(almere_case).get()
    LogEntry.objects.filter(pk=entry.pk).update(timestamp=timezone.now() - timedelta(days=10))
    browser = client_for("beheerder")
    day = timezone.localdate() - timedelta(days=10)
    assert [row.entry.pk for row in _search(browser, since=day, until=day).context["rows"]] == [entry.pk]
    assert entry.pk not in [row.entry.pk for row in _search(browser, since=day + timedelta(days=1)).context["rows"]]
    assert _objects(_search(browser, until=day - timedelta(days=1))) == []


def test_the_region_filter_narrows_to_a_subregion(client_for, flevoland):
    noord = Region.objects.get(slug="flevoland-noord")
    person = factories.member(noord, Role.TEAM_MANAGER)
    zuid_person = factories.member(Region.objects.get(slug="flevoland-zuid"), Role.TEAM_MANAGER)
    rows = " ".join(_objects(_search(client_for("beheerder"), area=noord.pk)))
    # Their roles were filed under Noord and Zuid.
    assert person.username in rows and zuid_person.username not in rows


def test_an_administrator_of_another_region_sees_none_of_flevolands_entries(client_for, demo_user, almere_case):
    client_for("beheerder")  # a Flevoland login
    case_read(actor=demo_user("teammanager"), case=almere_case)
    response = client_for("zeeland-beheerder").get(_url(slug="zeeland"))
    assert response.status_code == 200
    shown = _objects(response)
    assert _case_in_almere() not in shown and "beheerder" not in shown and "zeeland-beheerder" in shown
    assert client_for("zeeland-beheerder").get(_url()).status_code == 404
    # A filter value from Flevoland is not a valid choice here: nothing rather than everything.
    foreign = client_for("zeeland-beheerder").get(_url(slug="zeeland"), {"person": demo_user("teammanager").pk})
    assert _objects(foreign) == [] and foreign.context["filter"].errors


def test_the_csv_holds_exactly_the_filtered_rows(client_for, demo_user, almere_case):
    for _ in range(3):
        case_read(actor=demo_user("teammanager"), case=almere_case)
    browser = client_for("beheerder")
    page = _search(browser, kind="viewed")
    response = browser.get(_url("governance:audit_export"), {"kind": "viewed"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["timestamp", "person", "what", "object_type", "object"]
    assert [row[4] for row in rows[1:]] == _objects(page) == [_case_in_almere()] * 3
    assert {row[1] for row in rows[1:]} == {demo_user("teammanager").get_full_name()}


@pytest.mark.parametrize("entries", [1, 40])
def test_query_count_stays_flat(client_for, demo_user, almere_case, django_assert_max_num_queries, entries):
    with acting_as(demo_user("teammanager")):
        for index in range(entries):
            almere_case.closed_on = date.today() - timedelta(days=index % 2)
            almere_case.save()
    for _ in range(entries):
        case_read(actor=demo_user("beleidsmedewerker"), case=almere_case)
    browser = client_for("beheerder")
    # One of them names the municipalities of the entries shown without their case (common.audit).
    with django_assert_max_num_queries(17):
        assert browser.get(_url()).status_code == 200
    with django_assert_max_num_queries(17):
        assert browser.get(_url("governance:audit_export")).status_code == 200


def test_the_page_changes_nothing(client_for):
    browser = client_for("beheerder")
    before = list(LogEntry.objects.values_list("id", "timestamp", "changes"))
    for method in ("post", "put", "patch", "delete"):
        assert getattr(browser, method)(_url()).status_code == 405
        assert getattr(browser, method)(_url("governance:audit_export")).status_code == 405
    assert list(LogEntry.objects.values_list("id", "timestamp", "changes")) == before


def test_the_django_admin_cannot_add_change_or_delete_entries(client, django_user_model):
    operator = django_user_model.objects.create_superuser("operator", "operator@samensturen.example", "x" * 20)
    entry = LogEntry.objects.exclude(additional_data__has_key="event").first()
    model_admin = admin.site._registry[LogEntry]
    request = RequestFactory().get("/admin/")
    request.user = operator
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    client.force_login(operator)
    delete = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    client.post(change, {"object_repr": "rewritten"})
    assert LogEntry.objects.get(pk=entry.pk).object_repr == entry.object_repr


def test_only_administrators_get_the_tab(client_for):
    detail = reverse("governance:region_detail", args=["flevoland"])
    assert _url() in client_for("beheerder").get(detail).content.decode()
    assert _url() not in client_for("projectleider").get(detail).content.decode()


# --- Case facts stay with case readers ----------------------------------------------------------------

def _a_week_of_casework(demo_user) -> tuple[Case, list[str]]:
    """A policy officer registers a case in Almere and records one row of every kind on it, changes the
    lead, and holds a learning meeting, all through the pages. Returns the case and every name that is a
    case fact: the code and each row's str()."""
    from casework.models import CaseAnalysis, CaseDiscussion, CaseLead, HouseBan, LearningMeeting, Lesson
    from governance.models import GovernanceTable, Organisation

    browser = Client()  # a browser of its own: its messages name the case
    browser.force_login(demo_user("beleidsmedewerker"))
    almere = Municipality.objects.get(code="GM0034")
    today = date.today()
    browser.post(reverse("casework:create", args=["flevoland"]), {
        "municipality": almere.pk, "violence_forms": ["partner"], "reported_on": today - timedelta(days=5)})
    case = Case.objects.order_by("-id").first()
    organisation = Organisation.objects.filter(region=case.region).order_by("name").first()

    def part(kind: str, data: dict) -> None:
        response = browser.post(reverse("casework:part_create", args=["flevoland", case.code, kind]), data)
        assert response.status_code == 302, response.context["form"].errors

    part("discussions", {"table": GovernanceTable.objects.filter(region=case.region).first().pk,
                         "discussed_on": today})
    part("leads", {"organisation": organisation.pk, "role": "casusregisseur zwaluwstaart", "since": today,
                   "end_current": "on"})
    part("bans", {"imposed_on": today - timedelta(days=2)})
    part("analyses", {"held_on": today, "choices": "Eerst veiligheid, dan hulp aan de kinderen."})
    lead = CaseLead.objects.get(case=case)
    browser.post(reverse("casework:part_edit", args=["flevoland", case.code, "leads", lead.pk]), {
        "organisation": organisation.pk, "role": "casusregisseur kraanvogel", "since": today,
        "version": lead.version})
    analysis = CaseAnalysis.objects.get(case=case)
    browser.post(reverse("casework:lesson_create", args=["flevoland", "analysis", analysis.pk]),
                 {"text": "Overdracht tussen wijkteam en Veilig Thuis zonder wachtlijst"})
    browser.post(reverse("casework:learning_create", args=["flevoland"]), {
        "municipality": almere.pk, "held_on": today, "topic": "Leren van de ijsvogelcasus",
        "summary": "Samen eerder om tafel."})
    meeting = LearningMeeting.objects.get(topic="Leren van de ijsvogelcasus")
    browser.post(reverse("casework:lesson_create", args=["flevoland", "meeting", meeting.pk]),
                 {"text": "Wie regie voert belt binnen een dag terug"})
    rows = [*CaseDiscussion.objects.filter(case=case), *CaseLead.objects.filter(case=case),
            *HouseBan.objects.filter(case=case), analysis, meeting, *Lesson.objects.filter(region=case.region)]
    facts = [case.code, *(str(row) for row in rows), "zwaluwstaart", "kraanvogel"]
    kinds = {type(row) for row in rows}
    assert kinds == {CaseDiscussion, CaseLead, HouseBan, CaseAnalysis, LearningMeeting, Lesson}
    assert LogEntry.objects.filter(object_repr__in=facts).count() >= 9  # every kind changed, the lead twice
    return case, facts


def _every_page(browser, url: str) -> str:
    pages, number = [], 1
    while True:
        response = browser.get(url, {"page": number})
        assert response.status_code == 200
        pages.append(response.content.decode())
        if not response.context["page"].has_next():
            return "\n".join(pages)
        number += 1


def test_the_administrator_sees_case_entries_by_kind_and_municipality_only(client_for, demo_user):
    case, facts = _a_week_of_casework(demo_user)
    browser = client_for("beheerder")
    page = _every_page(browser, _url())
    download = browser.get(_url("governance:audit_export")).content.decode("utf-8-sig")
    for text in (page, download):
        assert [fact for fact in facts if fact in text] == []
        assert _case_in_almere() in text
    with translation.override("nl"):
        lead = gettext("%(kind)s in %(municipality)s") % {"kind": capfirst(gettext("lead")), "municipality": "Almere"}
    assert lead in page and lead in download


@pytest.mark.parametrize("username", ["projectleider", "wethouder", "beheerder"])
def test_no_case_fact_in_the_region_history_for_who_may_not_read_cases(client_for, demo_user, username):
    _case, facts = _a_week_of_casework(demo_user)
    browser = client_for(username)
    history = reverse("governance:region_history", args=["flevoland"])
    if browser.get(history).status_code == 403:  # the alderman has no history to read
        return
    text = _every_page(browser, history)
    assert [fact for fact in facts if fact in text] == []


def test_a_case_reader_who_administers_the_region_sees_the_names(client_for, demo_user, flevoland):
    from governance.models import Membership

    case, facts = _a_week_of_casework(demo_user)
    Membership.objects.create(user=demo_user("beheerder"), region=flevoland, role=Role.POLICY_OFFICER)
    browser = client_for("beheerder")
    page = _every_page(browser, _url())
    download = browser.get(_url("governance:audit_export")).content.decode("utf-8-sig")
    for text in (page, download):
        assert case.code in text and "casusregisseur kraanvogel" in text


# --- The trail keeps its actor ------------------------------------------------------------------------

def test_deleting_a_person_in_the_admin_is_refused_and_their_entries_keep_them(client, django_user_model, demo_user,
                                                                              almere_case):
    """The team manager registered a case; a platform operator tries to delete her account."""
    teammanager = demo_user("teammanager")
    entries = list(LogEntry.objects.filter(actor=teammanager).order_by("pk").values_list("pk", "actor_id",
                                                                                           "actor_email"))
    assert entries
    operator = django_user_model.objects.create_superuser("operator", "operator@samensturen.example", "x" * 20)
    client.force_login(operator)
    delete = reverse("admin:auth_user_delete", args=[teammanager.pk])
    for response in (client.get(delete), client.post(delete, {"post": "yes"}),
                     client.post(reverse("admin:auth_user_changelist"), {
                         "action": "delete_selected", "_selected_action": [teammanager.pk], "post": "yes"})):
        assert response.status_code == 200
        messages = [str(message) for message in response.context["messages"]]
        # "… cannot be deleted: deactivate the account instead …", in Dutch.
        assert any("teammanager" in message and "deactiveer" in message for message in messages), messages
    assert django_user_model.objects.filter(pk=teammanager.pk).exists()
    assert list(LogEntry.objects.filter(pk__in=[pk for pk, *_rest in entries]).order_by("pk").values_list(
        "pk", "actor_id", "actor_email")) == entries
    administrator = Client()
    administrator.force_login(demo_user("beheerder"))
    rows = administrator.get(_url(), {"person": teammanager.pk}).context["rows"]
    assert teammanager.get_full_name() in {row.who for row in rows}
