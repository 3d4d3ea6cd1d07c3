"""Checks for uploaded documents (agreement annexes, policy plans).

Only office documents and PDFs are accepted, recognised by their content as well as their name:
a renamed executable or web page must not end up being served to other users.
"""
from __future__ import annotations

import uuid
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
            _("The file is %(size)s; the limit is %(limit)s.") % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_size",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    start = file.read(len(ALLOWED_DOCUMENTS[extension]))
    file.seek(position)
    if start != ALLOWED_DOCUMENTS[extension]:
        raise ValidationError(_("This file is not a real %(type)s document.") % {"type": extension[1:].upper()},
                              code="file_content")


@deconstructible
class DocumentPath:
    """An upload path that never uses the uploader's file name (that is kept separately, for display)."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return f"{self.folder}/{instance.region_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"

    def __eq__(self, other) -> bool:
        return isinstance(other, DocumentPath) and other.folder == self.folder
