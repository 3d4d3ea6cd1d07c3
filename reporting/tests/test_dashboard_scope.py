"""One municipality's dashboard: what an alderman of a municipality starts on, and what a region's
people choose. Its figures keep the region and the country beside the municipality; escalations and
white spots are the municipality's; nobody reads another municipality's this way."""
import csv
import io

import pytest
from django.urls import reverse

from escalation.models import Escalation
from escalation.workflow import OPEN_STATES
from governance.models import Membership, Municipality, Role
from reporting.dashboard import dashboard_for
from reporting.report import report_build
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def almere():
    return Municipality.objects.get(code="GM0034")


@pytest.fixture
def lelystad():
    return Municipality.objects.get(code="GM0995")


@pytest.fixture
def almere_alderman(almere):
    person = factories.user(first_name="Wethouder", last_name="Almere")
    Membership.objects.create(user=person, municipality=almere, role=Role.ALDERMAN)
    return person


def _areas(board) -> set[str]:
    return {row.code or row.kind for panel in board.figures for row in panel.table.rows}


def test_an_alderman_of_a_municipality_starts_on_its_dashboard(client, almere_alderman, flevoland, almere, lelystad):
    factories.escalation(flevoland, almere, title="In Almere")
    factories.escalation(flevoland, lelystad, title="In Lelystad")
    client.force_login(almere_alderman)
    response = client.get(reverse("home"))
    board = response.context["board"]
    assert board.municipality == almere
    assert "Dashboard van Almere" in response.content.decode()
    # Almere beside the region (the sum, and CBS's own figure of the province) and the country
    assert _areas(board) == {"GM0034", "region", "PV24", "NL01"}
    assert board.escalations.open == Escalation.objects.filter(municipality=almere, state__in=OPEN_STATES).count()
    # Only its own municipality is offered: no choice to make, no form.
    assert not response.context["scope_form"].has_choice


def test_a_municipality_role_cannot_read_another_municipality_s_dashboard(client, almere_alderman, almere):
    client.force_login(almere_alderman)
    response = client.get(reverse("reporting:dashboard", args=["flevoland"]), {"municipality": "GM0995"})
    assert response.context["board"].municipality == almere
    csv_response = client.get(reverse("reporting:dashboard_csv", args=["flevoland"]), {"municipality": "GM0995"})
    assert "almere" in csv_response["Content-Disposition"]
    assert "Lelystad" not in csv_response.content.decode("utf-8-sig")


def test_a_region_s_people_choose_the_region_or_one_municipality(client_for, flevoland, almere, lelystad):
    factories.escalation(flevoland, lelystad, title="In Lelystad")
    browser = client_for("wethouder")
    url = reverse("reporting:dashboard", args=["flevoland"])
    region = browser.get(url).context
    assert region["board"].municipality is None and region["scope_form"].has_choice
    scoped = browser.get(url, {"municipality": "GM0034"}).context["board"]
    assert scoped.municipality == almere
    assert scoped.escalations.open == Escalation.objects.filter(municipality=almere, state__in=OPEN_STATES).count()
    assert scoped.escalations.open < region["board"].escalations.open
    # A choice that is not offered shows the region, as the map's scope does.
    assert browser.get(url, {"municipality": "GM9999"}).context["board"].municipality is None


def test_a_municipality_s_dashboard_keeps_the_region_s_agreements_and_conflicts(flevoland, demo_user, almere):
    leader = demo_user("projectleider")
    region, scoped = (dashboard_for(user=leader, region=flevoland, municipality=m) for m in (None, almere))
    assert scoped.conflicts == region.conflicts and scoped.to_evaluate == region.to_evaluate
    assert scoped.reviews == region.reviews


def test_the_municipality_report_has_the_numbers_of_the_municipality_s_dashboard(flevoland, demo_user, almere):
    leader = demo_user("projectleider")
    board = dashboard_for(user=leader, region=flevoland, municipality=almere)
    report = report_build(user=leader, region=flevoland, municipality=almere,
                          board=dashboard_for(user=leader, region=flevoland))  # the region's board is not reused
    assert report.board.municipality == almere
    assert report.board.escalations == board.escalations
    assert [(row.code, [cell.value for cell in row.cells]) for panel in report.figures for row in panel.table.rows] == [
        (row.code, [cell.value for cell, period in zip(row.cells, panel.table.periods, strict=True)
                    if panel.table.explanations.get(period.key)])
        for panel in board.figures for row in panel.table.rows]


def test_the_csv_of_a_municipality_s_dashboard_has_its_numbers(client_for, flevoland, almere):
    response = client_for("wethouder").get(reverse("reporting:dashboard_csv", args=["flevoland"]),
                                           {"municipality": "GM0034"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    areas = {row[1] for row in rows}
    assert "Almere" in areas and "Lelystad" not in areas
