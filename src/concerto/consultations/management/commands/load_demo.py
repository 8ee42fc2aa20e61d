from django.core.management.base import BaseCommand
from django.utils import translation

from concerto.consultations.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo consultation (idempotent: existing content is left as it is)."

    def handle(self, *args, **options):
        # Imported here so that the consultations app never depends on surveys at import time.
        from concerto.decisions.demo import load_demo_decisions
        from concerto.events.demo import load_demo_events
        from concerto.publication.demo import load_demo_results
        from concerto.surveys.demo import load_demo_surveys
        from concerto.surveys.models import Questionnaire

        with translation.override("fr"):
            consultation = load_demo()
            load_demo_surveys(consultation)
            load_demo_results(consultation)
            load_demo_decisions(consultation)
            load_demo_events(consultation)
            from concerto.following.demo import load_demo_following

            load_demo_following(consultation)
        questionnaires = Questionnaire.objects.filter(theme__consultation=consultation).count()
        self.stdout.write(
            f"Demo ready: « {consultation.title} », {consultation.themes.count()} themes, "
            f"{questionnaires} questionnaires."
        )
