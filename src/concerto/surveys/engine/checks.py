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
from .messages import Label, Message, gettext_noop
from .structure import ConditionDef, QuestionDef, QuestionnaireDef

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

    # Per question: True if some answers show it, False if none can, None when its own
    # conditions are broken (reported as such, and not again on the questions after it).
    showable: dict[str, bool | None] = {}
    # Per question: every condition its display needs, its sources' included (a hidden
    # question meets no condition, so showing a question needs its sources shown).
    needs: dict[str, dict[str, list[ConditionDef]]] = {}
    earlier: dict[str, QuestionDef] = {}
    for question in questionnaire.questions:
        for message in kind(question.kind).check(question) + _leftovers(question):
            found.append(Problem(message, question=question.code))
        condition_problems = _condition_problems(question, earlier, questionnaire)
        found += condition_problems
        if condition_problems:
            showable[question.code] = None
        else:
            # A source with broken conditions adds none of them: its own problem says it.
            needs[question.code] = _needs(question, needs)
            showable[question.code] = _can_show(needs[question.code], earlier)
            if not showable[question.code]:
                found.append(_never_shown(question, showable))
        earlier[question.code] = question
    return found


def _leftovers(question: QuestionDef) -> list[Message]:
    """Choices the question's kind does not use, left over from another kind: participants
    would not see them, and the manager would believe they do."""
    definition = kind(question.kind)
    found = []
    options = [c for c in question.choices if not c.is_row and not c.is_other]
    if options and not definition.has_options:
        found.append(
            Message.of(
                gettext_noop(
                    "Une question « %(kind)s » ne propose pas de choix : supprimez ceux qui "
                    "restent (%(codes)s)."
                ),
                kind=Label(definition.label),
                codes=", ".join(c.code for c in options),
            )
        )
    rows = [c for c in question.choices if c.is_row]
    if rows and not definition.has_rows:
        found.append(
            Message.of(
                gettext_noop(
                    "Seul un tableau a des lignes : supprimez celles qui restent (%(codes)s)."
                ),
                codes=", ".join(c.code for c in rows),
            )
        )
    return found


def _never_shown(question: QuestionDef, showable: dict[str, bool | None]) -> Problem:
    hidden = [c.depends_on for c in question.conditions if showable[c.depends_on] is False]
    if hidden:
        message = Message.of(
            gettext_noop(
                "La question « %(code)s » ne peut jamais s’afficher : elle dépend de "
                "« %(source)s », qui ne s’affiche jamais."
            ),
            code=question.code,
            source=hidden[0],
        )
    else:
        message = Message.of(
            gettext_noop(
                "La question « %(code)s » ne peut jamais s’afficher : aucune "
                "réponse ne remplit toutes ses conditions d’affichage."
            ),
            code=question.code,
        )
    return Problem(message, question=question.code)


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


def _needs(
    question: QuestionDef, needs: dict[str, dict[str, list[ConditionDef]]]
) -> dict[str, list[ConditionDef]]:
    """Every condition that must hold for ``question`` to show, grouped by source question."""
    gathered: dict[str, list[ConditionDef]] = {}
    for condition in question.conditions:
        for source, conds in needs.get(condition.depends_on, {}).items():
            gathered.setdefault(source, []).extend(conds)
        gathered.setdefault(condition.depends_on, []).append(condition)
    return gathered


def _can_show(needs: dict[str, list[ConditionDef]], earlier: dict[str, QuestionDef]) -> bool:
    """Whether some answers meet all of ``needs``.

    Conditions are all-of and each source's answer is free once the source shows, so the
    conditions are satisfiable together when those on each source are.
    """
    return all(
        any(
            all(ops.holds(c.operator, c.values, given) for c in conds)
            for given in _possible_givens(earlier[code])
        )
        for code, conds in needs.items()
    )


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
