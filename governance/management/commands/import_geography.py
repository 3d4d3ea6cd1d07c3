from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

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
            raise CommandError(_("Nothing was imported:") + "\n" + "\n".join(f"  {e}" for e in error.errors)) from None
        for message in summary.messages:
            self.stdout.write(message)
        self.stdout.write(
            self.style.SUCCESS(
                _("Municipalities: %(created)s new, %(updated)s updated, %(unchanged)s unchanged, "
                  "%(deactivated)s marked inactive, %(reactivated)s active again.") % vars(summary)
            )
        )
