"""Building StatLine-shaped files for the import tests."""
from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from common.spreadsheets import read_rows

WIDE_HEADER = '"ID";"KenmerkenAdviezenMeldingen";"RegioS";"Perioden";"GestarteAdviezen_1";"OntvangenMeldingen_2"'


def wide(*rows: str, header: str = WIDE_HEADER) -> bytes:
    """Measures as columns, like a typed data set (semicolons, quoted keys)."""
    return "\n".join([header, *rows]).encode()


def long(*rows: str, header: str = "Id,Measure,ValueAttribute,Value,RegioS,Perioden") -> bytes:
    """One row per measure (Measure and Value columns), like the newer open data."""
    return "\n".join([header, *rows]).encode()


def upload(data: bytes, name: str = "figures.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def rows_of(data: bytes):
    return read_rows(upload(data))


def website(header: list[list[str]], rows: list[list[str]], *, delimiter: str = ";",
            title: str = "") -> bytes:
    """A table as StatLine's website downloads it: a byte-order mark, every cell quoted, its header rows
    (a group's label once, above its first column), and the table's title above and the source below."""
    lines = ([[title]] if title else []) + header + rows + [["Bron: CBS"]]
    text = "\n".join(delimiter.join(f'"{cell}"' for cell in line) for line in lines)
    return ("\ufeff" + text + "\n").encode()


def workbook(lines: list[list]) -> SimpleUploadedFile:
    """The same rows as an XLSX file; numbers stay numbers, as StatLine's Excel download has them."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    for line in lines:
        book.active.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("figures.xlsx", buffer.getvalue())
