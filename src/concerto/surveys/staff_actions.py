"""What staff may do to a questionnaire's structure: the checks and the actions.

Once participants have answered, an answer is only readable through the question it belongs
to: its kind says how to read it, and its choices are what it points to. The checks below
refuse the edits that would make stored answers unreadable (another kind, a recoded
choice, a dropped « Autre » option, a deleted answered question) while leaving wording
fixes possible; the database protects answered choices too (``PROTECT``). The actions
(publish, duplicate, keep a question's fixed choices, delete a questionnaire, a section, a
question, a choice or a condition) take the acting user, run in one transaction and
record an audit event (``core.AuditEvent``). The admin calls them from its save and delete
hooks; any other door (a command, an API) applies the same rules.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from concerto.core.audit import record

from . import engine
from .engine import OTHER as OTHER_CODE
from .models import (
    OTHER_KINDS,
    AnswerChoice,
    AnswerValue,
    Choice,
    DisplayCondition,
    Question,
    Questionnaire,
    Section,
)
from .structure import load, mark_structure_changed


def question_has_answers(question: Question) -> bool:
    return question.pk is not None and (
        AnswerChoice.objects.filter(question_id=question.pk).exists()
        or AnswerValue.objects.filter(question_id=question.pk).exists()
    )


def choice_has_answers(choice: Choice) -> bool:
    """Whether a submitted answer points to this choice (as an option or a matrix row)."""
    if choice.pk is None:
        return False
    return (
        AnswerChoice.objects.filter(choice_id=choice.pk).exists()
        or AnswerChoice.objects.filter(row_id=choice.pk).exists()
    )


def _other_answered(question: Question) -> bool:
    return AnswerChoice.objects.filter(question_id=question.pk, choice__is_other=True).exists()


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
        and _other_answered(stored)
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
    clash = Question.objects.filter(questionnaire_id=questionnaire_id, code=code)
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
            _remap(question, section=section, questionnaire=copy)
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
    record(by_user, "questionnaire.duplicate", copy, source=source_pk)
    return copy


def _remap(row: Any, **overrides: Any) -> Any:
    row.pk = None
    row._state.adding = True
    for name, value in overrides.items():
        setattr(row, name, value)
    return row


# --- fixed choices, « Autre », publication ------------------------------------------------


@transaction.atomic
def sync_question(
    *, question: Question, actor, previous_kind: str | None = None, created: bool = False
) -> None:
    """After a question is saved: keep its questionnaire, its fixed choices and its « Autre »
    option in step with its kind and settings, and record the change.

    A yes/no, 0–10 or Likert question gets its levels (with their scores) when it has none,
    and a level typed without its score gets it. A question offering « Autre (précisez) »
    gets the option as a real choice, so that it is counted like any other; an unanswered
    « Autre » is removed when the option is unticked.

    When an unanswered question changes kind (``previous_kind``), what the new kind cannot
    use is settled here, once: a fixed scale (yes/no, 0–10, Likert) replaces the options and
    rows typed for the old kind by its levels, keeping the labels of the options whose codes
    are levels; any other kind keeps what was typed (a single choice made multiple keeps its
    options), and the checks before publishing point at what it cannot use (choices on a
    text question, rows outside a table). An answered question cannot change kind
    (``check_question_change``).
    """
    question = Question.objects.select_related("section").get(pk=question.pk)
    if question.questionnaire_id != question.section.questionnaire_id:
        Question.objects.filter(pk=question.pk).update(
            questionnaire_id=question.section.questionnaire_id
        )
    kind = engine.kind(question.kind)
    choices = list(question.choices.all())
    levels = {c.code: c for c in kind.default_choices()}
    details: dict[str, Any] = {}
    switched = (
        previous_kind is not None
        and previous_kind != question.kind
        and not question_has_answers(question)
    )
    if levels and switched:
        leftovers = [c for c in choices if c.is_row or c.is_other or c.code not in levels]
        Choice.objects.filter(pk__in=[c.pk for c in leftovers]).delete()
        choices = [c for c in choices if c not in leftovers]
        if leftovers:
            details["removed"] = sorted(c.code for c in leftovers)
    options = [c for c in choices if not c.is_row and not c.is_other]
    if levels and (not options or switched):
        # The levels in their order, keeping the labels typed for those already there.
        typed = {c.code: c for c in options}
        Choice.objects.bulk_create(
            [
                Choice(question=question, code=code, label=level.label, score=level.score, order=i)
                for i, (code, level) in enumerate(levels.items(), start=1)
                if code not in typed
            ]
        )
        for i, code in enumerate(levels, start=1):
            if code in typed:
                typed[code].order = i
        Choice.objects.bulk_update(options, ["order"])
    if levels:
        unscored = [c for c in options if c.score is None and c.code in levels]
        for choice in unscored:
            choice.score = levels[choice.code].score
        Choice.objects.bulk_update(unscored, ["score"])
    other = next((c for c in choices if c.is_other), None)
    wants_other = question.has_other and question.kind in OTHER_KINDS
    if wants_other and other is None:
        Choice.objects.create(
            question=question,
            code=OTHER_CODE,
            label="Autre",
            is_other=True,
            order=max((c.order for c in choices), default=0) + 1,
        )
    elif not wants_other and other is not None and not choice_has_answers(other):
        other.delete()
    if switched:
        details["previous_kind"] = previous_kind
    mark_structure_changed(question.section.questionnaire_id)
    record(
        actor,
        "question.create" if created else "question.change",
        question,
        kind=question.kind,
        code=question.code,
        **details,
    )


# --- deletions -------------------------------------------------------------------------------


class DeletionRefused(Exception):
    """A structure element that answers refer to: deleting it would lose them."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_question_deletion(question: Question) -> None:
    if question_has_answers(question):
        raise DeletionRefused(
            _(
                "La question « %(code)s » a déjà reçu des réponses : elle ne peut pas être "
                "supprimée, car ces réponses seraient perdues. Vous pouvez corriger son "
                "libellé."
            )
            % {"code": question.code}
        )


def check_section_deletion(section: Section) -> None:
    if section.pk is None:
        return
    answered = (
        AnswerChoice.objects.filter(question__section_id=section.pk).exists()
        or AnswerValue.objects.filter(question__section_id=section.pk).exists()
    )
    if answered:
        raise DeletionRefused(
            _(
                "La section « %(title)s » contient des questions qui ont déjà reçu des "
                "réponses : elle ne peut pas être supprimée."
            )
            % {"title": section.title}
        )


@transaction.atomic
def delete_section(*, section: Section, actor) -> None:
    """Delete a section and its questions, unless one of them has answers; record it."""
    check_section_deletion(section)
    questionnaire_id, pk = section.questionnaire_id, section.pk
    codes = list(section.questions.order_by("order", "pk").values_list("code", flat=True))
    record(actor, "section.delete", section, questionnaire=questionnaire_id, questions=codes)
    section.delete()
    section.pk = pk  # the admin's history names what it deleted
    mark_structure_changed(questionnaire_id)


@transaction.atomic
def delete_question(*, question: Question, actor) -> None:
    """Delete an unanswered question (its choices and conditions with it); record it."""
    check_question_deletion(question)
    questionnaire_id, pk = question.section.questionnaire_id, question.pk
    record(actor, "question.delete", question, questionnaire=questionnaire_id, code=question.code)
    question.delete()
    question.pk = pk
    mark_structure_changed(questionnaire_id)


@transaction.atomic
def delete_choice(*, choice: Choice, actor) -> None:
    """Delete a choice nobody picked; record it."""
    try:
        check_choice_deletion(choice)
    except ValidationError as error:
        raise DeletionRefused(error.messages[0]) from None
    question = choice.question
    pk = choice.pk
    record(actor, "choice.delete", choice, question=question.code, code=choice.code)
    choice.delete()
    choice.pk = pk
    mark_structure_changed(question.questionnaire_id)


@transaction.atomic
def delete_condition(*, condition: DisplayCondition, actor) -> None:
    question = condition.question
    pk = condition.pk
    record(
        actor,
        "condition.delete",
        condition,
        question=question.code,
        depends_on=condition.depends_on.code,
        operator=condition.operator,
        values=list(condition.values),
    )
    condition.delete()
    condition.pk = pk
    mark_structure_changed(question.questionnaire_id)


@transaction.atomic
def delete_questionnaire(*, questionnaire: Questionnaire, actor) -> None:
    """Delete a questionnaire nobody answered (the database protects answered ones); record
    it. Its sections, questions, choices and conditions go with it."""
    if questionnaire.responses.exists():
        raise DeletionRefused(
            _(
                "L’enquête « %(title)s » a reçu des réponses : elle ne peut pas être "
                "supprimée. Vous pouvez la dépublier."
            )
            % {"title": questionnaire.title}
        )
    pk = questionnaire.pk
    record(actor, "questionnaire.delete", questionnaire, slug=questionnaire.slug)
    questionnaire.delete()
    questionnaire.pk = pk


@transaction.atomic
def record_questionnaire_change(
    *, questionnaire: Questionnaire, actor, created: bool, changed: list[str]
) -> None:
    """The admin saved a questionnaire's fields or its sections: say who and what."""
    record(
        actor,
        "questionnaire.create" if created else "questionnaire.change",
        questionnaire,
        changed=changed,
    )


def publication_problems(questionnaire: Questionnaire) -> list[engine.Problem]:
    return engine.problems(load(questionnaire.pk))


class PublicationRefused(Exception):
    def __init__(self, problems: list[engine.Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@transaction.atomic
def set_published(*, questionnaire: Questionnaire, published: bool, actor) -> None:
    """Publish or unpublish. Publishing is refused while ``publication_problems`` finds any."""
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if published:
        problems = publication_problems(locked)
        if problems:
            raise PublicationRefused(problems)
    if locked.is_published != published:
        locked.is_published = published
        locked.save(update_fields=["is_published", "updated_at"])
        record(actor, "questionnaire.publish" if published else "questionnaire.unpublish", locked)
    questionnaire.is_published = published
