"""Casework on the dashboards and in the report: counts per municipality, never a case code."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, ViolenceForm
from casework.selectors import case_counts
from governance.models import Municipality
from reporting.dashboard import dashboard_for
from reporting.report import report_build

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def late_case(flevoland):
    case = Case(region=flevoland, municipality=Municipality.objects.get(code="GM0034"),
                reported_on=timezone.localdate() - timedelta(days=30))
    case.save()
    case.violence.set(ViolenceForm.objects.filter(code="child_abuse"))
    return case


def test_the_alderman_sees_case_counts_and_no_case(client_for, late_case, flevoland, demo_user):
    response = client_for("wethouder").get(reverse("home"))
    html = response.content.decode()
    board = response.context["board"]
    almere = next(row for row in board.cases.rows if row.municipality == "Almere")
    assert almere.very_late >= 1 and almere.open >= 1
    assert board.cases == case_counts(user=demo_user("wethouder"), region=flevoland)
    assert late_case.code not in html and 'id="dash-cases"' in html
    assert reverse("casework:index", args=["flevoland"]) not in html  # no way to a case list from here


def test_team_managers_see_their_municipality_s_time_limits_first(client_for, late_case):
    html = client_for("teammanager").get(reverse("home")).content.decode()
    assert html.index('id="dash-cases"') < html.index('id="dash-figures"')
    assert "?deadline=very_late" in html


def test_the_report_has_the_dashboard_s_case_counts(flevoland, demo_user, late_case):
    leader = demo_user("projectleider")
    board = dashboard_for(user=leader, region=flevoland)
    assert report_build(user=leader, region=flevoland).board.cases == board.cases
    assert board.cases.total.very_late >= 1


def test_a_municipality_s_dashboard_counts_its_own_cases(flevoland, demo_user, late_case):
    board = dashboard_for(user=demo_user("wethouder"), region=flevoland,
                          municipality=Municipality.objects.get(code="GM0995"))
    assert [row.municipality for row in board.cases.rows] in ([], ["Lelystad"])
