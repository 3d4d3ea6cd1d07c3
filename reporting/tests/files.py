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
