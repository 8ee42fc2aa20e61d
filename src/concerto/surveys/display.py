"""Answers as people read them: choice labels rather than codes, dates and numbers in the
reader's language. Used by the review page, the receipt e-mail and the back office, so that
an answer reads the same everywhere; each kind says how (``Kind.display``)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.formats import date_format, number_format

from .engine import Answer, QuestionDef, QuestionnaireDef, kind, visible_codes


class PageFormatter:
    def number(self, value: Decimal) -> str:
        return number_format(value)

    def date(self, value: datetime.date) -> str:
        return date_format(value, "SHORT_DATE_FORMAT")


PAGE = PageFormatter()


def display_lines(question: QuestionDef, answer: Answer | None) -> list[str]:
    if answer is None:
        return []
    return kind(question.kind).display(question, answer, PAGE)


def display_text(question: QuestionDef, answer: Answer | None) -> str:
    """One answer as text, one line per item (choices, ranks, matrix rows)."""
    return "\n".join(display_lines(question, answer))


def answers_summary(
    definition: QuestionnaireDef, answers: dict[str, Answer]
) -> list[tuple[QuestionDef, str]]:
    """(question, answer as text) for each visible answered question, in order."""
    values = {code: a.value for code, a in answers.items()}
    visible = visible_codes(definition.questions, values)
    return [
        (q, text)
        for q in definition.answerable
        if q.code in visible and q.code in answers and (text := display_text(q, answers[q.code]))
    ]
