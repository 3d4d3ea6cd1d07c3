"""Import of figures from a CBS StatLine file (see cbs.py for the tables and their measures).

Every shape a person gets from CBS is read, as CSV or XLSX:
- the website's "download": labels, not keys ("Nederland", "Flevoland (PV)", "Groningen (gemeente)",
  "1e halfjaar 2023*"), one to three header rows (group / subgroup / measure with its unit; a group's
  label stands once, above its first column), sometimes under a title line;
- a data set (the open-data API's TypedDataSet): padded keys (`GM0034  `), `2023HJ01`, measures as
  `OntvangenMeldingen_2`; a provisional period's status comes from the table's metadata
  (`period_status`), since the key carries no star;
- observations: one row per measure, with `Measure` and `Value` columns.
The header is found where the area and period columns are titled; the data start where they hold
values. Shares and rates ("(%)", a "(relatief)" group) are never read as counts: they are left out
with a note. The import is all-or-nothing: every row is checked first, and one bad cell means nothing
is saved, with every problem listed by row and column. A re-import replaces the figures of the same
kind, period and area only.

Areas: the region's own municipalities, and as comparison figures the Netherlands (`NL01`) and other
larger areas (see areas.py). A municipality of another region is refused: it would show up nowhere and
only takes room. A former municipality's figure of a period before its merger is added to its
successor's, all or nothing (see `_merge_former`); after the merger it is refused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.spreadsheets import CellError, read_cells
from governance.models import Region

from .areas import INCOMPLETE_PREDECESSORS, AreaResolver, former_municipalities, predecessors
from .cbs import (
    AREA_COLUMNS,
    MEASURE_COLUMNS,
    PERIOD_COLUMNS,
    STATUS_COLUMNS,
    VALUE_ATTRIBUTE_COLUMNS,
    VALUE_COLUMNS,
    CbsTable,
    is_relative,
    is_total,
    measure_name,
)
from .kinds import FigureKind
from .models import MAX_FIGURE, Figure, FigureImport
from .periods import Period, PeriodError, month_of, period_parse

_WHOLE = re.compile(r"^\d+$")
_BREAKDOWN_KEY = re.compile(r"^[A-Z]\d{6}$")  # a data set's key of a breakdown's value (A050123)
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")  # 127.340 as the website writes it; a lone "." is unknown
_PROVISIONAL_STATUS = {"voorlopig", "nader voorlopig", "provisional", "*", "**"}
# A header never runs this deep; rows further down are data or not a CBS file.
MAX_HEADER_ROWS = 10
_UNITS = re.compile(r"^(aantal|%|x\s*\d[\d ]*|per\s+\d.*|relatief)$", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedFigure:
    row: int
    area_code: str
    municipality_id: int | None
    kind: FigureKind
    period: Period
    value: int | None
    provisional: bool
    merged_from: tuple[str, ...] = ()  # former municipalities whose figures this one adds up


@dataclass
class FigureImportResult:
    errors: list[CellError] = field(default_factory=list)
    figures: list[ParsedFigure] = field(default_factory=list)
    breakdown_rows: int = 0  # rows of a table's breakdown, left out on purpose
    other_months: int = 0  # a population table's months after January, left out on purpose
    keyed_breakdowns: bool = False  # breakdown rows named by CBS's keys, which `split` cannot recognise
    relative_columns: list[str] = field(default_factory=list)  # shares and rates, left out on purpose
    unrecognised_columns: list[str] = field(default_factory=list)  # not a measure of the table we know
    replaced: int = 0
    replaced_from_other_tables: dict[str, int] = field(default_factory=dict)  # table -> figures it had placed
    source: FigureImport | None = None
    merged: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (successor, period label) -> formers
    smaller_area: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (successor, formers) -> periods

    @property
    def periods(self) -> list[Period]:
        return sorted({figure.period for figure in self.figures}, key=lambda period: period.sort_key)

    @property
    def notes(self) -> list[str]:
        """What was left out on purpose, for the person who imported the file."""
        notes = []
        if self.relative_columns:
            notes.append(ngettext(
                "%(count)s column of shares or rates (%(examples)s) was left out: only counts are imported.",
                "%(count)s columns of shares or rates (such as %(examples)s) were left out: only counts are "
                "imported.", len(self.relative_columns)) % {
                "count": len(self.relative_columns), "examples": "“" + self.relative_columns[0] + "”"})
        for (successor, period), formers in sorted(self.merged.items()):
            notes.append(_("The figures of %(period)s of %(successor)s include those of %(formers)s, which became "
                           "part of it later.") % {"period": period, "successor": successor,
                                                   "formers": ", ".join(sorted(formers))})
        if self.unrecognised_columns:
            notes.append(ngettext(
                "%(count)s column is not a measure this import reads, and was left out: %(columns)s.",
                "%(count)s columns are not measures this import reads, and were left out (such as %(columns)s).",
                len(self.unrecognised_columns)) % {
                "count": len(self.unrecognised_columns),
                "columns": ", ".join(f"“{column}”" for column in self.unrecognised_columns[:3])})
        for other, count in sorted(self.replaced_from_other_tables.items()):
            notes.append(ngettext(
                "%(count)s of the replaced figures came from table %(other)s (the same kind, area and period): "
                "%(table)s's now stand in its place.",
                "%(count)s of the replaced figures came from table %(other)s (the same kinds, areas and periods): "
                "%(table)s's now stand in their place.", count) % {
                "count": count, "other": other, "table": self.source.table if self.source else ""})
        if self.other_months:
            notes.append(ngettext(
                "%(count)s row of a month other than January was left out: inhabitants count on 1 January.",
                "%(count)s rows of months other than January were left out: inhabitants count on 1 January.",
                self.other_months) % {"count": self.other_months})
        for (successor, formers), periods in sorted(self.smaller_area.items()):
            notes.append(_("The figures of %(periods)s of %(successor)s cover its area before %(formers)s joined it: "
                           "import their rows of those periods as well to compare them with later years.") % {
                "periods": ", ".join(sorted(periods)), "successor": successor, "formers": formers})
        if self.breakdown_rows:
            notes.append(_("%(count)s rows of the table's breakdowns were left out: only totals are imported.")
                         % {"count": self.breakdown_rows})
        if self.keyed_breakdowns:
            notes.append(_("This data set names the breakdown by CBS's keys (such as A050123), so the outcomes this "
                           "table is read for could not be recognised. Download the table from StatLine's website "
                           "(with names), or let the server fetch it (manage.py fetch_cbs)."))
        return notes


def import_summary(result: FigureImportResult, table: CbsTable) -> str:
    """What an import placed and replaced, in one sentence (the page and fetch_cbs say the same)."""
    imported = ngettext("Imported %(count)s figure of %(periods)s from %(table)s",
                        "Imported %(count)s figures of %(periods)s from %(table)s", len(result.figures)) % {
        "count": len(result.figures), "periods": ", ".join(p.label for p in result.periods), "table": table.id}
    replaced = ngettext("%(count)s earlier figure of the same area, period and kind was replaced.",
                        "%(count)s earlier figures of the same areas, periods and kinds were replaced.",
                        result.replaced) % {"count": result.replaced}
    return f"{imported}; {replaced}"


# --- The header: found, not assumed -----------------------------------------------------------------


def figures_read(upload, *, table: CbsTable) -> list[tuple[int, dict[str, str]]]:
    """An uploaded file's data rows keyed by their column's title (see `figures_rows`)."""
    return figures_rows(read_cells(upload, header_rows=MAX_HEADER_ROWS), table=table)


def figures_rows(cells: list[tuple[int, list[str]]], *, table: CbsTable) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a file, each a dict from its column's title to its cell.

    The row titling the area and period columns ("Regio's", "Perioden", or RegioS and Perioden) is the
    header's anchor; the header rows run until those columns hold values. A measure's title is its
    header cells joined from the top ("Ontvangen meldingen / Hermelding / Totaal (aantal)"); a group's
    label written once counts for the columns to its right until the next label of its row or above.
    Lines above the header that only title the table are left out, and so are notes below the data
    ("Bron: CBS"): rows of one cell. A file without such a row is read with row 1 as its header.
    """
    if not cells:
        return []
    anchor, area, period = _anchor(cells)
    if anchor is None:
        header_rows, data = [cells[0][1]], cells[1:]
    else:
        start = next((index for index in range(anchor + 1, len(cells))
                      if _cell(cells[index][1], area) and _cell(cells[index][1], period)), len(cells))
        dimensions = {column for column, text in enumerate(cells[anchor][1])
                      if measure_name(text) in AREA_COLUMNS | PERIOD_COLUMNS | set(table.breakdowns) | {"id"}}
        header_rows = [row if index == anchor else [cell if column not in dimensions else ""
                                                    for column, cell in enumerate(row)]
                       for index, (_number, row) in enumerate(cells[:start])]
        data = cells[start:]
    titles = _titles(header_rows)
    rows = []
    for number, row in data:
        if sum(1 for cell in row if cell) <= 1:
            continue  # a note under the table, or an empty line
        rows.append((number, {title: (row[column] if column < len(row) else "")
                              for column, title in enumerate(titles) if title}))
    return rows


def _cell(row: list[str], column: int) -> str:
    return row[column] if column < len(row) else ""


def _anchor(cells) -> tuple[int | None, int, int]:
    for index, (_number, row) in enumerate(cells[:MAX_HEADER_ROWS]):
        names = [measure_name(cell) for cell in row]
        area = next((column for column, name in enumerate(names) if name in AREA_COLUMNS), None)
        period = next((column for column, name in enumerate(names) if name in PERIOD_COLUMNS), None)
        if area is not None and period is not None:
            return index, area, period
    return None, 0, 0


def _titles(header_rows: list[list[str]]) -> list[str]:
    """One title per column from the header rows (see `figures_rows`)."""
    width = max(len(row) for row in header_rows)
    grid = [row + [""] * (width - len(row)) for row in header_rows]
    # A row of units only ("aantal", "%") adds the unit to its column's title.
    units = [row for row in grid if any(row) and all(_UNITS.match(cell) for cell in row if cell)]
    grid = [row for row in grid if row not in units] or grid[:1]
    filled = [list(row) for row in grid]
    for level, row in enumerate(grid[:-1]):  # the lowest row names measures, and is never carried
        label = ""
        for column, cell in enumerate(row):
            if cell:
                # A group has headings below it; a measure's own title (no heading below) is not carried.
                label = cell if grid[level + 1][column] else ""
            elif label and not any(grid[upper][column] for upper in range(level)):
                filled[level][column] = label
            else:
                label = ""
    titles = []
    for column in range(width):
        parts = [filled[level][column] for level in range(len(filled)) if filled[level][column]]
        unit = next((row[column] for row in units if row[column]), "")
        title = " / ".join(parts)
        if unit and title:
            title += f" ({unit})" if not unit.startswith("(") else f" {unit}"
        titles.append(title.lower())  # as read_rows keys them (and messages have named them)
    # Two columns with the same title (a sloppy file) keep both, the second numbered.
    seen: dict[str, int] = {}
    for column, title in enumerate(titles):
        if title in seen:
            seen[title] += 1
            titles[column] = f"{title} #{seen[title]}"
        elif title:
            seen[title] = 1
    return titles


# --- Reading the rows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Columns:
    area: str
    period: str
    measures: dict[str, FigureKind]  # wide: column -> kind
    measure: str = ""  # long: the Measure column
    value: str = ""
    value_attribute: str = ""
    status: str = ""
    breakdowns: tuple[str, ...] = ()  # in the order of the table's declaration; "" where the file has none
    relative: tuple[str, ...] = ()
    unrecognised: tuple[str, ...] = ()  # neither a dimension nor a measure of the table: left out, and said so


def _columns(table: CbsTable, header: list[str]) -> _Columns | list[CellError]:
    names = {column: measure_name(column) for column in header}

    def find(options: set[str] | tuple[str, ...]) -> str:
        return next((column for column, name in names.items() if name in options), "")

    area, period = find(AREA_COLUMNS), find(PERIOD_COLUMNS)
    measure, value = find(MEASURE_COLUMNS), find(VALUE_COLUMNS)
    dimensions = {area, period, measure, value}
    if not area or not period:
        # StatLine lets a person lay a dimension out across the columns; the import reads it down the rows.
        pivoted = _pivoted(header, areas=not area, periods=not period)
        if pivoted:
            return [CellError(1, "", _(
                "The %(dimension)s stand as columns (such as “%(example)s”). In StatLine, lay out the table with "
                "Regio's and Perioden as rows and the measures as columns, and download it again.") % pivoted)]
    errors = []
    if not area:
        errors.append(CellError(1, "", _("No column with the area (Regio's: a name such as Almere or Nederland, "
                                         "or a CBS key such as GM0034).")))
    if not period:
        errors.append(CellError(1, "", _("No column with the period (Perioden, such as 2023HJ01 or "
                                         "“1e halfjaar 2023”).")))
    measures, relative, unrecognised = {}, [], []
    known = {"id", *STATUS_COLUMNS, *VALUE_ATTRIBUTE_COLUMNS}
    for column in header:
        if column in dimensions or names[column] in table.breakdowns or names[column] in known:
            continue
        found = table.measure_for(column)
        if found is not None and found.relative or found is None and is_relative(column):
            relative.append(column)
        elif found is not None and found.kind is not None:
            measures[column] = found.kind
        elif found is None and names[column]:
            unrecognised.append(column)
    long_shape = bool(measure and value)
    if not long_shape and not measures:
        if relative:
            errors.append(CellError(1, "", _(
                "The file holds only shares or rates (columns in %%, such as “%(column)s”), and they are never "
                "read as counts. Download the counts (aantal) of table %(table)s as well.") % {
                "column": relative[0], "table": table.id}))
        else:
            errors.append(CellError(1, "", _(
                "None of the columns is a measure of table %(table)s (such as %(examples)s), and there are no "
                "Measure and Value columns. Is this a file of that table?") % {
                "table": table.id, "examples": ", ".join(
                    f"“{' / '.join(m.path)}”" for m in table.measures if m.kind and not m.relative)}))
    if errors:
        return errors
    return _Columns(
        area=area, period=period, measures={} if long_shape else measures, measure=measure if value else "",
        value=value if measure else "", value_attribute=find(VALUE_ATTRIBUTE_COLUMNS), status=find(STATUS_COLUMNS),
        breakdowns=tuple(find((name,)) for name in table.breakdowns),
        relative=() if long_shape else tuple(relative), unrecognised=() if long_shape else tuple(unrecognised),
    )


def _pivoted(header: list[str], *, areas: bool, periods: bool) -> dict[str, str]:
    """{"dimension", "example"} when a header's own titles are periods or areas: a pivoted layout."""
    resolver = AreaResolver.from_database() if areas else None
    for column in header:
        title = re.sub(r"\((aantal|%)\)", "", column.split(" / ")[-1]).strip()
        if periods and _is_period(title):
            return {"dimension": _("periods"), "example": title}
        if resolver is not None and title and resolver.resolve(title).code:
            return {"dimension": _("areas"), "example": title}
    return {}


def _is_period(text: str) -> bool:
    try:
        period_parse(text)
    except PeriodError:
        return False
    return bool(text.strip())


def _value(text: str) -> tuple[int | None, bool, str]:
    """(value, provisional, problem) from a cell: "." and "" are unknown; a trailing * is provisional."""
    cleaned = text.strip()
    provisional = cleaned.endswith("*")
    cleaned = cleaned.rstrip("*").strip()
    if cleaned in ("", ".", "-", "x"):  # CBS's signs for unknown, nil-or-secret
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
    if table.yearly and (month := month_of(cleaned)):
        if month[1] != 1:
            raise PeriodError(_("Inhabitants are kept per year: use the year (2023JJ00) or January (2023MM01)."))
        return Period(month[0], 0), cleaned.endswith("*")
    period, provisional = period_parse(cleaned)
    if table.yearly and not period.is_year:
        raise PeriodError(_("Inhabitants are kept per year: use the year (2023JJ00) or January (2023MM01)."))
    return period, provisional


def _breakdown_kind(table: CbsTable, columns: _Columns, row: dict[str, str]) -> tuple[bool, FigureKind | None]:
    """(is the table's total, the kind a declared breakdown row counts as)."""
    values = tuple("totaal" if not column or is_total(row.get(column, "")) else measure_name(row.get(column, ""))
                   for column in columns.breakdowns)
    if all(value == "totaal" for value in values):
        return True, None
    return False, table.split.get(values)


def _area_problem(match, text: str, areas: AreaResolver) -> str:
    if match.former:
        successor = match.former.successor_code
        return _("“%(label)s” is %(name)s (%(code)s), which became part of municipality %(successor)s on "
                 "%(date)s. Its figures cannot be split over today's municipalities: leave it out of the file "
                 "(in StatLine, choose today's municipalities) and import %(successor)s instead.") % {
            "label": text, "name": match.former.name, "code": match.former.code,
            "successor": f"{areas.names.get(successor, successor)} ({successor})",
            "date": date_format(match.former.merged_on)}
    return _("“%(label)s” is not an area CBS publishes that we know: use a municipality's name or key "
             "(Almere, GM0034), Nederland (NL01), a province (“Flevoland (PV)”), a landsdeel (“Noord-Nederland "
             "(LD)”) or a Veilig Thuis region (“Flevoland (VT)”). Remove the row or correct the name, and "
             "import again.") % {"label": text}


def figures_parse(*, region: Region, table: CbsTable, rows: list[tuple[int, dict[str, str]]],
                  period_status: dict[str, str] | None = None) -> FigureImportResult:
    """Checks every row; the figures to save, or every problem found (then nothing may be saved).

    `period_status`: a data set's period key (such as "2023JJ00") -> its status title from the table's
    metadata ("Voorlopig", "Nader voorlopig", "Definitief"); a provisional status marks its figures."""
    result = FigureImportResult()
    if not rows:
        result.errors.append(CellError(1, "", _("The file has a header but no rows.")))
        return result
    columns = _columns(table, list(rows[0][1]))
    if isinstance(columns, list):
        result.errors.extend(columns)
        return result
    result.relative_columns = list(columns.relative)
    result.unrecognised_columns = list(columns.unrecognised)
    # Metadata from outside (CBS's JSON): a status may be missing (null) or not text; it then marks nothing.
    statuses = {str(key).strip().upper(): str(status).strip().lower()
                for key, status in (period_status or {}).items() if key and isinstance(status, str)}
    own = dict(region.municipalities.values_list("code", "id"))
    areas = AreaResolver.from_database()
    seen: dict[tuple[str, str, str], int] = {}
    parts: dict[tuple[str, FigureKind, Period], list[ParsedFigure]] = {}
    for number, row in rows:
        total, split_kind = _breakdown_kind(table, columns, row)
        if not total and split_kind is None:
            result.breakdown_rows += 1
            if table.split and any(_BREAKDOWN_KEY.match(row.get(column, "").strip())
                                   for column in columns.breakdowns if column):
                result.keyed_breakdowns = True
            continue
        if columns.measure:
            name = row.get(columns.measure, "")
            found = table.measure_for(name)
            if found is None and is_relative(name) or found is not None and found.relative:
                if name not in result.relative_columns:
                    result.relative_columns.append(name)
                continue
            if found is None or found.kind is None:
                continue  # a measure of the table that the dashboards do not use
            cells = [(columns.value, found.kind)]
        else:
            cells = list(columns.measures.items())
        if split_kind is not None:
            # A declared breakdown row: its count of received reports is the breakdown's own kind.
            cells = [(column, split_kind) for column, kind in cells if kind == FigureKind.REPORTS]
            if not cells:
                continue
        if table.yearly and (month := month_of(row.get(columns.period, ""))) and month[1] != 1:
            # StatLine's population table is monthly; a download of a whole year holds twelve months.
            result.other_months += 1
            continue
        errors = len(result.errors)
        text = row.get(columns.area, "")
        match = areas.resolve(text)
        area, municipality_id = match.code, None
        # A former municipality that went wholly into one of the region's: its figure of a period before the
        # merger is part of its successor's (checked once the period is known).
        former = match.former if match.former and match.former.successor_code in own else None
        if former is not None:
            area, municipality_id = former.code, own[former.successor_code]
        elif not area:
            result.errors.append(CellError(number, columns.area, _area_problem(match, text, areas)))
        elif match.is_municipality:
            if area not in areas.codes:
                result.errors.append(CellError(number, columns.area, _("%(code)s is not a municipality code CBS "
                                                                       "uses.") % {"code": area}))
            elif area not in own:
                label = " ".join(text.split())
                result.errors.append(CellError(number, columns.area, _(
                    "%(area)s is a municipality outside %(region)s: select only your own municipalities and the "
                    "comparison areas (such as Nederland) in StatLine.") % {
                    "area": area if label.upper() == area else f"{label} ({area})", "region": region.name}))
            else:
                municipality_id = own[area]
        try:
            period, provisional = _period(table, row.get(columns.period, ""))
        except PeriodError as error:
            result.errors.append(CellError(number, columns.period, str(error)))
            continue
        if former is not None and period_start(period) >= former.merged_on:
            result.errors.append(CellError(number, columns.area, _area_problem(match, text, areas)))
        status = row.get(columns.status, "").strip().lower() if columns.status else ""
        status = status or statuses.get(row.get(columns.period, "").strip().rstrip("*").upper(), "")
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
            if area and key in seen:
                result.errors.append(CellError(number, column, _(
                    "The same figure as row %(row)s (%(area)s, %(period)s).") % {
                    "row": seen[key], "area": area, "period": period.label}))
                continue
            seen[key] = number
            if len(result.errors) == errors:
                parsed = ParsedFigure(number, area, municipality_id, kind, period, value,
                                      provisional or value_provisional)
                if former is not None:
                    parts.setdefault((former.successor_code, kind, period), []).append(parsed)
                else:
                    result.figures.append(parsed)
    _merge_former(result, parts, areas)
    if not result.errors and not result.figures and result.other_months:
        result.errors.append(CellError(1, "", _(
            "The file holds no January: inhabitants count on 1 January of each year. Choose the Januaries (or "
            "the years) under Perioden in StatLine.")))
    if not result.errors and not result.figures:
        result.errors.append(CellError(1, "", _(
            "No figures found: every row was a breakdown (not the total) or a measure the dashboards do not use.")))
    return result


def period_start(period: Period) -> date:
    return date(period.year, 7 if period.half == 2 else 1, 1)


def _merge_former(result: FigureImportResult, parts: dict[tuple[str, FigureKind, Period], list[ParsedFigure]],
                  areas: AreaResolver) -> None:
    """Adds the figures of former municipalities to their successor's of the same kind and period, all or
    nothing: the successor's figure must then cover every municipality it took in since (and itself, when
    it existed), or the sum would be too small and look like a fall."""
    def name(code: str) -> str:
        former = former_municipalities().get(code)
        return f"{former.name if former else areas.names.get(code, code)} ({code})"

    for (successor, kind, period), pieces in parts.items():
        first = min(piece.row for piece in pieces)
        expected = predecessors(successor, period_start(period))
        missing = [former.code for former in expected if former.code not in {piece.area_code for piece in pieces}]
        own = next((index for index, figure in enumerate(result.figures)
                    if (figure.area_code, figure.kind, figure.period) == (successor, kind, period)), None)
        existed = any(former.successor_existed for former in expected)
        words = {"successor": name(successor), "period": period.label,
                 "formers": ", ".join(name(former.code) for former in expected)}
        if successor in INCOMPLETE_PREDECESSORS:
            result.errors.append(CellError(first, "", _(
                "The figure of %(successor)s for %(period)s would also need that of %(other)s, which went into it "
                "(in part) later and cannot be added up here: leave out the former municipalities of that period.")
                % {**words, "other": INCOMPLETE_PREDECESSORS[successor]}))
            continue
        if missing:
            result.errors.append(CellError(first, "", _(
                "The figure of %(successor)s for %(period)s covers %(formers)s%(itself)s, which merged later; the "
                "file lacks %(missing)s. Add them, or leave out the former municipalities of that period.") % {
                **words, "missing": ", ".join(name(code) for code in missing),
                "itself": _(" and itself") if existed else ""}))
            continue
        if existed and own is None or not existed and own is not None:
            result.errors.append(CellError(first, "", (_(
                "The file has %(formers)s for %(period)s but not %(successor)s itself: its figure of that period "
                "is its own plus theirs. Add its row, or leave out the former municipalities.") if existed else _(
                "The file has both %(successor)s (which did not exist yet) and %(formers)s for %(period)s: CBS "
                "counted the same area twice. Keep one of the two.")) % words))
            continue
        figures = pieces + ([result.figures.pop(own)] if own is not None else [])
        values = [figure.value for figure in figures]
        result.figures.append(ParsedFigure(
            first, successor, pieces[0].municipality_id, kind, period,
            None if None in values else sum(values), any(figure.provisional for figure in figures),
            merged_from=tuple(sorted(piece.area_code for piece in pieces))))
        result.merged.setdefault((areas.names.get(successor, successor), period.label), set()).update(
            former_municipalities()[piece.area_code].name for piece in pieces)
    # A successor that existed before, imported for a period before its merger without the municipalities
    # it took in: its figure covers the smaller area, and the next years will look like a rise.
    for figure in result.figures:
        if figure.municipality_id is None or figure.merged_from:
            continue
        joined = [former for former in predecessors(figure.area_code, period_start(figure.period))
                  if former.successor_existed]
        if joined:
            result.smaller_area.setdefault((areas.names.get(figure.area_code, figure.area_code),
                                            ", ".join(former.name for former in joined)), set()).add(
                figure.period.label)


def figures_import(*, actor, region: Region, table: CbsTable, file_name: str,
                   rows: list[tuple[int, dict[str, str]]],
                   period_status: dict[str, str] | None = None) -> FigureImportResult:
    """Parses and, only when every row is right, places the figures, replacing those of the same kind,
    period and area (and no others: importing the country's population leaves the municipalities')."""
    result = figures_parse(region=region, table=table, rows=rows, period_status=period_status)
    if result.errors:
        return result
    placed: dict[tuple[str, str], set[str]] = {}
    for figure in result.figures:
        placed.setdefault((figure.kind, figure.period.key), set()).add(figure.area_code)
    with transaction.atomic():
        replace = Q(pk__in=[])
        for (kind, period), area_codes in placed.items():
            replace |= Q(kind=kind, period=period, area_code__in=sorted(area_codes))
        replaced = Figure.objects.filter(replace, region=region)
        # Several tables count the same thing (84849NED, 84851NED and 85361NED all hold the reports received):
        # the last import wins, and says which table's figures it took the place of.
        result.replaced_from_other_tables = dict(
            replaced.exclude(source__table=table.id).filter(source__isnull=False).values_list("source__table")
            .annotate(count=Count("pk")).values_list("source__table", "count"))
        result.replaced = replaced.delete()[0]
        # The import's own row is what the audit trail keeps: which table, periods and how many figures
        # it placed and replaced (the figures themselves are written in bulk).
        source = FigureImport.objects.create(
            region=region, table=table.id, file_name=file_name[:200], imported_by=actor,
            periods=sorted({period for _kind, period in placed}), figure_count=len(result.figures),
            replaced_count=result.replaced)
        Figure.objects.bulk_create([
            Figure(region=region, area_code=figure.area_code, municipality_id=figure.municipality_id,
                   kind=figure.kind, period=figure.period.key, value=figure.value,
                   provisional=figure.provisional, merged_from=list(figure.merged_from), source=source)
            for figure in result.figures
        ])
        result.source = source
    return result
