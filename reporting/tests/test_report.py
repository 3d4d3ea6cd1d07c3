"""The governance report: the dashboard's numbers, unexplained figures left out unless someone decides
otherwise with a recorded reason, and a municipality variant."""
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from governance.models import Municipality
from reporting.dashboard import dashboard_for
from reporting.models import ReportOverride
from reporting.report import report_build

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _cells(table):
    return {(row.code or row.kind, period.key): (cell.value, cell.rate)
            for row in table.rows for period, cell in zip(table.periods, row.cells, strict=True)}


def test_the_report_s_numbers_are_the_dashboard_s(flevoland, demo_user):
    leader = demo_user("projectleider")
    board = dashboard_for(user=leader, region=flevoland)
    report = report_build(user=leader, region=flevoland)
    assert report.board.escalations == board.escalations
    assert [f.key for f in report.board.white_spots] == [f.key for f in board.white_spots]
    assert report.board.unexplained == board.unexplained == 4
    for shown, panel in zip(report.figures, board.figures, strict=True):
        everything = _cells(panel.table)
        assert _cells(shown.table).items() <= everything.items()  # the same numbers, fewer periods


def test_unexplained_periods_stay_out_and_are_named(flevoland, demo_user):
    report = report_build(user=demo_user("projectleider"), region=flevoland)
    assert [p.key for p in report.figures[0].table.periods] == ["2022HJ01", "2022HJ02", "2023HJ01", "2023HJ02"]
    assert "Reports to Veilig Thuis, 2nd half 2024" in report.left_out and len(report.left_out) == 4
    assert report.included_unexplained == []


def test_the_municipality_variant_shows_that_municipality_beside_the_region(flevoland, demo_user):
    almere = Municipality.objects.get(code="GM0034")
    report = report_build(user=demo_user("projectleider"), region=flevoland, municipality=almere)
    assert [row.code or row.kind for row in report.figures[0].table.rows] == ["GM0034", "region", "PV24", "NL01"]
    assert report.picture.municipality == almere and report.scope_name == "Almere"


def test_including_unexplained_figures_needs_a_reason_and_is_recorded(client_for, flevoland):
    browser = client_for("projectleider")
    url = reverse("reporting:report", args=["flevoland"])
    assert browser.get(url).status_code == 200
    response = browser.post(url, {"include_unexplained": "on", "reason": ""})
    assert response.status_code == 400 and not ReportOverride.objects.exists()
    response = browser.post(url, {"include_unexplained": "on", "reason": "De raad wil het hele jaar zien.",
                                  "municipality": "GM0034"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    override = ReportOverride.objects.get()
    assert override.decided_by.username == "projectleider" and override.municipality.code == "GM0034"
    assert sorted(override.periods) == ["advice 2024HJ01", "advice 2024HJ02", "reports 2024HJ01", "reports 2024HJ02"]
    assert LogEntry.objects.get_for_object(override).exists()


def test_an_alderman_reads_the_report_but_cannot_let_unexplained_figures_in(client_for):
    browser = client_for("wethouder")
    url = reverse("reporting:report", args=["flevoland"])
    page = browser.get(url).content.decode()
    assert 'name="include_unexplained"' not in page
    assert browser.post(url, {"include_unexplained": "on", "reason": "Toch graag."}).status_code == 403
    assert not ReportOverride.objects.exists()


@pytest.mark.parametrize("user, status", [("beheerder", 403), ("zeeland-projectleider", 404), ("teammanager", 200)])
def test_who_may_open_the_report_page(client_for, user, status):
    assert client_for(user).get(reverse("reporting:report", args=["flevoland"])).status_code == status
