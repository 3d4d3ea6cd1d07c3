"""The power/interest grid page: one marker per person while they can be told apart, counts per cell
above that, the stakeholder list's filters, a cell link that shows the people in it, and markers that
stay inside a crowded cell."""
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Level, Stakeholder
from governance.register.selectors import people as register_selectors
from governance.register.selectors import power_interest_grid
from tests import factories as make

URL = reverse("governance:stakeholder_grid", args=["flevoland"])


def _people_in_table(response) -> set[str]:
    grid = response.context["grid"]
    return {person.name for person in grid.people}


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


@pytest.mark.django_db
def test_the_level_filter_keeps_only_people_of_that_level(client_for):
    response = client_for("wethouder").get(URL, {"level": Level.ADMINISTRATIVE})
    names = _people_in_table(response)
    assert names
    assert names <= set(Stakeholder.objects.filter(region__slug="flevoland", level=Level.ADMINISTRATIVE)
                        .values_list("name", flat=True))
    assert 'name="level"' in response.content.decode()


@pytest.mark.django_db
def test_a_cell_shows_only_its_people_and_a_way_back(client_for):
    response = client_for("projectleider").get(URL, {"influence": 4, "interest": 4})
    grid = response.context["grid"]
    assert grid.points and all((p.influence, p.interest) == (4, 4) for p in grid.points)
    assert 'href="?"' in response.content.decode()  # back to the whole grid


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    {"influence": 9, "interest": 4}, {"influence": "x", "interest": 1}, {"influence": 3}])
def test_a_cell_out_of_range_shows_the_whole_grid(client_for, query):
    whole = client_for("projectleider").get(URL).context["grid"]
    grid = client_for("projectleider").get(URL, query).context["grid"]
    assert grid.cell is None and len(grid.points) == len(whole.points)


@pytest.mark.django_db
def test_a_crowded_grid_shows_counts_per_cell_and_links_to_each_cell(client_for, monkeypatch,
                                                                      django_assert_num_queries):
    client = client_for("projectleider")
    detailed = client.get(URL).context["grid"]
    monkeypatch.setattr(register_selectors, "GRID_MARKERS", 10)
    with django_assert_num_queries(_queries(client, URL)):  # as many queries as the detailed grid
        response = client.get(URL, {"level": Level.OPERATIONAL})
    grid = response.context["grid"]
    assert grid.summarised and not grid.points and len(grid.people) == 10
    content = response.content.decode()
    assert content.count('class="marker cell"') == len(grid.cells)
    first = grid.cells[0]
    assert f'href="?level=operational&amp;influence={first.influence}&amp;interest={first.interest}"' in content
    assert sum(cell.count for cell in grid.cells) == grid.total < detailed.total
    # The most influential first: nobody left out has more influence than the last one listed.
    assert [p.influence for p in grid.people] == sorted((p.influence for p in grid.people), reverse=True)


@pytest.mark.django_db
def test_a_full_cell_lists_the_first_people_and_says_so(client_for, monkeypatch):
    monkeypatch.setattr(register_selectors, "GRID_MARKERS", 2)
    response = client_for("projectleider").get(URL, {"influence": 3, "interest": 3})
    grid = response.context["grid"]
    assert grid.truncated and len(grid.points) == 2 and grid.shown_total > 2


@pytest.mark.django_db
def test_the_grid_counts_everyone_by_their_newest_assessment(own_region, own_project_leader):
    person = make.stakeholder(own_region)
    make.assessment(person, assessed_on=date(2000, 1, 1), influence=1, interest=1)
    make.assessment(person, assessed_on=date.today(), influence=5, interest=1)
    grid = power_interest_grid(user=own_project_leader, region=own_region, cell=(5, 1))
    assert person in [p.stakeholder for p in grid.points]
    assert person not in [p.stakeholder for p in power_interest_grid(
        user=own_project_leader, region=own_region, cell=(1, 1)).points]


@pytest.mark.django_db
def test_a_crowded_cell_keeps_its_markers_inside(own_region, own_project_leader):
    organisation = make.organisation(own_region)
    for _index in range(40):
        make.assessment(make.stakeholder(own_region, organisation=organisation), assessed_on=date.today())
    grid = power_interest_grid(user=own_project_leader, region=own_region)
    assert len(grid.points) == 40
    low, high = grid.margin + 2 * grid.cell_size, grid.margin + 3 * grid.cell_size
    for point in grid.points:
        if (point.influence, point.interest) == (3, 3):
            assert low <= point.x <= high and low <= point.y <= high


@pytest.mark.django_db
def test_another_regions_people_never_appear(client_for):
    zeeland = set(Stakeholder.objects.filter(region__slug="zeeland").values_list("name", flat=True))
    names = _people_in_table(client_for("projectleider").get(URL))
    assert names and not names & zeeland


@pytest.mark.django_db
def test_the_stakeholder_lists_grid_link_and_csv_keep_its_filters_but_not_its_page(client_for):
    listing = reverse("governance:register_list", args=["flevoland", "stakeholders"])
    html = client_for("projectleider").get(listing, {"level": Level.ADMINISTRATIVE, "page": "2"}).content.decode()
    assert f'href="{URL}?level={Level.ADMINISTRATIVE}"' in html
    assert f'stakeholders/export.csv?level={Level.ADMINISTRATIVE}"' in html
    unfiltered = client_for("projectleider").get(listing).content.decode()
    assert f'href="{URL}"' in unfiltered
