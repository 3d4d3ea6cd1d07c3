"""The network picture: what its filters and focus keep, the rule for a large region, a fixed number
of queries, names that stay text, a clean inline SVG, the cache, and who may open the page."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.map import network as net_module
from governance.map.network import Focus, network, network_dot, network_picture, network_svg
from governance.models import (
    Domain,
    DomainKind,
    Duo,
    Level,
    Organisation,
    OrganisationType,
    Phase,
    SeatRole,
    Stakeholder,
    TableSeat,
    Theme,
)
from tests import factories as make
from tests.role_matrix import Page, cases

NS = "{http://www.w3.org/2000/svg}"


# --- A small region of the test's own: two domains, two tables, a duo -----------------------------------

def _organisation(region, name, domain) -> Organisation:
    # Not make.organisation/make.stakeholder: they create a spare domain or organisation per call.
    return Organisation.objects.create(region=region, name=name, domain=domain, type=OrganisationType.OTHER)


def _person(region, name, organisation, **fields) -> Stakeholder:
    return Stakeholder.objects.create(**{"region": region, "name": name, "function": "Adviseur",
                                         "organisation": organisation, "level": Level.CIVIL_SERVICE} | fields)


class World:
    """Social side: the wijkteam (Anna, chair of the Zorgtafel; Bram) . Safety side: the police (Cees,
    a key figure; Dirk, an ambassador). The Zorgtafel (social, theme 'Huisverbod', phase 'Veiligheid')
    seats Anna and Cees; the Veiligheidstafel (safety) seats Cees and Dirk. Anna and Cees are a duo."""

    def __init__(self) -> None:
        self.region = make.region()
        self.leader = make.member(self.region)
        self.social = make.domain(self.region, name="Sociaal", kind=DomainKind.SOCIAL)
        self.safety = make.domain(self.region, name="Veiligheid", kind=DomainKind.SAFETY)
        self.wijkteam = _organisation(self.region, "Wijkteam", self.social)
        self.police = _organisation(self.region, "Politie", self.safety)
        self.anna = _person(self.region, "Anna", self.wijkteam)
        self.bram = _person(self.region, "Bram", self.wijkteam)
        self.cees = _person(self.region, "Cees", self.police, is_key_figure=True,
                                     level=Level.ADMINISTRATIVE)
        self.dirk = _person(self.region, "Dirk", self.police, is_ambassador=True)
        self.theme = Theme.objects.create(region=self.region, name="Huisverbod")
        self.phase = Phase.objects.create(region=self.region, name="Veiligheid", order=1)
        self.care = make.table(self.region, name="Zorgtafel", chair=self.anna)
        self.care.domains.set([self.social])
        self.care.themes.set([self.theme])
        self.care.phases.set([self.phase])
        self.safe = make.table(self.region, name="Veiligheidstafel")
        self.safe.domains.set([self.safety])
        self.seat(self.care, self.anna)
        self.seat(self.care, self.cees, SeatRole.ADVISER)
        self.seat(self.safe, self.cees)
        self.seat(self.safe, self.dirk)
        Duo.objects.create(region=self.region, social=self.anna, safety=self.cees, level=Level.ADMINISTRATIVE,
                           pulls_together="Huisverbod")

    def seat(self, table, person, role=SeatRole.MEMBER):
        return TableSeat.objects.create(region=self.region, table=table, stakeholder=person, role=role)

    def names(self, **filters) -> set[str]:
        return {node.name for node in network(user=self.leader, region=self.region, **filters).nodes}


@pytest.fixture
def world(db) -> World:
    return World()


def test_without_filters_a_small_region_shows_everyone_and_every_link(world):
    net = network(user=world.leader, region=world.region)
    assert {n.name for n in net.nodes} == {"Wijkteam", "Politie", "Anna", "Bram", "Cees", "Dirk", "Zorgtafel",
                                           "Veiligheidstafel"}
    kinds = {(net.by_key[e.source].name, net.by_key[e.target].name): e for e in net.edges}
    assert kinds[("Anna", "Wijkteam")].kind == "works_at"
    assert kinds[("Anna", "Zorgtafel")].roles == ("chair", "member")  # chair and seat: one line
    assert kinds[("Anna", "Zorgtafel")].leads
    assert kinds[("Cees", "Zorgtafel")].label == "adviser"  # English: the map tests read the source texts (conftest.py)
    assert kinds[("Anna", "Cees")].kind == "duo"
    assert net.people_left_out == 0


def test_the_domain_filter_keeps_its_organisations_its_tables_and_who_sits_there(world):
    # Cees (police) sits at the social Zorgtafel: he stays, with his organisation; Dirk does not.
    assert world.names(domain=world.social.pk) == {"Wijkteam", "Anna", "Bram", "Zorgtafel", "Cees", "Politie"}
    assert world.names(domain=world.safety.pk) == {"Politie", "Cees", "Dirk", "Veiligheidstafel"}


def test_a_theme_or_phase_keeps_the_tables_steering_it_and_who_sits_there(world):
    assert world.names(theme=world.theme.pk) == {"Zorgtafel", "Anna", "Cees", "Wijkteam", "Politie"}
    assert world.names(phase=world.phase.pk) == {"Zorgtafel", "Anna", "Cees", "Wijkteam", "Politie"}
    other = Theme.objects.create(region=world.region, name="Nazorg")
    assert world.names(theme=other.pk) == set()


def test_focus_one_step_and_two_steps_away(world):
    # One step from the Zorgtafel: its people (with their organisations).
    assert world.names(focus=f"table:{world.care.pk}") == {"Zorgtafel", "Anna", "Cees", "Wijkteam", "Politie"}
    # Two steps: also the other tables they sit at (their colleagues are three steps away).
    assert world.names(focus=f"table:{world.care.pk}", depth=2) == {
        "Zorgtafel", "Anna", "Cees", "Wijkteam", "Politie", "Veiligheidstafel"}
    assert world.names(focus=Focus("person", world.bram.pk)) == {"Bram", "Wijkteam"}
    assert world.names(focus=f"person:{world.bram.pk}", depth=2) == {"Bram", "Wijkteam", "Anna"}
    assert world.names(focus=f"organisation:{world.police.pk}") == {"Politie", "Cees", "Dirk"}
    net = network(user=world.leader, region=world.region, focus=f"table:{world.care.pk}")
    assert net.focus.name == "Zorgtafel"


def test_a_focus_outside_the_filters_or_the_region_is_ignored(world):
    elsewhere = make.table(make.region(), name="Elders")
    assert "Elders" not in world.names(focus=f"table:{elsewhere.pk}")
    assert network(user=world.leader, region=world.region, focus=f"table:{elsewhere.pk}").focus is None
    assert world.names(focus="nonsense") == world.names()


def test_a_large_picture_shows_only_the_people_who_matter_for_steering(world, monkeypatch):
    monkeypatch.setattr(net_module, "PEOPLE_LIMIT", 3)
    loner = _organisation(world.region, "Stille organisatie", world.social)
    _person(world.region, "Els", loner)
    net = network(user=world.leader, region=world.region)
    people = {n.name for n in net.nodes if n.kind == "person"}
    # Anna: chair and duo; Cees: key figure and duo; Dirk: ambassador. Bram and Els are counted.
    assert people == {"Anna", "Cees", "Dirk"}
    assert (net.people_total, net.people_left_out) == (5, 2)
    assert "Stille organisatie" not in {n.name for n in net.nodes}  # nobody of it left in the picture
    assert net.organisations_left_out == 1
    # A focus shows everyone around it, whatever the size.
    assert "Bram" in world.names(focus=f"organisation:{world.wijkteam.pk}")


def test_nothing_without_the_right_to_read_the_register(world):
    stranger = make.member(make.region())
    net = network(user=stranger, region=world.region)
    assert net.nodes == [] and net.edges == []


def _queries(**kwargs) -> int:
    """The queries of a network computed, not reused (test_a_network_is_reused_while_its_data_stays)."""
    net_module._NETWORKS.clear()
    with CaptureQueriesContext(connection) as queries:
        network(**kwargs)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_region(world):
    filters = [{}, {"domain": world.social.pk}, {"theme": world.theme.pk, "phase": world.phase.pk},
               {"focus": f"table:{world.care.pk}", "depth": 2}]
    args = {"user": world.leader, "region": world.region}
    _queries(**args)  # the user's access, computed once
    before = [_queries(**args, **f) for f in filters]
    for number in range(12):
        org = _organisation(world.region, f"Organisatie {number}", world.safety)
        table = make.table(world.region, chair=_person(world.region, f"Voorzitter {number}", org))
        table.domains.set([world.social, world.safety])
        table.themes.set([world.theme])
        for _ in range(3):
            person = _person(world.region, f"Lid {number}-{_}", org, is_key_figure=number % 2 == 0)
            world.seat(table, person)
        Duo.objects.create(region=world.region, social=world.bram, safety=person, level=Level.CIVIL_SERVICE,
                           pulls_together="x")
    after = [_queries(**args, **f) for f in filters]
    assert before == after
    assert max(after) <= 10  # nine, and the version the network is filed under


def test_a_network_is_reused_while_its_data_stays_and_redrawn_when_it_changes(world):
    first = network(user=world.leader, region=world.region, focus=f"table:{world.care.pk}")
    with CaptureQueriesContext(connection) as queries:
        again = network(user=world.leader, region=world.region, focus=f"table:{world.care.pk}")
    assert again.nodes is first.nodes and len(queries) == 1  # the data's version
    world.care.name = "Zorgoverleg nieuw"
    world.care.save()
    assert world.care.name in {n.name for n in network(user=world.leader, region=world.region,
                                                        focus=f"table:{world.care.pk}").nodes}
    person = _person(world.region, "Nieuwe deelnemer", world.wijkteam)
    world.seat(world.care, person)
    assert "Nieuwe deelnemer" in world.names(focus=f"table:{world.care.pk}")
    TableSeat.objects.get(table=world.care, stakeholder=person).delete()
    assert "Nieuwe deelnemer" not in world.names(focus=f"table:{world.care.pk}")


# --- The picture ------------------------------------------------------------------------------------


EVIL = ['<script>alert(1)</script>', '"]; evil [', 'back\\N\\slash\\', "O'Neil & <b>Zonen</b>"]


@pytest.fixture
def evil_world(world):
    for index, name in enumerate(EVIL):
        person = _person(world.region, name, world.wijkteam, function=name)
        world.seat(world.care, person)
        if index == 0:
            world.wijkteam.name = name
            world.wijkteam.save()
            world.care.name = '"]; evil [ <img src=x onerror=alert(1)>'
            world.care.save()
    return world


def _picture(world, **filters):
    return network_picture(user=world.leader, region=world.region, title="Netwerk <test>", **filters)


def _texts(root) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{NS}text")]


def test_names_from_users_end_up_as_text_not_markup_or_dot_syntax(evil_world):
    picture = _picture(evil_world)
    root = ET.fromstring(picture.svg)
    texts = _texts(root)
    for name in EVIL:
        assert name in texts  # drawn as written: Graphviz's \N and friends did not fire either
    assert '"]; evil [ <img src=x onerror=alert(1)>' in " ".join(texts)
    assert "<script" not in picture.svg and "<img" not in picture.svg and "<b>" not in picture.svg
    # Every node of the source is one of ours: nothing was injected into the DOT syntax.
    source = network_dot(picture.network).source
    declared = set(re.findall(r"^\t(\w+) \[", source, re.MULTILINE)) - {"graph", "node", "edge"}
    assert declared == {key.replace(":", "_") for key in picture.network.by_key}
    assert len(root.findall(f".//{NS}g[@class='node']")) == len(picture.network.nodes)


def test_the_svg_is_clean_for_inline_use_and_every_node_links_to_its_page(evil_world):
    svg = _picture(evil_world).svg
    assert not svg.startswith("<?xml") and "<!DOCTYPE" not in svg and "<!--" not in svg
    assert "<script" not in svg.lower()
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == f"{NS}svg" and root.get("role") == "graphics-document"
    title = root.find(f"{NS}title")
    desc = root.find(f"{NS}desc")
    assert title.text == "Netwerk <test>" and root.get("aria-labelledby") == title.get("id")
    assert desc.text and root.get("aria-describedby") == desc.get("id")
    assert root.get("viewBox") and int(root.get("width")) > 0
    for element in root.iter():
        assert not [name for name in element.attrib if name.lower().startswith("on")], element.attrib
        assert element.tag.rsplit("}", 1)[-1] not in ("script", "foreignObject")
    nodes = root.findall(f".//{NS}g[@class='node']")
    assert nodes
    region = evil_world.region.slug
    for node in nodes:
        link = node.find(f".//{NS}a")
        assert link is not None and link.get("href").startswith(f"/regions/{region}/register/")
        # Readable titles, not Graphviz's node names.
        assert not re.match(r"^(person|table|organisation)_\d+$", node.find(f"{NS}title").text)
    anna = reverse("governance:register_detail", args=[region, "stakeholders", evil_world.anna.pk])
    assert f'href="{anna}"' in svg


def test_a_laid_out_picture_is_cached_and_not_laid_out_again(world, monkeypatch):
    caches["pictures"].clear()
    calls = []
    layout = net_module._layout
    monkeypatch.setattr(net_module, "_layout", lambda source: calls.append(source) or layout(source))
    net = network(user=world.leader, region=world.region)
    first = network_svg(net, title="A", description="B")
    assert network_svg(network(user=world.leader, region=world.region), title="A", description="B") == first
    assert len(calls) == 1
    world.dirk.name = "Dirk-Jan"
    world.dirk.save()
    assert "Dirk-Jan" in network_svg(network(user=world.leader, region=world.region), title="A", description="B")
    assert len(calls) == 2  # changed data, new layout


# --- The page ------------------------------------------------------------------------------------------

URL = reverse("governance:network", args=["flevoland"])
READ = [200, 200, 200, 200, 200, 404]


PAGES = {"network": Page(lambda: URL, READ)}


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "username", "expected"), cases(PAGES))
def test_network_role_matrix(open_as, page, username, expected):
    assert open_as(username, PAGES[page]).status_code == expected  # anonymous: to the login page


@pytest.mark.django_db
def test_the_page_shows_the_picture_a_legend_and_the_same_as_a_table(client_for):
    response = client_for("wethouder").get(URL)
    html = response.content.decode()
    net = response.context["network"]
    assert '<svg aria-labelledby="network-title"' in html and "<figcaption" in html
    assert '<div class="table-scroll" role="region" tabindex="0" aria-labelledby="network-table-caption">' in html
    assert html.count('<th scope="row">') == len(net.nodes)
    # The demo region is larger than the limit: the page says who was left out and how to see them.
    assert net.people_left_out > 0
    assert str(net.people_left_out) in html


@pytest.mark.django_db
@pytest.mark.parametrize("focus", ["person:²", "table:٣", "organisation:", "table:-1", "nonsense"])
def test_a_malformed_focus_shows_the_whole_region(client_for, focus):
    response = client_for("projectleider").get(URL, {"focus": focus})
    assert response.status_code == 200 and response.context["network"].focus is None


@pytest.mark.django_db
def test_a_table_focus_from_the_form_and_a_person_focus_from_the_stakeholder_page(client_for):
    client = client_for("projectleider")
    person = Stakeholder.objects.filter(region__slug="flevoland", seats__isnull=False).order_by("pk").first()
    detail = client.get(reverse("governance:register_detail", args=["flevoland", "stakeholders", person.pk]))
    assert f'{URL}?focus=person:{person.pk}' in detail.content.decode()
    response = client.get(URL, {"focus": f"person:{person.pk}", "depth": 2})
    assert response.context["network"].focus.name == person.name
    assert f'<option value="person:{person.pk}" selected>' in response.content.decode()
    table = person.seats.first().table
    response = client.get(URL, {"focus": f"table:{table.pk}"})
    assert response.context["network"].focus.name == table.name
    assert response.context["network"].people_left_out == 0


@pytest.mark.django_db
def test_filters_of_another_region_show_nothing_of_it(client_for):
    zeeland_domain = Domain.objects.filter(region__slug="zeeland").first()
    response = client_for("projectleider").get(URL, {"domain": zeeland_domain.pk})
    assert response.status_code == 200
    assert response.context["form"].errors  # not a choice here: the whole region is shown instead


@pytest.mark.django_db
def test_the_page_keeps_its_query_count_with_filters_and_focus(client_for, django_assert_max_num_queries):
    client = client_for("projectleider")
    table = TableSeat.objects.filter(region__slug="flevoland").order_by("pk").first().table_id
    client.get(URL)
    with django_assert_max_num_queries(22):
        client.get(URL, {"focus": f"table:{table}", "depth": 2, "domain": Domain.objects.filter(
            region__slug="flevoland").first().pk})


def test_names_in_the_table_are_escaped_too(evil_world):
    from governance.templatetags.network_tags import network_rows

    caches["pictures"].clear()
    rows = str(network_rows(network(user=evil_world.leader, region=evil_world.region)))
    assert "<script" not in rows and "<b>" not in rows and "<img" not in rows
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rows
    assert rows == str(network_rows(network(user=evil_world.leader, region=evil_world.region)))  # from the cache
