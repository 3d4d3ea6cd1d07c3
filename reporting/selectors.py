"""Figures as the dashboards show them: per municipality, the region and the comparison areas, as a
count and per 10,000 inhabitants of the same year, with the explanation of each period.

Never divides by an unknown: without a population (or with an unknown count) the rate is unknown.
The region's total adds up its municipalities and is unknown as soon as one of them is (CBS keeps a
small number secret, and a sum without it would look complete). Where CBS publishes the region's own
area (a province that is the Veilig Thuis region: `Region.cbs_area_code`), that row stands beside the
sum: it is CBS's own figure, published even when one municipality's is kept secret.

Unknown comes in two kinds a reader must tell apart: CBS did not publish the figure (a Figure whose
value is None: a "." in CBS's file), and nothing was imported for that area and period (no Figure).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from governance.access import access_for
from governance.models import Municipality, Region

from .areas import COUNTRY, area_label, former_municipalities
from .kinds import COMPARED, SHARE_OF_REPORTS, FigureKind
from .models import Figure, FigureExplanation, FigureImport
from .periods import Period, period_from_key
from .permissions import ReportingPerm

# Half-years (or years) shown side by side: three years of trend.
PERIODS_SHOWN = 6

NOT_PUBLISHED = "not_published"  # CBS printed "." (unknown, unreliable or secret)
NOT_IMPORTED = "not_imported"  # no figure of this area and period in the application


@dataclass(frozen=True)
class Population:
    """The inhabitants a rate is divided by: CBS's count on 1 January of the year, and where it came from."""

    year: int
    value: int | None
    imported: bool = True
    source: FigureImport | None = None  # the import that placed it (None for a sum of several, or when gone)

    @property
    def on(self) -> date:
        return date(self.year, 1, 1)

    @property
    def unknown(self) -> str:
        """"" when known, else NOT_PUBLISHED or NOT_IMPORTED."""
        if self.value is not None:
            return ""
        return NOT_PUBLISHED if self.imported else NOT_IMPORTED


@dataclass(frozen=True)
class Cell:
    value: int | None
    rate: Decimal | None  # per 10,000 inhabitants
    provisional: bool = False
    imported: bool = True  # False: nothing imported for this area and period (None then is not CBS's ".")
    population: Population | None = None
    includes: tuple[str, ...] = ()  # former municipalities whose figures of that period it adds up (by name)
    share: Decimal | None = None  # % of the reports received (kinds in SHARE_OF_REPORTS), when both are known

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def unknown(self) -> str:
        """"" when known, else NOT_PUBLISHED (CBS printed ".") or NOT_IMPORTED (no figure)."""
        if self.value is not None:
            return ""
        return NOT_PUBLISHED if self.imported else NOT_IMPORTED


@dataclass(frozen=True)
class AreaRow:
    label: str
    code: str
    kind: str  # "municipality", "region" (the sum, or CBS's own figure of the region's area) or "comparison"
    cells: list[Cell]


@dataclass
class FigureTable:
    kind: FigureKind
    periods: list[Period]
    rows: list[AreaRow]
    explanations: dict[str, FigureExplanation | None] = field(default_factory=dict)

    @property
    def explained(self) -> list[tuple[Period, FigureExplanation | None]]:
        return [(period, self.explanations.get(period.key)) for period in self.periods]

    @property
    def unexplained(self) -> list[Period]:
        return [period for period in self.periods if self.explanations.get(period.key) is None]


@dataclass(frozen=True)
class PopulationRow:
    label: str
    code: str
    kind: str
    cells: list[Population]


@dataclass(frozen=True)
class PopulationTable:
    """The inhabitants the shown rates are divided by, per area and year, and the imports they came from."""

    years: list[int]
    rows: list[PopulationRow]
    sources: list[FigureImport]

    @property
    def dates(self) -> list[date]:
        return [date(year, 1, 1) for year in self.years]

    @property
    def known(self) -> bool:
        return any(people.value is not None for row in self.rows for people in row.cells)


def unknown_text(unknown: str) -> str:
    """The words for a cell that has no number, in the active language."""
    return _("not published by CBS") if unknown == NOT_PUBLISHED else _("not imported")


def readable_figures(user, region: Region) -> bool:
    access = access_for(user)
    return (ReportingPerm.VIEW_FIGURES in access.perms_in(region.id)
            or ReportingPerm.VIEW_FIGURES in access.municipal_perms_in(region.id))


def rate(value: int | None, population: int | None) -> Decimal | None:
    if value is None or not population:
        return None
    return (Decimal(value) * 10_000 / population).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def share(value: int | None, reports: int | None) -> Decimal | None:
    """A percentage of the reports received, to one decimal as CBS writes its shares."""
    if value is None or not reports:
        return None
    return (Decimal(value) * 100 / reports).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _outside_labels(codes: set[str]) -> dict[str, str]:
    """Names for comparison areas: a municipality outside the region by the reference geography (one query,
    only when there is one), a larger area by the name StatLine gives it."""
    municipal = {code for code in codes if code.startswith("GM")}
    names = dict(Municipality.objects.filter(code__in=municipal).values_list("code", "name")) if municipal else {}
    return {code: names.get(code) or area_label(code) for code in codes}


def figure_tables(*, user, region: Region, half_years: bool = True) -> list[FigureTable]:
    """One table per figure kind that has figures; four queries whatever the number of figures."""
    if not readable_figures(user, region):
        return []
    municipalities = list(region.municipalities.order_by("name").values_list("code", "name"))
    own_codes = {code for code, _name in municipalities}
    own_area = (region.cbs_area_code or "").strip().upper()
    values: dict[tuple[str, str, str], tuple[int | None, bool]] = {}
    population_sources: dict[tuple[str, str], int | None] = {}
    periods: dict[str, set[str]] = {}
    areas: set[str] = set()
    merged: dict[tuple[str, str, str], tuple[str, ...]] = {}
    formers = former_municipalities()
    for kind, period, area, value, provisional, source, merged_from in (
        Figure.objects.filter(region=region).values_list("kind", "period", "area_code", "value", "provisional",
                                                         "source", "merged_from")
    ):
        values[(kind, period, area)] = (value, provisional)
        if merged_from:
            merged[(kind, period, area)] = tuple(sorted(formers[code].name if code in formers else code
                                                        for code in merged_from))
        areas.add(area)
        if kind == FigureKind.POPULATION:
            population_sources[(period, area)] = source
        else:
            periods.setdefault(kind, set()).add(period)
    imports = {item.pk: item for item in FigureImport.objects.filter(
        region=region, pk__in={pk for pk in population_sources.values() if pk}).select_related("imported_by")}
    explanations = {
        (explanation.kind, explanation.period): explanation
        for explanation in FigureExplanation.objects.filter(region=region).select_related("written_by")
    }

    def population(area: str, period: Period) -> Population:
        key = (FigureKind.POPULATION, f"{period.year}JJ00", area)
        return Population(period.year, values[key][0], source=imports.get(population_sources[key[1:]])) \
            if key in values else Population(period.year, None, imported=False)

    def cell(kind: str, period: Period, area: str) -> Cell:
        inhabitants = population(area, period)
        if (kind, period.key, area) not in values:
            return Cell(None, None, imported=False, population=inhabitants)
        value, provisional = values[(kind, period.key, area)]
        reports = values.get((FigureKind.REPORTS, period.key, area), (None, False))[0]
        return Cell(value, rate(value, inhabitants.value), provisional, population=inhabitants,
                    includes=merged.get((kind, period.key, area), ()),
                    share=share(value, reports) if kind in SHARE_OF_REPORTS else None)

    def region_cell(kind: str, period: Period) -> Cell:
        parts = [values.get((kind, period.key, code)) for code in own_codes]
        counts = [population(code, period) for code in own_codes]
        people = Population(period.year, None, imported=bool(counts) and all(count.imported for count in counts))
        if counts and all(count.value is not None for count in counts):
            sources = {count.source for count in counts}
            people = Population(period.year, sum(count.value for count in counts),
                                source=sources.pop() if len(sources) == 1 else None)
        if not parts or any(part is None for part in parts):
            return Cell(None, None, imported=False, population=people)
        if any(value is None for value, _provisional in parts):
            return Cell(None, None, population=people)
        total = sum(value for value, _provisional in parts)
        reports = [values.get((FigureKind.REPORTS, period.key, code), (None, False))[0] for code in own_codes]
        return Cell(total, rate(total, people.value), any(provisional for _value, provisional in parts),
                    share=share(total, sum(reports)) if kind in SHARE_OF_REPORTS and None not in reports else None,
                    population=people, includes=tuple(sorted({name for code in own_codes
                                                              for name in merged.get((kind, period.key, code), ())})))

    # Other areas by their key, the country last; the region's own area stands with the region.
    comparison = sorted(area for area in areas if area not in own_codes | {COUNTRY, own_area})
    comparison += [COUNTRY] if COUNTRY in areas else []
    labels = _outside_labels(set(comparison) | ({own_area} if own_area else set()))
    sum_label = (_("%(region)s (sum of the municipalities)") % {"region": region.name} if own_area
                 else str(region.name))
    tables = []
    for kind in COMPARED:
        keys = [period_from_key(key) for key in periods.get(kind, ())]
        chosen = [period for period in keys if (not period.is_year) == half_years] or keys
        shown = sorted(chosen, key=lambda period: period.sort_key)[-PERIODS_SHOWN:]
        if not shown:
            continue
        rows = [AreaRow(name, code, "municipality", [cell(kind, period, code) for period in shown])
                for code, name in municipalities]
        rows.append(AreaRow(sum_label, "", "region", [region_cell(kind, period) for period in shown]))
        if own_area:
            rows.append(AreaRow(labels[own_area], own_area, "region",
                                [cell(kind, period, own_area) for period in shown]))
        rows += [AreaRow(labels[code], code, "comparison", [cell(kind, period, code) for period in shown])
                 for code in comparison]
        tables.append(FigureTable(kind, shown, rows,
                                  {period.key: explanations.get((kind, period.key)) for period in shown}))
    return tables


def population_table(tables: list[FigureTable]) -> PopulationTable | None:
    """The populations behind the rates of `tables` (no query: they travel in the cells), per area and year."""
    by_row: dict[tuple[str, str, str], dict[int, Population]] = {}
    for table in tables:
        for row in table.rows:
            found = by_row.setdefault((row.label, row.code, row.kind), {})
            for cell in row.cells:
                if cell.population is not None:
                    found.setdefault(cell.population.year, cell.population)
    years = sorted({year for found in by_row.values() for year in found})
    if not years:
        return None
    rows = [PopulationRow(label, code, kind, [found.get(year, Population(year, None, imported=False))
                                              for year in years])
            for (label, code, kind), found in by_row.items()]
    sources = {people.source.pk: people.source for row in rows for people in row.cells if people.source}
    return PopulationTable(years, rows, sorted(sources.values(), key=lambda item: (item.created_at, item.pk)))


def figure_table(*, user, region: Region, kind: str, half_years: bool = True) -> FigureTable | None:
    return next((table for table in figure_tables(user=user, region=region, half_years=half_years)
                 if table.kind == kind), None)


def importer_name(user) -> str:
    """Who imported figures: the person, or the system for `fetch_cbs` (an account named on the audit
    trail is never deleted, so no person is the system)."""
    return (user.get_full_name() or user.username) if user else _("the system (fetched from CBS)")
