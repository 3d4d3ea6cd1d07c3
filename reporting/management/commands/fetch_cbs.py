"""For the platform's staff: fetch a declared CBS table for one region from StatLine's open-data API and
store it as an upload of the same table would be (reporting/cbs_fetch.py). Needs the server to reach
opendata.cbs.nl; without it the command says which address failed and changes nothing."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from governance.models import Region
from reporting.areas import is_cbs_area_key
from reporting.cbs import TABLES
from reporting.cbs_fetch import FetchError, figures_fetch
from reporting.importing import import_summary


class Command(BaseCommand):
    help = "Fetch a declared CBS table (reporting/cbs.py) for a region's areas and import it, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("table", help=f"One of: {', '.join(TABLES)}.")
        parser.add_argument("--region", required=True, help="The region's short name in addresses (its slug).")
        parser.add_argument("--area", action="append", default=[], metavar="KEY",
                            help="Another comparison area to fetch, such as PV24 (repeat for more).")
        parser.add_argument("--as-user", metavar="USERNAME",
                            help="Record the import as this person's (default: the system, no person).")

    def handle(self, *args, table: str, region: str, area: list[str], as_user: str | None, **options):
        declared = {key.lower(): value for key, value in TABLES.items()}
        cbs_table = declared.get(table.strip().lower())
        if cbs_table is None:
            raise CommandError(f"{table!r} is not a declared table; declared are: {', '.join(TABLES)}.")
        the_region = Region.objects.filter(slug=region).first()
        if the_region is None:
            raise CommandError(f"No region with the short name {region!r}.")
        wrong = [key for key in area if not is_cbs_area_key(key.strip().upper())]
        if wrong:
            raise CommandError(f"Not a comparison area key: {', '.join(wrong)} (use NL01, PV.., VT.., LD.. or RE..).")
        actor = None
        if as_user:
            actor = get_user_model().objects.filter(username=as_user, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active account {as_user!r}.")
        try:
            result, fetched = figures_fetch(actor=actor, region=the_region, table=cbs_table, extra_areas=area)
        except FetchError as error:
            raise CommandError(_("Could not read %(url)s: %(reason)s. Nothing was changed.")
                               % {"url": error.url, "reason": error.reason}) from None
        for url in fetched.urls:
            self.stdout.write(f"Read {url}")
        if result.errors:
            lines = [_("Row %(row)s, %(column)s: %(message)s") % {"row": e.row, "column": e.column or "-",
                                                                   "message": e.message} for e in result.errors]
            raise CommandError(_("Nothing was imported:") + "\n" + "\n".join(f"  {line}" for line in lines))
        self.stdout.write(self.style.SUCCESS(import_summary(result, cbs_table)))
        for note in result.notes:  # shares left out, breakdowns, former municipalities, other tables replaced
            self.stdout.write(note)
