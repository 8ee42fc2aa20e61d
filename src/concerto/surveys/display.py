"""Answers as people read them: choice labels rather than codes, dates and numbers in French.

Used by the review page, the receipt e-mail, the back office and the exports, so that an
answer reads the same everywhere.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .engine import OTHER as OTHER_CODE
from .models import OTHER_KINDS, Question, QuestionKind

SINGLE_CODE_KINDS = {QuestionKind.SINGLE_CHOICE, QuestionKind.SELECT, QuestionKind.LIKERT}


@dataclass
class QuestionShape:
    """A question with its choices sorted once, for reading many answers."""

    question: Question
    options: list[Any] = field(default_factory=list)  # Choice(is_row=False), in order
    rows: list[Any] = field(default_factory=list)  # Choice(is_row=True), in order
    width: int = 1  # number of CSV columns, set by the export

    def __post_init__(self) -> None:
        choices = list(self.question.choices.all())  # prefetched
        self.options = [c for c in choices if not c.is_row]
        self.rows = [c for c in choices if c.is_row]
        self.option_labels = {c.code: c.label for c in self.options}

    @property
    def has_other(self) -> bool:
        return self.question.has_other and self.question.kind in OTHER_KINDS

    def option_label(self, code: Any) -> str:
        if code == OTHER_CODE and self.has_other:
            return _("Autre")
        # An unknown code (a choice since removed) is shown as stored rather than lost.
        return self.option_labels.get(code, str(code))


def display_answer(shape: QuestionShape, value: Any, other_text: str = "") -> list[str]:
    """An answer as lines of text for a person: labels rather than codes."""
    kind = shape.question.kind
    if value is None or value == "" or value == [] or value == {}:
        return []
    if kind in SINGLE_CODE_KINDS:
        return [_with_other(shape, value, other_text)]
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return [_with_other(shape, code, other_text) for code in as_list(value)]
    if kind == QuestionKind.RANKING:
        return [
            f"{rank}. {shape.option_label(code)}"
            for rank, code in enumerate(as_list(value), start=1)
        ]
    if kind == QuestionKind.MATRIX:
        if not isinstance(value, dict):
            return [str(value)]
        row_labels = {row.code: row.label for row in shape.rows}
        ordered = [row.code for row in shape.rows if row.code in value]
        ordered += [code for code in value if code not in row_labels]
        return [
            f"{row_labels.get(code, code)} : {shape.option_label(value[code])}" for code in ordered
        ]
    if kind == QuestionKind.YES_NO:
        return [{"oui": _("Oui"), "non": _("Non")}.get(value, str(value))]
    if kind == QuestionKind.DATE:
        try:
            return [date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")]
        except (TypeError, ValueError):
            return [str(value)]
    if kind == QuestionKind.NUMBER:
        return [format_number(value)]
    return [str(value)]


def _with_other(shape: QuestionShape, code: Any, other_text: str) -> str:
    label = shape.option_label(code)
    if code == OTHER_CODE and shape.has_other and other_text:
        return f"{label} : {other_text}"
    return label


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def format_number(value: Any) -> str:
    # 2.0 stored for "2" reads as 2; other floats keep their digits.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def display_text(question: Question, value: Any, other_text: str = "") -> str:
    """One answer as text, one line per item (choices, ranks, matrix rows)."""
    return "\n".join(display_answer(QuestionShape(question), value, other_text))
