"""For the platform's staff: start a real region from nothing (README, "A new region").

Creates the region with its municipalities, by their CBS codes checked against the reference geography,
and invites its first functional administrator (ADR 0017: the role starts when they accept, through
the link in their mail). No vocabulary, register, figures or demo data: the region's start page then
lists the first steps. All or nothing: any refusal creates nothing and mails nobody.
"""
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from governance.models import Region
from governance.services import region_create, regions_sharing


class Command(BaseCommand):
    help = ("Create a region with its municipalities (CBS codes, e.g. GM0034) and invite its first functional "
            "administrator. Creates no demo data.")

    def add_arguments(self, parser):
        parser.add_argument("name", help="the region's name, e.g. “Veilig Thuis Flevoland”")
        parser.add_argument("--slug", default="", help="its short name in addresses (default: from the name)")
        parser.add_argument("--municipalities", nargs="+", required=True, metavar="GMxxxx",
                            help="CBS codes of its municipalities, separated by spaces or commas")
        parser.add_argument("--administrator", default="", metavar="EMAIL",
                            help="the e-mail address of its first functional administrator (required, except for "
                                 "a subregion)")
        parser.add_argument("--part-of", default="", metavar="SLUG",
                            help="for a subregion: the short name of the region it is part of")
        parser.add_argument("--first-name", default="", help="the administrator's first name (for the mail)")
        parser.add_argument("--last-name", default="", help="the administrator's last name")
        parser.add_argument("--by", required=True, metavar="USERNAME",
                            help="your own staff account: the invitation names who invited")

    def handle(self, *args, name, slug, municipalities, administrator, first_name, last_name, by, part_of,
               **options):
        actor = get_user_model().objects.filter(username=by, is_active=True, is_staff=True).first()
        if actor is None:
            raise CommandError(f"No active staff account {by!r}: --by names the platform's staff member who "
                               "invites (create one with manage.py createsuperuser).")
        parent = None
        if part_of:
            parent = Region.objects.filter(slug=part_of, parent__isnull=True).first()
            if parent is None:
                raise CommandError(f"Nothing was created: no region {part_of!r} (a top-level region's short name).")
        codes = [code for item in municipalities for code in item.replace(",", " ").split()]
        try:
            region, invitation = region_create(
                actor=actor, name=name, slug=slug, municipality_codes=codes, administrator_email=administrator,
                first_name=first_name, last_name=last_name, parent=parent)
        except ValidationError as error:
            raise CommandError("Nothing was created:\n" + "\n".join(f"  {message}" for message in error.messages)
                               ) from None
        places = list(region.municipalities.order_by("name"))
        self.stdout.write(self.style.SUCCESS(
            f"Created {region.name} (/regions/{region.slug}/) with {len(places)} municipalities: "
            + ", ".join(f"{m.name} ({m.code})" for m in places) + "."))
        for municipality, others in regions_sharing(places, besides=region).items():
            self.stdout.write(self.style.WARNING(
                f"{municipality.name} ({municipality.code}) is also part of "
                + ", ".join(other.name for other in others)
                + ": a role in that municipality gives access to each of these regions."))
        if invitation is None:
            self.stdout.write(f"A subregion of {parent.name}: its administrators administer it.")
            return
        self.stdout.write(
            f"Invited {invitation.email} as its functional administrator (valid until "
            f"{invitation.expires_at:%Y-%m-%d}); the role starts when they accept through the link in their mail. "
            "Their start page then lists the region's first steps.")
