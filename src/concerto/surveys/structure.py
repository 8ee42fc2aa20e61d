"""A questionnaire's structure, loaded from the database into the engine's plain data.

Participants' pages read the structure on every request, and it changes rarely: each
process keeps it, keyed by the questionnaire's ``updated_at``, which every structure action
moves (``mark_structure_changed``). Edits made elsewhere (a shell) are seen after
``STRUCTURE_TTL`` seconds at the latest.
"""

from __future__ import annotations

import datetime
import time

from django.utils import timezone

from .engine import ChoiceDef, ConditionDef, QuestionDef, QuestionnaireDef, SectionDef
from .models import Choice, DisplayCondition, Question, Questionnaire, Section

STRUCTURE_TTL = 60.0
_cache: dict[int, tuple[datetime.datetime, float, QuestionnaireDef]] = {}


def questionnaire_def(questionnaire: Questionnaire) -> QuestionnaireDef:
    """The questionnaire as plain data (shared between requests: it is immutable)."""
    cached = _cache.get(questionnaire.pk)
    now = time.monotonic()
    if cached and cached[0] == questionnaire.updated_at and now - cached[1] < STRUCTURE_TTL:
        return cached[2]
    definition = load(questionnaire.pk)
    _cache[questionnaire.pk] = (questionnaire.updated_at, now, definition)
    return definition


def load(questionnaire_id: int) -> QuestionnaireDef:
    """Read the structure from the database: four queries, whatever its size."""
    sections = list(
        Section.objects.filter(questionnaire_id=questionnaire_id).order_by("order", "pk")
    )
    section_index = {s.pk: i for i, s in enumerate(sections)}
    questions = list(
        Question.objects.filter(section__questionnaire_id=questionnaire_id)
        .select_related("section")
        .order_by("section__order", "section__pk", "order", "pk")
    )
    choices: dict[int, list[ChoiceDef]] = {}
    for c in Choice.objects.filter(question__in=questions).order_by("is_row", "order", "pk"):
        choices.setdefault(c.question_id, []).append(
            ChoiceDef(
                code=c.code,
                label=c.label,
                score=c.score,
                is_row=c.is_row,
                is_other=c.is_other,
                id=c.pk,
            )
        )
    code_of = {q.pk: q.code for q in questions}
    conditions: dict[int, list[ConditionDef]] = {}
    for cond in DisplayCondition.objects.filter(question__in=questions).order_by("pk"):
        conditions.setdefault(cond.question_id, []).append(
            ConditionDef(
                # A condition on another questionnaire's question is kept visible as such.
                depends_on=code_of.get(cond.depends_on_id, f"#{cond.depends_on_id}"),
                operator=cond.operator,
                values=tuple(str(v) for v in cond.values),
            )
        )
    return QuestionnaireDef(
        sections=tuple(
            SectionDef(title=s.title, description=s.description, id=s.pk) for s in sections
        ),
        questions=tuple(
            QuestionDef(
                code=q.code,
                kind=q.kind,
                label=q.label,
                help_text=q.help_text,
                required=q.required,
                max_length=q.max_length,
                min_choices=q.min_choices,
                max_choices=q.max_choices,
                min_value=q.min_value,
                max_value=q.max_value,
                has_other=q.has_other,
                choices=tuple(choices.get(q.pk, ())),
                conditions=tuple(conditions.get(q.pk, ())),
                section=section_index[q.section_id],
                id=q.pk,
            )
            for q in questions
        ),
    )


def clear_cache() -> None:
    _cache.clear()


def mark_structure_changed(questionnaire_id: int) -> None:
    """Record that a questionnaire's sections, questions or choices changed."""
    from concerto.core import pagecache

    Questionnaire.objects.filter(pk=questionnaire_id).update(updated_at=timezone.now())
    _cache.pop(questionnaire_id, None)
    # Participants' pages take the questionnaire from the public content each process
    # keeps: a new version makes every process read the new ``updated_at``.
    pagecache.content_changed()
