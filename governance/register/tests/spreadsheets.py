"""Files for the import tests: a CSV from rows, its upload, and the (row, column) of each error."""
from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from .rows import url


def csv_bytes(rows: list[list[str]], delimiter: str = ",", bom: bool = False) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def upload(client, entity: str, content: bytes, name: str = "import.csv"):
    return client.post(url("register_import", entity), {"file": SimpleUploadedFile(name, content)})


def errors_of(response) -> set[tuple[int, str]]:
    assert response.status_code == 400
    return {(error.row, error.column) for error in response.context["result"].errors}
