"""A backup of the scale-2 demo, restored into an empty database, has every row and every uploaded
file back; a restore that does not match its backup says so and fails.

The backup is taken from the test database, so the test commits (transactional) and runs on SQLite
and on PostgreSQL alike; the empty database is a second SQLite file or a second PostgreSQL database."""
from __future__ import annotations

import hashlib
import json
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connections
from django.db.utils import load_backend

from common.backup import MANIFEST, backup_create, backup_verify, table_row_counts
from governance.demo import demo_build
from governance.models import Annex, PolicyPlan

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def empty_database(transactional_db, tmp_path):
    """The alias of a database with nothing in it, not even tables. Its connection is made here and
    not declared in settings: Django's test guard allows such connections."""
    default = connections["default"].settings_dict
    if connections["default"].vendor == "sqlite":
        name = str(tmp_path / "restored.sqlite3")
    else:
        name = f"{default['NAME']}_restored"
        with connections["default"].cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    restored = load_backend(default["ENGINE"]).DatabaseWrapper({**default, "NAME": name}, "restored")
    connections["restored"] = restored
    yield "restored"
    restored.close()
    del connections["restored"]
    if connections["default"].vendor != "sqlite":
        _drop(name)


def _drop(name: str) -> None:
    """A plain DROP ends an autovacuum worker busy in the restored database itself (one often is, after
    thousands of inserts), which FORCE may not: it needs rights over the worker's role, which the test
    role lacks. FORCE is the fallback for a session of our own left open."""
    with connections["default"].cursor() as cursor:
        try:  # autocommit (a transactional test): a failed DROP leaves the connection usable
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        except OperationalError:  # still accessed by another session
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def media_hashes(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in root.rglob("*") if path.is_file()}


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_of_the_scale_2_demo_has_every_row_and_file(settings, tmp_path, empty_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("flush", interactive=False, verbosity=0)  # the session's scale-1 demo may be there
    demo_build(scale=2)
    plan = PolicyPlan.objects.filter(region__slug="flevoland").first()
    plan.document.save("plan.pdf", ContentFile(PDF))  # the demo's annexes have files; its plans none
    uploads = Annex.objects.count() + PolicyPlan.objects.exclude(document="").count()
    rows = table_row_counts()
    files = media_hashes(settings.MEDIA_ROOT)
    assert len(files) == uploads > 1

    out = StringIO()
    call_command("backup", tmp_path, stdout=out)
    (archive,) = tmp_path.glob("samen-sturen-*.tar.gz")
    assert f"{sum(rows.values())} rows, {len(files)} files" in out.getvalue()

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    out = StringIO()
    call_command("restore", archive, database=empty_database, stdout=out)

    assert table_row_counts(using=empty_database) == rows
    assert media_hashes(settings.MEDIA_ROOT) == files
    assert f"{len(rows)} tables, {sum(rows.values())} rows, {len(files)} files" in out.getvalue()
    print(out.getvalue())  # the numbers found back, for whoever runs this test with -s

    # Running it again is refused on the database now in use, and replaces it cleanly when forced.
    with pytest.raises(CommandError, match="in use"):
        call_command("restore", archive, database=empty_database, stdout=StringIO())
    call_command("restore", archive, database=empty_database, force=True, stdout=StringIO())
    assert table_row_counts(using=empty_database) == rows


@pytest.mark.django_db(transaction=True)
def test_an_archive_holds_the_files_and_a_manifest_of_them_readable_by_its_owner_only(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "plans").mkdir(parents=True)
    (settings.MEDIA_ROOT / "plans" / "plan.pdf").write_bytes(PDF)

    archive, manifest = backup_create(target=tmp_path / "backup.tar.gz")

    with tarfile.open(archive) as tar:
        assert json.load(tar.extractfile(MANIFEST)) == manifest
        assert "media/plans/plan.pdf" in tar.getnames()
    assert archive.stat().st_mode & 0o077 == 0  # casework data: readable by its owner only
    assert manifest["files"] == {"plans/plan.pdf": {"size": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest()}}
    assert manifest["tables"] == table_row_counts()
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.django_db
def test_a_restore_that_differs_from_its_backup_lists_every_difference(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "changed.pdf").write_bytes(PDF + b"!")
    rows = table_row_counts()
    manifest = {
        "tables": {**rows, "auth_user": rows["auth_user"] + 1, "vanished_table": 3},
        "files": {"changed.pdf": {"sha256": hashlib.sha256(PDF).hexdigest()},
                  "missing.pdf": {"sha256": hashlib.sha256(PDF).hexdigest()}},
    }

    report = backup_verify(manifest=manifest)

    assert report.problems == [
        f"table auth_user has {rows['auth_user']} rows, the backup {rows['auth_user'] + 1}",
        "table vanished_table is missing",
        "file changed.pdf differs from the backup",
        "file missing.pdf is missing",
    ]


@pytest.mark.django_db
def test_restore_refuses_an_archive_without_a_manifest(tmp_path):
    not_a_backup = tmp_path / "notes.tar.gz"
    with tarfile.open(not_a_backup, "w:gz"):
        pass
    with pytest.raises(CommandError, match="no readable manifest"):
        call_command("restore", not_a_backup, stdout=StringIO())
