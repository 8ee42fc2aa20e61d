"""Parsing, validation and display conditions of questionnaire answers.

Plain functions over the questionnaire's questions: the views call them with the posted
data, the services call them again before a submission is accepted, and tests call them
directly. Field names in forms: ``q-<code>`` for the answer, ``q-<code>-autre`` for the
« Autre (précisez) » text, ``q-<code>-<item>`` for each ranking item or matrix row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import ConditionOperator, Question, QuestionKind

OTHER = "autre"
YES_NO = (("oui", "Oui"), ("non", "Non"))
SCALE_0_10 = tuple(range(0, 11))


@dataclass
class Parsed:
    """What a participant typed for one question, and what is wrong with it."""

    value: Any = None
    other_text: str = ""
    error: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)  # echoed back into the form on error

    @property
    def is_empty(self) -> bool:
        return is_empty(self.value)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def field_name(question: Question, suffix: str = "") -> str:
    return f"q-{question.code}" + (f"-{suffix}" if suffix else "")


def options(question: Question) -> list:
    return [c for c in question.choices.all() if not c.is_row]


def rows(question: Question) -> list:
    return [c for c in question.choices.all() if c.is_row]


def _clean_text(value: str) -> str:
    # Normalise line endings so that the character count matches what the browser showed.
    return value.replace("\r\n", "\n").strip()


def parse(question: Question, data) -> Parsed:
    """Read one question's answer from posted data and check it against the question."""
    kind = question.kind
    name = field_name(question)
    if kind in (QuestionKind.HEADING, QuestionKind.TEXT):
        return Parsed()

    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        text = _clean_text(data.get(name, ""))
        parsed = Parsed(value=text, raw={name: text})
        limit = question.effective_max_length()
        if len(text) > limit:
            parsed.error = ngettext(
                "Votre réponse fait %(count)s caractères ; %(limit)s caractère au maximum.",
                "Votre réponse fait %(count)s caractères ; %(limit)s caractères au maximum.",
                limit,
            ) % {"count": len(text), "limit": limit}
        return _required(question, parsed)

    if kind in (
        QuestionKind.SINGLE_CHOICE,
        QuestionKind.SELECT,
        QuestionKind.LIKERT,
        QuestionKind.YES_NO,
    ):
        code = data.get(name, "")
        parsed = Parsed(value=code, raw={name: code})
        valid = (
            [c for c, _label in YES_NO]
            if kind == QuestionKind.YES_NO
            else [c.code for c in options(question)]
        )
        if question.has_other and kind != QuestionKind.YES_NO:
            valid.append(OTHER)
        if code and code not in valid:
            parsed.error = _("Ce choix n’existe pas. Choisissez une des réponses proposées.")
            return parsed
        if code == OTHER:
            _other(question, data, parsed)
        return _required(question, parsed)

    if kind == QuestionKind.MULTIPLE_CHOICE:
        codes = [c for c in data.getlist(name) if c]
        parsed = Parsed(value=codes, raw={name: codes})
        valid = {c.code for c in options(question)} | ({OTHER} if question.has_other else set())
        if any(c not in valid for c in codes) or len(set(codes)) != len(codes):
            parsed.error = _("Un des choix envoyés n’existe pas. Cochez les réponses proposées.")
            return parsed
        # Keep the questionnaire's order, whatever the order of the posted values.
        order = [c.code for c in options(question)] + [OTHER]
        parsed.value = [c for c in order if c in codes]
        if OTHER in codes:
            _other(question, data, parsed)
        if parsed.error:
            return parsed
        if codes:
            low, high = question.min_choices, question.max_choices
            if low and len(codes) < low:
                parsed.error = ngettext(
                    "Cochez au moins %(min)s réponse.", "Cochez au moins %(min)s réponses.", low
                ) % {"min": low}
            elif high and len(codes) > high:
                parsed.error = ngettext(
                    "Cochez au plus %(max)s réponse.", "Cochez au plus %(max)s réponses.", high
                ) % {"max": high}
        return _required(question, parsed)

    if kind == QuestionKind.SCALE_0_10:
        raw = data.get(name, "")
        parsed = Parsed(raw={name: raw})
        if raw != "":
            if raw not in {str(n) for n in SCALE_0_10}:
                parsed.error = _("Choisissez une note entre 0 et 10.")
                return parsed
            parsed.value = int(raw)
        return _required(question, parsed)

    if kind == QuestionKind.NUMBER:
        raw = data.get(name, "").strip()
        parsed = Parsed(raw={name: raw})
        if raw:
            try:
                number = Decimal(raw.replace(" ", "").replace("\u202f", "").replace(",", "."))
                if not number.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                parsed.error = _("Saisissez un nombre, par exemple 12 ou 3,5.")
                return parsed
            if question.min_value is not None and number < question.min_value:
                parsed.error = _("Saisissez un nombre supérieur ou égal à %(min)s.") % {
                    "min": number_format(question.min_value.normalize())
                }
                return parsed
            if question.max_value is not None and number > question.max_value:
                parsed.error = _("Saisissez un nombre inférieur ou égal à %(max)s.") % {
                    "max": number_format(question.max_value.normalize())
                }
                return parsed
            if abs(number) >= Decimal("1e12"):
                parsed.error = _("Ce nombre est trop grand.")
                return parsed
            parsed.value = int(number) if number == number.to_integral_value() else float(number)
        return _required(question, parsed)

    if kind == QuestionKind.DATE:
        raw = data.get(name, "").strip()
        parsed = Parsed(raw={name: raw})
        if raw:
            day = _parse_date(raw)
            if day is None:
                parsed.error = _("Saisissez une date valide, au format JJ/MM/AAAA.")
                return parsed
            parsed.value = day.isoformat()
        return _required(question, parsed)

    if kind == QuestionKind.RANKING:
        items = options(question)
        ranks = {item.code: data.get(field_name(question, item.code), "") for item in items}
        parsed = Parsed(raw={field_name(question, k): v for k, v in ranks.items()})
        given = {code: rank for code, rank in ranks.items() if rank}
        if not given:
            return _required(question, parsed)
        allowed = {str(n) for n in range(1, len(items) + 1)}
        if any(rank not in allowed for rank in given.values()):
            parsed.error = _("Chaque rang doit être un nombre entre 1 et %(n)s.") % {
                "n": len(items)
            }
        elif len(given) != len(items):
            parsed.error = _("Donnez un rang à chaque élément, ou à aucun.")
        elif len(set(given.values())) != len(items):
            parsed.error = _("Chaque rang ne peut être donné qu’une fois.")
        else:
            parsed.value = [
                code for code, _rank in sorted(given.items(), key=lambda kv: int(kv[1]))
            ]
        return parsed

    if kind == QuestionKind.MATRIX:
        columns = {c.code for c in options(question)}
        chosen = {row.code: data.get(field_name(question, row.code), "") for row in rows(question)}
        parsed = Parsed(raw={field_name(question, k): v for k, v in chosen.items()})
        if any(v and v not in columns for v in chosen.values()):
            parsed.error = _("Un des choix envoyés n’existe pas. Choisissez une réponse par ligne.")
            return parsed
        answered = {row: col for row, col in chosen.items() if col}
        if question.required and answered and len(answered) != len(chosen):
            parsed.error = _("Choisissez une réponse pour chaque ligne.")
            parsed.value = answered
            return parsed
        parsed.value = answered
        return _required(question, parsed)

    raise ValueError(f"Unknown question kind {kind!r}")


def form_values(question: Question, value: Any, other_text: str = "") -> dict[str, Any]:
    """The inverse of ``parse``: a stored answer as the form fields that would give it."""
    name = field_name(question)
    if question.kind == QuestionKind.RANKING:
        raw = {field_name(question, code): str(rank) for rank, code in enumerate(value, start=1)}
    elif question.kind == QuestionKind.MATRIX:
        raw = {field_name(question, row): column for row, column in value.items()}
    elif question.kind == QuestionKind.NUMBER:
        raw = {name: str(value).replace(".", ",")}  # as a French participant types it
    elif question.kind == QuestionKind.SCALE_0_10:
        raw = {name: str(value)}
    else:
        raw = {name: value}
    if other_text:
        raw[field_name(question, OTHER)] = other_text
    return raw


def _other(question: Question, data, parsed: Parsed) -> None:
    name = field_name(question, OTHER)
    text = _clean_text(data.get(name, ""))
    parsed.raw[name] = text
    parsed.other_text = text
    if not text:
        parsed.error = _("Vous avez choisi « Autre » : précisez votre réponse.")
    elif len(text) > 500:
        parsed.error = _("La précision « Autre » fait %(count)s caractères ; 500 au maximum.") % {
            "count": len(text)
        }


def _required(question: Question, parsed: Parsed) -> Parsed:
    if parsed.error is None and question.required and parsed.is_empty:
        parsed.error = _("Cette question est obligatoire.")
    return parsed


def _parse_date(raw: str) -> datetime.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            day = datetime.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
        if 1900 <= day.year <= 2100:
            return day
    return None


def condition_holds(operator: str, expected: list, answer: Any) -> bool:
    if operator == ConditionOperator.ANSWERED:
        return not is_empty(answer)
    if is_empty(answer):
        return False
    given = {str(v) for v in answer} if isinstance(answer, list) else {str(answer)}
    wanted = {str(v) for v in expected}
    if operator == ConditionOperator.EQUALS:
        return bool(given & wanted) if isinstance(answer, list) else given == wanted
    if operator == ConditionOperator.NOT_EQUALS:
        return not (given & wanted)
    if operator == ConditionOperator.ANY_OF:
        return bool(given & wanted)
    raise ValueError(f"Unknown condition operator {operator!r}")


def visible_question_ids(questions: list[Question], answers: dict[int, Any]) -> set[int]:
    """Which questions a participant sees, given their answers (by question id).

    A question is visible when every one of its conditions holds and the questions it
    depends on are visible themselves; questions are walked in questionnaire order.
    """
    visible: set[int] = set()
    for question in questions:
        if all(
            cond.depends_on_id in visible
            and condition_holds(cond.operator, cond.values, answers.get(cond.depends_on_id))
            for cond in question.conditions.all()
        ):
            visible.add(question.pk)
    return visible


def missing_required(questions: list[Question], answers: dict[int, Any]) -> list[Question]:
    """Required, visible questions left without an answer: a submission must have none."""
    visible = visible_question_ids(questions, answers)
    return [
        q
        for q in questions
        if q.pk in visible and q.required and not q.is_display_only and is_empty(answers.get(q.pk))
    ]
