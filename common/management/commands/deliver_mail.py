from django.core.management.base import BaseCommand

from common.outbox import outbox_deliver


class Command(BaseCommand):
    help = "Send the e-mail still waiting in the outbox (common/outbox.py). Safe to run often and in parallel."

    def handle(self, *args, **options):
        result = outbox_deliver()
        self.stdout.write(f"Outbox: {result.sent} e-mails sent, {result.failed} still waiting.")
