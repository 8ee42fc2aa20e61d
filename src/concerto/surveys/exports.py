"""A questionnaire's submitted responses as rows for a file, and the codebook that reads them.

The columns depend only on the questionnaire's structure, never on the answers: two exports
of the same questionnaire have the same header, however many people answered and whichever
questions their answers showed or hid. What identifies a participant (e-mail address, resume
token) is never exported.

Rows are produced one by one: responses are read through a cursor in chunks, and each
chunk's answers in two queries, so memory and the number of queries stay flat however many
responses there are. The files themselves are written by ``concerto.exports``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from .answers import rows_to_answers
from .engine import QuestionnaireDef, kind
from .engine.kinds import Formatter, free_text, normalise
from .models import AnswerChoice, AnswerValue, Questionnaire, Response, ResponseStatus
from .structure import load

CHUNK_SIZE = 2000

# The columns every export starts with, and what they mean (for the codebook).
FIXED_COLUMNS = {
    "numero": "Numéro de la réponse, celui du back office",
    "envoyee_le": "Date et heure du premier envoi (heure de Paris)",
    "modifiee_le": "Date et heure de la dernière modification envoyée, vide sinon",
    "profil": "Profil du participant au moment de l’envoi",
    "organisation": "Organisation déclarée par le participant",
    "departement": "Département du participant au moment de l’envoi",
}


class SpreadsheetFormatter:
    """Numbers with a decimal comma and dates in ISO form, as French spreadsheets read them."""

    def number(self, value: Decimal) -> str:
        return format(value, "f").replace(".", ",")

    def date(self, value: datetime.date) -> str:
        return value.isoformat()


class PlainFormatter:
    """Numbers with a decimal point, for files whose cells carry their own type (XLSX)."""

    def number(self, value: Decimal) -> str:
        return format(value, "f")

    def date(self, value: datetime.date) -> str:
        return value.isoformat()


SPREADSHEET = SpreadsheetFormatter()
PLAIN = PlainFormatter()


def header(definition: QuestionnaireDef) -> list[str]:
    return list(FIXED_COLUMNS) + [
        column for q in definition.answerable for column in kind(q.kind).columns(q)
    ]


def numeric_columns(definition: QuestionnaireDef) -> list[bool]:
    """For each column of ``header``: does it hold numbers (the response number does)?"""
    fixed = [name == "numero" for name in FIXED_COLUMNS]
    return fixed + [
        numeric for q in definition.answerable for numeric in kind(q.kind).numeric_columns(q)
    ]


def submitted_responses(questionnaire: Questionnaire):
    """(number, submitted_at, edited_at, profile, organisation, département) per response.

    The number is the response's id, the one the back office shows."""
    return (
        Response.objects.filter(questionnaire=questionnaire, status=ResponseStatus.SUBMITTED)
        .order_by("pk")
        .values_list(
            "pk",
            "submitted_at",
            "edited_at",
            "profile__label",
            "participant__organisation_name",
            "departement",
        )
    )


def _chunks(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _when(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def count_submitted(questionnaire: Questionnaire) -> int:
    return submitted_responses(questionnaire).count()


def iter_records(
    questionnaire: Questionnaire, definition: QuestionnaireDef, fmt: Formatter
) -> Iterator[tuple[tuple, list[str]]]:
    """Per submitted response, in response-number order: its fixed values (number, aware
    submission and edit dates, profile, organisation, département) and its answer cells.

    Responses come through a server-side cursor; each chunk's typed rows are read in two
    queries, as plain tuples (no model instances: they are most of an export's cost).
    """
    questions = definition.answerable
    responses = submitted_responses(questionnaire).iterator(chunk_size=CHUNK_SIZE)
    for chunk in _chunks(responses, CHUNK_SIZE):
        ids = [row[0] for row in chunk]
        answers = rows_to_answers(
            definition,
            AnswerChoice.objects.filter(response_id__in=ids).values_list(
                "response_id", "question_id", "choice_id", "row_id", "rank"
            ),
            AnswerValue.objects.filter(response_id__in=ids).values_list(
                "response_id", "question_id", "text", "number", "date"
            ),
            keyed=True,
        )
        for number, submitted_at, edited_at, profile, organisation, departement in chunk:
            given = answers.get(number, {})
            cells: list[str] = []
            for q in questions:
                cells += kind(q.kind).cells(q, given.get(q.code), fmt)
            fixed = (
                number,
                submitted_at,
                edited_at,
                profile or "",
                free_text(organisation),
                departement,
            )
            yield fixed, cells


def iter_csv_rows(questionnaire: Questionnaire, definition: QuestionnaireDef | None = None):
    """The header, then one row of text cells per submitted response (decimal comma)."""
    definition = definition or load(questionnaire.pk)
    yield header(definition)
    for (number, submitted_at, edited_at, *rest), cells in iter_records(
        questionnaire, definition, SPREADSHEET
    ):
        yield [str(number), _when(submitted_at), _when(edited_at), *rest, *cells]


CODEBOOK_HEADER = ["code", "question", "type", "nature", "code_choix", "libelle_choix", "score"]


def codebook_rows(definition: QuestionnaireDef) -> Iterator[list[str]]:
    """What each column means: the header, then the fixed columns, then per question its
    text and kind, and one line per matrix row and per option (code, label, score)."""
    yield CODEBOOK_HEADER
    for code, meaning in FIXED_COLUMNS.items():
        yield [code, meaning, "", "", "", "", ""]
    for q in definition.answerable:
        question = [q.code, free_text(q.label), gettext(kind(q.kind).label)]
        yield [*question, "question", "", "", ""]
        for row in q.rows:
            yield [*question, "ligne du tableau", row.code, free_text(row.label), ""]
        for option in q.options:
            score = "" if option.score is None else SPREADSHEET.number(normalise(option.score))
            nature = "« Autre (précisez) »" if option.is_other else "choix"
            yield [*question, nature, option.code, free_text(option.label), score]
