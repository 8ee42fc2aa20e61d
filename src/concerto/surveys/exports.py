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
import io
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from .display import (
    OTHER_CODE,
    SINGLE_CODE_KINDS,
    QuestionShape,
    as_list,
    format_number,
)
from .models import (
    DISPLAY_ONLY_KINDS,
    Answer,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    ResponseStatus,
)

CHUNK_SIZE = 2000
# French Excel reads ";" as the column separator (and "," as the decimal mark); with ","
# it would put every row into one cell.
CSV_DELIMITER = ";"
BOM = "\ufeff"

FIXED_COLUMNS = ["numero", "envoyee_le", "profil", "organisation", "departement"]


def questionnaire_shapes(questionnaire: Questionnaire) -> list[QuestionShape]:
    """The questionnaire's questions that take answers, in the order participants see them."""
    questions = (
        Question.objects.filter(section__questionnaire=questionnaire)
        .exclude(kind__in=DISPLAY_ONLY_KINDS)
        .select_related("section")
        .prefetch_related("choices")
        .order_by("section__order", "section__pk", "order", "pk")
    )
    return [QuestionShape(q) for q in questions]


def _free_text(text: str) -> str:
    # Participants type these cells: a leading "=", "+", "-" or "@" would make Excel run
    # them as a formula on the manager's computer (CSV injection), so they are quoted.
    if text and text[0] in "=+-@\t\r":
        return f"'{text}"
    return text


# --- CSV --------------------------------------------------------------------------------


def question_columns(shape: QuestionShape) -> list[str]:
    q = shape.question
    kind = q.kind
    if kind == QuestionKind.MULTIPLE_CHOICE:
        columns = [f"{q.code}__{c.code}" for c in shape.options]
        if shape.has_other:
            columns += [f"{q.code}__{OTHER_CODE}", f"{q.code}__{OTHER_CODE}_texte"]
        return columns
    if kind == QuestionKind.RANKING:
        return [f"{q.code}__{c.code}" for c in shape.options]
    if kind == QuestionKind.MATRIX:
        return [f"{q.code}__{row.code}" for row in shape.rows]
    if kind in SINGLE_CODE_KINDS and shape.has_other:
        return [q.code, f"{q.code}__{OTHER_CODE}_texte"]
    return [q.code]


def question_cells(shape: QuestionShape, value: Any, other_text: str = "") -> list[str]:
    """The cells of one question for one response; empty when it was not answered."""
    if value in (None, "", [], {}):
        return [""] * shape.width
    kind = shape.question.kind
    if kind == QuestionKind.MULTIPLE_CHOICE:
        chosen = set(as_list(value))
        cells = ["1" if c.code in chosen else "0" for c in shape.options]
        if shape.has_other:
            has_other = OTHER_CODE in chosen
            cells += ["1" if has_other else "0", _free_text(other_text) if has_other else ""]
        return cells
    if kind == QuestionKind.RANKING:
        ranks = {code: rank for rank, code in enumerate(as_list(value), start=1)}
        return [str(ranks.get(c.code, "")) for c in shape.options]
    if kind == QuestionKind.MATRIX:
        picked = value if isinstance(value, dict) else {}
        return [
            shape.option_label(picked[row.code]) if row.code in picked else "" for row in shape.rows
        ]
    if kind in SINGLE_CODE_KINDS:
        cells = [shape.option_label(value)]
        if shape.has_other:
            cells.append(_free_text(other_text) if value == OTHER_CODE else "")
        return cells
    if kind == QuestionKind.NUMBER:
        return [format_number(value)]
    return [_free_text(str(value))]


def submitted_responses(questionnaire: Questionnaire):
    """(id, submitted_at, profile, organisation, département) of each submitted response."""
    return (
        Response.objects.filter(questionnaire=questionnaire, status=ResponseStatus.SUBMITTED)
        .order_by("submitted_at", "pk")
        .values_list(
            "pk",
            "submitted_at",
            "participant__profile__label",
            "participant__organisation_name",
            "participant__departement",
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


def iter_csv_rows(questionnaire: Questionnaire) -> Iterator[list[str]]:
    """The header, then one row per submitted response, in submission order.

    Responses come through a server-side cursor; each chunk's answers are read in one query,
    as plain tuples (no model instances: they are most of an export's cost).
    """
    shapes = questionnaire_shapes(questionnaire)
    for shape in shapes:
        shape.width = len(question_columns(shape))
    by_question = [(shape, shape.question.pk) for shape in shapes]
    yield FIXED_COLUMNS + [column for shape in shapes for column in question_columns(shape)]

    number = 0
    responses = submitted_responses(questionnaire).iterator(chunk_size=CHUNK_SIZE)
    for chunk in _chunks(responses, CHUNK_SIZE):
        answers: dict[int, dict[int, tuple[Any, str]]] = {}
        for response_id, question_id, value, other_text in Answer.objects.filter(
            response_id__in=[row[0] for row in chunk]
        ).values_list("response_id", "question_id", "value", "other_text"):
            answers.setdefault(response_id, {})[question_id] = (value, other_text)
        for response_id, submitted_at, profile, organisation, departement in chunk:
            number += 1
            given = answers.get(response_id, {})
            row = [
                str(number),
                timezone.localtime(submitted_at).isoformat(timespec="seconds"),
                profile or "",
                _free_text(organisation),
                departement,
            ]
            for shape, question_id in by_question:
                row += question_cells(shape, *given.get(question_id, (None, "")))
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
