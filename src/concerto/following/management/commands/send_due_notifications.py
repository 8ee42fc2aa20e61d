from django.core.management.base import BaseCommand

from concerto.following.actions import notify_due


class Command(BaseCommand):
    help = (
        "Queue every « Me prévenir » notice that is due and not yet queued (themes opened, "
        "results published, events announced), for the task worker to send. Idempotent: run "
        "it every few minutes and after the worker was stopped."
    )

    def handle(self, *args, **options):
        queued = notify_due()
        self.stdout.write(f"{queued} notice(s) queued.")
