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


# --- the builder: one change at a time -------------------------------------------------------
#
# The workspace's questionnaire builder changes a questionnaire through these actions only:
# each takes the acting user, runs in one transaction, refuses in French what would break
# the questionnaire (a move beyond the ends, a condition on a later question, an element of
# another questionnaire), records an audit event and marks the structure changed.

LIMIT_FIELDS = ("max_length", "min_choices", "max_choices", "min_value", "max_value")
EDITABLE_QUESTION_FIELDS = (
    "kind",
    "code",
    "label",
    "help_text",
    "required",
    *LIMIT_FIELDS,
    "has_other",
)
MAX_CHOICES_PER_QUESTION = 200


class StructureRefused(Exception):
    """A change the structure cannot take; ``message`` says why, in French."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _unique_slug(base: str, taken: set[str], max_length: int) -> str:
    base = (base or "q")[: max_length - 4].strip("-") or "q"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _slug(text: str, default: str) -> str:
    from django.utils.text import slugify

    return slugify(text)[:40].strip("-") or default


def new_question_code(questionnaire_id: int, label: str) -> str:
    taken = set(
        Question.objects.filter(questionnaire_id=questionnaire_id).values_list("code", flat=True)
    )
    return _unique_slug(_slug(label, "question"), taken, 60)


def _ordered_questions(questionnaire_id: int) -> list[Question]:
    return list(
        Question.objects.filter(questionnaire_id=questionnaire_id)
        .select_related("section")
        .order_by("section__order", "section__pk", "order", "pk")
    )


def _check_conditions_order(questionnaire_id: int, order: list[int]) -> None:
    """Refuse an order of the questions (their ids) that would put a question before one
    its display depends on: a condition can only look back."""
    index = {pk: i for i, pk in enumerate(order)}
    for condition in DisplayCondition.objects.filter(
        question__questionnaire_id=questionnaire_id
    ).select_related("question", "depends_on"):
        shown, source = index.get(condition.question_id), index.get(condition.depends_on_id)
        if shown is not None and source is not None and source >= shown:
            raise StructureRefused(
                _(
                    "Ce déplacement placerait « %(code)s » avant « %(source)s », dont son "
                    "affichage dépend : une condition ne peut porter que sur une question "
                    "précédente. Supprimez d’abord la condition, ou déplacez l’autre question."
                )
                % {"code": condition.question.code, "source": condition.depends_on.code}
            )


def _renumber(rows: list, model) -> None:
    changed = []
    for i, row in enumerate(rows, start=1):
        if row.order != i:
            row.order = i
            changed.append(row)
    if changed:
        model.objects.bulk_update(changed, ["order"])


@transaction.atomic
def create_questionnaire(*, theme, title: str, actor) -> Questionnaire:
    """A new questionnaire of ``theme``, in draft (unpublished), under a free slug."""
    max_length = Questionnaire._meta.get_field("slug").max_length
    taken = set(Questionnaire.objects.filter(theme=theme).values_list("slug", flat=True))
    questionnaire = Questionnaire.objects.create(
        theme=theme,
        title=title,
        slug=_unique_slug(_slug(title, "enquete"), taken, max_length),
        is_published=False,
        order=Questionnaire.objects.filter(theme=theme).count() + 1,
    )
    record(actor, "questionnaire.create", questionnaire, changed=["title"])
    return questionnaire


@transaction.atomic
def update_questionnaire(
    *, questionnaire: Questionnaire, actor, title: str, introduction: str, estimated_minutes: int
) -> None:
    changed = [
        name
        for name, value in (
            ("title", title),
            ("introduction", introduction),
            ("estimated_minutes", estimated_minutes),
        )
        if getattr(questionnaire, name) != value
    ]
    if not changed:
        return
    questionnaire.title, questionnaire.introduction = title, introduction
    questionnaire.estimated_minutes = estimated_minutes
    questionnaire.save(update_fields=[*changed, "updated_at"])
    record(actor, "questionnaire.change", questionnaire, changed=changed)


@transaction.atomic
def create_section(
    *, questionnaire: Questionnaire, title: str, description: str = "", actor
) -> Section:
    """A new section at the end of the questionnaire."""
    last = Section.objects.filter(questionnaire=questionnaire).order_by("-order").first()
    section = Section.objects.create(
        questionnaire=questionnaire,
        title=title,
        description=description,
        order=(last.order if last else 0) + 1,
    )
    record(actor, "section.create", section, questionnaire=questionnaire.pk)
    mark_structure_changed(questionnaire.pk)
    return section


@transaction.atomic
def update_section(*, section: Section, title: str, description: str, actor) -> None:
    changed = [
        name
        for name, value in (("title", title), ("description", description))
        if getattr(section, name) != value
    ]
    if not changed:
        return
    section.title, section.description = title, description
    section.save(update_fields=changed)
    record(actor, "section.change", section, changed=changed)
    mark_structure_changed(section.questionnaire_id)


@transaction.atomic
def move_section(*, section: Section, offset: int, actor) -> None:
    """Move a section one place up (``offset=-1``) or down (``+1``)."""
    if offset not in (-1, 1):
        raise StructureRefused(_("Une section se déplace d’une place à la fois."))
    Questionnaire.objects.select_for_update().filter(pk=section.questionnaire_id).first()
    sections = list(
        Section.objects.filter(questionnaire_id=section.questionnaire_id).order_by("order", "pk")
    )
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    target = index + offset
    if not 0 <= target < len(sections):
        raise StructureRefused(
            (
                _("La section « %(title)s » est déjà la première.")
                if offset < 0
                else _("La section « %(title)s » est déjà la dernière.")
            )
            % {"title": section.title}
        )
    sections[index], sections[target] = sections[target], sections[index]
    by_section: dict[int, list[int]] = {}
    for question in _ordered_questions(section.questionnaire_id):
        by_section.setdefault(question.section_id, []).append(question.pk)
    _check_conditions_order(
        section.questionnaire_id, [pk for s in sections for pk in by_section.get(s.pk, [])]
    )
    _renumber(sections, Section)
    record(actor, "section.move", section, position=target + 1)
    mark_structure_changed(section.questionnaire_id)


@transaction.atomic
def create_question(*, section: Section, kind: str, label: str, actor, **fields) -> Question:
    """A new question at the end of ``section``, with the levels its kind makes (Likert,
    0–10, yes/no) and a code made from its label, unique in the questionnaire."""
    if kind not in engine.KINDS:
        raise StructureRefused(_("Ce type de question n’existe pas."))
    Questionnaire.objects.select_for_update().filter(pk=section.questionnaire_id).first()
    last = Question.objects.filter(section=section).order_by("-order").first()
    unknown = set(fields) - set(EDITABLE_QUESTION_FIELDS)
    if unknown:
        raise ValueError(f"Not question fields: {sorted(unknown)}")
    code = fields.pop("code", None) or new_question_code(section.questionnaire_id, label)
    check_question_code_unique(questionnaire_id=section.questionnaire_id, code=code)
    question = Question.objects.create(
        section=section,
        questionnaire_id=section.questionnaire_id,
        kind=kind,
        code=code,
        label=label,
        order=(last.order if last else 0) + 1,
        **fields,
    )
    sync_question(question=question, actor=actor, created=True)
    return question


@transaction.atomic
def update_question(*, question: Question, actor, **changes: Any) -> Question:
    """Change a question's kind, code, wording or limits.

    Answered questions keep their kind and their « Autre » option (``check_question_change``
    raises ``ValidationError``); the fields the new kind does not use are emptied, so that
    no hidden limit stays in force; the kind's levels and « Autre » follow (``sync_question``).
    """
    unknown = set(changes) - set(EDITABLE_QUESTION_FIELDS)
    if unknown:
        raise ValueError(f"Not question fields: {sorted(unknown)}")
    stored = Question.objects.select_for_update().get(pk=question.pk)
    new_kind = changes.get("kind", stored.kind)
    if new_kind not in engine.KINDS:
        raise StructureRefused(_("Ce type de question n’existe pas."))
    check_question_change(stored, new_kind, new_has_other=changes.get("has_other"))
    if "code" in changes and changes["code"] != stored.code:
        check_question_code_unique(
            questionnaire_id=stored.questionnaire_id, code=changes["code"], exclude_pk=stored.pk
        )
    definition = engine.kind(new_kind)
    for name in LIMIT_FIELDS:
        if name not in definition.limits:
            changes[name] = None
    if not definition.takes_other:
        changes["has_other"] = False if not _other_answered(stored) else stored.has_other
    if not definition.takes_answers:
        changes["required"] = False
    previous_kind = stored.kind
    changed = [name for name, value in changes.items() if getattr(stored, name) != value]
    for name, value in changes.items():
        setattr(stored, name, value)
    if changed:
        stored.save(update_fields=changed)
    sync_question(question=stored, actor=actor, previous_kind=previous_kind)
    return stored


@transaction.atomic
def move_question(*, question: Question, offset: int, actor) -> None:
    """Move a question one place up or down; past the top or bottom of its section it goes
    to the end of the previous section or the start of the next one."""
    if offset not in (-1, 1):
        raise StructureRefused(_("Une question se déplace d’une place à la fois."))
    Questionnaire.objects.select_for_update().filter(pk=question.questionnaire_id).first()
    sections = list(
        Section.objects.filter(questionnaire_id=question.questionnaire_id).order_by("order", "pk")
    )
    by_section: dict[int, list[Question]] = {s.pk: [] for s in sections}
    for q in _ordered_questions(question.questionnaire_id):
        by_section[q.section_id].append(q)
    section_index = next(i for i, s in enumerate(sections) if s.pk == question.section_id)
    items = by_section[question.section_id]
    index = next(i for i, q in enumerate(items) if q.pk == question.pk)
    moving = items[index]
    target = index + offset
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        touched = [question.section_id]
    else:
        neighbour = section_index + offset
        if not 0 <= neighbour < len(sections):
            raise StructureRefused(
                (
                    _("« %(code)s » est déjà la première question de l’enquête.")
                    if offset < 0
                    else _("« %(code)s » est déjà la dernière question de l’enquête.")
                )
                % {"code": question.code}
            )
        items.pop(index)
        other = sections[neighbour]
        if offset < 0:
            by_section[other.pk].append(moving)
        else:
            by_section[other.pk].insert(0, moving)
        moving.section = other
        touched = [question.section_id, other.pk]
    _check_conditions_order(
        question.questionnaire_id, [q.pk for s in sections for q in by_section[s.pk]]
    )
    if moving.section_id != question.section_id:
        Question.objects.filter(pk=moving.pk).update(section_id=moving.section.pk)
        moving.section_id = moving.section.pk
    for pk in touched:
        _renumber(by_section[pk], Question)
    record(
        actor,
        "question.move",
        moving,
        code=moving.code,
        section=moving.section_id,
        position=by_section[moving.section_id].index(moving) + 1,
    )
    mark_structure_changed(question.questionnaire_id)
    question.section_id, question.order = moving.section_id, moving.order


@transaction.atomic
def duplicate_question(*, question: Question, actor) -> Question:
    """A copy of the question right after it, under a new code, with its choices and its
    display conditions (they look at the same earlier questions)."""
    Questionnaire.objects.select_for_update().filter(pk=question.questionnaire_id).first()
    source = Question.objects.get(pk=question.pk)
    siblings = list(Question.objects.filter(section_id=source.section_id).order_by("order", "pk"))
    taken = set(
        Question.objects.filter(questionnaire_id=source.questionnaire_id).values_list(
            "code", flat=True
        )
    )
    copy = Question.objects.get(pk=source.pk)
    _remap(copy, code=_unique_slug(f"{source.code[:50]}-copie", taken, 60))
    copy.save()
    position = next(i for i, q in enumerate(siblings) if q.pk == source.pk)
    siblings.insert(position + 1, copy)
    _renumber(siblings, Question)
    Choice.objects.bulk_create(
        [_remap(c, question_id=copy.pk) for c in Choice.objects.filter(question=source)]
    )
    DisplayCondition.objects.bulk_create(
        [_remap(c, question_id=copy.pk) for c in DisplayCondition.objects.filter(question=source)]
    )
    record(actor, "question.duplicate", copy, source=source.code, code=copy.code)
    mark_structure_changed(source.questionnaire_id)
    return copy


def _choice_lines(text: str) -> list[str]:
    """Choices pasted as lines: one per line, list markers and blank lines dropped."""
    lines = []
    for line in text.splitlines():
        line = engine.clean_text(line, multiline=False).strip()
        for marker in ("- ", "* ", "• ", "– "):
            if line.startswith(marker):
                line = line[len(marker) :].strip()
        if line:
            lines.append(line)
    return lines


@transaction.atomic
def set_choices(
    *,
    question: Question,
    actor,
    labels: dict[int, str] | None = None,
    delete: set[int] | frozenset[int] = frozenset(),
    add: str = "",
    rows: bool = False,
) -> None:
    """Relabel, delete and add the options (or a table's rows, ``rows=True``) of a question.

    ``labels`` and ``delete`` name existing choices by id; an id that is not one of this
    question's options is refused. ``add`` holds new labels, one per line (a list pasted
    from a document); each gets a code made from its label. The levels of a fixed scale
    (Likert, 0–10, yes/no) can be relabelled but neither added nor removed; an answered
    choice cannot be removed.
    """
    labels = labels or {}
    stored = Question.objects.select_for_update().get(pk=question.pk)
    definition = engine.kind(stored.kind)
    if rows and not definition.has_rows:
        raise StructureRefused(_("Seul un tableau a des lignes."))
    if not rows and not definition.has_options:
        raise StructureRefused(_("Ce type de question ne propose pas de choix."))
    choices = list(
        Choice.objects.filter(question=stored, is_row=rows, is_other=False).order_by("order", "pk")
    )
    by_id = {c.pk: c for c in choices}
    foreign = (set(labels) | set(delete)) - set(by_id)
    if foreign:
        raise StructureRefused(_("Un des choix envoyés n’appartient pas à cette question."))
    fixed = bool(definition.default_choices()) and not rows
    new_lines = _choice_lines(add)
    if fixed and (delete or new_lines):
        raise StructureRefused(
            _(
                "Les niveaux d’une question « %(kind)s » sont fixés : vous pouvez changer "
                "leurs libellés, pas en ajouter ni en retirer."
            )
            % {"kind": _(definition.label)}
        )
    max_label = Choice._meta.get_field("label").max_length
    relabelled = []
    for pk, label in labels.items():
        label = engine.clean_text(label, multiline=False).strip()
        if not label:
            raise StructureRefused(_("Un choix ne peut pas avoir un libellé vide."))
        if len(label) > max_label:
            raise StructureRefused(
                _("Un libellé de choix fait au plus %(n)s caractères.") % {"n": max_label}
            )
        if pk not in delete and by_id[pk].label != label:
            by_id[pk].label = label
            relabelled.append(by_id[pk])
    Choice.objects.bulk_update(relabelled, ["label"])
    removed = []
    for pk in sorted(delete):
        try:
            check_choice_deletion(by_id[pk])
        except ValidationError as error:
            raise StructureRefused(error.messages[0]) from None
        removed.append(by_id[pk].code)
    Choice.objects.filter(pk__in=delete).delete()
    kept = [c for c in choices if c.pk not in delete]
    if len(kept) + len(new_lines) > MAX_CHOICES_PER_QUESTION:
        raise StructureRefused(
            _("Une question propose au plus %(n)s choix.") % {"n": MAX_CHOICES_PER_QUESTION}
        )
    taken = set(
        Choice.objects.filter(question=stored, is_row=rows).values_list("code", flat=True)
    ) | {OTHER_CODE}
    added = []
    for line in new_lines:
        if len(line) > max_label:
            raise StructureRefused(
                _("Un libellé de choix fait au plus %(n)s caractères.") % {"n": max_label}
            )
        code = _unique_slug(_slug(line, "choix"), taken, 60)
        taken.add(code)
        added.append(Choice(question=stored, label=line, code=code, is_row=rows))
    Choice.objects.bulk_create(added)
    _renumber(kept + added, Choice)
    other = Choice.objects.filter(question=stored, is_other=True).first()
    if other is not None and not rows and other.order <= len(kept) + len(added):
        other.order = len(kept) + len(added) + 1
        other.save(update_fields=["order"])
    record(
        actor,
        "choices.change",
        stored,
        rows=rows,
        added=[c.code for c in added],
        removed=removed,
        relabelled=[c.code for c in relabelled],
    )
    mark_structure_changed(stored.questionnaire_id)


@transaction.atomic
def move_choice(*, choice: Choice, offset: int, actor) -> None:
    """Move an option (or a row) one place up or down among its own."""
    if offset not in (-1, 1):
        raise StructureRefused(_("Un choix se déplace d’une place à la fois."))
    siblings = list(
        Choice.objects.select_for_update()
        .filter(question_id=choice.question_id, is_row=choice.is_row, is_other=False)
        .order_by("order", "pk")
    )
    index = next(i for i, c in enumerate(siblings) if c.pk == choice.pk)
    target = index + offset
    if not 0 <= target < len(siblings):
        raise StructureRefused(
            (
                _("« %(label)s » est déjà le premier.")
                if offset < 0
                else _("« %(label)s » est déjà le dernier.")
            )
            % {"label": choice.label}
        )
    siblings[index], siblings[target] = siblings[target], siblings[index]
    _renumber(siblings, Choice)
    record(actor, "choice.move", choice, position=target + 1)
    mark_structure_changed(Question.objects.get(pk=choice.question_id).questionnaire_id)


@transaction.atomic
def add_condition(
    *, question: Question, depends_on: Question, operator: str, values: list[str], actor
) -> DisplayCondition:
    """Show ``question`` only when the answer to ``depends_on`` meets ``operator`` and
    ``values``: an earlier question of the same questionnaire, values among its answers."""
    from .models import ConditionOperator

    if depends_on.questionnaire_id != question.questionnaire_id:
        raise StructureRefused(_("La question choisie n’appartient pas à cette enquête."))
    order = [q.pk for q in _ordered_questions(question.questionnaire_id)]
    if order.index(depends_on.pk) >= order.index(question.pk):
        raise StructureRefused(
            _(
                "« %(source)s » ne vient pas avant « %(code)s » : une condition ne peut porter "
                "que sur une question précédente."
            )
            % {"source": depends_on.code, "code": question.code}
        )
    source_kind = engine.kind(depends_on.kind)
    if operator not in source_kind.operators:
        raise StructureRefused(
            _("Cette condition n’est pas possible sur une question « %(kind)s ».")
            % {"kind": _(source_kind.label)}
        )
    values = [str(v) for v in values]
    if operator == ConditionOperator.ANSWERED:
        values = []
    else:
        allowed = source_kind.condition_values(load(question.questionnaire_id).by_id[depends_on.pk])
        if not values:
            raise StructureRefused(
                _("Cochez au moins une réponse de « %(source)s ».") % {"source": depends_on.code}
            )
        if any(v not in (allowed or []) for v in values):
            raise StructureRefused(
                _("Une des réponses cochées n’est pas une réponse possible à « %(source)s ».")
                % {"source": depends_on.code}
            )
        if len(values) > 1 and operator == ConditionOperator.EQUALS:
            operator = ConditionOperator.ANY_OF  # « is one of » these, as the manager meant
    condition = DisplayCondition.objects.create(
        question=question, depends_on=depends_on, operator=operator, values=values
    )
    record(
        actor,
        "condition.create",
        condition,
        question=question.code,
        depends_on=depends_on.code,
        operator=operator,
        values=values,
    )
    mark_structure_changed(question.questionnaire_id)
    return condition


@transaction.atomic
def import_questionnaire(*, theme, spec: dict, actor, source: str = "json") -> Questionnaire:
    """Create, in draft, the questionnaire a checked file describes (``builders`` shape).

    The caller has validated ``spec`` (``workspace.files``); a database error still rolls
    everything back: nothing is half-saved."""
    from .builders import create_questionnaire as build

    max_length = Questionnaire._meta.get_field("slug").max_length
    taken = set(Questionnaire.objects.filter(theme=theme).values_list("slug", flat=True))
    slug = _unique_slug(_slug(spec.get("slug") or spec["title"], "enquete"), taken, max_length)
    questionnaire = build(theme=theme, spec={**spec, "slug": slug}, is_published=False)
    record(
        actor,
        "questionnaire.import",
        questionnaire,
        source=source,
        questions=questionnaire.questions.count(),
    )
    return questionnaire
