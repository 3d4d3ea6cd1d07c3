"""The map's picture is reused while its data stays the same (selectors._data_version), and every kind of
edit still shows at once: a row saved, added or removed, a link swapped for another, a review handled,
another day, another language, and the page's markup drawn from the picture."""
from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from governance.map.selectors import _PICTURES, map_picture
from governance.map.selectors import FindingKind as K
from governance.models import DomainKind, GovernanceTable, TableLevel, TableScope
from tests import factories as f

TODAY = date(2026, 6, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh():
    _PICTURES.clear()
    yield
    _PICTURES.clear()


@pytest.fixture
def place():
    region = f.region()
    a, b = f.municipality(), f.municipality()
    region.municipalities.set([a, b])
    north = f.region(parent=region)
    north.municipalities.set([a])
    social = f.domain(region, kind=DomainKind.SOCIAL, name="Sociaal")
    safety = f.domain(region, kind=DomainKind.SAFETY, name="Veiligheid")
    theme = f.theme(region, name="Huisverbod")
    theme.needed_domains.set([social, safety])
    return SimpleNamespace(region=region, a=a, b=b, north=north, social=social, safety=safety, theme=theme,
                           leader=f.member(region))


def steer(place, *domains, level=TableLevel.ADMINISTRATIVE, **fields) -> GovernanceTable:
    table = f.table(place.region, level=level, **fields)
    table.domains.set(domains or [place.social, place.safety])
    table.themes.set([place.theme])
    return table


def bound(place, table):
    made = f.agreement(place.region, adopted_on=TODAY - timedelta(days=100), evaluation_on=TODAY + timedelta(days=30))
    made.themes.set([place.theme])
    made.adopted_by.set([table])
    return made


def picture(place, **scope):
    return map_picture(user=place.leader, region=place.region, today=TODAY, **scope)


def names(place, **scope) -> set[str]:
    return {table.name for row in picture(place, **scope).rows for cell in row.cells for table in cell.tables}


def kinds(place, **scope) -> set[str]:
    return {finding.kind for finding in picture(place, **scope).findings}


def test_the_same_data_is_computed_once_and_read_in_one_query(place):
    steer(place)
    first = picture(place)
    with CaptureQueriesContext(connection) as queries:
        second = picture(place)
    assert second.groups is first.groups
    assert len(queries) == 1  # the version; the user's access is cached already


def test_a_saved_row_shows_its_new_values(place):
    table = steer(place, name="Oud overleg")
    assert names(place) == {"Oud overleg"}
    table.name = "Nieuw overleg"
    table.save()
    assert names(place) == {"Nieuw overleg"}


def test_an_edit_timed_before_the_newest_one_still_shows(place):
    """Two edits in flight: the one with the earlier time commits last. The newest time stays the same,
    the sum of the times does not."""
    table, other = steer(place, name="Eerste"), steer(place, name="Tweede")
    assert names(place) == {"Eerste", "Tweede"}
    assert table.updated_at < other.updated_at
    GovernanceTable.objects.filter(pk=table.pk).update(name="Later", updated_at=table.updated_at + timedelta(
        microseconds=(other.updated_at - table.updated_at) / timedelta(microseconds=1) // 2))
    assert names(place) == {"Later", "Tweede"}


def test_rows_added_and_removed_show(place):
    assert K.WHITE_SPOT in kinds(place)
    table = steer(place)
    assert K.WHITE_SPOT not in kinds(place)
    table.delete()
    assert K.WHITE_SPOT in kinds(place)


def test_a_link_swapped_for_another_shows(place):
    other = f.theme(place.region)
    table = steer(place)

    def white_spots() -> set[int]:
        return {finding.theme.pk for finding in picture(place).findings if finding.kind == K.WHITE_SPOT}

    assert white_spots() == {other.pk}
    table.themes.set([other])  # as many links as before, to another theme
    assert white_spots() == {place.theme.pk}


def test_a_review_opened_and_handled_shows(place):
    made = bound(place, steer(place))
    assert K.COVERED in kinds(place)
    review = f.review(made)
    assert K.AGREEMENT_NEEDS_ATTENTION in kinds(place)
    review.handled_on = TODAY
    review.save()
    assert K.COVERED in kinds(place)


def test_a_party_moving_to_another_domain_shows(place):
    steer(place, place.social, level=TableLevel.OPERATIONAL)
    steer(place, place.safety, level=TableLevel.OPERATIONAL)
    made = f.agreement(place.region, adopted_on=TODAY - timedelta(days=100))
    made.themes.set([place.theme])
    party = f.organisation(place.region, domain=f.domain(place.region, kind=DomainKind.ADJACENT))
    made.parties.set([party, f.organisation(place.region, domain=place.social)])
    assert K.OVERLAP_WITHOUT_AGREEMENT in kinds(place)
    party.domain = place.safety
    party.save()
    assert K.COVERED in kinds(place)


def test_a_municipality_leaving_a_subregion_shows(place):
    steer(place, scope=TableScope.MUNICIPALITY, municipality=place.a, name="Overleg in A")
    assert names(place, subregion=place.north) == {"Overleg in A"}
    place.north.municipalities.set([place.b])
    assert names(place, subregion=place.north) == set()


def test_another_day_and_another_language_are_pictures_of_their_own(place):
    bound(place, steer(place))
    assert K.COVERED in kinds(place)
    later = map_picture(user=place.leader, region=place.region, today=TODAY + timedelta(days=60))
    assert K.AGREEMENT_NEEDS_ATTENTION in {finding.kind for finding in later.findings}
    with translation.override("nl"):
        dutch = picture(place).findings
    with translation.override("en"):
        english = picture(place).findings
    assert dutch[0].reason != english[0].reason


def test_the_page_shows_an_edit_at_once(client, place):
    table = steer(place, name="Oud overleg")
    client.force_login(place.leader)
    page = reverse("governance:map", args=[place.region.slug])
    assert "Oud overleg" in client.get(page).content.decode()
    table.name = "Nieuw overleg"
    table.save()
    body = client.get(page).content.decode()
    assert "Nieuw overleg" in body and "Oud overleg" not in body
