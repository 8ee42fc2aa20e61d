from django.core.management.base import BaseCommand

from concerto.events.tasks import send_due_reminders


class Command(BaseCommand):
    help = (
        "Send the webinar reminders that are due and not sent yet (idempotent; the worker "
        "does it at each reminder time, this catches up by hand or from cron)."
    )

    def handle(self, *args, **options):
        sent = send_due_reminders.call()
        self.stdout.write(f"{sent} reminder(s) sent.")
