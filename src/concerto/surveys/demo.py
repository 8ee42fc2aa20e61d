"""Load the demo questionnaires (one per open theme of the demo consultation).

Idempotent: a questionnaire is looked up by theme and slug; if it exists it is left
entirely alone (a manager may have edited its questions), otherwise it is created with
its sections, questions, choices and display conditions.
"""

from __future__ import annotations

from django.db import transaction

from concerto.consultations.models import Consultation

from . import demo_content
from .builders import create_questionnaire
from .models import Questionnaire


@transaction.atomic
def load_demo_surveys(consultation: Consultation) -> list[Questionnaire]:
    """Create the demo questionnaires missing from ``consultation``; return all of them."""
    themes = {theme.slug: theme for theme in consultation.themes.all()}
    questionnaires = []
    for theme_slug, content in demo_content.QUESTIONNAIRES.items():
        theme = themes.get(theme_slug)
        if theme is None:
            continue
        questionnaire = Questionnaire.objects.filter(theme=theme, slug=content["slug"]).first()
        if questionnaire is None:
            questionnaire = create_questionnaire(theme=theme, spec=content)
        questionnaires.append(questionnaire)
    return questionnaires
