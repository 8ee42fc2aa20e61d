from django.core.management.base import BaseCommand

from concerto.exports.actions import purge_expired_exports


class Command(BaseCommand):
    help = (
        "Delete the export files (and their records) kept longer than EXPORT_RETENTION_DAYS. "
        "Run once a day."
    )

    def handle(self, *args, **options):
        purged = purge_expired_exports()
        self.stdout.write(f"{purged} expired export(s) deleted.")
