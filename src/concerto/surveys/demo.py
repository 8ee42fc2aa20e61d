"""Load the demo questionnaires (one per open theme of the demo consultation).

Idempotent: a questionnaire is looked up by theme and slug; if it exists it is left
entirely alone (a manager may have edited its questions), otherwise it is created with
its sections, questions, choices and display conditions.
"""

from __future__ import annotations

from django.db import transaction

from concerto.consultations.models import Consultation

from . import demo_content
from .models import Choice, DisplayCondition, Question, Questionnaire, Section

QUESTION_FIELDS = (
    "help_text",
    "required",
    "max_length",
    "min_choices",
    "max_choices",
    "min_value",
    "max_value",
    "has_other",
)


@transaction.atomic
def load_demo_surveys(consultation: Consultation) -> list[Questionnaire]:
    """Create the demo questionnaires missing from ``consultation``; return all of them."""
    themes = {theme.slug: theme for theme in consultation.themes.all()}
    questionnaires = []
    for theme_slug, content in demo_content.QUESTIONNAIRES.items():
        theme = themes.get(theme_slug)
        if theme is None:
            continue
        questionnaire, created = Questionnaire.objects.get_or_create(
            theme=theme,
            slug=content["slug"],
            defaults={
                "title": content["title"],
                "introduction": content["introduction"],
                "estimated_minutes": content["estimated_minutes"],
                "email_policy": content["email_policy"],
                "is_published": True,
            },
        )
        if created:
            _create_contents(questionnaire, content)
        questionnaires.append(questionnaire)
    return questionnaires


def _create_contents(questionnaire: Questionnaire, content: dict) -> None:
    by_code: dict[str, Question] = {}
    pending_conditions: list[tuple[Question, dict]] = []
    for section_order, section_content in enumerate(content["sections"], start=1):
        section = Section.objects.create(
            questionnaire=questionnaire,
            title=section_content["title"],
            description=section_content.get("description", ""),
            order=section_order,
        )
        for order, spec in enumerate(section_content["questions"], start=1):
            question = Question.objects.create(
                section=section,
                kind=spec["kind"],
                code=spec["code"],
                label=spec["label"],
                order=order,
                **{field: spec[field] for field in QUESTION_FIELDS if field in spec},
            )
            by_code[spec["code"]] = question
            Choice.objects.bulk_create(
                [
                    Choice(
                        question=question,
                        code=row["code"],
                        label=row["label"],
                        is_row=True,
                        order=row_order,
                    )
                    for row_order, row in enumerate(spec.get("rows", []), start=1)
                ]
                + [
                    Choice(
                        question=question,
                        code=choice["code"],
                        label=choice["label"],
                        order=choice_order,
                    )
                    for choice_order, choice in enumerate(spec.get("choices", []), start=1)
                ]
            )
            pending_conditions.extend((question, c) for c in spec.get("conditions", []))
    DisplayCondition.objects.bulk_create(
        [
            DisplayCondition(
                question=question,
                depends_on=by_code[condition["depends_on"]],
                operator=condition["operator"],
                values=list(condition.get("values", [])),
            )
            for question, condition in pending_conditions
        ]
    )
