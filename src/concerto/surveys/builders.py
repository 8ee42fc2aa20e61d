"""Build a questionnaire from a plain description (dicts and lists).

One builder for the demo questionnaires, the tests and the benchmarks, and later for
importing questionnaires. The shape of a description is documented in ``demo_content``.
"""

from __future__ import annotations

from django.db import transaction

from concerto.consultations.models import Theme

from . import engine
from .models import OTHER_KINDS, Choice, DisplayCondition, Question, Questionnaire, Section

QUESTIONNAIRE_FIELDS = (
    "introduction",
    "estimated_minutes",
    "order",
    "quotes_allowed",
    "one_page",
)
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
def create_questionnaire(*, theme: Theme, spec: dict, is_published: bool = True) -> Questionnaire:
    """Create the questionnaire ``spec`` describes, with all its contents, in one transaction."""
    questionnaire = Questionnaire.objects.create(
        theme=theme,
        title=spec["title"],
        slug=spec["slug"],
        is_published=is_published,
        **{field: spec[field] for field in QUESTIONNAIRE_FIELDS if field in spec},
    )
    by_code: dict[str, Question] = {}
    pending_conditions: list[tuple[Question, dict]] = []
    for section_order, section_spec in enumerate(spec["sections"], start=1):
        section = Section.objects.create(
            questionnaire=questionnaire,
            title=section_spec["title"],
            description=section_spec.get("description", ""),
            order=section_order,
        )
        for order, question_spec in enumerate(section_spec["questions"], start=1):
            question = Question.objects.create(
                section=section,
                questionnaire=questionnaire,
                kind=question_spec["kind"],
                code=question_spec["code"],
                label=question_spec["label"],
                order=order,
                **{f: question_spec[f] for f in QUESTION_FIELDS if f in question_spec},
            )
            by_code[question_spec["code"]] = question
            kind = engine.kind(question.kind)
            options = question_spec.get("choices") or [
                {"code": c.code, "label": c.label, "score": c.score} for c in kind.default_choices()
            ]
            Choice.objects.bulk_create(
                [
                    Choice(
                        question=question,
                        code=row["code"],
                        label=row["label"],
                        is_row=True,
                        order=i,
                    )
                    for i, row in enumerate(question_spec.get("rows", []), start=1)
                ]
                + [
                    Choice(
                        question=question,
                        code=choice["code"],
                        label=choice["label"],
                        score=choice.get("score", _default_score(kind, choice["code"])),
                        order=i,
                    )
                    for i, choice in enumerate(options, start=1)
                ]
                + (
                    [
                        Choice(
                            question=question,
                            code=engine.OTHER,
                            label="Autre",
                            is_other=True,
                            order=len(options) + 1,
                        )
                    ]
                    if question.has_other and question.kind in OTHER_KINDS
                    else []
                )
            )
            pending_conditions.extend((question, c) for c in question_spec.get("conditions", []))
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
    return questionnaire


def _default_score(kind, code: str):
    """A level of a fixed scale keeps its score when the spec only relabels it."""
    return next((c.score for c in kind.default_choices() if c.code == code), None)
