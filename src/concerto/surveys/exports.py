"""The responses of a questionnaire as CSV, and answers rendered for people to read.

The columns depend only on the questionnaire's structure, never on the answers: two exports
of the same questionnaire have the same header, however many people answered and whichever
questions their answers showed or hid. What identifies a participant (e-mail address, resume
token) is never exported.

The file is produced row by row: responses are read through a cursor in chunks, and each
chunk's answers in one query, so memory and the number of queries stay flat however many
responses there are.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone

from .answers import rows_to_answers
from .engine import QuestionnaireDef, kind
from .engine.kinds import free_text
from .models import AnswerChoice, AnswerValue, Questionnaire, Response, ResponseStatus
from .structure import load

CHUNK_SIZE = 2000
# French Excel reads ";" as the column separator (and "," as the decimal mark); with ","
# it would put every row into one cell.
CSV_DELIMITER = ";"
BOM = "\ufeff"

FIXED_COLUMNS = [
    "numero",
    "envoyee_le",
    "modifiee_le",
    "profil",
    "organisation",
    "departement",
]


class SpreadsheetFormatter:
    """Numbers with a decimal comma and dates in ISO form, as French spreadsheets read them."""

    def number(self, value: Decimal) -> str:
        return format(value, "f").replace(".", ",")

    def date(self, value: datetime.date) -> str:
        return value.isoformat()


SPREADSHEET = SpreadsheetFormatter()


def header(definition: QuestionnaireDef) -> list[str]:
    return FIXED_COLUMNS + [
        column for q in definition.answerable for column in kind(q.kind).columns(q)
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


def iter_csv_rows(questionnaire: Questionnaire, definition: QuestionnaireDef | None = None):
    """The header, then one row per submitted response, in response-number order.

    Responses come through a server-side cursor; each chunk's typed rows are read in two
    queries, as plain tuples (no model instances: they are most of an export's cost).
    """
    definition = definition or load(questionnaire.pk)
    questions = definition.answerable
    yield header(definition)
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
            row = [
                str(number),
                _when(submitted_at),
                _when(edited_at),
                profile or "",
                free_text(organisation),
                departement,
            ]
            for q in questions:
                row += kind(q.kind).cells(q, given.get(q.code), SPREADSHEET)
            yield row


def iter_csv_text(questionnaire: Questionnaire, *, rows_per_chunk: int = 200) -> Iterator[str]:
    """The CSV file as text chunks, starting with a byte-order mark so Excel reads UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    buffer.write(BOM)
    for index, row in enumerate(iter_csv_rows(questionnaire), start=1):
        writer.writerow(row)
        if index % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def export_filename(questionnaire: Questionnaire) -> str:
    return f"{questionnaire.slug}-reponses-{timezone.localdate().isoformat()}.csv"
