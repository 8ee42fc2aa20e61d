"""Refresh the statistics' summary tables now (all questionnaires, or some).

The platform refreshes them by itself after answers arrive; this is for operators: after a
restore, or from a daily timer so that a questionnaire closed while no one looked has its
final figures.
"""

from django.core.management.base import BaseCommand

from concerto.results.refresh import refresh_summary
from concerto.surveys.models import Questionnaire


class Command(BaseCommand):
    help = "Recompute the statistics of questionnaires (all by default)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="questionnaire ids")

    def handle(self, *args, ids, **options):
        questionnaires = Questionnaire.objects.select_related("theme").order_by("pk")
        if ids:
            questionnaires = questionnaires.filter(pk__in=ids)
        for questionnaire in questionnaires:
            state = refresh_summary(questionnaire)
            self.stdout.write(
                f"{questionnaire.pk} {questionnaire}: {state.duration_ms} ms"
                + (" (définitifs)" if state.exact else "")
            )
