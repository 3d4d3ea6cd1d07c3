"""For the platform's staff: mail a person a new link to set up a second factor, where no functional
administrator can (the last administrator of a region, or someone with roles in regions no single
administrator administers). Remove their old app first in the Django admin if it was lost."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from governance.twofactor import enrolment_link_send


class Command(BaseCommand):
    help = "Mail a person a new one-time link to set up two-factor login."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None or not user.email:
            raise CommandError(f"No active account {username!r} with an e-mail address.")
        with transaction.atomic():  # the mail goes once this commits (common/outbox.py)
            enrolment_link_send(user=user)
        self.stdout.write(f"A new link was mailed to {user.email}; earlier links no longer work.")
