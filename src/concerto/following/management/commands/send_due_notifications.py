from django.core.management.base import BaseCommand

from concerto.following.actions import ensure_catch_up, notify_due


class Command(BaseCommand):
    help = (
        "Queue every « Me prévenir » notice that is due and not yet queued (themes opened, "
        "results published, events announced), for the task worker to send, and restart the "
        "worker's catch-up chain if it stalled. Idempotent: safe from cron or at deployment."
    )

    def handle(self, *args, **options):
        queued = notify_due()
        restarted = ensure_catch_up()
        self.stdout.write(
            f"{queued} notice(s) queued." + (" Catch-up chain (re)started." if restarted else "")
        )
