"""The network picture: who sits where. Organisations, governance tables and people as a graph, laid
out by Graphviz and drawn as an inline SVG that the page and the PDF share.

`network()` reads the region in a fixed number of queries and returns plain data (`Network`: nodes,
edges, what was left out); `network_svg()` lays it out with Graphviz's `dot` and cleans the SVG for
inline use, cached under a hash of what the DOT source is made of; `network_picture()` does both,
for the page and for the PDF.

Why `dot`: who sits where reads best in three columns, organisations | people | tables, with the
lines running left to right; `dot` ranks them so (rankdir LR) and keeps lines short. `sfdp` and
`neato` spread the same graph over a square with lines in every direction and took 4 s at demo
scale (`fdp` 8 s) against 0.1–0.3 s for `dot`; at scale 10 `dot` takes about 1 s for the default
view. After that the picture comes from the cache (docs/adr/0009-network-picture.md).

What is drawn (the rule, also in the page's text):
- every person comes with the organisation they work at, so nobody floats without context;
- filters: a domain keeps that domain's organisations and the tables with that domain, with the
  people of those organisations and everyone seated at those tables; a theme or a phase keeps the
  tables steering it and who sits there (a theme also its duos);
- a focus (a table, organisation or person) keeps what is at most `depth` steps away from it
  (person–organisation, person–table, person–person in a duo), after the filters;
- without a focus, a picture with more than PEOPLE_LIMIT people shows only the people who matter
  most for steering: key figures, ambassadors, duo partners, chairs and secretaries. The others are
  counted and the page says how to see them (focus on a table or organisation, or filter).
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field

import graphviz
from django.core.cache import caches
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from ..models import (
    Domain,
    DomainKind,
    Duo,
    GovernanceTable,
    Organisation,
    Phase,
    Region,
    SeatRole,
    Stakeholder,
    TableLevel,
    TableSeat,
    Theme,
)
from ..register.selectors.base import readable
from .versions import Kept, data_version

# Above this many people a picture without focus shows only the people who matter most for steering.
PEOPLE_LIMIT = 60
# Laid-out SVGs are kept this long; the key is a hash of what the DOT source is made of, so a change
# of the data (or of the language) gives a new key and an old picture is never shown for new data.
CACHE_SECONDS = 24 * 3600
ENGINE = "dot"
DRAWING_VERSION = "1"  # raise when network_dot() or _clean() draw differently: old cached pictures expire
FONT = "DejaVu Sans"

ORGANISATION, TABLE, PERSON = "organisation", "table", "person"
KINDS = (ORGANISATION, TABLE, PERSON)
WORKS_AT, SEAT, DUO = "works_at", "seat", "duo"
CHAIR, SECRETARY = "chair", "secretary"

# Light fills per domain kind; the domain's name is always in the label too (never colour alone).
FILLS = {DomainKind.SOCIAL: "#e7f1ff", DomainKind.SAFETY: "#fff3cd", DomainKind.ADJACENT: "#f1f3f5"}
KIND_LABELS = {ORGANISATION: gettext_lazy("Organisation"), TABLE: gettext_lazy("Table"),
               PERSON: gettext_lazy("Person")}


def picture_words() -> dict[str, str]:
    """The words of the picture and its table in the active language (kinds, marks, line labels)."""
    return _words(get_language())


@functools.lru_cache(maxsize=8)
def _words(language: str | None) -> dict[str, str]:
    """The picture's words in one language, translated once: a table of a large region asks thousands
    of times."""
    return {
        **{kind: str(label) for kind, label in KIND_LABELS.items()},
        "key_figure": _("key figure"), "ambassador": _("ambassador"), WORKS_AT: _("works at"), DUO: _("duo"),
        CHAIR: _("chair"), SECRETARY: _("secretary"), **{role.value: str(role.label).lower() for role in SeatRole},
    }


@dataclass(frozen=True)
class Focus:
    """The node a picture centres on: `Focus.parse("table:12")`."""

    kind: str
    pk: int

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}"

    @classmethod
    def parse(cls, value: str | Focus | None) -> Focus | None:
        if value is None or isinstance(value, Focus):
            return value
        kind, _sep, pk = str(value).partition(":")
        if kind not in KINDS or not (pk.isascii() and pk.isdigit()):  # "²" is a digit to isdigit()
            return None
        return cls(kind, int(pk))


# Nodes and edges are not frozen: a frozen dataclass is built several times slower, and a large
# region's picture has hundreds of each per request.
@dataclass(slots=True)
class Node:
    key: str  # "table:12": the DOT name and the focus key
    kind: str
    pk: int
    name: str
    detail: str  # the second line: an organisation's domain, a table's level, a person's function
    url: str
    domain_kind: str = ""
    key_figure: bool = False
    ambassador: bool = False

    @property
    def marks(self) -> list[str]:
        return self.marks_in(picture_words())

    def marks_in(self, words: dict[str, str]) -> list[str]:
        return [words[mark] for flag, mark in ((self.key_figure, "key_figure"), (self.ambassador, "ambassador"))
                if flag]

    @property
    def kind_label(self) -> str:
        return picture_words()[self.kind]


@dataclass(slots=True)
class Edge:
    source: str  # a person's key
    target: str  # an organisation's, a table's or (for a duo) the other person's key
    kind: str  # WORKS_AT, SEAT or DUO
    roles: tuple[str, ...] = ()  # at a table: CHAIR, SECRETARY and/or a SeatRole value

    @property
    def label(self) -> str:
        return self.label_in(picture_words())

    def label_in(self, words: dict[str, str]) -> str:
        if self.kind in (WORKS_AT, DUO):
            return words[self.kind]
        return ", ".join(words[role] for role in self.roles)

    @property
    def leads(self) -> bool:
        return CHAIR in self.roles or SECRETARY in self.roles


@dataclass
class Network:
    region: Region
    nodes: list[Node]
    edges: list[Edge]
    people_total: int  # people in the picture before the large-picture rule
    people_left_out: int  # of those, not drawn
    organisations_left_out: int = 0  # with nobody drawn, left out with them
    focus: Node | None = None
    depth: int = 1
    filtered: bool = False
    by_key: dict[str, Node] = field(default_factory=dict)
    # What was worked out from this network (its fingerprint, its laid-out SVG), kept with it in the cache.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_key = {node.key: node for node in self.nodes}

    def count(self, kind: str) -> int:
        return sum(1 for node in self.nodes if node.kind == kind)

    def connections(self) -> list[tuple[Node, list[tuple[Node, Edge]]]]:
        """Each node with the nodes it is linked to and how: the picture as a table."""
        linked: dict[str, list[tuple[Node, Edge]]] = defaultdict(list)
        for edge in self.edges:
            linked[edge.source].append((self.by_key[edge.target], edge))
            linked[edge.target].append((self.by_key[edge.source], edge))
        order = {TABLE: 0, ORGANISATION: 1, PERSON: 2}
        return [(node, sorted(linked[node.key], key=lambda pair: (order[pair[0].kind], pair[0].name)))
                for node in sorted(self.nodes, key=lambda n: (order[n.kind], n.name.lower(), n.pk))]


def network(*, user, region: Region, domain: int | None = None, theme: int | None = None,
            phase: int | None = None, focus: str | Focus | None = None, depth: int = 1) -> Network:
    """The network of `region` as the user may read it (nothing without the register permission).

    Six queries at any size, one more for each of the domain, theme (two) and phase filters, and the
    permission check's when it is not cached yet; plus one for the data's version (`versions.py`), and
    none of the others while it stays the same: the network is then reused."""
    focus = Focus.parse(focus)
    depth = 2 if depth == 2 else 1
    if not readable(user, region):
        return Network(region=region, nodes=[], edges=[], people_total=0, people_left_out=0, depth=depth)
    # The version is read before the data: a network is never filed under a version newer than itself.
    version = _data_version(region)
    key = version and (region.pk, region.slug, domain, theme, phase, focus, depth, get_language(),
                       get_script_prefix(), version)
    if key and (kept := _NETWORKS.get(key)) is not None:
        return dataclasses.replace(kept, region=region)
    net = _network(region, domain, theme, phase, focus, depth)
    if key:
        _NETWORKS.put(key, net)
    return net


_NETWORKS = Kept(16)


def _data_version(region: Region) -> tuple | None:
    """Every row a network is made of (see `versions.data_version`). Add a model here when network() reads
    it."""
    return data_version(region, owned=(Domain, Theme, Phase, Organisation, GovernanceTable, Stakeholder, TableSeat,
                                       Duo),
                        links=(GovernanceTable.themes, GovernanceTable.phases, GovernanceTable.domains, Duo.themes))


def _network(region: Region, domain: int | None, theme: int | None, phase: int | None, focus: Focus | None,
             depth: int) -> Network:
    domain_kinds = dict(Domain.objects.filter(region=region).values_list("id", "kind"))
    organisations = {row["id"]: row for row in Organisation.objects.filter(region=region).values(
        "id", "name", "domain_id", "domain__name")}
    tables = {row["id"]: row for row in GovernanceTable.objects.filter(region=region).values(
        "id", "name", "level", "chair_id", "secretary_id")}
    people = {row["id"]: row for row in Stakeholder.objects.filter(region=region).values(
        "id", "name", "function", "organisation_id", "is_key_figure", "is_ambassador")}
    seats = list(TableSeat.objects.filter(region=region).values_list("table_id", "stakeholder_id", "role"))
    duos = list(Duo.objects.filter(region=region).values_list("id", "social_id", "safety_id"))
    # Theme and phase links of tables (and duos' themes): one query for the chosen one, or none.
    steering: set[int] | None = None
    duo_ids: set[int] | None = None
    if theme is not None or phase is not None:
        steering = set(tables)
        if theme is not None:
            steering &= set(GovernanceTable.themes.through.objects.filter(
                theme_id=theme, theme__region=region).values_list("governancetable_id", flat=True))
            duo_ids = set(Duo.themes.through.objects.filter(theme_id=theme, theme__region=region)
                          .values_list("duo_id", flat=True))
        if phase is not None:
            steering &= set(GovernanceTable.phases.through.objects.filter(
                phase_id=phase, phase__region=region).values_list("governancetable_id", flat=True))

    # Table–person links: seats, and chairs and secretaries (who need not hold a seat).
    roles: dict[tuple[int, int], list[str]] = defaultdict(list)
    for table_id, person_id in ((t["id"], t["chair_id"]) for t in tables.values()):
        if person_id in people:
            roles[(table_id, person_id)].append(CHAIR)
    for table_id, person_id in ((t["id"], t["secretary_id"]) for t in tables.values()):
        if person_id in people:
            roles[(table_id, person_id)].append(SECRETARY)
    for table_id, person_id, role in seats:
        roles[(table_id, person_id)].append(role)
    duo_pairs = [(social, safety) for duo_id, social, safety in duos if duo_ids is None or duo_id in duo_ids]

    # The filters: which tables, organisations and people are in the picture at all.
    shown_tables, shown_orgs, shown_people = set(tables), set(organisations), set(people)
    filtered = domain is not None or steering is not None
    if steering is not None:
        shown_tables &= steering
    if domain is not None:
        shown_tables &= set(GovernanceTable.domains.through.objects.filter(
            domain_id=domain, domain__region=region).values_list("governancetable_id", flat=True))
    if filtered:
        shown_people = {person for (table_id, person) in roles if table_id in shown_tables}
        if domain is not None and steering is None:  # a domain: its organisations' people too
            shown_people |= {p for p, row in people.items()
                             if organisations[row["organisation_id"]]["domain_id"] == domain}
        if duo_ids is not None:  # a theme: its duos too
            shown_people |= {p for pair in duo_pairs for p in pair}
        duo_pairs = [(a, b) for a, b in duo_pairs if a in shown_people and b in shown_people]
        shown_orgs = {people[p]["organisation_id"] for p in shown_people}
        if domain is not None:
            shown_orgs |= {o for o, row in organisations.items() if row["domain_id"] == domain}

    people_total = len(shown_people)
    focus_node_key = None
    pool = {ORGANISATION: shown_orgs, TABLE: shown_tables, PERSON: shown_people}[focus.kind] if focus else set()
    if focus is not None and focus.pk in pool:
        focus_node_key = focus.key
        reached = _around(focus.key, depth, _adjacency(people, shown_people, shown_tables, roles, duo_pairs))
        # People bring their organisation along, so that nobody floats without context.
        reached |= {f"{ORGANISATION}:{people[int(k.split(':')[1])]['organisation_id']}"
                    for k in reached if k.startswith(PERSON)}
        ids = defaultdict(set)
        for key in reached:
            kind, pk = key.split(":")
            ids[kind].add(int(pk))
        shown_orgs, shown_tables, shown_people = ids[ORGANISATION], ids[TABLE], ids[PERSON]
        people_total = len(shown_people)
    left_out = orgs_left_out = 0
    if focus_node_key is None and len(shown_people) > PEOPLE_LIMIT:
        leading = {person for (table_id, person), held in roles.items()
                   if table_id in shown_tables and (CHAIR in held or SECRETARY in held)}
        paired = {p for pair in duo_pairs for p in pair}
        kept = {p for p in shown_people
                if people[p]["is_key_figure"] or people[p]["is_ambassador"] or p in paired or p in leading}
        left_out = len(shown_people) - len(kept)
        shown_people = kept
        # An organisation with nobody left in the picture would only be a box without lines.
        linked = {people[p]["organisation_id"] for p in shown_people}
        orgs_left_out = len(shown_orgs - linked)
        shown_orgs &= linked

    base = {kind: reverse("governance:register_list", args=[region.slug, entity])
            for kind, entity in ((ORGANISATION, "organisations"), (TABLE, "tables"), (PERSON, "stakeholders"))}
    levels = {value: str(label) for value, label in TableLevel.choices}
    nodes = [
        Node(key=f"{ORGANISATION}:{o}", kind=ORGANISATION, pk=o, name=row["name"], detail=row["domain__name"],
             url=f"{base[ORGANISATION]}{o}/", domain_kind=domain_kinds.get(row["domain_id"], ""))
        for o, row in organisations.items() if o in shown_orgs
    ] + [
        Node(key=f"{TABLE}:{t}", kind=TABLE, pk=t, name=row["name"], detail=levels.get(row["level"], ""),
             url=f"{base[TABLE]}{t}/")
        for t, row in tables.items() if t in shown_tables
    ] + [
        Node(key=f"{PERSON}:{p}", kind=PERSON, pk=p, name=row["name"], detail=row["function"],
             url=f"{base[PERSON]}{p}/", key_figure=row["is_key_figure"], ambassador=row["is_ambassador"])
        for p, row in people.items() if p in shown_people
    ]
    edges = [Edge(f"{PERSON}:{p}", f"{ORGANISATION}:{people[p]['organisation_id']}", WORKS_AT)
             for p in sorted(shown_people) if people[p]["organisation_id"] in shown_orgs]
    edges += [Edge(f"{PERSON}:{person_id}", f"{TABLE}:{table_id}", SEAT, tuple(held))
              for (table_id, person_id), held in sorted(roles.items())
              if table_id in shown_tables and person_id in shown_people]
    edges += [Edge(f"{PERSON}:{a}", f"{PERSON}:{b}", DUO) for a, b in sorted(set(duo_pairs))
              if a in shown_people and b in shown_people]
    result = Network(region=region, nodes=nodes, edges=edges, people_total=people_total, people_left_out=left_out,
                     organisations_left_out=orgs_left_out, depth=depth, filtered=filtered)
    result.focus = result.by_key.get(focus_node_key) if focus_node_key else None
    return result


def _adjacency(people, shown_people, shown_tables, roles, duo_pairs) -> dict[str, set[str]]:
    """The picture's graph, node key -> linked node keys: works at, sits at, forms a duo with."""
    adjacent: dict[str, set[str]] = defaultdict(set)

    def link(a: str, b: str) -> None:
        adjacent[a].add(b)
        adjacent[b].add(a)

    for p in shown_people:
        link(f"{PERSON}:{p}", f"{ORGANISATION}:{people[p]['organisation_id']}")
    for (table_id, person_id) in roles:
        if table_id in shown_tables and person_id in shown_people:
            link(f"{PERSON}:{person_id}", f"{TABLE}:{table_id}")
    for a, b in duo_pairs:
        if a in shown_people and b in shown_people:
            link(f"{PERSON}:{a}", f"{PERSON}:{b}")
    return adjacent


def _around(start: str, depth: int, adjacent: dict[str, set[str]]) -> set[str]:
    """Every node at most `depth` steps from `start`, `start` included."""
    reached, ring = {start}, {start}
    for _step in range(depth):
        ring = {other for key in ring for other in adjacent[key]} - reached
        reached |= ring
    return reached


# --- Drawing ----------------------------------------------------------------------------------


# What XML 1.0 cannot hold (control characters but tab, newline and return; U+FFFE and U+FFFF): Graphviz
# refused a label with one, a server error, and an SVG title with one is not well-formed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _text(value: str) -> str:
    """Text for a Graphviz HTML-like label: entities for markup, doubled backslashes so that Graphviz's
    escapes (\\N, \\G, ...) stay text."""
    return html.escape(_xml_text(value), quote=True).replace("\\", "\\\\")


def _label(node: Node) -> str:
    name = f"{_('Table')}: {node.name}" if node.kind == TABLE else node.name
    lines = [f"<b>{_text(name)}</b>"]
    if node.detail:
        lines.append(_text(node.detail))
    if node.marks:
        lines.append(f"<i>{_text(', '.join(node.marks))}</i>")
    return "<" + "<br/>".join(lines) + ">"


def network_dot(net: Network) -> graphviz.Graph:
    """The picture as a Graphviz graph: organisations left, people in the middle, tables right.

    Shared attributes are set once per kind (DOT's `node [...]` and `edge [...]` defaults apply to what
    follows them): quoting each attribute of each node made the source the slowest part of a page."""
    dot = graphviz.Graph(name="network", engine=ENGINE, graph_attr={
        "rankdir": "LR", "fontname": FONT, "ranksep": "1.0", "nodesep": "0.12", "splines": "true",
        "outputorder": "edgesfirst", "bgcolor": "transparent",
    }, node_attr={"fontname": FONT, "fontsize": "10", "margin": "0.08,0.04"},
        edge_attr={"fontname": FONT, "fontsize": "8", "color": "#495057"})
    focus = net.focus.key if net.focus is not None else None
    shapes = {ORGANISATION: {"shape": "box", "style": "filled"},
              TABLE: {"shape": "hexagon", "style": "filled,bold", "fillcolor": "#ffffff"},
              PERSON: {"shape": "ellipse", "style": "filled", "fillcolor": "#ffffff"}}
    for kind in (ORGANISATION, PERSON, TABLE):
        dot.attr("node", **shapes[kind])
        names = []
        for node in net.nodes:
            if node.kind != kind:
                continue
            attrs = {"label": _label(node), "URL": node.url}
            if kind == ORGANISATION:
                attrs["fillcolor"] = FILLS.get(node.domain_kind, "#ffffff")
            if node.key_figure:
                attrs["peripheries"] = "2"
            if node.ambassador:
                attrs["style"] = "filled,bold"
            if node.key == focus:
                attrs |= {"penwidth": "3", "fillcolor": "#d1e7dd"}
            names.append(_dot_name(node.key))
            dot.node(names[-1], **attrs)
        # Organisations in the left column, tables in the right one, people between them.
        if names and kind != PERSON:
            with dot.subgraph(name=f"{kind}s", graph_attr={"rank": "min" if kind == ORGANISATION else "max"}) as col:
                col.body.append("\t" + " ".join(names) + "\n")
    dot.attr("edge", style="dotted")  # works at; the organisation first: it ranks left of the person
    dot.edges([(_dot_name(e.target), _dot_name(e.source)) for e in net.edges if e.kind == WORKS_AT])
    dot.attr("edge", style="solid", penwidth="1")  # a seat
    dot.edges([(_dot_name(e.source), _dot_name(e.target)) for e in net.edges if e.kind == SEAT and not e.leads])
    dot.attr("edge", penwidth="2.5")  # chair or secretary, named on the line
    for edge in net.edges:
        if edge.kind == SEAT and edge.leads:
            dot.edge(_dot_name(edge.source), _dot_name(edge.target), label=f"<{_text(edge.label)}>")
    dot.attr("edge", style="dashed", penwidth="2", constraint="false")  # a duo, beside each other
    for edge in net.edges:
        if edge.kind == DUO:
            dot.edge(_dot_name(edge.source), _dot_name(edge.target), label=f"<{_text(edge.label)}>")
    return dot


def _dot_name(key: str) -> str:
    return key.replace(":", "_")  # a colon in an edge's end would name a port


def _dom_id(key: str) -> str:
    return "net-" + re.sub(r"[^a-z0-9-]", "-", key)


SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"


def _layout(source: str) -> bytes:
    return graphviz.pipe(ENGINE, "svg", source.encode("utf-8"))


def network_svg(net: Network, *, title: str, description: str, ids: str = "network") -> str:
    """The laid-out picture as inline SVG markup, laid out once per network (Django's cache): no XML
    declaration, doctype, comments, scripts or event handlers; `role="graphics-document"`, named by its
    title and described by its description (`ids`-title, `ids`-desc); it scales down to its container
    (viewBox kept); every node a link to its page in the register."""
    key = "network-svg:" + network_fingerprint(net)
    # Kept with the network too: a network reused from its own cache skips unpickling a megabyte.
    raw = net.memo.get(key) or caches["pictures"].get(key)
    if raw is None:
        raw = _clean(_layout(network_dot(net).source), net)
        caches["pictures"].set(key, raw, CACHE_SECONDS)
    net.memo[key] = raw
    # Title and description are not part of the layout: set per use, escaped.
    heading = (f'<title id="{ids}-title">{html.escape(title)}</title>'
               f'<desc id="{ids}-desc">{html.escape(description)}</desc>')
    return raw.replace("<svg ", f'<svg aria-labelledby="{ids}-title" aria-describedby="{ids}-desc" ', 1).replace(
        "__HEADING__", heading, 1)


def network_fingerprint(net: Network) -> str:
    """A hash of everything the DOT source is made of (nodes, edges, focus, language, engine and the
    drawing code's version), without writing the source: at scale 10 writing it took half the time of
    a page whose picture was already laid out. Any change of the data gives a new hash."""
    key = ("fingerprint", get_language())
    if key not in net.memo:
        net.memo[key] = _fingerprint(net)
    return net.memo[key]


def _fingerprint(net: Network) -> str:
    parts = [DRAWING_VERSION, ENGINE, get_language() or "", net.focus.key if net.focus else ""]
    parts += [f"{n.key}|{n.name}|{n.detail}|{n.url}|{n.domain_kind}|{n.key_figure:d}{n.ambassador:d}"
              for n in net.nodes]
    parts += [f"{e.source}|{e.target}|{e.kind}|{','.join(e.roles)}" for e in net.edges]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _clean(svg: bytes, net: Network) -> str:
    root = ET.fromstring(svg)  # drops the declaration, the doctype and the comments
    nodes = {_dot_name(node.key): node for node in net.nodes}
    edges = {f"{_dot_name(e.target)}--{_dot_name(e.source)}" if e.kind == WORKS_AT
             else f"{_dot_name(e.source)}--{_dot_name(e.target)}": e for e in net.edges}
    for element in list(root.iter()):
        for attribute in list(element.attrib):
            local = attribute.rsplit("}", 1)[-1]
            if local.lower().startswith("on") or local == "title" and attribute.startswith("{" + XLINK_NS):
                del element.attrib[attribute]
        href = element.attrib.pop(f"{{{XLINK_NS}}}href", None)
        if href is not None:
            element.set("href", href if href.startswith("/") else "#")
            # Pointer users follow the picture's links; keyboard and screen-reader users get the same
            # links in the table below, instead of tabbing through every node of a picture.
            element.set("tabindex", "-1")
        if element.tag == f"{{{SVG_NS}}}g" and element.get("class") in ("node", "edge", "graph"):
            title = element.find(f"{{{SVG_NS}}}title")
            if title is None:
                continue
            name = title.text or ""
            if element.get("class") == "graph":
                element.remove(title)
            elif name in nodes:
                node = nodes[name]
                element.set("id", _dom_id(node.key))
                title.text = _xml_text(", ".join([f"{node.kind_label}: {node.name}", node.detail, *node.marks]))
            elif name in edges:
                edge = edges[name]
                element.attrib.pop("id", None)
                title.text = _xml_text(f"{net.by_key[edge.source].name} – {net.by_key[edge.target].name}: {edge.label}")
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag.rsplit("}", 1)[-1] in ("script", "foreignObject"):
                parent.remove(child)
    width, height = root.get("width", ""), root.get("height", "")
    root.attrib.pop("width", None)
    root.attrib.pop("height", None)
    # Natural size in CSS pixels (Graphviz writes points), scaled down by CSS max-width: 100%.
    root.set("width", str(round(float(width.removesuffix("pt") or 0) * 4 / 3)))
    root.set("height", str(round(float(height.removesuffix("pt") or 0) * 4 / 3)))
    # Not role="img": an image's content is presentational, and links inside one are "nested
    # interactive" controls (axe, WCAG 4.1.2). A graphics document keeps its links; they are out of
    # the tab order (tabindex -1) because the table below the picture has the same links.
    root.set("role", "graphics-document")
    root.set("class", "network-picture")
    root.set("focusable", "false")
    # Plain names: HTML parses inline SVG by name, and ElementTree would invent prefixes (ns0:svg).
    for element in root.iter():
        element.tag = element.tag.rsplit("}", 1)[-1]
        for attribute in [a for a in element.attrib if a.startswith("{")]:
            del element.attrib[attribute]
    root.set("xmlns", SVG_NS)
    root.insert(0, ET.Element("HEADING"))
    markup = ET.tostring(root, encoding="unicode")
    return markup.replace("<HEADING />", "__HEADING__", 1)


@dataclass
class NetworkPicture:
    network: Network
    svg: str


def network_picture(*, user, region: Region, title: str, description: str = "", ids: str = "network",
                    **filters) -> NetworkPicture:
    """The data and the drawn picture, for the page and for a PDF: both call this and draw the same."""
    net = network(user=user, region=region, **filters)
    return NetworkPicture(net, network_svg(net, title=title, description=description or network_summary(net),
                                           ids=ids))


def network_summary(net: Network) -> str:
    """What the picture shows, in a sentence or two: its description and the page's summary."""
    n_orgs, n_tables, n_people = net.count(ORGANISATION), net.count(TABLE), net.count(PERSON)
    text = _("%(organisations)s, %(tables)s and %(people)s, linked by who works where, who sits at which table "
             "and who forms a duo.") % {
        "organisations": ngettext("%(count)s organisation", "%(count)s organisations", n_orgs) % {"count": n_orgs},
        "tables": ngettext("%(count)s table", "%(count)s tables", n_tables) % {"count": n_tables},
        "people": ngettext("%(count)s person", "%(count)s people", n_people) % {"count": n_people},
    }
    if net.focus is not None:
        text = ngettext("Around %(name)s, up to %(depth)s step away: ", "Around %(name)s, up to %(depth)s steps away: ",
                        net.depth) % {"name": net.focus.name, "depth": net.depth} + text
    if net.people_left_out:
        text += " " + ngettext(
            "%(count)s more person is left out; focus on a table or organisation, or filter, to see them.",
            "%(count)s more people are left out; focus on a table or organisation, or filter, to see them.",
            net.people_left_out) % {"count": net.people_left_out}
    return text
