"""Import of figures from a CBS StatLine file (see cbs.py for the tables and their measures).

Both shapes StatLine gives are read: measures as columns (one row per area and period), or one row
per measure with `Measure` and `Value` columns. The import is all-or-nothing: every row is checked
first, and one bad cell means nothing is saved, with every problem listed by row and column.
Importing a period again replaces the region's figures of that kind and period.

Areas: the region's own municipalities (`GM…`), and as comparison figures the Netherlands (`NL01`)
and other larger areas (provinces `PV…`, Veilig Thuis regions `VT…`, `LD…`, `RE…`). A municipality
of another region is refused: it would show up nowhere and only takes room.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from common.spreadsheets import CellError
from governance.models import Municipality, Region

from .cbs import (
    AREA_COLUMNS,
    MEASURE_COLUMNS,
    PERIOD_COLUMNS,
    STATUS_COLUMNS,
    VALUE_ATTRIBUTE_COLUMNS,
    VALUE_COLUMNS,
    CbsTable,
    is_total,
    measure_name,
)
from .kinds import FigureKind
from .models import MAX_FIGURE, Figure, FigureImport
from .periods import Period, PeriodError, period_parse

_MUNICIPALITY = re.compile(r"^GM\d{4}$")
_COMPARISON = re.compile(r"^(NL01|PV\d{2}|VT\d{2,4}|LD\d{2}|RE\d{2})$")
_WHOLE = re.compile(r"^\d+$")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")  # 127.340 as the website writes it; a lone "." is unknown
_MONTH_ONE = re.compile(r"^(\d{4})MM01$")
_PROVISIONAL_STATUS = {"voorlopig", "nader voorlopig", "provisional", "*", "**"}


@dataclass(frozen=True)
class ParsedFigure:
    row: int
    area_code: str
    municipality_id: int | None
    kind: FigureKind
    period: Period
    value: int | None
    provisional: bool


@dataclass
class FigureImportResult:
    errors: list[CellError] = field(default_factory=list)
    figures: list[ParsedFigure] = field(default_factory=list)
    breakdown_rows: int = 0  # rows of a table's breakdown, left out on purpose
    replaced: int = 0
    source: FigureImport | None = None

    @property
    def periods(self) -> list[Period]:
        return sorted({figure.period for figure in self.figures}, key=lambda period: period.sort_key)


@dataclass(frozen=True)
class _Columns:
    area: str
    period: str
    measures: dict[str, FigureKind]  # wide: column -> kind
    measure: str = ""  # long: the Measure column
    value: str = ""
    value_attribute: str = ""
    status: str = ""
    breakdowns: tuple[str, ...] = ()


def _columns(table: CbsTable, header: list[str]) -> _Columns | list[CellError]:
    names = {column: measure_name(column) for column in header}

    def find(options: set[str]) -> str:
        return next((column for column, name in names.items() if name in options), "")

    area, period = find(AREA_COLUMNS), find(PERIOD_COLUMNS)
    measure, value = find(MEASURE_COLUMNS), find(VALUE_COLUMNS)
    errors = []
    if not area:
        errors.append(CellError(1, "", _("No column with the area (RegioS, the CBS key such as GM0034).")))
    if not period:
        errors.append(CellError(1, "", _("No column with the period (Perioden, such as 2023HJ01).")))
    measures = {column: table.measures[name] for column, name in names.items() if name in table.measures}
    if not (measure and value) and not measures:
        errors.append(CellError(1, "", _(
            "None of the columns is a measure of table %(table)s (such as %(examples)s), and there are no "
            "Measure and Value columns. Is this a file of that table?") % {
            "table": table.id, "examples": ", ".join(sorted(table.measures)[:2])}))
    if errors:
        return errors
    return _Columns(
        area=area, period=period, measures={} if measure and value else measures, measure=measure if value else "",
        value=value if measure else "", value_attribute=find(VALUE_ATTRIBUTE_COLUMNS), status=find(STATUS_COLUMNS),
        breakdowns=tuple(column for column, name in names.items() if name in table.breakdowns),
    )


def _value(text: str) -> tuple[int | None, bool, str]:
    """(value, provisional, problem) from a cell: "." and "" are unknown; a trailing * is provisional."""
    cleaned = text.strip()
    provisional = cleaned.endswith("*")
    cleaned = cleaned.rstrip("*").strip()
    if cleaned in ("", "."):
        return None, provisional, ""
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    if cleaned.startswith("-"):
        return None, provisional, _("A number of people or cases cannot be negative.")
    if not _WHOLE.match(cleaned):
        return None, provisional, _("“%(text)s” is not a whole number (use . for an unknown figure).") % {"text": text}
    value = int(cleaned)
    if value > MAX_FIGURE:
        return None, provisional, _("%(value)s is far larger than any figure this table can hold.") % {"value": value}
    return value, provisional, ""


def _period(table: CbsTable, text: str) -> tuple[Period, bool]:
    cleaned = text.strip()
    if table.yearly and (match := _MONTH_ONE.match(cleaned.rstrip("*").upper())):
        return Period(int(match[1]), 0), cleaned.endswith("*")
    period, provisional = period_parse(cleaned)
    if table.yearly and not period.is_year:
        raise PeriodError(_("Inhabitants are kept per year: use the year (2023JJ00) or January (2023MM01)."))
    return period, provisional


def figures_parse(*, region: Region, table: CbsTable, rows: list[tuple[int, dict[str, str]]]) -> FigureImportResult:
    """Checks every row; the figures to save, or every problem found (then nothing may be saved)."""
    result = FigureImportResult()
    if not rows:
        result.errors.append(CellError(1, "", _("The file has a header but no rows.")))
        return result
    columns = _columns(table, list(rows[0][1]))
    if isinstance(columns, list):
        result.errors.extend(columns)
        return result
    own = dict(region.municipalities.values_list("code", "id"))
    known = set(Municipality.objects.filter(code__startswith="GM").values_list("code", flat=True))
    seen: dict[tuple[str, str, str], int] = {}
    for number, row in rows:
        if any(not is_total(row.get(column, "")) for column in columns.breakdowns):
            result.breakdown_rows += 1
            continue
        if columns.measure:
            kind = table.measures.get(measure_name(row.get(columns.measure, "")))
            if kind is None:
                continue  # a measure of the table that the dashboards do not use
            cells = [(columns.value, kind)]
        else:
            cells = list(columns.measures.items())
        errors = len(result.errors)
        area = row.get(columns.area, "").strip().upper()
        municipality_id = None
        if _MUNICIPALITY.match(area):
            if area not in known:
                result.errors.append(CellError(number, columns.area, _("%(code)s is not a municipality code CBS uses.")
                                               % {"code": area}))
            elif area not in own:
                result.errors.append(CellError(number, columns.area, _(
                    "%(code)s is a municipality outside %(region)s: select only your own municipalities and the "
                    "comparison areas (such as NL01) in StatLine.") % {"code": area, "region": region.name}))
            else:
                municipality_id = own[area]
        elif not _COMPARISON.match(area):
            result.errors.append(CellError(number, columns.area, _(
                "“%(code)s” is not an area key: use GM0034 for a municipality, NL01 for the Netherlands, or a "
                "PV, VT, LD or RE key.") % {"code": row.get(columns.area, "")}))
        try:
            period, provisional = _period(table, row.get(columns.period, ""))
        except PeriodError as error:
            result.errors.append(CellError(number, columns.period, str(error)))
            continue
        status = row.get(columns.status, "").strip().lower() if columns.status else ""
        provisional = provisional or status in _PROVISIONAL_STATUS
        attribute = row.get(columns.value_attribute, "").strip() if columns.value_attribute else ""
        for column, kind in cells:
            value, value_provisional, problem = _value(row.get(column, ""))
            if problem:
                result.errors.append(CellError(number, column, problem))
                continue
            if attribute and attribute.lower() != "none":
                value = None  # StatLine says why there is no number (secret, impossible): unknown here
            key = (area, kind, period.key)
            if key in seen:
                result.errors.append(CellError(number, column, _(
                    "The same figure as row %(row)s (%(area)s, %(period)s).") % {
                    "row": seen[key], "area": area, "period": period.label}))
                continue
            seen[key] = number
            if len(result.errors) == errors:
                result.figures.append(ParsedFigure(number, area, municipality_id, kind, period, value,
                                                   provisional or value_provisional))
    if not result.errors and not result.figures:
        result.errors.append(CellError(1, "", _(
            "No figures found: every row was a breakdown (not the total) or a measure the dashboards do not use.")))
    return result


def figures_import(*, actor, region: Region, table: CbsTable, file_name: str,
                   rows: list[tuple[int, dict[str, str]]]) -> FigureImportResult:
    """Parses and, only when every row is right, replaces the region's figures of the file's kinds and periods."""
    result = figures_parse(region=region, table=table, rows=rows)
    if result.errors:
        return result
    replaced = sorted({(figure.kind, figure.period.key) for figure in result.figures})
    with transaction.atomic():
        for kind, period in replaced:
            result.replaced += Figure.objects.filter(region=region, kind=kind, period=period).delete()[0]
        # The import's own row is what the audit trail keeps: which table, periods and how many figures
        # it placed and replaced (the figures themselves are written in bulk).
        source = FigureImport.objects.create(
            region=region, table=table.id, file_name=file_name[:200], imported_by=actor,
            periods=sorted({period for _kind, period in replaced}), figure_count=len(result.figures),
            replaced_count=result.replaced)
        Figure.objects.bulk_create([
            Figure(region=region, area_code=figure.area_code, municipality_id=figure.municipality_id,
                   kind=figure.kind, period=figure.period.key, value=figure.value,
                   provisional=figure.provisional, source=source)
            for figure in result.figures
        ])
        result.source = source
    return result
