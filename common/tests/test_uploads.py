"""Uploaded documents are checked by what they are, not by their name: a PDF must begin and end like
one, an office document must be a whole zip archive that unpacks to a sane size."""
from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from common.uploads import MAX_ARCHIVE_ENTRIES, MAX_ARCHIVE_UNPACKED, check_archive, validate_document

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def office(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
STORED = office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}, zipfile.ZIP_STORED)


@pytest.mark.parametrize(("name", "content"), [
    ("plan.pdf", PDF),
    ("plan.pdf", PDF + b"\r\n" + b" " * 100),  # padding after the end marker, as some writers leave it
    ("plan.docx", DOCX),
    ("plan.xlsx", DOCX),
])
def test_real_documents_are_accepted(name, content):
    # Not raising is the point: a real document passes every check.
    validate_document(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(("name", "content"), [
    pytest.param("plan.pdf", PDF[:-7], id="a PDF cut off before its end"),
    pytest.param("plan.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>", id="a web page behind a PDF header"),
    pytest.param("plan.docx", b"PK\x03\x04" + b"\x00" * 200, id="a zip header and nothing more"),
    pytest.param("plan.docx", DOCX[: len(DOCX) // 2], id="a truncated archive"),
    pytest.param("plan.docx", STORED.replace(b"<w:document/>", b"<w:documenT/>"),
                 id="an archive whose content fails its checksum"),
])
def test_damaged_or_disguised_documents_are_refused(name, content):
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile(name, content))
    assert error.value.code == "file_content"


def test_an_archive_that_unpacks_to_too_much_is_refused():
    bomb = office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (MAX_ARCHIVE_UNPACKED + 1)})
    assert len(bomb) < 1024 * 1024  # a small upload
    with pytest.raises(ValidationError, match="unpacks to more than|pakt uit tot meer dan"):
        validate_document(SimpleUploadedFile("plan.docx", bomb))


def test_an_archive_with_too_many_parts_is_refused():
    crowded = office({f"part{n}.xml": b"" for n in range(MAX_ARCHIVE_ENTRIES + 1)})
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile("plan.xlsx", crowded))
    assert error.value.code == "file_content"


def test_checking_leaves_the_file_where_it_was():
    upload = SimpleUploadedFile("plan.docx", DOCX)
    upload.seek(5)
    check_archive(upload)
    assert upload.tell() == 5
