from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Restore a backup archive (from `manage.py backup`) into the configured database and MEDIA_ROOT, "
            "then check every table's rows and every file against the archive's manifest.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database", default="default", help="The database alias to restore into.")
        parser.add_argument("--force", action="store_true",
                            help="Replace the contents of a database that already holds data.")

    def handle(self, *args, archive: Path, database: str, force: bool, **options):
        if not archive.is_file():
            raise CommandError(f"{archive} is not a file.")
        try:
            report = backup_restore(archive=archive, using=database, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if report.problems:
            for problem in report.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"The restore does not match the backup: {len(report.problems)} differences.")
        self.stdout.write(self.style.SUCCESS(
            f"Restored and checked: {report.tables} tables, {report.rows} rows, {report.files} files."))
