"""Checks for uploaded documents (agreement annexes, policy plans).

Only office documents and PDFs are accepted, recognised by their content as well as their name:
a renamed executable or web page must not end up being served to other users. An office document
is a zip archive: it must be a whole one, and unpack to a sane size (a small file that unpacks to
gigabytes is an attack on whoever opens it, our import included). A PDF must end like a PDF.
"""
from __future__ import annotations

import uuid
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# Extension -> how the file must begin. OOXML and ODF documents are zip archives.
_ZIP = b"PK\x03\x04"
ALLOWED_DOCUMENTS = {
    ".pdf": b"%PDF-",
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".odt": _ZIP,
    ".ods": _ZIP,
}


# Sane bounds for an office document's archive: far above any real agreement, plan or spreadsheet.
MAX_ARCHIVE_ENTRIES = 2000
MAX_ARCHIVE_UNPACKED = 200 * 1024 * 1024
# A PDF ends with %%EOF, possibly followed by a little padding; readers look in the last kilobyte.
_PDF_TAIL = 1024


def check_archive(file, *, max_unpacked: int = MAX_ARCHIVE_UNPACKED, max_entries: int = MAX_ARCHIVE_ENTRIES) -> None:
    """Refuse a zip archive that is damaged, has too many entries or unpacks to more than `max_unpacked`.

    Every entry is read through (zipfile stops at the size an entry declares and checks its CRC), so
    a truncated or forged archive is found here and not by the next person who opens it.
    """
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > max_entries:
                raise ValidationError(_("This document holds more than %(count)s parts; it cannot be a real "
                                        "office document.") % {"count": max_entries}, code="file_content")
            if sum(entry.file_size for entry in entries) > max_unpacked:
                raise ValidationError(_("This document unpacks to more than %(size)s; it cannot be a real office "
                                        "document.") % {"size": filesizeformat(max_unpacked)}, code="file_content")
            if archive.testzip() is not None:
                raise zipfile.BadZipFile
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise ValidationError(_("This file is damaged or not a real office document."), code="file_content") from None
    finally:
        file.seek(position)


def _ends_like_a_pdf(file) -> bool:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(max(0, file.size - _PDF_TAIL))
    tail = file.read(_PDF_TAIL)
    file.seek(position)
    return b"%%EOF" in tail


def validate_document(file) -> None:
    if getattr(file, "_committed", False):
        return  # the stored file, checked when it was uploaded; an edit without a new upload keeps it
    extension = PurePath(file.name).suffix.lower()
    if extension not in ALLOWED_DOCUMENTS:
        raise ValidationError(
            _("Upload a PDF or an office document (%(types)s).") % {"types": ", ".join(sorted(ALLOWED_DOCUMENTS))},
            code="file_type",
        )
    limit = settings.MAX_UPLOAD_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_size",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    start = file.read(len(ALLOWED_DOCUMENTS[extension]))
    file.seek(position)
    if start != ALLOWED_DOCUMENTS[extension] or (extension == ".pdf" and not _ends_like_a_pdf(file)):
        raise ValidationError(_("This file is not a real %(type)s document.") % {"type": extension[1:].upper()},
                              code="file_content")
    if ALLOWED_DOCUMENTS[extension] == _ZIP:
        check_archive(file)


@deconstructible
class DocumentPath:
    """An upload path that never uses the uploader's file name (that is kept separately, for display)."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return f"{self.folder}/{instance.region_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"

    def __eq__(self, other) -> bool:
        return isinstance(other, DocumentPath) and other.folder == self.folder
