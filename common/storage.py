"""The storage for uploaded documents (agreement annexes, policy plans): the filesystem, but a full disk
is an answer the person can read, not a server error, and leaves nothing half-written behind.

A model's FileField stores its file while the row is being saved, inside the service's transaction,
so the error raised here rolls the row back too: nothing is half-stored in the database either. It is
a ValidationError, so every form that saves through a service already shows it (the register's forms
add it to the form's errors)."""
from __future__ import annotations

import errno
import logging
import os

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# No space left on the device, or the disk quota of the account the app runs as is used up.
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


class StorageFullError(ValidationError):
    """Raised instead of the OSError: the person reads it as a form error."""

    def __init__(self):
        super().__init__(
            _("The file could not be stored: the server's disk is full. Nothing was saved; try again later "
              "or tell the administrator."),
            code="storage_full",
        )


class DocumentStorage(FileSystemStorage):
    def _save(self, name: str, content) -> str:
        path = self.path(name)
        existed = os.path.lexists(path)
        try:
            return super()._save(name, content)
        except OSError as error:
            if error.errno not in DISK_FULL:
                raise
            # The part that was written before the disk filled up is of no use to anyone.
            if not existed and os.path.lexists(path):
                try:
                    os.remove(path)
                except OSError:
                    logger.exception("A partly written upload could not be removed: %s", path)
            logger.error("An upload could not be stored, the disk is full: %s", error)
            raise StorageFullError() from error
