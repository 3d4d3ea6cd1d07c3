"""Cases in the browser: who sees a case row and who sees only counts, every look at a case on its
history, forms that refuse what identifies a person and keep the rest, and lists and case pages whose
query counts do not grow with the region."""
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Case, CaseAnalysis, CaseDiscussion, CaseLead, HouseBan, LearningMeeting, ViolenceForm
from governance.models import AgreementReview, Municipality, Organisation, Region
from tests import factories
from tests.role_matrix import Page, cases

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def english():
    from django.utils import translation
    with translation.override("en"):
        yield


def make_case(municipality_code: str = "GM0034", *, reported_on: date | None = None, **fields) -> Case:
    region = Region.objects.get(slug="flevoland")
    case = Case(region=region, municipality=Municipality.objects.get(code=municipality_code),
                reported_on=reported_on or date.today() - timedelta(days=3), **fields)
    case.save()
    case.violence.set(ViolenceForm.objects.filter(code="partner"))
    return case


@pytest.fixture(autouse=True)
def two_cases(db):
    return make_case("GM0034"), make_case("GM0995")


def _case_url(code_of: str, name: str = "casework:detail") -> str:
    case = Case.objects.filter(municipality__code=code_of).order_by("-id").first()
    return reverse(name, args=["flevoland", case.code])


def _part_url(code_of: str, kind: str) -> str:
    case = Case.objects.filter(municipality__code=code_of).order_by("-id").first()
    return reverse("casework:part_create", args=["flevoland", case.code, kind])


def _discussion_url(code_of: str) -> str:
    """A demo discussion of an open case in that municipality."""
    row = CaseDiscussion.objects.filter(case__municipality__code=code_of, case__closed_on__isnull=True,
                                        case__region__slug="flevoland").order_by("pk").first()
    return reverse("casework:part_edit", args=["flevoland", row.case.code, "discussions", row.pk])


def _lesson_url(source: str, model, code_of: str | None = None) -> str:
    rows = model.objects.filter(region__slug="flevoland").order_by("pk")
    if code_of:
        rows = rows.filter(case__municipality__code=code_of)
    return reverse("casework:lesson_create", args=["flevoland", source, rows.first().pk])


# projectleider, wethouder, beleidsmedewerker, teammanager (Almere), beheerder, zeeland-projectleider
PAGES = {
    "list": Page(lambda: reverse("casework:index", args=["flevoland"]), [403, 403, 200, 200, 403, 404]),
    "case in Almere": Page(lambda: _case_url("GM0034"), [403, 403, 200, 200, 403, 404]),
    "case in Lelystad": Page(lambda: _case_url("GM0995"), [403, 403, 200, 404, 403, 404]),
    "edit in Lelystad": Page(lambda: _case_url("GM0995", "casework:edit"), [403, 403, 200, 404, 403, 404]),
    "new case": Page(lambda: reverse("casework:create", args=["flevoland"]), [403, 403, 200, 200, 403, 404]),
    "learning meetings": Page(lambda: reverse("casework:learning", args=["flevoland"]),
                              [403, 403, 200, 200, 403, 404]),
    "retention": Page(lambda: reverse("casework:settings", args=["flevoland"]), [200, 403, 403, 403, 403, 404]),
    "new learning meeting": Page(lambda: reverse("casework:learning_create", args=["flevoland"]),
                                 [403, 403, 200, 200, 403, 404]),
    "new discussion in Almere": Page(lambda: _part_url("GM0034", "discussions"), [403, 403, 200, 200, 403, 404]),
    "new lead in Lelystad": Page(lambda: _part_url("GM0995", "leads"), [403, 403, 200, 404, 403, 404]),
    "discussion in Almere": Page(lambda: _discussion_url("GM0034"), [403, 403, 200, 200, 403, 404]),
    "discussion in Lelystad": Page(lambda: _discussion_url("GM0995"), [403, 403, 200, 404, 403, 404]),
    # The demo's analysis belongs to a closed case: back to the case, with a message, for who may edit it.
    "lesson of a closed case's analysis": Page(lambda: _lesson_url("analysis", CaseAnalysis, "GM0034"),
                                               [403, 403, 302, 302, 403, 404]),
    "lesson of a learning meeting": Page(lambda: _lesson_url("meeting", LearningMeeting),
                                         [403, 403, 200, 200, 403, 404]),
}


@pytest.mark.parametrize("page, user, status", cases(PAGES))
def test_who_may_open_what(open_as, page, user, status):
    assert open_as(user, PAGES[page]).status_code == status


def test_every_look_at_a_case_is_on_its_history(client_for, two_cases):
    almere = two_cases[0]
    browser = client_for("teammanager")
    url = reverse("casework:detail", args=["flevoland", almere.code])
    browser.get(url)
    browser.get(url)
    reads = LogEntry.objects.filter(object_pk=str(almere.pk), action=LogEntry.Action.ACCESS,
                                    content_type__model="case")
    assert reads.count() == 2 and {entry.actor.username for entry in reads} == {"teammanager"}
    html = browser.get(url).content.decode()
    assert html.count("Zaak bekeken") == 3 and "Mirjam Visser" in html  # the page speaks Dutch


def test_a_case_is_registered_and_a_refused_text_keeps_the_rest(client_for):
    browser = client_for("teammanager")
    almere = Municipality.objects.get(code="GM0034")
    response = browser.post(reverse("casework:create", args=["flevoland"]), {
        "municipality": almere.pk, "violence_forms": ["partner", "child_abuse"], "reported_on": "2026-11-02"})
    case = Case.objects.order_by("-id").first()
    assert response.status_code == 302 and case.municipality == almere
    assert sorted(case.violence.values_list("code", flat=True)) == ["child_abuse", "partner"]
    organisation = Organisation.objects.filter(region__slug="flevoland").first()
    response = browser.post(reverse("casework:part_create", args=["flevoland", case.code, "leads"]), {
        "organisation": organisation.pk, "role": "casusregisseur, bereikbaar op 06-12345678",
        "since": "2026-11-03", "end_current": "on"})
    assert response.status_code == 200 and "role" in response.context["form"].errors
    assert 'value="2026-11-03"' in response.content.decode() and not CaseLead.objects.filter(case=case).exists()


def test_a_stale_edit_is_refused_with_what_was_typed_kept(client_for, two_cases):
    case = two_cases[0]
    browser = client_for("beleidsmedewerker")
    url = reverse("casework:edit", args=["flevoland", case.code])
    data = {"municipality": case.municipality_id, "violence_forms": ["partner"], "reported_on": "2026-11-02",
            "version": case.version}
    assert browser.post(url, data | {"assessment_done": "2026-11-03"}).status_code == 302
    response = browser.post(url, data | {"investigation_done": "2026-11-20"})
    assert response.status_code == 200 and 'value="2026-11-20"' in response.content.decode()
    case.refresh_from_db()
    assert case.investigation_done is None and case.assessment_done == date(2026, 11, 3)


def test_a_case_at_two_tables_without_a_lead_is_flagged(client_for, two_cases):
    case = two_cases[0]
    for table in factories.table(case.region), factories.table(case.region):
        CaseDiscussion.objects.create(region=case.region, case=case, table=table, discussed_on=date.today())
    html = client_for("teammanager").get(reverse("casework:index", args=["flevoland"]),
                                         {"flag": "no_lead"}).content.decode()
    assert case.code in html and two_cases[1].code not in html


def test_a_lesson_puts_its_agreement_on_the_review_list_without_naming_the_case(client_for, two_cases):
    case = two_cases[0]
    browser = client_for("teammanager")
    browser.post(reverse("casework:part_create", args=["flevoland", case.code, "analyses"]), {
        "held_on": "2026-11-20", "choices": "Eerst veiligheid, daarna hulp.", "worked": "", "change": ""})
    analysis = case.analyses.get()
    agreement = factories.agreement(case.region)
    response = browser.post(reverse("casework:lesson_create", args=["flevoland", "analysis", analysis.pk]), {
        "text": "De overdracht na het huisverbod moet binnen de termijn.", "agreement": agreement.pk})
    assert response.status_code == 302
    review = AgreementReview.objects.get(agreement=agreement)
    assert case.code not in review.source and case.code not in review.reason


def test_a_lesson_of_a_learning_meeting_puts_the_agreement_on_the_review_list_without_the_meeting_s_topic(
        client_for):
    """The topic says what the case was about; the alderman reads the review list on the agreement's page."""
    meeting = LearningMeeting.objects.filter(region__slug="flevoland").order_by("pk").first()
    agreement = factories.agreement(meeting.region)
    response = client_for("beleidsmedewerker").post(
        reverse("casework:lesson_create", args=["flevoland", "meeting", meeting.pk]),
        {"text": "Spreek vooraf af wie de regie houdt na het huisverbod.", "agreement": agreement.pk})
    assert response.status_code == 302
    review = AgreementReview.objects.get(agreement=agreement)
    assert review.source == "Les uit een leerbijeenkomst"  # as written, in the language of the page
    page = client_for("wethouder").get(
        reverse("governance:register_detail", args=["flevoland", "agreements", agreement.pk]))
    assert page.status_code == 200 and meeting.topic not in page.content.decode()


def test_a_house_ban_beyond_four_weeks_is_refused(client_for, two_cases):
    case = two_cases[0]
    response = client_for("teammanager").post(
        reverse("casework:part_create", args=["flevoland", case.code, "bans"]),
        {"imposed_on": "2026-11-06", "decision_done": "2026-11-13", "extended_until": "2026-12-05"})
    assert response.status_code == 200 and "extended_until" in response.context["form"].errors
    assert not HouseBan.objects.filter(case=case).exists()


def _count(browser, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries)


def test_list_and_case_keep_their_query_counts(client_for, two_cases):
    browser = client_for("beleidsmedewerker")
    case = two_cases[0]
    list_url = reverse("casework:index", args=["flevoland"])
    case_url = reverse("casework:detail", args=["flevoland", case.code])
    region = case.region
    organisation = Organisation.objects.filter(region=region).first()

    def add(number: int) -> None:
        other = make_case("GM0034" if number % 2 else "GM0995")
        CaseDiscussion.objects.create(region=region, case=case, table=factories.table(region),
                                      discussed_on=date.today())
        CaseLead.objects.create(region=region, case=case, organisation=organisation, role=f"regie {number}",
                                since=date.today())
        HouseBan(region=region, case=other, imposed_on=date.today() - timedelta(days=number)).save()

    add(0)  # one row of every kind: the history reads the names each kind links to once per page
    before = _count(browser, list_url), _count(browser, case_url)
    for number in range(1, 13):
        add(number)
    assert (_count(browser, list_url), _count(browser, case_url)) == before


def test_an_escalation_links_to_the_case_it_names_for_those_who_may_read_it(client_for, two_cases):
    case = two_cases[0]
    escalation = factories.escalation(case.region, case.municipality, case=case)
    url = reverse("escalation:detail", args=["flevoland", escalation.pk])
    link = reverse("casework:detail", args=["flevoland", case.code])
    assert link in client_for("teammanager").get(url).content.decode()
    html = client_for("projectleider").get(url).content.decode()
    assert link not in html and case.code not in html  # that a case is linked, never which one
