"""A questionnaire's structure as plain, immutable data: what the engine reads.

The Django models are loaded into these once per questionnaire version; the engine, the
exports and the synthetic generator work on them and never touch the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

OTHER = "autre"  # the code of every « Autre (précisez) » option


@dataclass(frozen=True)
class ChoiceDef:
    code: str
    label: str
    score: Decimal | None = None
    is_row: bool = False  # a matrix row rather than an option
    is_other: bool = False  # the « Autre (précisez) » option, followed by a text
    id: int | None = None


@dataclass(frozen=True)
class ConditionDef:
    """Show the question only when the answer to ``depends_on`` meets ``operator``."""

    depends_on: str  # a question code of the same questionnaire
    operator: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionDef:
    code: str
    kind: str
    label: str = ""
    help_text: str = ""
    required: bool = False
    max_length: int | None = None
    min_choices: int | None = None
    max_choices: int | None = None
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    has_other: bool = False
    choices: tuple[ChoiceDef, ...] = ()  # options then rows, each in order
    conditions: tuple[ConditionDef, ...] = ()
    section: int = 0  # index of the section, from 0
    id: int | None = None

    @cached_property
    def options(self) -> tuple[ChoiceDef, ...]:
        """The options a participant picks from, « Autre » last when the question has it."""
        plain = tuple(c for c in self.choices if not c.is_row and not c.is_other)
        other = tuple(c for c in self.choices if c.is_other)
        return plain + (other if self.other_enabled else ())

    @cached_property
    def rows(self) -> tuple[ChoiceDef, ...]:
        return tuple(c for c in self.choices if c.is_row)

    @cached_property
    def option_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.options)

    @cached_property
    def option_by_code(self) -> dict[str, ChoiceDef]:
        return {c.code: c for c in self.options}

    @cached_property
    def row_by_code(self) -> dict[str, ChoiceDef]:
        return {c.code: c for c in self.rows}

    @property
    def kind_def(self):
        from .kinds import kind

        return kind(self.kind)

    @property
    def takes_answers(self) -> bool:
        return self.kind_def.takes_answers

    @property
    def other_enabled(self) -> bool:
        return self.has_other and self.kind_def.takes_other


@dataclass(frozen=True)
class SectionDef:
    title: str
    description: str = ""
    id: int | None = None


@dataclass(frozen=True)
class QuestionnaireDef:
    sections: tuple[SectionDef, ...]
    questions: tuple[QuestionDef, ...]  # in the order participants see them
    by_code: dict[str, QuestionDef] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_code.update({q.code: q for q in self.questions})

    @cached_property
    def by_id(self) -> dict[int, QuestionDef]:
        return {q.id: q for q in self.questions if q.id is not None}

    def section_questions(self, index: int) -> list[QuestionDef]:
        return [q for q in self.questions if q.section == index]

    @cached_property
    def answerable(self) -> tuple[QuestionDef, ...]:
        return tuple(q for q in self.questions if q.takes_answers)
