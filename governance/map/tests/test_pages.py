"""The map's pages: who may open them, what the map page shows (every kind of finding with its reason
and a link to its data, the table for everyone, the scope filters), snapshots taken and compared
through the pages, and query counts that do not grow with the register."""
from __future__ import annotations

import html
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from governance.map.selectors import FindingKind, map_picture
from governance.map.services import theme_default_needs
from governance.models import DomainKind, MapSnapshot, Region, TableLevel, TableScope
from tests import factories as f
from tests.role_matrix import Page, cases

pytestmark = pytest.mark.django_db
FLEVO = "flevoland"
READ = [200, 200, 200, 200, 200, 404]
POST_ONLY = [405, 403, 403, 403, 403, 404]


def url(name: str, region: str = FLEVO) -> str:
    return reverse(f"governance:{name}", args=[region])


MATRIX = {
    "map": Page(lambda: url("map"), READ),
    "map_csv": Page(lambda: url("map_csv"), READ),
    "map_findings_csv": Page(lambda: url("map_findings_csv"), READ),
    "map_xlsx": Page(lambda: url("map_xlsx"), READ),
    "map_findings_xlsx": Page(lambda: url("map_findings_xlsx"), READ),
    "map_snapshots": Page(lambda: url("map_snapshots"), READ),
    "map_snapshot_compare": Page(lambda: url("map_snapshot_compare"), READ),
    "map_snapshot_take": Page(lambda: url("map_snapshot_take"), POST_ONLY),
    "map_pdf": Page(lambda: url("map_pdf"), READ),
    # Posted without a name: the form again, with the error.
    "map_snapshot_take:post": Page(lambda: url("map_snapshot_take"), [400, 403, 403, 403, 403, 404], method="post"),
}


@pytest.mark.parametrize(("page", "username", "expected"), cases(MATRIX))
def test_map_role_matrix(open_as, page, username, expected):
    assert open_as(username, MATRIX[page]).status_code == expected


@pytest.mark.parametrize("name", ["map", "map_snapshots", "map_snapshot_compare", "map_csv"])
def test_anonymous_is_sent_to_log_in(client, name):
    response = client.get(url(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_map_tab_sits_between_register_and_escalations(client_for):
    body = client_for("wethouder").get(url("map")).content.decode()
    register, map_tab, escalations = (body.index(f'href="{href}"') for href in (
        url("register_home"), url("map"), reverse("escalation:index", args=[FLEVO])))
    assert register < map_tab < escalations
    assert 'aria-current="page">Kaart<' in body or ">Kaart</a>" in body


def test_the_register_home_links_to_the_map(client_for):
    assert f'href="{url("map")}"' in client_for("wethouder").get(url("register_home")).content.decode()


def test_the_demo_map_shows_every_kind_of_finding_with_its_reason_and_link(client_for, demo_user):
    body = client_for("projectleider").get(url("map")).content.decode()
    with translation.override("nl"):
        picture = map_picture(user=demo_user("projectleider"), region=Region.objects.get(slug=FLEVO))
        assert {finding.kind for finding in picture.findings} == set(FindingKind)
        for kind in FindingKind:
            assert f'id="kind-{kind.value}"' in body
            assert html.escape(str(kind.label)) in body
        for finding in picture.findings:
            assert html.escape(finding.reason) in body, finding.key
            if finding.link:
                assert f'href="{html.escape(finding.link.url)}"' in body, finding.key
    assert body.count("Bekijk de gegevens") >= len(picture.findings) - 1
    assert '<div class="table-scroll" role="region" tabindex="0" aria-labelledby="map-table-caption">' in body
    assert "<svg" in body and "<script" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_open_conflicts_risks_and_opportunities_show_at_their_themes(client_for):
    body = client_for("wethouder").get(url("map")).content.decode()
    items = body.split('id="map-items-caption"', 1)[1]
    assert "Hulp na huisverbod start later dan de tiendaagse termijn" in items
    assert "Landelijke aandacht voor mensenhandel opent de zorgkant" in items
    assert "Tijdelijk huisverbod" in items and "Mensenhandel" in items


def test_the_alderman_reads_but_cannot_take_snapshots(client_for):
    client = client_for("wethouder")
    assert "Momentopname maken" not in client.get(url("map_snapshots")).content.decode()
    before = MapSnapshot.objects.count()
    assert client.post(url("map_snapshot_take"), {"name": "Stiekem"}).status_code == 403
    assert MapSnapshot.objects.count() == before


def test_another_region_gets_404_and_a_foreign_municipality_is_no_choice(client_for):
    almere = Region.objects.get(slug=FLEVO).municipalities.get(name="Almere")
    assert client_for("zeeland-projectleider").get(url("map")).status_code == 404
    # Zeeland's own map with a Flevoland municipality: not a choice there, so the whole region is shown.
    response = client_for("zeeland-projectleider").get(url("map", "zeeland") + f"?municipality={almere.pk}")
    assert response.status_code == 200 and "Almere" not in response.content.decode()


# --- Snapshots through the pages ---------------------------------------------------------------------------

def test_the_project_leader_takes_a_snapshot_of_a_municipality(client_for):
    almere = Region.objects.get(slug=FLEVO).municipalities.get(name="Almere")
    client = client_for("projectleider")
    response = client.post(url("map_snapshot_take"), {"name": "  Stand voor de raad ", "municipality": almere.pk},
                           follow=True)
    snapshot = MapSnapshot.objects.get(name="Stand voor de raad")
    assert snapshot.municipality == almere and snapshot.subregion is None and snapshot.findings
    body = response.content.decode()
    assert "Stand voor de raad" in body and "van Almere" in body
    row = body.split("Stand voor de raad</th>", 1)[1].split("</tr>", 1)[0]
    assert "Almere" in row


def test_a_snapshot_needs_a_name(client_for):
    before = MapSnapshot.objects.count()
    response = client_for("projectleider").post(url("map_snapshot_take"), {"name": "   "})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()
    assert MapSnapshot.objects.count() == before


def test_snapshots_have_no_edit_or_delete(client_for):
    body = client_for("projectleider").get(url("map_snapshots")).content.decode()
    assert "Nulmeting stuurgroep" in body and "Voortgang bestuurlijk overleg" in body
    assert "Wijzigen" not in body.split('id="snapshots-caption"')[1] and "Verwijderen" not in body


def test_two_demo_snapshots_compare_as_closed_new_and_unchanged(client_for):
    baseline = MapSnapshot.objects.get(region__slug=FLEVO, name="Nulmeting stuurgroep")
    progress = MapSnapshot.objects.get(region__slug=FLEVO, name="Voortgang bestuurlijk overleg")
    # in either order: the earlier one is the baseline
    response = client_for("wethouder").get(url("map_snapshot_compare") + f"?earlier={progress.pk}&later={baseline.pk}")
    body = response.content.decode()
    closed = body.split('id="closed"', 1)[1].split('id="new"', 1)[0]
    new = body.split('id="new"', 1)[1].split('id="unchanged"', 1)[0]
    assert "Partnergeweld" in closed and "Duo ontbreekt" in closed
    assert "Bestuurlijk overleg Wonen en Zorg" in new
    assert "Wachttijden bij Veilig Thuis" in new


def test_a_snapshot_compares_with_today(client_for):
    progress = MapSnapshot.objects.get(region__slug=FLEVO, name="Voortgang bestuurlijk overleg")
    body = client_for("projectleider").get(
        url("map_snapshot_compare") + f"?earlier={progress.pk}&later=today").content.decode()
    assert "kaart van vandaag" in body
    assert "Niets is afgesloten." in body and "Niets nieuws." in body  # nothing changed since the demo's snapshot


def test_snapshots_of_different_scopes_do_not_compare(client_for, demo_user):
    region = Region.objects.get(slug=FLEVO)
    almere = region.municipalities.get(name="Almere")
    other = MapSnapshot.objects.create(region=region, name="Almere alleen", municipality=almere,
                                       taken_by=demo_user("projectleider"), taken_on=date.today())
    baseline = MapSnapshot.objects.get(region__slug=FLEVO, name="Nulmeting stuurgroep")
    response = client_for("projectleider").get(
        url("map_snapshot_compare") + f"?earlier={baseline.pk}&later={other.pk}")
    assert response.status_code == 400 and "dezelfde regio" in response.content.decode()


def test_a_region_without_snapshots_says_so(client_for):
    for name in ("map_snapshots", "map_snapshot_compare"):
        body = client_for("zeeland-projectleider").get(url(name, "zeeland")).content.decode()
        assert "Nog geen momentopnamen" in body


# --- Scope filters, empty states and query counts, on a region of the test's own --------------------------

@pytest.fixture
def place():
    region = f.region()
    a, b, c = f.municipality(name="Aadorp"), f.municipality(name="Beekdal"), f.municipality(name="Cranendonk")
    region.municipalities.set([a, b, c])
    north = f.region(parent=region, name="Noord")
    north.municipalities.set([a, b])
    social = f.domain(region, kind=DomainKind.SOCIAL, name="Sociaal")
    safety = f.domain(region, kind=DomainKind.SAFETY, name="Veiligheid")
    leader = f.member(region)
    return SimpleNamespace(region=region, a=a, b=b, c=c, north=north, social=social, safety=safety, leader=leader)


def grow(place, n: int) -> None:
    """n themes, each with a table of each level on both sides and an agreement in force."""
    for _ in range(n):
        theme = f.theme(place.region)
        theme_default_needs(theme)
        for level in TableLevel:
            table = f.table(place.region, level=level)
            table.domains.set([place.social, place.safety])
            table.themes.set([theme])
        agreement = f.agreement(place.region, adopted_on=date.today() - timedelta(days=30),
                                evaluation_on=date.today() + timedelta(days=300))
        agreement.themes.set([theme])
        agreement.adopted_by.set([table])
        f.conflict(place.region).themes.set([theme])
        f.risk(place.region).themes.set([theme])


def test_filter_to_a_municipality_and_a_subregion(client, place):
    theme = f.theme(place.region, name="Huiselijk geweld")
    theme_default_needs(theme)
    for name, scope in (("Tafel Cranendonk", {"scope": TableScope.MUNICIPALITY, "municipality": place.c}),
                        ("Tafel Noord", {"scope": TableScope.SUBREGION, "subregion": place.north})):
        table = f.table(place.region, name=name, **scope)
        table.domains.set([place.social])
        table.themes.set([theme])
    client.force_login(place.leader)
    whole = client.get(url("map", place.region.slug)).content.decode()
    assert "Tafel Cranendonk" in whole and "Tafel Noord" in whole
    one = client.get(url("map", place.region.slug) + f"?municipality={place.c.pk}").content.decode()
    assert "Tafel Cranendonk" in one and "Tafel Noord" not in one
    assert "<h2>Overlap en witte vlekken: Cranendonk</h2>" in one
    north = client.get(url("map", place.region.slug) + f"?subregion={place.north.pk}").content.decode()
    assert "Tafel Noord" in north and "Tafel Cranendonk" not in north
    assert f'<option value="{place.north.pk}" selected>Noord</option>' in north
    # the downloads keep the filter
    assert f"matrix.csv?subregion={place.north.pk}" in north


def test_a_region_without_themes_has_a_clear_empty_state(client, place):
    client.force_login(place.leader)
    body = client.get(url("map", place.region.slug)).content.decode()
    assert "Deze regio heeft nog geen thema’s" in body
    assert "Niets te melden voor dit deel van de regio." in body


def test_the_map_pages_keep_their_query_count_as_the_register_grows(client, place):
    client.force_login(place.leader)
    pages = [url("map", place.region.slug), url("map", place.region.slug) + f"?municipality={place.a.pk}",
             url("map_csv", place.region.slug), url("map_findings_csv", place.region.slug)]

    def counts():
        found = []
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200
            found.append(len(queries))
        return found

    grow(place, 1)
    small = counts()
    grow(place, 6)
    assert counts() == small
    assert max(small) <= 40


def test_the_demo_map_stays_within_its_query_budget(client_for, django_assert_max_num_queries):
    client = client_for("projectleider")
    with django_assert_max_num_queries(40):
        client.get(url("map"))
    with django_assert_max_num_queries(30):  # the snapshots, and today's map to compare with
        client.get(url("map_snapshot_compare"))
