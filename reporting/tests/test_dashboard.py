"""The dashboard: the same numbers as the pages it summarises, per role, aggregates only, and a query
count that does not grow with the region."""
import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from casework.models import Case
from escalation.selectors import escalation_summary
from governance.map.selectors import _PICTURES
from governance.models import Municipality
from governance.register import checks
from reporting.dashboard import dashboard_for
from tests import factories
from tests.role_matrix import Page, cases

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_alderman_s_dashboard_holds_the_numbers_of_the_pages_behind_it(flevoland, demo_user):
    alderman = demo_user("wethouder")
    board = dashboard_for(user=alderman, region=flevoland)
    assert [panel.table.kind for panel in board.figures] == ["reports", "advice"]
    assert board.escalations == escalation_summary(user=alderman, region=flevoland)
    assert sum(item.count for item in board.by_route) == board.escalations.open
    assert sum(item.count for item in board.by_reason) == board.escalations.open
    assert [a.pk for a in board.to_evaluate] == [
        a.pk for a in checks.agreements_to_evaluate(user=alderman, region=flevoland)[:5]]
    assert board.unexplained == 4  # the latest two half-years of both figures (the demo's explanations)
    assert not board.leads and not board.escalates and board.actions == []


def test_the_home_page_is_the_dashboard_with_charts_that_need_no_colour_or_script(client_for):
    html = client_for("wethouder").get(reverse("home")).content.decode()
    assert "Dashboard" in html and "Nog niet toegelicht" in html  # pages speak Dutch by default
    charts = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(charts) == 2
    for chart in charts:
        assert "<script" not in chart and "style=" not in chart and "<style" not in chart
        assert re.search(r"<title id=\"[\w-]+\">[^<]+</title><desc id=\"[\w-]+\">[^<]+</desc>", chart)
        assert "stroke-dasharray" in chart  # the second line differs in pattern, not only in colour


def test_no_case_detail_reaches_the_dashboard(client_for, flevoland):
    almere = Municipality.objects.get(code="GM0034")
    case = Case.objects.filter(region=flevoland, municipality=almere).order_by("pk").first()
    factories.escalation(flevoland, almere, description="Heel specifieke beschrijving van de situatie", case=case)
    html = client_for("wethouder").get(reverse("reporting:dashboard", args=["flevoland"])).content.decode()
    assert "Heel specifieke beschrijving" not in html and case.code not in html


def test_the_project_leader_sees_what_needs_her_action(flevoland, demo_user):
    leader = demo_user("projectleider")
    board = dashboard_for(user=leader, region=flevoland)
    counts = {item.label: item.count for item in board.actions}
    assert counts["Overdue action items"] == checks.overdue_actions(user=leader, region=flevoland).count()
    assert counts["Periods of figures without an explanation"] == 4
    assert len(counts) == 5


def test_policy_officers_see_their_escalations_first(client_for):
    html = client_for("beleidsmedewerker").get(reverse("home")).content.decode()
    assert html.index("Uw escalaties") < html.index('id="dash-figures"')


def test_without_a_dashboard_the_home_page_lists_roles_and_regions(client_for):
    html = client_for("beheerder").get(reverse("home")).content.decode()
    assert "Uw rollen" in html and 'id="dash-figures"' not in html


def test_query_count_does_not_grow_with_the_region(client_for, flevoland):
    browser = client_for("projectleider")
    url = reverse("reporting:dashboard", args=["flevoland"])
    browser.get(url)
    _PICTURES.clear()  # count the map computed, not reused (governance/map/tests/test_cache.py)
    with CaptureQueriesContext(connection) as before:
        browser.get(url)
    almere = Municipality.objects.get(code="GM0034")
    for number in range(15):
        factories.escalation(flevoland, almere, title=f"Nog een {number}")
        factories.conflict(flevoland)
        factories.agreement(flevoland)
        factories.table(flevoland)
    _PICTURES.clear()
    with CaptureQueriesContext(connection) as after:
        browser.get(url)
    assert len(after) == len(before), [q["sql"][:120] for q in after.captured_queries]


def test_every_dashboard_table_downloads_as_csv_with_the_same_numbers(client_for, flevoland, demo_user):
    factories.conflict(flevoland, title="=HYPERLINK(\"http://x.example\")")
    with translation.override("nl"):  # the language the page is served in
        board = dashboard_for(user=demo_user("projectleider"), region=flevoland)
    response = client_for("projectleider").get(reverse("reporting:dashboard_csv", args=["flevoland"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["table", "item", "value"]
    route_table = next(row[0] for row in rows if row[1] == board.by_route[0].label)
    assert [row[1:] for row in rows if row[0] == route_table] == [[item.label, str(item.count)]
                                                                  for item in board.by_route]
    assert any(row[1].startswith("'=HYPERLINK") for row in rows)  # a typed title never runs as a formula
    assert not any(row[1].startswith("=") for row in rows)


def _url():
    return reverse("reporting:dashboard", args=["flevoland"])


# projectleider, wethouder, beleidsmedewerker, teammanager, beheerder, zeeland-projectleider
PAGES = {
    "dashboard": Page(_url, [200, 200, 200, 200, 403, 404]),
    "dashboard csv": Page(lambda: reverse("reporting:dashboard_csv", args=["flevoland"]),
                          [200, 200, 200, 200, 403, 404]),
    "dashboard xlsx": Page(lambda: reverse("reporting:dashboard_xlsx", args=["flevoland"]),
                           [200, 200, 200, 200, 403, 404]),
}


@pytest.mark.parametrize("page, user, status", cases(PAGES))
def test_who_may_open_the_dashboard(open_as, page, user, status):
    assert open_as(user, PAGES[page]).status_code == status


def test_repeat_and_follow_up_reports_reach_the_dashboard_and_the_report_as_a_share_of_the_reports(
        client_for, flevoland, demo_user):
    """85361NED's repeat and follow-up reports are what the approach is about (most families still face
    violence a year later): imported, they show on the dashboard and in the report, charted as the share
    of the reports received that CBS publishes, not only on the figures page."""
    from reporting.models import Figure
    from reporting.report import report_build

    almere = Municipality.objects.get(code="GM0034")
    reports = Figure.objects.get(region=flevoland, kind="reports", period="2024HJ02", area_code=almere.code).value
    for kind, value in (("repeat_reports", reports // 2), ("follow_up_reports", reports // 4)):
        Figure.objects.create(region=flevoland, area_code=almere.code, municipality=almere, kind=kind,
                              period="2024HJ02", value=value)
    alderman = demo_user("wethouder")
    board = dashboard_for(user=alderman, region=flevoland)
    assert [panel.table.kind for panel in board.figures] == [
        "reports", "advice", "repeat_reports", "follow_up_reports"]
    repeat = board.figures[2]
    assert repeat.share and not board.figures[0].share
    almere_row = next(row for row in repeat.table.rows if row.code == almere.code)
    assert float(almere_row.cells[-1].share) == pytest.approx(100 * (reports // 2) / reports, abs=0.06)
    # One period, and only Almere's: no line to draw, and the note says why in terms of the share.
    assert "the share needs the reports received" in repeat.note
    html = client_for("wethouder").get(reverse("home")).content.decode()
    assert "Hermeldingen (Veilig Thuis was eerder betrokken)" in html
    assert "% van de meldingen" in html
    assert [panel.table.kind for panel in report_build(user=alderman, region=flevoland, board=board).figures][2:] \
        == ["repeat_reports", "follow_up_reports"]
