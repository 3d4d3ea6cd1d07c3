"""Every page that shows a case's values leaves a read on the case's audit trail: its own page, its edit
form, the form of each of its rows. The walk covers every route of casework that carries a case code,
so that a page added later without the read fails here."""
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from casework import urls
from casework.models import Case, CaseAnalysis, CaseDiscussion, CaseLead, HouseBan
from casework.views import PARTS
from governance.models import GovernanceTable, Municipality, Organisation, Region

pytestmark = pytest.mark.django_db

READER = "beleidsmedewerker"  # reads and edits every case of the region


@pytest.fixture
def case(db):
    """An open case in Almere with a row of every kind."""
    region = Region.objects.get(slug="flevoland")
    case = Case(region=region, municipality=Municipality.objects.get(code="GM0034"),
                reported_on=date.today() - timedelta(days=3))
    case.save()
    today = date.today()
    CaseDiscussion.objects.create(region=region, case=case, table=GovernanceTable.objects.filter(region=region)[0],
                                  discussed_on=today)
    CaseLead.objects.create(region=region, case=case, organisation=Organisation.objects.filter(region=region)[0],
                            role="casusregisseur", since=today)
    HouseBan(region=region, case=case, imposed_on=today - timedelta(days=1)).save()
    CaseAnalysis.objects.create(region=region, case=case, held_on=today, choices="Eerst veiligheid.")
    return case


def _reads(case: Case, username: str) -> int:
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Case), object_pk=str(case.pk),
                                   action=LogEntry.Action.ACCESS, actor__username=username).count()


def _urls_of(pattern, case: Case) -> list[str]:
    """Every URL of this route for the case: one per kind of row, and the case's own row of that kind."""
    names = set(pattern.pattern.converters)
    unknown = names - {"region_slug", "code", "kind", "pk"}
    assert not unknown, f"{pattern.name}: teach this test how to fill {sorted(unknown)}"
    base = {"region_slug": "flevoland", "code": case.code}
    variants = [base | {"kind": kind} for kind in PARTS] if "kind" in names else [base]
    if "pk" in names:
        variants = [kwargs | {"pk": PARTS[kwargs["kind"]].model.objects.filter(case=case).get().pk}
                    for kwargs in variants]
    return [reverse(f"casework:{pattern.name}", kwargs=kwargs) for kwargs in variants]


def test_every_page_of_a_case_writes_a_read(client_for, case):
    routes = [pattern for pattern in urls.urlpatterns if "code" in pattern.pattern.converters]
    assert len(routes) >= 4  # detail, edit, a new row, a row's edit page
    browser = client_for(READER)
    silent, shown = [], 0
    for pattern in routes:
        for url in _urls_of(pattern, case):
            before = _reads(case, READER)
            response = browser.get(url)
            assert response.status_code in (200, 405), (url, response.status_code)
            if response.status_code == 200:
                shown += 1
                if _reads(case, READER) != before + 1:
                    silent.append(url)
    assert silent == [], f"these pages show a case without writing a read: {silent}"
    assert shown == 2 + 2 * len(PARTS)


def test_a_form_shown_again_is_a_read_and_a_saved_one_is_a_change(client_for, case):
    browser = client_for(READER)
    lead = CaseLead.objects.get(case=case)
    url = reverse("casework:part_edit", args=["flevoland", case.code, "leads", lead.pk])
    data = {"organisation": lead.organisation_id, "since": lead.since, "version": lead.version}
    before = _reads(case, READER)
    refused = browser.post(url, data | {"role": "casusregisseur, bereikbaar op 06-12345678"})
    assert refused.status_code == 200 and _reads(case, READER) == before + 1  # the form shows the case again
    saved = browser.post(url, data | {"role": "casusregisseur wijkteam"})
    assert saved.status_code == 302 and _reads(case, READER) == before + 1
    assert LogEntry.objects.get_for_object(lead).filter(action=LogEntry.Action.UPDATE).exists()


def test_the_lesson_form_of_a_case_analysis_is_a_read_of_its_case(client_for, case):
    analysis = CaseAnalysis.objects.get(case=case)
    before = _reads(case, READER)
    response = client_for(READER).get(reverse("casework:lesson_create", args=["flevoland", "analysis", analysis.pk]))
    assert response.status_code == 200 and case.code in response.content.decode()
    assert _reads(case, READER) == before + 1


def test_the_case_list_puts_a_read_on_the_trail_of_every_case_it_shows(client_for, case):
    """The list shows a row's values (forms of violence, dates, time limits, lead), and filters pick cases
    by them: each case on the page is a look at it, with the reader's address, on the case's own history."""
    browser = client_for(READER)
    response = browser.get(reverse("casework:index", args=["flevoland"]), REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 200 and case.code in response.content.decode()
    shown = [row.case for row in response.context["rows"]]
    assert len(shown) > 1
    for seen in shown:
        assert _reads(seen, READER) == 1
    entry = LogEntry.objects.filter(object_pk=str(case.pk), action=LogEntry.Action.ACCESS).get()
    assert entry.remote_addr == "192.0.2.7" and entry.additional_data["municipality_id"] == case.municipality_id
    assert "read_perm" in entry.additional_data  # a read of a case is for case readers' eyes only

    filtered = browser.get(reverse("casework:index", args=["flevoland"]), {"municipality": case.municipality_id})
    assert filtered.status_code == 200
    assert _reads(case, READER) == 2
    history = browser.get(reverse("casework:detail", args=["flevoland", case.code])).context["history"]
    assert len([row for row in history if row.entry.action == LogEntry.Action.ACCESS]) == 3  # two lists, this page
