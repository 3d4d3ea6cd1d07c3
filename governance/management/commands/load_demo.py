from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from governance.demo import DEMO_PASSWORD, demo_build, demo_is_loaded, demo_logins


class Command(BaseCommand):
    help = "Load the fictional Flevoland demo region with one user per role (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiply every volume by N (benchmarks).")

    def handle(self, *args, scale: int, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if demo_is_loaded():
            self.stdout.write("The demo region is already loaded; nothing changed.")
        else:
            try:
                demo_build(scale=scale)
            except ImproperlyConfigured as error:
                raise CommandError(str(error)) from None
            self.stdout.write(self.style.SUCCESS(f"Demo region loaded (scale {scale})."))
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for login in demo_logins():
            self.stdout.write(f"  {login.username:<24} {login.role.label} – {login.scope}")
        if settings.TWO_FACTOR_MANDATORY:
            self._enrolment_links()

    def _enrolment_links(self) -> None:
        """Two-factor login is mandatory here, and a second factor is set up only through a mailed link:
        the demo prints a fresh one for each demo user who has none yet (earlier links stop working)."""
        from governance.twofactor import enrolment_link_issue, has_second_factor, second_factor_required

        self.stdout.write("\nTwo-factor login is on. Set it up through these links (each works once):")
        users = get_user_model().objects.filter(username__in=[login.username for login in demo_logins()])
        for user in users.order_by("username"):
            if second_factor_required(user) and not has_second_factor(user):
                self.stdout.write(f"  {user.username:<24} {enrolment_link_issue(user=user)}")
