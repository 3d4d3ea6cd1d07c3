from django.core.management.base import BaseCommand

from common.outbox import outbox_deliver
from escalation.reminders import reminders_send


class Command(BaseCommand):
    help = ("E-mail the participants of escalations whose deadline is near or has passed, and send again "
            "any e-mail still waiting in the outbox. Run from cron; running it twice sends nothing twice.")

    def handle(self, *args, **options):
        # What an earlier moment could not deliver (the mail server was down) goes first.
        retried = outbox_deliver()
        result = reminders_send()
        self.stdout.write(f"Reminders: {result.due} due soon, {result.overdue} past the time limit, "
                          f"{result.messages} e-mails queued.\n"
                          f"Outbox: {retried.sent} earlier e-mails sent, {retried.failed} still waiting.")
