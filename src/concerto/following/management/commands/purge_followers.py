from django.core.management.base import BaseCommand

from concerto.following.actions import purge_followers


class Command(BaseCommand):
    help = (
        "Delete unconfirmed « Me prévenir » requests once their link has expired, spent "
        "subscriptions, those of consultations past their retention, and addresses left "
        "following nothing (daily)."
    )

    def handle(self, *args, **options):
        counts = purge_followers()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in counts.items()))
