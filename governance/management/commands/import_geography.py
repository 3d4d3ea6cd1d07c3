from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance.geography import DEFAULT_DIR, GeographyImportError, geography_import


class Command(BaseCommand):
    help = "Load or update safety regions and municipalities from the reference CSV files (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=Path, default=DEFAULT_DIR / "municipalities.csv")
        parser.add_argument("--safety-regions", type=Path, default=DEFAULT_DIR / "safety_regions.csv")

    def handle(self, *args, **options):
        try:
            summary = geography_import(
                municipalities_path=options["municipalities"], safety_regions_path=options["safety_regions"]
            )
        except GeographyImportError as error:
            raise CommandError("Nothing was imported:\n" + "\n".join(f"  {e}" for e in error.errors)) from None
        for message in summary.messages:
            self.stdout.write(message)
        self.stdout.write(
            self.style.SUCCESS(
                f"Municipalities: {summary.created} new, {summary.updated} updated, "
                f"{summary.unchanged} unchanged, {summary.deactivated} marked inactive, "
                f"{summary.reactivated} active again."
            )
        )
