from django.core.management.base import BaseCommand

from casework.retention import retention_run


class Command(BaseCommand):
    help = ("Anonymise or delete closed cases kept longer than their region allows (casework/retention.py). "
            "Run daily from cron; running it twice does nothing the second time.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be done; change nothing.")

    def handle(self, *args, **options):
        report = retention_run(dry_run=options["dry_run"])
        done = {"anonymise": "anonymised", "delete": "deleted"}
        prefix = "Dry run, nothing changed. " if report.dry_run else ""
        if not report.regions:
            self.stdout.write(f"{prefix}No closed cases to handle.")
        for row in report.regions:
            verb = f"to be {done[row.after]}" if report.dry_run else done[row.after]
            self.stdout.write(f"{prefix}{row.region}: {row.cases} cases closed on or before "
                              f"{row.closed_before:%Y-%m-%d} {verb} (kept {row.months} months).")
