"""Issue 22, done when: no case code appears in any page, CSV or PDF that a role without case access can
open. The demo is loaded, a policy officer works with cases and escalations the way the product is used
(names cases on escalations, changes a link, opens a case), and then every role without case access
opens every GET page of every role matrix (tests/role_matrix.py, found as
tests/test_role_matrix_complete.py finds them), every escalation's page and PDF, and every page of the
history and the audit search. No response may contain a demo case code, nor one of the organisations'
own numbers that demo escalations used to carry as free text."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django.urls import resolve, reverse

from casework.models import Case, CaseAnalysis, LearningMeeting, Lesson
from casework.permissions import CaseworkPerm
from common.spreadsheets import XLSX_CONTENT_TYPE
from escalation.models import Escalation
from escalation.workflow import Reason
from governance.access import access_for
from governance.models import Agreement, Organisation
from tests.spreadsheets import workbook_text
from tests.test_role_matrix_complete import matrices

pytestmark = pytest.mark.django_db

# Every demo person who may not read cases (README, "Demo logins").
NO_CASE_ACCESS = ("wethouder", "projectleider", "beheerder", "zeeland-projectleider", "zeeland-beheerder")
# The organisations' own numbers the demo escalations carried as free text before issue 22.
FORMER_FREE_TEXT_CODES = ("VT-2026-0871", "VT-2026-0902", "VT-2026-0655", "VT-2026-0930")


def _flevoland_case(municipality: str, nth: int = 0) -> Case:
    return Case.objects.filter(region__slug="flevoland", municipality__code=municipality, anonymised=False,
                               closed_on__isnull=True).order_by("pk")[nth]


@pytest.fixture
def worked_demo(client_for):
    """The demo after a policy officer's morning: an escalation filed naming a case, a demo escalation's
    link changed, a link removed, and a case opened (each a change or read on the audit trail)."""
    policy = client_for("beleidsmedewerker")
    almere = _flevoland_case("GM0034")
    organisations = list(Organisation.objects.filter(region__slug="flevoland").order_by("pk")
                         .values_list("pk", flat=True)[:2])
    filed = policy.post(reverse("escalation:create", args=["flevoland"]), {
        "reason": Reason.COOPERATION, "municipality": almere.municipality_id,
        "title": "Overdracht na het eerste huisbezoek stokt", "organisations": organisations, "agreement": "",
        "case_code": almere.code, "description": "Het wijkteam wacht al twee weken op de overdracht.",
        "question": "Wie maakt de afspraak over de overdracht?",
    })
    assert filed.status_code == 302
    in_routes = Escalation.objects.filter(region__slug="flevoland", state__in=["route_1", "route_2"]).order_by("pk")
    for escalation, code in zip(in_routes[:2], [_flevoland_case("GM0034", 1).code, ""], strict=True):
        edited = policy.post(reverse("escalation:edit", args=["flevoland", escalation.pk]), {
            "municipality": escalation.municipality_id, "title": escalation.title, "agreement": "",
            "organisations": [o.pk for o in escalation.organisations.all()], "case_code": code,
            "description": escalation.description, "question": escalation.question, "version": escalation.version,
        })
        assert edited.status_code == 302
    assert policy.get(reverse("casework:detail", args=["flevoland", almere.code])).status_code == 200
    # A lesson of a learning meeting fed back to an agreement: its text goes on the review list, never the
    # meeting's topic.
    meeting = LearningMeeting.objects.filter(region__slug="flevoland").order_by("pk").first()
    agreement = Agreement.objects.filter(region__slug="flevoland").order_by("pk").first()
    lesson = policy.post(reverse("casework:lesson_create", args=["flevoland", "meeting", meeting.pk]), {
        "text": "Spreek vooraf af wie de regie houdt na een huisverbod.", "agreement": agreement.pk})
    assert lesson.status_code == 302


def _urls(username: str) -> dict[str, str]:
    """url -> where it comes from: every GET page of the role matrices, and the pages with many rows."""
    urls = {}
    for where, pages in matrices().items():
        for key, page in pages.items():
            if page.method == "get":
                urls.setdefault(page.url(), f"{where}[{key!r}]")
    for escalation in Escalation.objects.filter(region__slug="flevoland"):
        for name in ("escalation:detail", "escalation:pdf"):
            urls.setdefault(reverse(name, args=["flevoland", escalation.pk]), name)
    for name in ("governance:region_history", "governance:audit_search", "escalation:index"):
        for number in range(1, 4):
            urls.setdefault(f"{reverse(name, args=['flevoland'])}?page={number}", name)
    return urls


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith(XLSX_CONTENT_TYPE):
        return workbook_text(content)  # compressed: its bytes would hide any code
    return content.decode("utf-8", errors="replace")


def _leaks(client_for, username: str, urls: dict[str, str], printed: list[str], codes: list[str]) -> list[str]:
    found = []
    for url, where in urls.items():
        printed.clear()
        response = client_for(username).get(url)
        text = (_body(response) + "".join(printed)).upper()
        # A page may repeat the address asked for (the 403 page does): a code in the URL is the asker's own.
        found += [f"{username} {response.status_code} {url} ({where}): {code}" for code in codes
                  if code in text and code not in url.upper()]
    return found


def _codes() -> list[str]:
    """Every demo case code, and the case values written as sentences (a learning meeting's topic and
    summary, an analysis, a lesson that feeds no agreement: a linked lesson goes on the agreement's
    review list by design, as its form says)."""
    texts = [*LearningMeeting.objects.values_list("topic", "summary"),
             *CaseAnalysis.objects.values_list("choices", "worked", "change"),
             *Lesson.objects.filter(agreement__isnull=True).values_list("text")]
    sentences = {text[:60].upper() for row in texts for text in row if len(text) >= 20}
    return [*Case.objects.values_list("code", flat=True), *FORMER_FREE_TEXT_CODES, *sorted(sentences)]


def _resolves_to(url: str) -> str:
    return resolve(urlparse(url).path).view_name


@pytest.mark.parametrize("username", NO_CASE_ACCESS)
def test_no_case_code_reaches_a_role_without_case_access(client_for, demo_user, worked_demo, printed, username):
    access = access_for(demo_user(username))
    assert not access.regions_with(CaseworkPerm.VIEW_CASES) and not access.municipalities_with(
        CaseworkPerm.VIEW_CASES), f"{username} may read cases: not a role this test is about"
    urls = _urls(username)
    assert any(_resolves_to(url) == "governance:audit_export" for url in urls) or username != "beheerder"
    assert any(_resolves_to(url) == "governance:audit_export_xlsx" for url in urls) or username != "beheerder"
    assert any(_resolves_to(url) == "reporting:dashboard_xlsx" for url in urls)
    assert len(urls) > 200
    leaks = _leaks(client_for, username, urls, printed, _codes())
    assert not leaks, "case codes shown to a role without case access:\n" + "\n".join(leaks)
    assert Escalation.objects.filter(case__isnull=False).count() >= 4  # the demo names cases: the check had work

