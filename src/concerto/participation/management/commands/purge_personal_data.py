from django.core.management.base import BaseCommand

from concerto.participation.actions import purge_expired_personal_data


class Command(BaseCommand):
    help = (
        "Erase participants' e-mail addresses whose retention period has run out "
        "(run it daily, e.g. from cron)."
    )

    def handle(self, *args, **options):
        erased = purge_expired_personal_data()
        self.stdout.write(f"E-mail addresses erased: {erased}")
