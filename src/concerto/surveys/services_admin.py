"""What the back office may do to a questionnaire, and the checks that keep answers meaningful.

Once participants have answered, an answer is only readable through the question it belongs
to: its kind says how to read the value, and its choices' codes are what the value holds.
The checks below refuse the edits that would make stored answers unreadable (another kind, a
removed or recoded choice, a dropped « Autre » option) while leaving wording fixes possible.
The admin calls them; they are plain functions so that any other door (a command, an API)
applies the same rules.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .display import SINGLE_CODE_KINDS
from .engine import OTHER as OTHER_CODE
from .models import (
    OTHER_KINDS,
    Choice,
    DisplayCondition,
    Question,
    QuestionKind,
    Questionnaire,
    Section,
)


def question_has_answers(question: Question) -> bool:
    return question.pk is not None and question.answers.exists()


def _value_uses_code(kind: str, value: Any, code: str, *, is_row: bool) -> bool:
    if kind in SINGLE_CODE_KINDS:
        return value == code
    if kind in (QuestionKind.MULTIPLE_CHOICE, QuestionKind.RANKING):
        return isinstance(value, list) and code in value
    if kind == QuestionKind.MATRIX:
        if not isinstance(value, dict):
            return False
        return code in value if is_row else code in value.values()
    return False


def _answers_use_code(question: Question, code: str, *, is_row: bool = False) -> bool:
    # Scanned in Python: "a list containing", "a dict whose values contain" have no lookup
    # that SQLite and PostgreSQL share. Only one question's values are read, and the scan
    # stops at the first match; this runs when a manager deletes or recodes a choice.
    values = question.answers.values_list("value", flat=True).iterator(chunk_size=2000)
    return any(_value_uses_code(question.kind, value, code, is_row=is_row) for value in values)


def choice_has_answers(choice: Choice) -> bool:
    """Whether a stored answer holds this choice's code (as saved in the database)."""
    if choice.pk is None:
        return False
    return _answers_use_code(choice.question, choice.code, is_row=choice.is_row)


def check_question_change(
    question: Question,
    new_kind: str,
    *,
    new_has_other: bool | None = None,
    new_section: Section | None = None,
) -> None:
    """Refuse, in French, a change to an answered question that would orphan its answers.

    ``question`` is the question as stored. Label, help text, order, limits and the
    ``required`` flag stay editable.
    """
    if question.pk is None:
        return
    stored = Question.objects.select_related("section").get(pk=question.pk)
    errors: dict[str, str] = {}
    if new_kind != stored.kind and question_has_answers(stored):
        errors["kind"] = _(
            "Cette question a déjà reçu des réponses : son type ne peut plus être changé, "
            "car les réponses enregistrées ne pourraient plus être lues. Vous pouvez "
            "corriger son libellé, ou créer une nouvelle question."
        )
    if (
        new_has_other is False
        and stored.has_other
        and stored.kind in OTHER_KINDS
        and _answers_use_code(stored, OTHER_CODE)
    ):
        errors["has_other"] = _(
            "Des participants ont répondu « Autre (précisez) » : cette option ne peut plus "
            "être retirée sans perdre leurs réponses."
        )
    if (
        new_section is not None
        and new_section.questionnaire_id != stored.section.questionnaire_id
        and question_has_answers(stored)
    ):
        errors["section"] = _(
            "Cette question a déjà reçu des réponses : elle ne peut pas être déplacée dans "
            "une autre enquête."
        )
    if errors:
        raise ValidationError(errors)


def check_choice_change(choice: Choice, *, new_code: str, new_is_row: bool) -> None:
    """Refuse recoding a choice that answers refer to; its label can always change."""
    if choice.pk is None:
        return
    stored = Choice.objects.select_related("question").get(pk=choice.pk)
    if (new_code != stored.code or new_is_row != stored.is_row) and choice_has_answers(stored):
        raise ValidationError(
            _(
                "Le choix « %(label)s » figure dans des réponses déjà enregistrées : son code "
                "ne peut plus être modifié (son libellé, si)."
            ),
            params={"label": stored.label},
            code="choice_answered",
        )


def check_choice_deletion(choice: Choice) -> None:
    if choice_has_answers(choice):
        raise ValidationError(
            _(
                "Le choix « %(label)s » figure dans des réponses déjà enregistrées : il ne "
                "peut pas être supprimé. Vous pouvez corriger son libellé."
            ),
            params={"label": choice.label},
            code="choice_answered",
        )


def check_question_code_unique(
    *, questionnaire_id: int, code: str, exclude_pk: int | None = None
) -> None:
    """Question codes name the export's columns: two equal codes would be two equal headers."""
    clash = Question.objects.filter(section__questionnaire_id=questionnaire_id, code=code)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {"code": _("Une autre question de cette enquête utilise déjà ce code.")}
        )


def _copy_slug(questionnaire: Questionnaire) -> str:
    max_length = Questionnaire._meta.get_field("slug").max_length
    base = f"{questionnaire.slug[: max_length - len('-copie-999')]}-copie"
    taken = set(
        Questionnaire.objects.filter(
            theme_id=questionnaire.theme_id, slug__startswith=base
        ).values_list("slug", flat=True)
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@transaction.atomic
def duplicate_questionnaire(*, questionnaire: Questionnaire, by_user) -> Questionnaire:
    """Copy a questionnaire with its sections, questions, choices and display conditions.

    The copy is unpublished, in the same theme, under a new slug; its conditions point to
    the copied questions. Responses are not copied. Everything is written in one
    transaction, and the copy is recorded in the admin history under ``by_user``.
    """
    source_pk = questionnaire.pk
    copy = Questionnaire.objects.get(pk=source_pk)
    new_slug = _copy_slug(copy)
    title_max = Questionnaire._meta.get_field("title").max_length
    suffix = _(" (copie)")
    _remap(
        copy,
        title=f"{copy.title[: title_max - len(suffix)]}{suffix}",
        slug=new_slug,
        is_published=False,
    )
    copy.save()

    question_pk_map: dict[int, int] = {}
    for section in Section.objects.filter(questionnaire_id=source_pk).order_by("order", "pk"):
        questions = list(section.questions.order_by("order", "pk"))
        _remap(section, questionnaire=copy)
        section.save()
        for question in questions:
            old_pk = question.pk
            _remap(question, section=section)
            question.save()
            question_pk_map[old_pk] = question.pk

    choices = Choice.objects.filter(question_id__in=question_pk_map).order_by("pk")
    Choice.objects.bulk_create(
        [_remap(c, question_id=question_pk_map[c.question_id]) for c in choices]
    )
    conditions = DisplayCondition.objects.filter(question_id__in=question_pk_map).order_by("pk")
    DisplayCondition.objects.bulk_create(
        [
            _remap(
                condition,
                question_id=question_pk_map[condition.question_id],
                # A condition on a question of another questionnaire is a data error that
                # no participant can meet; it is copied as is rather than silently dropped.
                depends_on_id=question_pk_map.get(condition.depends_on_id, condition.depends_on_id),
            )
            for condition in conditions
        ]
    )

    LogEntry.objects.log_actions(
        user_id=by_user.pk,
        queryset=[copy],
        action_flag=ADDITION,
        change_message=_("Copie de l’enquête n° %(pk)s.") % {"pk": source_pk},
        single_object=True,
    )
    return copy


def _remap(row: Any, **overrides: Any) -> Any:
    row.pk = None
    row._state.adding = True
    for name, value in overrides.items():
        setattr(row, name, value)
    return row
