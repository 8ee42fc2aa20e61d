"""The survey engine: questionnaires as plain data, question kinds, display conditions and
the checks before publishing. It imports nothing from Django (a test asserts it), so that
its rules can be read, tested and reused on their own."""

from .checks import Problem, problems
from .conditions import missing_required, visible_codes
from .kinds import KINDS, Answer, Parsed, Row, Synth, field_name, kind
from .messages import Message
from .structure import OTHER, ChoiceDef, ConditionDef, QuestionDef, QuestionnaireDef, SectionDef
from .text import clean_text

__all__ = [
    "KINDS",
    "OTHER",
    "Answer",
    "ChoiceDef",
    "ConditionDef",
    "Message",
    "Parsed",
    "Problem",
    "QuestionDef",
    "QuestionnaireDef",
    "Row",
    "SectionDef",
    "Synth",
    "clean_text",
    "field_name",
    "kind",
    "missing_required",
    "problems",
    "visible_codes",
]
