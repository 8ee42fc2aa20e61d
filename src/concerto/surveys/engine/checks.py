"""What must hold before a questionnaire is published: every problem, in French.

A questionnaire nobody can finish must not reach participants: a choice question without
choices, a Likert scale without its five levels, a condition on a later question (or a
loop), a question that no answer can ever show, an empty section, two questions with one
code. ``problems`` lists them all, each tied to its question or section, so that the back
office can show them on the questionnaire's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from . import conditions as ops
from .kinds import kind
from .messages import Message, gettext_noop
from .structure import QuestionDef, QuestionnaireDef

# Above this many options, the subsets of a multiple choice are not enumerated: conditions
# on it are then assumed satisfiable when each one is on its own.
MAX_ENUMERATED_OPTIONS = 10


@dataclass(frozen=True)
class Problem:
    message: Message
    question: str | None = None  # code
    section: int | None = None  # index, from 0


def problems(questionnaire: QuestionnaireDef) -> list[Problem]:
    found: list[Problem] = []
    if not questionnaire.answerable:
        found.append(Problem(Message.of(gettext_noop("L’enquête n’a aucune question."))))
    for index, section in enumerate(questionnaire.sections):
        if not questionnaire.section_questions(index):
            found.append(
                Problem(
                    Message.of(
                        gettext_noop("La section « %(title)s » n’a aucune question."),
                        title=section.title,
                    ),
                    section=index,
                )
            )
    seen: dict[str, int] = {}
    for question in questionnaire.questions:
        seen[question.code] = seen.get(question.code, 0) + 1
    for code, count in seen.items():
        if count > 1:
            found.append(
                Problem(
                    Message.of(
                        gettext_noop("%(count)s questions portent le code « %(code)s »."),
                        count=count,
                        code=code,
                    ),
                    question=code,
                )
            )

    showable: dict[str, bool] = {}
    earlier: dict[str, QuestionDef] = {}
    for question in questionnaire.questions:
        for message in kind(question.kind).check(question):
            found.append(Problem(message, question=question.code))
        condition_problems = _condition_problems(question, earlier, questionnaire)
        found += condition_problems
        showable[question.code] = not condition_problems and _can_show(question, earlier, showable)
        if not showable[question.code] and not condition_problems:
            found.append(
                Problem(
                    Message.of(
                        gettext_noop(
                            "La question « %(code)s » ne peut jamais s’afficher : aucune "
                            "réponse ne remplit toutes ses conditions d’affichage."
                        ),
                        code=question.code,
                    ),
                    question=question.code,
                )
            )
        earlier[question.code] = question
    return found


def _condition_problems(
    question: QuestionDef, earlier: dict[str, QuestionDef], questionnaire: QuestionnaireDef
) -> list[Problem]:
    found = []

    def problem(text: str, **params) -> None:
        found.append(
            Problem(Message.of(text, code=question.code, **params), question=question.code)
        )

    for condition in question.conditions:
        source = earlier.get(condition.depends_on)
        if source is None:
            if condition.depends_on in questionnaire.by_code:
                problem(
                    gettext_noop(
                        "La question « %(code)s » dépend de « %(source)s », qui vient après "
                        "elle (ou d’elle-même) : une condition ne peut porter que sur une "
                        "question précédente."
                    ),
                    source=condition.depends_on,
                )
            else:
                problem(
                    gettext_noop(
                        "La question « %(code)s » dépend de « %(source)s », qui n’est pas "
                        "une question de cette enquête."
                    ),
                    source=condition.depends_on,
                )
            continue
        source_kind = kind(source.kind)
        if condition.operator not in source_kind.operators:
            problem(
                gettext_noop(
                    "La condition de « %(code)s » sur « %(source)s » n’est pas possible "
                    "pour une question de ce type."
                ),
                source=source.code,
            )
            continue
        if condition.operator == ops.ANSWERED:
            continue
        if condition.operator == ops.EQUALS and len(condition.values) != 1:
            problem(
                gettext_noop(
                    "La condition « est égal à » de « %(code)s » prend exactement une valeur ; "
                    "pour plusieurs, choisissez « est l’un de »."
                )
            )
        allowed = source_kind.condition_values(source) or []
        unknown = [v for v in condition.values if v not in allowed]
        if not condition.values or unknown:
            problem(
                gettext_noop(
                    "La condition de « %(code)s » sur « %(source)s » compare des valeurs qui "
                    "ne sont pas des réponses possibles : %(values)s."
                ),
                source=source.code,
                values=", ".join(unknown) or "—",
            )
    return found


def _can_show(
    question: QuestionDef, earlier: dict[str, QuestionDef], showable: dict[str, bool]
) -> bool:
    """Whether some answers to earlier questions meet all of the question's conditions."""
    by_source: dict[str, list] = {}
    for condition in question.conditions:
        by_source.setdefault(condition.depends_on, []).append(condition)
    for code, conds in by_source.items():
        source = earlier[code]
        if not showable.get(code, False):
            return False
        if not any(
            all(ops.holds(c.operator, c.values, given) for c in conds)
            for given in _possible_givens(source)
        ):
            return False
    return True


def _possible_givens(source: QuestionDef):
    """Every set of codes an answer to ``source`` can hold (the empty set included)."""
    yield set()
    values = kind(source.kind).condition_values(source)
    if values is None:
        yield {"*"}
        return
    if source.kind == "multiple_choice" and len(values) <= MAX_ENUMERATED_OPTIONS:
        for size in range(1, len(values) + 1):
            for subset in combinations(values, size):
                yield set(subset)
        return
    for value in values:
        yield {value}
    if source.kind == "multiple_choice":
        yield set(values)
