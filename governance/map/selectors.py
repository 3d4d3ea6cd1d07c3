"""The overlap and white-spot map of a region, computed from the register, never stored.

`map_picture(user=, region=, subregion=, municipality=)` returns a `MapPicture`: the columns (the
region's domains: social, safety, then the adjacent ones), the rows (themes, grouped by phase of chain
care, themes without a phase last), per cell the tables that steer that theme in that domain and the
agreements that bind them, and the findings, each with a reason a project leader can read aloud and a
link to the register page behind it.

Words used below:

- A table *steers* theme T in domain D when T is one of its themes and D one of its domains. A side
  (social or safety) steers T when a table steers T in a domain of that kind.
- An agreement *reaches* domain D when a table that adopted or monitors it has D among its domains,
  or one of its parties is an organisation of D.
- An agreement is *in force* when it has been adopted (`Agreement.objects.in_force`); without an
  adoption date it is a draft.
- An agreement *links both sides* of theme T when it is in force, T is one of its themes, and it
  reaches a social and a safety domain. Such an agreement *binds* T when its evaluation is not
  overdue (`Agreement.objects.evaluation_overdue`) and it is not on the review list
  (`Agreement.objects.on_review_list`).

Scope. Without a filter every table of the region counts. Filtered to a subregion or a municipality,
a table counts when it steers there: a region-wide table everywhere, a subregion's table in that
subregion and each of its municipalities, a municipality's table in that municipality (and in the
subregions containing it). Agreements, duos, conflicts, risks and opportunities are region-wide.

Queries: a fixed number per scope (about twenty), whatever the size of the register. A picture is
kept per process and reused while one query says nothing it is made of has changed (`versions.py`).
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from ..access import access_for
from ..models import (
    Agreement,
    AgreementReview,
    AttentionStatus,
    Conflict,
    ConflictKind,
    Domain,
    DomainKind,
    Duo,
    GovernanceTable,
    Impact,
    MapSnapshot,
    Municipality,
    Organisation,
    Phase,
    Region,
    RiskKind,
    RiskOpportunity,
    TableLevel,
    TableScope,
    Theme,
)
from ..register.selectors.map import conflict_list, risk_opportunity_list  # noqa: F401 (their home; read here too)
from ..roles import Perm
from .versions import Kept, data_version


class FindingKind(models.TextChoices):
    """What the map can say about a theme, a table or a domain. The order is the order of the list."""

    WHITE_SPOT = "white_spot", gettext_lazy("White spot")
    ONE_SIDED = "one_sided", gettext_lazy("One-sided")
    NEEDED_DOMAIN_MISSING = "needed_domain_missing", gettext_lazy("Needed domain missing")
    OVERLAP_WITHOUT_AGREEMENT = "overlap_without_agreement", gettext_lazy("Overlap without agreement")
    AGREEMENT_NEEDS_ATTENTION = "agreement_needs_attention", gettext_lazy("Agreement needs attention")
    NO_ADMINISTRATIVE_COUNTERPART = "no_administrative_counterpart", gettext_lazy("No administrative counterpart")
    UNPREPARED_ADMINISTRATIVE = "unprepared_administrative", gettext_lazy("Administrative table without preparation")
    DUO_MISSING = "duo_missing", gettext_lazy("Duo missing")
    DOMAIN_ABSENT = "domain_absent", gettext_lazy("Domain absent")
    COUNTERACTING_DECISIONS = "counteracting_decisions", gettext_lazy("Decisions work against each other")
    BLOCKING_STRUCTURE = "blocking_structure", gettext_lazy("Blocking structure")
    RISK = "risk", gettext_lazy("Risk")
    OPPORTUNITY = "opportunity", gettext_lazy("Opportunity")
    COVERED = "covered", gettext_lazy("Covered")


# Findings that are good news: everything else asks for action.
POSITIVE_KINDS = frozenset({FindingKind.COVERED, FindingKind.OPPORTUNITY})
_KIND_ORDER = {kind: index for index, kind in enumerate(FindingKind)}


@dataclass(frozen=True)
class Link:
    """A page behind a finding or a node: a URL name with its arguments and an optional query string."""

    url_name: str
    args: tuple = ()
    query: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.args) + (f"?{self.query}" if self.query else "")


def _register(region: Region, entity: str, pk: int | None = None, query: str = "") -> Link:
    if pk is None:
        return Link("governance:register_list", (region.slug, entity), query)
    return Link("governance:register_detail", (region.slug, entity, pk), query)


@dataclass(frozen=True)
class MapDomain:
    pk: int
    name: str
    kind: str

    @property
    def kind_label(self) -> str:
        return DomainKind(self.kind).label


@dataclass(frozen=True)
class MapPhase:
    pk: int
    name: str
    order: int


@dataclass(frozen=True)
class MapTheme:
    pk: int
    name: str
    phase_pk: int | None
    needed_domain_pks: frozenset[int]


@dataclass(frozen=True)
class MapTable:
    pk: int
    name: str
    level: str
    scope: str
    domain_pks: frozenset[int]
    theme_pks: frozenset[int]
    link: Link

    @property
    def level_label(self) -> str:
        return TableLevel(self.level).label


@dataclass(frozen=True)
class MapAgreement:
    pk: int
    title: str
    in_force: bool
    evaluation_overdue: bool
    on_review_list: bool
    theme_pks: frozenset[int]
    domain_pks: frozenset[int]  # the domains it reaches (see the module's docstring)
    link: Link

    @property
    def binds(self) -> bool:
        """In force, evaluation not overdue, not on the review list."""
        return self.in_force and not self.evaluation_overdue and not self.on_review_list


@dataclass(frozen=True)
class MapItem:
    """An open conflict, blocking structure, risk or opportunity, as the map shows it."""

    pk: int
    kind: str  # a ConflictKind or RiskKind value
    title: str
    impact: str
    status: str
    raised_at: str  # the table's name, or ""
    theme_pks: frozenset[int]
    domain_pks: frozenset[int]
    link: Link | None = None  # its own register page (conflicts or risks)

    @property
    def impact_label(self) -> str:
        return Impact(self.impact).label

    @property
    def status_label(self) -> str:
        return AttentionStatus(self.status).label


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    theme: MapTheme | None
    domain: MapDomain | None
    subject: str  # what it is about, by name: a theme, table, domain, agreement, conflict
    reason: str  # a sentence to read aloud, in the active language
    link: Link | None  # the register page behind it
    key: str  # stable across days: the same finding has the same key (snapshots compare on it)

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def is_positive(self) -> bool:
        return self.kind in POSITIVE_KINDS


@dataclass(frozen=True)
class Cell:
    domain: MapDomain
    tables: list[MapTable]
    agreements: list[MapAgreement]  # agreements in force on the theme that reach this domain (drafts bind nothing)

    @property
    def levels(self) -> list[str]:
        return sorted({table.level for table in self.tables})


@dataclass(frozen=True)
class Row:
    theme: MapTheme
    cells: list[Cell]
    findings: list[Finding]
    items: list[MapItem]  # open conflicts, risks and opportunities attached to the theme


@dataclass(frozen=True)
class PhaseGroup:
    phase: MapPhase | None  # None: themes without a phase
    rows: list[Row]


@dataclass(frozen=True)
class MapPicture:
    region: Region
    subregion: Region | None
    municipality: Municipality | None
    today: date
    columns: list[MapDomain] = field(default_factory=list)
    groups: list[PhaseGroup] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    items: list[MapItem] = field(default_factory=list)
    # Markup drawn from this picture (views.py), kept with it in the cache: the same data draws the same.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @property
    def scope(self) -> Region | Municipality:
        return self.municipality or self.subregion or self.region

    def findings_of(self, kind: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.kind == kind]


def _readable(user, region: Region) -> bool:
    return Perm.VIEW_REGISTER in access_for(user).perms_in(region.id)


def _pairs(rows) -> dict[int, set[int]]:
    grouped: dict[int, set[int]] = defaultdict(set)
    for key, value in rows:
        grouped[key].add(value)
    return grouped


def _tables_in_scope(region: Region, subregion: Region | None, municipality: Municipality | None):
    """A predicate on (scope, subregion_id, municipality_id) of a table: does it steer in this scope?"""
    if subregion is None and municipality is None:
        return lambda scope, subregion_id, municipality_id: True
    links = Region.municipalities.through.objects.filter(
        models.Q(region=region) | models.Q(region__parent=region)).values_list("region_id", "municipality_id")
    members = _pairs(links)
    if subregion is not None:
        if subregion.parent_id != region.pk:
            raise Http404("Not a subregion of this region.")
        places = members.get(subregion.pk, set())

        def counts(scope, subregion_id, municipality_id) -> bool:
            if scope == TableScope.SUBREGION:
                return subregion_id == subregion.pk
            if scope == TableScope.MUNICIPALITY:
                return municipality_id in places
            return True

        return counts
    if municipality.pk not in members.get(region.pk, set()):
        raise Http404("Not a municipality of this region.")

    def counts(scope, subregion_id, municipality_id) -> bool:
        if scope == TableScope.SUBREGION:
            return municipality.pk in members.get(subregion_id, set())
        if scope == TableScope.MUNICIPALITY:
            return municipality_id == municipality.pk
        return True

    return counts


def map_picture(*, user, region: Region, subregion: Region | None = None, municipality: Municipality | None = None,
                today: date | None = None) -> MapPicture:
    """The map of `region`, or of one of its subregions or municipalities (not both).

    Someone who may not read the region's register gets an empty picture (the register's selectors
    return nothing in that case too); a subregion or municipality outside the region is a 404."""
    if subregion is not None and municipality is not None:
        raise ValueError("Filter the map to a subregion or to a municipality, not both.")
    today = today or timezone.localdate()
    picture = MapPicture(region=region, subregion=subregion, municipality=municipality, today=today)
    if not _readable(user, region):
        return picture
    # The version is read before the data: a picture is never filed under a version newer than itself.
    version = _data_version(region)
    key = version and (region.pk, region.slug, region.name, region.updated_at,
                       subregion and (subregion.pk, subregion.name, subregion.parent_id),
                       municipality and (municipality.pk, municipality.name),
                       today, get_language(), get_script_prefix(), version)
    if key and (kept := _PICTURES.get(key)) is not None:
        return dataclasses.replace(kept, region=region, subregion=subregion, municipality=municipality)
    picture = _computed(region, subregion, municipality, today)
    if key:
        _PICTURES.put(key, picture)
    return picture


def _computed(region: Region, subregion: Region | None, municipality: Municipality | None,
              today: date) -> MapPicture:
    counts = _tables_in_scope(region, subregion, municipality)

    domains = [MapDomain(pk, name, kind) for pk, name, kind in
               Domain.objects.filter(region=region).order_by("-kind", "name").values_list("pk", "name", "kind")]
    by_domain = {domain.pk: domain for domain in domains}
    kind_of = {domain.pk: domain.kind for domain in domains}
    phases = [MapPhase(*row) for row in Phase.objects.filter(region=region).values_list("pk", "name", "order")]
    needs = _pairs(Theme.needed_domains.through.objects.filter(theme__region=region)
                   .values_list("theme_id", "domain_id"))
    themes = [MapTheme(pk, name, phase_pk, frozenset(needs.get(pk, ())))
              for pk, name, phase_pk in Theme.objects.filter(region=region).values_list("pk", "name", "phase_id")]

    table_domains = _pairs(GovernanceTable.domains.through.objects.filter(governancetable__region=region)
                           .values_list("governancetable_id", "domain_id"))
    table_themes = _pairs(GovernanceTable.themes.through.objects.filter(governancetable__region=region)
                          .values_list("governancetable_id", "theme_id"))
    all_tables, tables = {}, []
    for pk, name, level, scope, subregion_id, municipality_id in (
            GovernanceTable.objects.filter(region=region).order_by("name", "pk")
            .values_list("pk", "name", "level", "scope", "subregion_id", "municipality_id")):
        table = MapTable(pk, name, level, scope, frozenset(table_domains.get(pk, ())),
                         frozenset(table_themes.get(pk, ())), _register(region, "tables", pk))
        all_tables[pk] = table
        if counts(scope, subregion_id, municipality_id):
            tables.append(table)

    agreements = _agreements(region, today, all_tables)
    duo_themes = set(Duo.themes.through.objects.filter(duo__region=region).values_list("theme_id", flat=True))
    items = _items(region)

    item_findings = [(item, _item_finding(region, item, themes)) for item in items]
    findings: list[Finding] = []
    rows: dict[int, Row] = {}
    tables_on: dict[int, list[MapTable]] = defaultdict(list)
    agreements_on: dict[int, list[MapAgreement]] = defaultdict(list)
    for table in tables:
        for pk in table.theme_pks:
            tables_on[pk].append(table)
    for agreement in agreements:
        for pk in agreement.theme_pks:
            agreements_on[pk].append(agreement)
    for theme in themes:
        cells = [Cell(domain, [t for t in tables_on[theme.pk] if domain.pk in t.domain_pks],
                      [a for a in agreements_on[theme.pk] if domain.pk in a.domain_pks and a.in_force])
                 for domain in domains]
        theme_findings = _theme_findings(region, theme, tables_on[theme.pk], agreements_on[theme.pk], duo_themes,
                                         by_domain, kind_of)
        findings += theme_findings
        # A conflict or risk shows on the row of every theme it concerns.
        attached = [(item, finding) for item, finding in item_findings if theme.pk in item.theme_pks]
        rows[theme.pk] = Row(theme, cells, theme_findings + [finding for _item, finding in attached],
                             [item for item, _finding in attached])
    findings += _table_findings(region, tables)
    # Whether a domain takes part anywhere is a fact of the region, whatever part of it the map shows.
    findings += _domain_findings(region, domains, themes, list(all_tables.values()), agreements)
    findings += [finding for _item, finding in item_findings]
    findings.sort(key=lambda f: (_KIND_ORDER[f.kind], f.theme.name if f.theme else "", f.subject))

    groups = [PhaseGroup(phase, [rows[t.pk] for t in themes if t.phase_pk == phase.pk]) for phase in phases]
    groups = [group for group in groups if group.rows]
    unphased = [rows[t.pk] for t in themes if t.phase_pk is None]
    if unphased:
        groups.append(PhaseGroup(None, unphased))
    return MapPicture(region=region, subregion=subregion, municipality=municipality, today=today, columns=domains,
                      groups=groups, findings=findings, items=items)


_PICTURES = Kept(16)


def _data_version(region: Region) -> tuple | None:
    """Every row a picture is made of (see `versions.data_version`). Add a model here when map_picture
    reads it."""
    return data_version(
        region, owned=(Domain, Phase, Theme, Organisation, GovernanceTable, Agreement, Duo, Conflict, RiskOpportunity),
        links=(Theme.needed_domains, GovernanceTable.domains, GovernanceTable.themes, Agreement.themes,
               Agreement.adopted_by, Agreement.parties, Duo.themes, Conflict.themes, Conflict.domains,
               RiskOpportunity.themes, RiskOpportunity.domains),
        # Reviews decide the review list; subregions and their municipalities decide the scopes.
        children=((AgreementReview, "agreement_id", Agreement),), subregions=True)


def _agreements(region: Region, today: date, tables: dict[int, MapTable]) -> list[MapAgreement]:
    """Every agreement of the region with its state on `today`, each rule from its queryset method."""

    def rule(queryset: models.QuerySet) -> Exists:
        return Exists(queryset.filter(pk=OuterRef("pk")))

    themes = _pairs(Agreement.themes.through.objects.filter(agreement__region=region)
                    .values_list("agreement_id", "theme_id"))
    adopted = _pairs(Agreement.adopted_by.through.objects.filter(agreement__region=region)
                     .values_list("agreement_id", "governancetable_id"))
    party_domains = _pairs(Agreement.parties.through.objects.filter(agreement__region=region)
                           .values_list("agreement_id", "organisation__domain_id"))
    rows = (Agreement.objects.filter(region=region).order_by("title", "pk")
            .annotate(is_in_force=rule(Agreement.objects.in_force(on=today)),
                      is_overdue=rule(Agreement.objects.evaluation_overdue(on=today)),
                      is_on_review_list=rule(Agreement.objects.on_review_list()))
            .values_list("pk", "title", "monitored_by_id", "is_in_force", "is_overdue", "is_on_review_list"))
    agreements = []
    for pk, title, monitored_by, in_force, overdue, on_review in rows:
        reach = set(party_domains.get(pk, ()))
        for table_pk in adopted.get(pk, set()) | {monitored_by}:
            if table_pk in tables:
                reach |= tables[table_pk].domain_pks
        agreements.append(MapAgreement(pk, title, in_force, overdue, on_review, frozenset(themes.get(pk, ())),
                                       frozenset(reach), _register(region, "agreements", pk)))
    return agreements


def _items(region: Region) -> list[MapItem]:
    """Open (not resolved) conflicts, blocking structures, risks and opportunities."""
    items = []
    for model in (Conflict, RiskOpportunity):
        themes = _pairs(model.themes.through.objects.filter(**{f"{model._meta.model_name}__region": region})
                        .values_list(f"{model._meta.model_name}_id", "theme_id"))
        domains = _pairs(model.domains.through.objects.filter(**{f"{model._meta.model_name}__region": region})
                         .values_list(f"{model._meta.model_name}_id", "domain_id"))
        rows = (model.objects.filter(region=region).exclude(status=AttentionStatus.RESOLVED).order_by("title", "pk")
                .values_list("pk", "kind", "title", "impact", "status", "raised_at__name"))
        entity = "conflicts" if model is Conflict else "risks"  # their register pages
        for pk, kind, title, impact, status, raised_at in rows:
            items.append(MapItem(pk, kind, title, impact, status, raised_at or "", frozenset(themes.get(pk, ())),
                                 frozenset(domains.get(pk, ())), _register(region, entity, pk)))
    return items


def _theme_findings(region: Region, theme: MapTheme, steering: list[MapTable], agreements: list[MapAgreement],
                    duo_themes: set[int], domains: dict[int, MapDomain], kind_of: dict[int, str]) -> list[Finding]:
    """The findings about one theme, from the tables in scope that steer it and the agreements on it."""
    name = {"theme": theme.name}
    tables_link = _register(region, "tables", query=f"theme={theme.pk}")

    def finding(kind: FindingKind, reason: str, link: Link | None, subject: str = theme.name,
                domain: MapDomain | None = None, variant: str = "") -> Finding:
        # `variant` keeps two situations of one kind apart in snapshot comparisons.
        key = f"{kind.value}{variant}:theme:{theme.pk}" + (f":domain:{domain.pk}" if domain else "")
        return Finding(kind, theme, domain, subject, reason, link, key)

    if not steering:
        return [finding(FindingKind.WHITE_SPOT, _("No table steers “%(theme)s”.") % name, tables_link)]
    found = []
    if not any(table.level == TableLevel.ADMINISTRATIVE for table in steering):
        found.append(finding(FindingKind.WHITE_SPOT,
                             _("No table steers “%(theme)s” at administrative level.") % name, tables_link,
                             variant="_administrative"))
    steered_in = {pk for table in steering for pk in table.domain_pks}
    sides = {kind_of.get(pk) for pk in steered_in}
    social, safety = DomainKind.SOCIAL in sides, DomainKind.SAFETY in sides
    needed_sides = {kind_of.get(pk) for pk in theme.needed_domain_pks} & {DomainKind.SOCIAL, DomainKind.SAFETY}
    missing_sides = needed_sides - sides
    if missing_sides:
        if len(missing_sides) == 2:
            reason = _("“%(theme)s” needs both the social and the safety domain, but only other domains steer it.")
        elif len(needed_sides) == 2:
            reason = (_("“%(theme)s” needs both the social and the safety domain, but only the social domain steers "
                        "it.") if social else
                      _("“%(theme)s” needs both the social and the safety domain, but only the safety domain steers "
                        "it."))
        else:
            reason = (_("“%(theme)s” needs the social domain, but no table of the social domain steers it.")
                      if DomainKind.SOCIAL in missing_sides else
                      _("“%(theme)s” needs the safety domain, but no table of the safety domain steers it."))
        found.append(finding(FindingKind.ONE_SIDED, reason % name, tables_link))
    for pk in sorted(theme.needed_domain_pks - steered_in, key=lambda pk: domains[pk].name if pk in domains else ""):
        domain = domains.get(pk)
        if domain is not None and domain.kind == DomainKind.ADJACENT:
            found.append(finding(
                FindingKind.NEEDED_DOMAIN_MISSING,
                _("“%(theme)s” needs the domain “%(domain)s”, but no table steers it there.")
                % (name | {"domain": domain.name}), tables_link, subject=domain.name, domain=domain))
    if social and safety:
        linking = [a for a in agreements if a.in_force and theme.pk in a.theme_pks
                   and {DomainKind.SOCIAL, DomainKind.SAFETY} <= {kind_of.get(pk) for pk in a.domain_pks}]
        binding = [a for a in linking if a.binds]
        if binding:
            found.append(finding(
                FindingKind.COVERED,
                _("“%(theme)s” is steered in both domains and bound by “%(agreement)s”, which is in force and up "
                  "to date.") % (name | {"agreement": binding[0].title}), binding[0].link, subject=binding[0].title))
        elif linking:
            agreement = linking[0]
            if agreement.evaluation_overdue and agreement.on_review_list:
                reason = _("“%(theme)s” is steered in both domains and bound by “%(agreement)s”, but its evaluation "
                           "is overdue and it is on the review list.")
            elif agreement.evaluation_overdue:
                reason = _("“%(theme)s” is steered in both domains and bound by “%(agreement)s”, but its evaluation "
                           "is overdue.")
            else:
                reason = _("“%(theme)s” is steered in both domains and bound by “%(agreement)s”, but it is on the "
                           "review list.")
            found.append(finding(FindingKind.AGREEMENT_NEEDS_ATTENTION,
                                 reason % (name | {"agreement": agreement.title}), agreement.link,
                                 subject=agreement.title))
        else:
            found.append(finding(
                FindingKind.OVERLAP_WITHOUT_AGREEMENT,
                _("“%(theme)s” is steered in both the social and the safety domain, but no agreement in force links "
                  "them: decisions can work against each other here.") % name,
                _register(region, "agreements", query=f"theme={theme.pk}")))
        if theme.pk not in duo_themes:
            found.append(finding(
                FindingKind.DUO_MISSING,
                _("“%(theme)s” has tables on both sides, but no duo of a social and a safety person pulls it "
                  "together.") % name, _register(region, "duos", query=f"theme={theme.pk}")))
    return found


@dataclass
class _Level:
    """What the tables of one level work on, to find a counterpart for another table."""

    pairs: set[tuple[int, int]] = field(default_factory=set)  # (theme, domain) of tables with themes
    domains: set[int] = field(default_factory=set)  # every domain of the level's tables

    def add(self, table: MapTable) -> None:
        self.pairs |= {(theme, domain) for theme in table.theme_pks for domain in table.domain_pks}
        self.domains |= table.domain_pks

    def matches(self, table: MapTable) -> bool:
        """The same theme in the same domain. A table without themes steers no theme in particular, as
        the white spots and the cells count it: it finds its counterpart by domain, but is nobody's."""
        if not table.theme_pks:
            return bool(table.domain_pks & self.domains)
        return any((theme, domain) in self.pairs for theme in table.theme_pks for domain in table.domain_pks)


def _table_findings(region: Region, tables: list[MapTable]) -> list[Finding]:
    """Tables with no administrative table above them, and administrative tables that no official
    (tactical) table prepares: each judged on the same theme in the same domain (a table without
    themes by its domains alone)."""
    administrative, tactical = _Level(), _Level()
    for table in tables:
        if table.level == TableLevel.ADMINISTRATIVE:
            administrative.add(table)
        elif table.level == TableLevel.TACTICAL:
            tactical.add(table)
    found = []
    for table in tables:
        if table.level == TableLevel.ADMINISTRATIVE:
            if not tactical.matches(table):
                found.append(Finding(
                    FindingKind.UNPREPARED_ADMINISTRATIVE, None, None, table.name,
                    _("No official table prepares what the administrative table “%(table)s” decides on (the same "
                      "theme in the same domain).") % {"table": table.name},
                    table.link, f"{FindingKind.UNPREPARED_ADMINISTRATIVE.value}:table:{table.pk}"))
        elif not administrative.matches(table):
            found.append(Finding(
                FindingKind.NO_ADMINISTRATIVE_COUNTERPART, None, None, table.name,
                _("No administrative table steers what “%(table)s” works on (the same theme in the same domain).")
                % {"table": table.name},
                table.link, f"{FindingKind.NO_ADMINISTRATIVE_COUNTERPART.value}:table:{table.pk}"))
    return found


def _domain_findings(region: Region, domains: list[MapDomain], themes: list[MapTheme], tables: list[MapTable],
                     agreements: list[MapAgreement]) -> list[Finding]:
    """Adjacent domains, and domains some theme needs, that take part in no table and no agreement."""
    present = {pk for table in tables for pk in table.domain_pks} | {pk for a in agreements for pk in a.domain_pks}
    needed = defaultdict(int)
    for theme in themes:
        for pk in theme.needed_domain_pks:
            needed[pk] += 1
    found = []
    for domain in domains:
        if domain.pk in present or (domain.kind != DomainKind.ADJACENT and not needed[domain.pk]):
            continue
        if needed[domain.pk]:
            reason = ngettext(
                "The domain “%(domain)s” is needed for %(count)s theme, but takes part in no table and no agreement.",
                "The domain “%(domain)s” is needed for %(count)s themes, but takes part in no table and no agreement.",
                needed[domain.pk]) % {"domain": domain.name, "count": needed[domain.pk]}
        else:
            reason = _("The adjacent domain “%(domain)s” takes part in no table and no agreement.") % {
                "domain": domain.name}
        found.append(Finding(FindingKind.DOMAIN_ABSENT, None, domain, domain.name, reason,
                             _register(region, "tables", query=f"domain={domain.pk}"),
                             f"{FindingKind.DOMAIN_ABSENT.value}:domain:{domain.pk}"))
    return found


def _item_finding(region: Region, item: MapItem, themes: list[MapTheme]) -> Finding:
    kind, reason = {
        ConflictKind.COUNTERACTING: (
            FindingKind.COUNTERACTING_DECISIONS,
            _("Decisions work against each other: “%(title)s” (impact %(impact)s, %(status)s).")),
        ConflictKind.BLOCKING: (FindingKind.BLOCKING_STRUCTURE,
                                _("A structure blocks cooperation: “%(title)s” (impact %(impact)s, %(status)s).")),
        RiskKind.RISK: (FindingKind.RISK, _("Risk: “%(title)s” (impact %(impact)s, %(status)s).")),
        RiskKind.OPPORTUNITY: (FindingKind.OPPORTUNITY, _("Opportunity: “%(title)s” (impact %(impact)s, %(status)s).")),
    }[item.kind]
    status = item.status_label.lower()
    if item.status == AttentionStatus.RAISED and item.raised_at:
        status = _("raised at %(table)s") % {"table": item.raised_at}
    theme = next((t for t in sorted(themes, key=lambda t: t.name) if t.pk in item.theme_pks), None)
    return Finding(kind, theme, None, item.title,
                   reason % {"title": item.title, "impact": item.impact_label.lower(), "status": status},
                   item.link, f"{kind.value}:{item.pk}")


def snapshot_list(*, user, region: Region) -> models.QuerySet[MapSnapshot]:
    """The region's snapshots, newest first; nothing for someone who may not read its register."""
    if not _readable(user, region):
        return MapSnapshot.objects.none()
    return MapSnapshot.objects.filter(region=region).select_related("taken_by", "subregion", "municipality")

