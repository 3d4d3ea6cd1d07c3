"""Backup and restore: the database and the uploaded files in one archive, with a manifest to check
a restore against.

An archive is a gzipped tar file holding
- `database.sqlite3` (a consistent online copy made with SQLite's backup API) or `database.pgdump`
  (`pg_dump --format=custom`);
- `media/...`: every file under MEDIA_ROOT (agreement annexes, policy plans);
- `manifest.json`: format version, database vendor, when it was made, the rows per table in the
  copy and every file with its size and SHA-256.

A restore refuses a database that is in use unless forced, puts the database and the files
back, and then checks both against the manifest; any difference is reported, never ignored.
Only the filesystem storage is covered: an object store keeps (and versions) its own files.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.utils import timezone

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# libpq settings that may come through DATABASE_URL's query string (see config/settings/env.py).
_LIBPQ_OPTIONS = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
                  "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT"}
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the person running it."""


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)


def backup_create(*, target: Path, using: str = "default", media_root: Path | None = None) -> tuple[Path, dict]:
    """Write a backup archive to `target` (a directory gets a dated file name); return its path and manifest."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(f"Backups of a {vendor} database are not supported.")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    target = Path(target)
    if target.is_dir():
        target = target / f"samen-sturen-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
    # Written next to its final place and renamed at the end, so that an interrupted run never
    # leaves a file that looks like a complete backup.
    partial = target.with_name(target.name + ".partial")
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMPS[vendor]
        # The database first, the files after: an upload is stored before its row is saved, so every
        # file the copied rows point at is already on disk when the files are read.
        rows = _sqlite_dump(connection, dump) if vendor == "sqlite" else _postgresql_dump(connection, dump)
        manifest = {"format": FORMAT_VERSION, "vendor": vendor, "created_at": timezone.now().isoformat(),
                    "tables": rows, "files": {}}
        try:
            _write_archive(partial, dump, media_root, manifest)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    partial.replace(target)
    return target, manifest


def _write_archive(path: Path, dump: Path, media_root: Path, manifest: dict) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds casework data
    with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
        archive.add(dump, arcname=dump.name)
        for file in _media_files(media_root):
            name = file.relative_to(media_root).as_posix()
            data = file.read_bytes()  # uploads are at most MAX_UPLOAD_BYTES; hashed as archived
            manifest["files"][name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            info = tarfile.TarInfo(f"{MEDIA}/{name}")
            info.size, info.mtime, info.mode = len(data), int(file.stat().st_mtime), 0o600
            archive.addfile(info, io.BytesIO(data))
        # Last, once the files are known; a restore reads the whole archive anyway.
        content = json.dumps(manifest, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(content), int(timezone.now().timestamp()), 0o600
        archive.addfile(info, io.BytesIO(content))


def backup_restore(*, archive: Path, using: str = "default", media_root: Path | None = None,
                   force: bool = False) -> RestoreReport:
    """Put an archive's database and files back, then compare them with its manifest."""
    connection = connections[using]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        try:
            with tarfile.open(archive, mode="r:gz") as tar:
                # The "data" filter refuses absolute paths, links out of the folder and device files.
                tar.extractall(work, filter="data")
        except (OSError, tarfile.TarError) as error:
            raise BackupError(f"{archive} cannot be read as a backup: {error}") from None
        manifest = _read_manifest(work)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(f"This is a backup of a {manifest['vendor']} database; the database to restore "
                              f"into is {connection.vendor}.")
        if not force and database_in_use(using=using):
            raise BackupError("The database already has user accounts, so it is in use; restore into an empty "
                              "database, or pass --force to replace its contents.")
        dump = work / DUMPS[connection.vendor]
        connection.close()  # the restore replaces what an open connection may have cached
        if connection.vendor == "sqlite":
            _sqlite_load(dump, connection.settings_dict["NAME"])
        else:
            _postgresql_load(connection, dump)
        for name in manifest["files"]:
            destination = media_root / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / MEDIA / name, destination)
    return backup_verify(manifest=manifest, using=using, media_root=media_root)


def backup_verify(*, manifest: dict, using: str = "default", media_root: Path | None = None) -> RestoreReport:
    """Every table of the manifest with as many rows, and every file with the same content."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    report = RestoreReport()
    found = table_row_counts(using=using)
    for table, expected in sorted(manifest["tables"].items()):
        if table not in found:
            report.problems.append(f"table {table} is missing")
        elif found[table] != expected:
            report.problems.append(f"table {table} has {found[table]} rows, the backup {expected}")
        else:
            report.tables += 1
            report.rows += expected
    for name, expected in sorted(manifest["files"].items()):
        path = media_root / name
        if not path.is_file():
            report.problems.append(f"file {name} is missing")
        elif _sha256(path) != expected["sha256"]:
            report.problems.append(f"file {name} differs from the backup")
        else:
            report.files += 1
    return report


def table_row_counts(*, using: str = "default") -> dict[str, int]:
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return {table: _count(cursor, connection.ops.quote_name(table)) for table in tables}


def database_in_use(*, using: str = "default") -> bool:
    """Whether the database has user accounts. Nothing is entered in the app without one, while
    `migrate` (content types, seeded vocabularies) and `import_geography` fill tables on an unused
    database too, and a restore may replace those."""
    connection = connections[using]
    table = get_user_model()._meta.db_table
    with connection.cursor() as cursor:
        if table not in connection.introspection.table_names(cursor):
            return False
        return _count(cursor, connection.ops.quote_name(table)) > 0


def _count(cursor, quoted_table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {quoted_table}")  # noqa: S608 - a quoted name from the catalogue
    return cursor.fetchone()[0]


def _sqlite_dump(connection, dump: Path) -> dict[str, int]:
    # The backup API copies page by page and starts again if someone writes meanwhile: the copy is
    # one consistent state, taken while the app keeps running. Rows are counted in the copy itself.
    source = sqlite3.connect(connection.settings_dict["NAME"], timeout=20)
    copy = sqlite3.connect(dump)
    try:
        source.backup(copy)
        tables = [name for (name,) in copy.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")]
        return {table: _count(copy.cursor(), '"{}"'.format(table.replace('"', '""'))) for table in tables}
    finally:
        copy.close()
        source.close()


def _sqlite_load(dump: Path, name: str) -> None:
    # Through the backup API as well, so that a database file in WAL mode is replaced whole and a
    # running server's connections never see half of it.
    source = sqlite3.connect(dump)
    target = sqlite3.connect(name, timeout=20)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _postgresql_dump(connection, dump: Path) -> dict[str, int]:
    # The rows are counted in a snapshot that pg_dump then dumps (--snapshot), so the manifest
    # describes exactly the dump even while others write.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        rows = {table: _count(cursor, connection.ops.quote_name(table))
                for table in connection.introspection.table_names(cursor)}
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"], connection)
    return rows


def _postgresql_load(connection, dump: Path) -> None:
    # --clean --if-exists drops what the dump is about to create, so a forced restore over an older
    # copy works and a run that was interrupted can simply be repeated; --single-transaction makes
    # a failed restore change nothing.
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={connection.settings_dict['NAME']}", str(dump)], connection)


def _run(command: list[str], connection) -> None:
    """Run a PostgreSQL client program against the connection's database; the password goes through
    the environment, never the command line (which other users of the machine can read)."""
    db = connection.settings_dict
    given = {"PGDATABASE": db["NAME"], "PGUSER": db["USER"], "PGPASSWORD": db["PASSWORD"], "PGHOST": db["HOST"],
             "PGPORT": db["PORT"]}
    given.update({variable: db["OPTIONS"][key] for key, variable in _LIBPQ_OPTIONS.items()
                  if key in db.get("OPTIONS", {})})
    # What the settings leave empty, libpq takes from the environment or its defaults, as psycopg does.
    env = {**os.environ, **{variable: str(value) for variable, value in given.items() if value}}
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt install postgresql-client).")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file() and not path.is_symlink())


def _read_manifest(work: Path) -> dict:
    try:
        manifest = json.loads((work / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError("The archive has no readable manifest; it is not a complete backup.") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Backup format {manifest.get('format')!r} is not known to this version of the app.")
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
