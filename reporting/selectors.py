"""Figures as the dashboards show them: per municipality, the region and the comparison areas, as a
count and per 10,000 inhabitants of the same year, with the explanation of each period.

Never divides by an unknown: without a population (or with an unknown count) the rate is unknown.
The region's total adds up its municipalities and is unknown as soon as one of them is (CBS keeps a
small number secret, and a sum without it would look complete).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from governance.access import access_for
from governance.models import Region

from .areas import COUNTRY, area_label
from .kinds import COMPARED, FigureKind
from .models import Figure, FigureExplanation
from .periods import Period, period_from_key
from .permissions import ReportingPerm

# Half-years (or years) shown side by side: three years of trend.
PERIODS_SHOWN = 6


@dataclass(frozen=True)
class Cell:
    value: int | None
    rate: Decimal | None  # per 10,000 inhabitants
    provisional: bool = False

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class AreaRow:
    label: str
    code: str
    kind: str  # "municipality", "region" or "comparison"
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


def readable_figures(user, region: Region) -> bool:
    access = access_for(user)
    return (ReportingPerm.VIEW_FIGURES in access.perms_in(region.id)
            or ReportingPerm.VIEW_FIGURES in access.municipal_perms_in(region.id))


def rate(value: int | None, population: int | None) -> Decimal | None:
    if value is None or not population:
        return None
    return (Decimal(value) * 10_000 / population).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def figure_tables(*, user, region: Region, half_years: bool = True) -> list[FigureTable]:
    """One table per figure kind that has figures; three queries whatever the number of figures."""
    if not readable_figures(user, region):
        return []
    municipalities = list(region.municipalities.order_by("name").values_list("code", "name"))
    own_codes = {code for code, _name in municipalities}
    values: dict[tuple[str, str, str], tuple[int | None, bool]] = {}
    periods: dict[str, set[str]] = {}
    areas: set[str] = set()
    for kind, period, area, value, provisional in (
        Figure.objects.filter(region=region).values_list("kind", "period", "area_code", "value", "provisional")
    ):
        values[(kind, period, area)] = (value, provisional)
        areas.add(area)
        if kind != FigureKind.POPULATION:
            periods.setdefault(kind, set()).add(period)
    explanations = {
        (explanation.kind, explanation.period): explanation
        for explanation in FigureExplanation.objects.filter(region=region).select_related("written_by")
    }

    def population(area: str, period: Period) -> int | None:
        return values.get((FigureKind.POPULATION, f"{period.year}JJ00", area), (None, False))[0]

    def cell(kind: str, period: Period, area: str) -> Cell:
        value, provisional = values.get((kind, period.key, area), (None, False))
        return Cell(value, rate(value, population(area, period)), provisional)

    def region_cell(kind: str, period: Period) -> Cell:
        parts = [values.get((kind, period.key, code), (None, False)) for code in own_codes]
        inhabitants = [population(code, period) for code in own_codes]
        if not parts or any(value is None for value, _provisional in parts):
            return Cell(None, None)
        total = sum(value for value, _provisional in parts)
        people = None if any(count is None for count in inhabitants) else sum(inhabitants)
        return Cell(total, rate(total, people), any(provisional for _value, provisional in parts))

    # Other areas by their key, the country last.
    comparison = sorted(area for area in areas if area not in own_codes and area != COUNTRY)
    comparison += [COUNTRY] if COUNTRY in areas else []
    tables = []
    for kind in COMPARED:
        keys = [period_from_key(key) for key in periods.get(kind, ())]
        chosen = [period for period in keys if (not period.is_year) == half_years] or keys
        shown = sorted(chosen, key=lambda period: period.sort_key)[-PERIODS_SHOWN:]
        if not shown:
            continue
        rows = [AreaRow(name, code, "municipality", [cell(kind, period, code) for period in shown])
                for code, name in municipalities]
        rows.append(AreaRow(str(region.name), "", "region", [region_cell(kind, period) for period in shown]))
        rows += [AreaRow(area_label(code), code, "comparison", [cell(kind, period, code) for period in shown])
                 for code in comparison]
        tables.append(FigureTable(kind, shown, rows,
                                  {period.key: explanations.get((kind, period.key)) for period in shown}))
    return tables


def figure_table(*, user, region: Region, kind: str, half_years: bool = True) -> FigureTable | None:
    return next((table for table in figure_tables(user=user, region=region, half_years=half_years)
                 if table.kind == kind), None)
