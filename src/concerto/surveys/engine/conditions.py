"""Display conditions: one meaning, here, mirrored by ``questionnaire.js``.

A condition compares the set of codes an answer holds (one code for a single choice, the
ticked codes of a multiple choice) with the condition's values:

- ``answered``: the question has an answer, whatever it is;
- ``equals`` (one value) and ``any_of`` (one or more): the answer holds one of the values;
- ``not_equals``: the question has an answer, and it holds none of the values.

An unanswered (or hidden) question meets no condition, not even « est différent de ».
``tests/surveys/condition_cases.py`` is the table of cases that both implementations pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .structure import QuestionDef

EQUALS = "equals"
NOT_EQUALS = "not_equals"
ANY_OF = "any_of"
ANSWERED = "answered"
OPERATORS = (EQUALS, NOT_EQUALS, ANY_OF, ANSWERED)


def holds(operator: str, expected: Iterable[str], given: Iterable[str]) -> bool:
    """Whether an answer holding the codes ``given`` meets the condition."""
    given = {str(v) for v in given}
    if operator == ANSWERED:
        return bool(given)
    if not given:
        return False
    common = given & {str(v) for v in expected}
    if operator in (EQUALS, ANY_OF):
        return bool(common)
    if operator == NOT_EQUALS:
        return not common
    raise ValueError(f"Unknown condition operator {operator!r}")


def visible_codes(questions: Iterable[QuestionDef], values: Mapping[str, Any]) -> set[str]:
    """The codes of the questions a participant sees, given their answers (by code).

    A question is visible when every one of its conditions holds on a visible question;
    questions are walked in questionnaire order, and conditions point backwards (a check
    before publishing refuses the others), so one pass is enough.
    """
    visible: set[str] = set()
    by_code: dict[str, QuestionDef] = {}
    for question in questions:
        by_code[question.code] = question
        if all(
            condition.depends_on in visible
            and holds(
                condition.operator,
                condition.values,
                _given(by_code[condition.depends_on], values.get(condition.depends_on)),
            )
            for condition in question.conditions
        ):
            visible.add(question.code)
    return visible


def _given(question: QuestionDef, value: Any) -> set[str]:
    return question.kind_def.given(question, value)


def missing_required(
    questions: Iterable[QuestionDef], values: Mapping[str, Any]
) -> list[QuestionDef]:
    """Required, visible questions left without an answer: a submission must have none."""
    questions = list(questions)
    visible = visible_codes(questions, values)
    return [
        q
        for q in questions
        if q.code in visible
        and q.required
        and q.takes_answers
        and q.kind_def.is_empty(values.get(q.code))
    ]
