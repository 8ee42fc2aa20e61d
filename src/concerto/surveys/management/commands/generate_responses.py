import time

from django.core.management.base import BaseCommand, CommandError

from concerto.surveys.models import Questionnaire
from concerto.surveys.synthetic import DEFAULT_DAYS, generate


class Command(BaseCommand):
    help = (
        "Create N synthetic submitted responses across the demo questionnaires "
        "(load them first with « load_demo »)."
    )

    def add_arguments(self, parser):
        parser.add_argument("n", type=int, help="Number of responses to create.")
        parser.add_argument(
            "--questionnaire",
            metavar="SLUG",
            help="Only this questionnaire of the demo consultation (default: all of them).",
        )
        parser.add_argument(
            "--seed", type=int, default=None, help="Random seed, for repeatable data."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help="Spread submissions over this many past days (never before the theme opened).",
        )

    def handle(self, *args, n, questionnaire, seed, days, **options):
        from concerto.consultations.demo_content import CONSULTATION

        if n < 0:
            raise CommandError("N must be positive.")
        questionnaires = Questionnaire.objects.filter(
            theme__consultation__slug=CONSULTATION["slug"], is_published=True
        )
        if questionnaire:
            questionnaires = questionnaires.filter(slug=questionnaire)
        if not questionnaires.exists():
            raise CommandError(
                f"No demo questionnaire{f' « {questionnaire} »' if questionnaire else ''}: "
                "run « manage.py load_demo » first."
            )
        started = time.perf_counter()
        created = generate(n, questionnaires=questionnaires, seed=seed, days=days)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{created} responses created over {questionnaires.count()} questionnaires "
            f"in {elapsed:.1f} s."
        )
