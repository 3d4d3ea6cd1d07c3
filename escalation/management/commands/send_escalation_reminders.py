from django.core.management.base import BaseCommand

from escalation.reminders import reminders_send


class Command(BaseCommand):
    help = ("E-mail the participants of escalations whose deadline is near or has passed. "
            "Run daily from cron; running it twice sends nothing twice.")

    def handle(self, *args, **options):
        result = reminders_send()
        self.stdout.write(f"Reminders: {result.due} due soon, {result.overdue} past the time limit, "
                          f"{result.messages} e-mails sent.")
