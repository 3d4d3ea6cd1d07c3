"""Reading an XLSX download back in tests: its cells as Python values, or as one text to search."""
from __future__ import annotations

import io


def workbook_rows(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def workbook_cells(content: bytes) -> list[list]:
    """The first sheet's cells themselves, for their type (`data_type`) and format."""
    from openpyxl import load_workbook

    return [list(row) for row in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows()]


def workbook_text(content: bytes) -> str:
    return "\n".join("\t".join("" if value is None else str(value) for value in row)
                     for row in workbook_rows(content))
