from django.core.management.base import BaseCommand
from django.utils import translation

from concerto.consultations.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo consultation (idempotent: existing content is left as it is)."

    def handle(self, *args, **options):
        with translation.override("fr"):
            consultation = load_demo()
        self.stdout.write(
            f"Demo ready: « {consultation.title} », {consultation.themes.count()} themes."
        )
