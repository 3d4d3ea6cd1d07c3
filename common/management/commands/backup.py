from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_create


class Command(BaseCommand):
    help = ("Write the database and every uploaded file to one archive (.tar.gz) with a manifest. "
            "Safe while the app runs.")

    def add_arguments(self, parser):
        parser.add_argument("target", type=Path, help="A directory (gets a dated file name) or the archive's path.")
        parser.add_argument("--database", default="default", help="The database alias to back up.")

    def handle(self, *args, target: Path, database: str, **options):
        if not target.is_dir() and not target.parent.is_dir():
            raise CommandError(f"{target.parent} is not a directory.")
        try:
            path, manifest = backup_create(target=target, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {path}: {len(manifest['tables'])} tables, {rows} rows, "
            f"{len(manifest['files'])} files."))
