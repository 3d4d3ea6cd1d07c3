"""Reading a spreadsheet a user uploads (CSV or XLSX) into numbered rows, within safe limits; writing
the exports as CSV or XLSX.

Every import reads its file here: the register's lists and the figures from CBS StatLine. A CSV may
be written with commas or (as Dutch Excel does) semicolons; a workbook is read from its first sheet.
Every export writes here too: the same rows as CSV, or as a workbook that Dutch Excel opens with
numbers as numbers and dates as dates (a CSV's "28.5" is a date or a text there).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .uploads import check_archive

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
# No import has more than a dozen columns; a sheet far wider is a mistake or an attack.
MAX_IMPORT_COLUMNS = 100
# What a 2 MB workbook of 5,000 rows can honestly unpack to.
MAX_WORKBOOK_UNPACKED = 50 * 1024 * 1024


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, encoding, no header)."""


@dataclass(frozen=True)
class CellError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


# --- Reading the file -------------------------------------------------------------------------------


def read_rows(upload) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a CSV or XLSX file, each with its row number, as dicts keyed by lower-case header."""
    numbered = read_cells(upload)
    header = [cell.lower() for cell in numbered[0][1]]
    return [
        (number, dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)))
        for number, row in numbered[1:]
    ]


def read_cells(upload, *, header_rows: int = 1) -> list[tuple[int, list[str]]]:
    """Every non-empty row of a CSV or XLSX file as stripped cells, numbered as the spreadsheet numbers
    them (from 1). For files whose header is not simply row 1 (CBS's website writes two or three header
    rows, sometimes under a title): the caller finds the header itself. `header_rows` is how many rows
    beyond MAX_IMPORT_ROWS the file may have."""
    if upload.size > MAX_IMPORT_BYTES:
        raise ImportFileError(_("The file is too large to import (at most 2 MB)."))
    extension = PurePath(upload.name).suffix.lower()
    if extension == ".xlsx":
        table = _xlsx_cells(upload, max_rows=MAX_IMPORT_ROWS + header_rows)
    elif extension in (".csv", ".txt"):
        table = _csv_cells(upload)
    else:
        raise ImportFileError(_("Upload a CSV or XLSX file."))
    # Numbered before empty rows are left out.
    numbered = [(number, [_unquote(cell.strip()) for cell in row])
                for number, row in enumerate(table, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise ImportFileError(_("The file is empty."))
    if len(numbered) - header_rows > MAX_IMPORT_ROWS:
        raise _too_many_rows()
    return numbered


def _unquote(cell: str) -> str:
    """Our CSV export puts a quote before text that spreadsheets would run as a formula; take it off."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell


def _csv_cells(upload) -> list[list[str]]:
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The file is not UTF-8 text. Save it as \"CSV UTF-8\" and try again.")) from None
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
    except csv.Error:  # a cell longer than the csv module allows (128 kB), or a broken quote
        raise ImportFileError(_("The file is not a CSV table this import can read: one of its cells is far too "
                                "long, or a quote is left open. Save it from the spreadsheet again.")) from None
    if any(len(row) > MAX_IMPORT_COLUMNS and any(cell.strip() for cell in row[MAX_IMPORT_COLUMNS:]) for row in rows):
        raise _too_many_columns()
    return rows


def _delimiter(text: str) -> str:
    """Semicolons (Dutch Excel, CBS's website) or commas: the one that splits the first lines into the
    most columns most often. A title line, or decimal commas in a semicolon file, do not mislead it."""
    head = "\n".join(text.splitlines()[:20])

    def width(delimiter: str) -> tuple[int, int]:
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(head), delimiter=delimiter) if row]
        except csv.Error:  # not this delimiter (or not a table: reading the whole file says so)
            return (0, 0)
        common = max(set(widths), key=lambda w: (widths.count(w), w)) if widths else 1
        return (common, widths.count(common))

    return ";" if width(";") >= width(",") and width(";")[0] > 1 else ","


def _too_many_rows() -> ImportFileError:
    return ImportFileError(_("The file has more than %(count)s rows; split it up.") % {"count": MAX_IMPORT_ROWS})


def _too_many_columns() -> ImportFileError:
    return ImportFileError(_("The file has more than %(count)s columns; keep only the columns of the import.")
                           % {"count": MAX_IMPORT_COLUMNS})


def _xlsx_cells(upload, *, max_rows: int = MAX_IMPORT_ROWS + 1) -> list[list[str]]:
    """The first sheet's cells, read row by row and never past the limits.

    The size a workbook declares for its sheet is the file's word, not a fact (a 5 KB file can claim a
    million rows of 700 columns), so it is ignored: reading stops at the first row past the limit, and
    a row with anything right of the column limit stops it too.
    """
    from openpyxl import load_workbook

    try:
        check_archive(upload, max_unpacked=MAX_WORKBOOK_UNPACKED)
    except ValidationError as error:
        raise ImportFileError(" ".join(error.messages)) from None
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        rows = []
        # Without dimensions each row is as wide as its last cell (at most 18,278 columns), checked and dropped.
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > max_rows:  # the header and the data rows
                raise _too_many_rows()
            beyond = values[MAX_IMPORT_COLUMNS:]
            if beyond and beyond.count(None) != len(beyond):  # counted in C: a row can be 18,278 cells wide
                raise _too_many_columns()
            rows.append(["" if value is None else _xlsx_text(value) for value in values[:MAX_IMPORT_COLUMNS]])
    finally:
        workbook.close()
    return rows


def _xlsx_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    return str(value)


def csv_safe(value):
    """Spreadsheets run cells that start with = + - @ as formulas; a leading quote keeps them text.
    Every CSV the application writes passes its cells through here (the imports take the quote off)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _SafeWriter:
    """A csv writer whose every cell goes through `csv_safe`."""

    def __init__(self, target):
        self._writer = csv.writer(target)

    def writerow(self, row) -> None:
        self._writer.writerow([csv_safe(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_download(filename: str):
    """(response, writer) for a CSV the browser saves as `filename`: UTF-8 with the mark spreadsheet
    programs need to read it as such, every cell made safe from running as a formula."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response, _SafeWriter(response)


# --- Writing an export ------------------------------------------------------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
_FORMULA_STARTS = ("=", "+", "-", "@")


def _csv_value(value):
    """A typed cell as the CSV has always written it: dates in ISO 8601, unknown as empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


class _XlsxWriter:
    """Rows into a write-only workbook (memory stays flat for the audit trail's thousands of rows)."""

    def __init__(self, title: str):
        from openpyxl import Workbook

        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(title=title[:31] or "export")

    def _cell(self, value):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        if isinstance(value, datetime):
            # Excel knows no time zones: the time as people here read it.
            value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        elif isinstance(value, bool):
            value = _("yes") if value else _("no")
        elif not isinstance(value, int | float | Decimal | date) and value is not None:
            value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        cell = WriteOnlyCell(self.sheet, value=value if value != "" else None)
        if isinstance(value, str) and value:
            # Text stays text, never a formula: openpyxl would write "=cmd" as one. The quote prefix keeps it
            # text when someone edits the cell, as the quote does in the CSV (`csv_safe`).
            cell.data_type = "s"
            if value[:1] in _FORMULA_STARTS:
                cell.quotePrefix = True
        return cell

    def writerow(self, row) -> None:
        self.sheet.append([self._cell(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


class _CsvWriter(_SafeWriter):
    def writerow(self, row) -> None:
        super().writerow([_csv_value(value) for value in row])


class SpreadsheetDownload:
    """An export the browser saves as `<name>.csv` or `<name>.xlsx`: write its rows, then return
    `.response()`. Cells may be typed (int, Decimal, date, datetime, None for unknown): the workbook keeps
    them as numbers and dates, the CSV writes them as it always has."""

    def __init__(self, name: str, fmt: str = "csv"):
        if fmt not in FORMATS:
            raise ValueError(f"no export format {fmt!r}")
        self.fmt = fmt
        if fmt == "csv":
            self._response, _plain = csv_download(f"{name}.csv")
            self._writer = _CsvWriter(self._response)
        else:
            self._response = HttpResponse(content_type=XLSX_CONTENT_TYPE)
            self._response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            self._writer = _XlsxWriter(name)

    def writerow(self, row) -> None:
        self._writer.writerow(row)

    def writerows(self, rows) -> None:
        self._writer.writerows(rows)

    def response(self) -> HttpResponse:
        if self.fmt == "xlsx":
            buffer = io.BytesIO()  # a zip file is written with seeks; a response only appends
            self._writer.workbook.save(buffer)
            self._response.write(buffer.getvalue())
        return self._response


def spreadsheet_download(name: str, fmt: str = "csv") -> SpreadsheetDownload:
    """The export `name` (without extension) as CSV or XLSX; every cell safe from running as a formula."""
    return SpreadsheetDownload(name, fmt)
