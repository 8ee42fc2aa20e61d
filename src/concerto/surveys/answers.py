"""Answers in and out of storage: drafts as JSON, submitted answers as typed rows.

The engine's kinds say how an answer becomes rows and back; this module only moves those
rows to and from the database, mapping choice codes to ``Choice`` ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .engine import Answer, QuestionnaireDef, Row, kind
from .models import AnswerChoice, AnswerValue, Response, ResponseStatus


def draft_answers(response: Response, definition: QuestionnaireDef) -> dict[str, Answer]:
    """The answers being typed, by question code (questions since removed are dropped)."""
    answers = {}
    for code, item in (response.draft or {}).items():
        question = definition.by_code.get(code)
        if question is None or not isinstance(item, dict):
            continue
        try:
            value = kind(question.kind).from_json(item.get("v"))
        except (TypeError, ValueError, ArithmeticError):
            continue
        answers[code] = Answer(value, item.get("o", ""))
    return answers


def encode_draft(answers: dict[str, Answer], definition: QuestionnaireDef) -> dict:
    draft = {}
    for code, answer in answers.items():
        question = definition.by_code[code]
        item = {"v": kind(question.kind).to_json(answer.value)}
        if answer.other:
            item["o"] = answer.other
        draft[code] = item
    return draft


def submitted_answers(response: Response, definition: QuestionnaireDef) -> dict[str, Answer]:
    """The answers as last submitted, read back from the typed rows (two queries)."""
    return rows_to_answers(
        definition,
        AnswerChoice.objects.filter(response=response).values_list(
            "question_id", "choice_id", "row_id", "rank"
        ),
        AnswerValue.objects.filter(response=response).values_list(
            "question_id", "text", "number", "date"
        ),
    ).get(0, {})


def rows_to_answers(
    definition: QuestionnaireDef,
    choice_rows: Iterable[tuple],
    value_rows: Iterable[tuple],
    *,
    keyed: bool = False,
) -> dict[int, dict[str, Answer]]:
    """Typed rows back into answers, per response.

    Rows are tuples ``(question_id, choice_id, row_id, rank)`` and
    ``(question_id, text, number, date)``, each preceded by the response id when ``keyed``
    (for exports reading many responses at once); otherwise everything is response 0.
    """
    codes = _choice_codes(definition)
    rows: dict[int, dict[int, list[Row]]] = {}
    for item in choice_rows:
        response_id, (question_id, choice_id, row_id, rank) = (
            (item[0], item[1:]) if keyed else (0, item)
        )
        rows.setdefault(response_id, {}).setdefault(question_id, []).append(
            Row(choice=codes.get(choice_id), row=codes.get(row_id), rank=rank)
        )
    for item in value_rows:
        response_id, (question_id, text, number, date) = (item[0], item[1:]) if keyed else (0, item)
        rows.setdefault(response_id, {}).setdefault(question_id, []).append(
            Row(text=text, number=number, date=date)
        )
    result: dict[int, dict[str, Answer]] = {}
    for response_id, by_question in rows.items():
        answers = result.setdefault(response_id, {})
        for question_id, question_rows in by_question.items():
            question = definition.by_id.get(question_id)
            if question is not None:
                answers[question.code] = kind(question.kind).from_rows(question, question_rows)
    return result


def _choice_codes(definition: QuestionnaireDef) -> dict[int, str]:
    return {c.id: c.code for q in definition.questions for c in q.choices if c.id is not None}


def typed_rows(definition: QuestionnaireDef, answers) -> Iterator[tuple]:
    """The typed rows of one response's answers, as plain tuples, in answer order.

    ``("choice", question_id, choice_id, row_id, rank)`` for a chosen option, rank or matrix
    cell; ``("value", question_id, text, number, date)`` for a text, number or date. Bulk
    writers that bypass the ORM (the benchmark's COPY filler) use these directly.
    """
    for code, answer in answers.items():
        question = definition.by_code[code]
        options = {c.code: c.id for c in question.options}
        row_ids = {c.code: c.id for c in question.rows}
        for row in kind(question.kind).to_rows(question, answer):
            if row.choice is not None:
                yield (
                    "choice",
                    question.id,
                    options[row.choice],
                    row_ids[row.row] if row.row is not None else None,
                    row.rank,
                )
            else:
                yield ("value", question.id, row.text, row.number, row.date)


def build_rows(
    response_id: int, profile_id: int | None, definition: QuestionnaireDef, answers
) -> tuple[list[AnswerChoice], list[AnswerValue]]:
    """The typed rows of one response's answers, ready to insert."""
    choice_rows, value_rows = [], []
    for table, question_id, *fields in typed_rows(definition, answers):
        if table == "choice":
            choice_id, row_id, rank = fields
            choice_rows.append(
                AnswerChoice(
                    response_id=response_id,
                    question_id=question_id,
                    choice_id=choice_id,
                    row_id=row_id,
                    rank=rank,
                    profile_id=profile_id,
                )
            )
        else:
            text, number, date = fields
            value_rows.append(
                AnswerValue(
                    response_id=response_id,
                    question_id=question_id,
                    text=text,
                    number=number,
                    date=date,
                    profile_id=profile_id,
                )
            )
    return choice_rows, value_rows


def write_rows(response: Response, definition: QuestionnaireDef, answers: dict[str, Answer]):
    """Replace the response's typed rows with ``answers`` (the caller holds its lock)."""
    AnswerChoice.objects.filter(response=response).delete()
    AnswerValue.objects.filter(response=response).delete()
    choice_rows, value_rows = build_rows(response.pk, response.profile_id, definition, answers)
    AnswerChoice.objects.bulk_create(choice_rows)
    AnswerValue.objects.bulk_create(value_rows)


def current_answers(response: Response, definition: QuestionnaireDef) -> dict[str, Answer]:
    """What the participant sees as their answers: the draft while they answer or edit, the
    submitted answers otherwise."""
    if response.status == ResponseStatus.SUBMITTED and not response.is_editing:
        return submitted_answers(response, definition)
    return draft_answers(response, definition)
