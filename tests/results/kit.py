"""Responses submitted, edited and withdrawn through the journey's own actions."""

from __future__ import annotations

from concerto.surveys import actions
from concerto.surveys.engine import Parsed
from concerto.surveys.models import Participant, Response
from concerto.surveys.structure import load
from tests.surveys.conftest import as_value


def _parsed(definition, answers, other_texts):
    return {
        code: Parsed(
            value=as_value(definition.by_code[code], value), other=other_texts.get(code, "")
        )
        for code, value in answers.items()
    }


def participant(questionnaire, *, profile=None, departement="") -> Participant:
    return Participant.objects.create(
        consultation=questionnaire.theme.consultation, profile=profile, departement=departement
    )


def submit(questionnaire, answers, *, other_texts=None, person=None, **who) -> Response:
    """A participant answers and submits (``person``, or a new one with ``who``)."""
    person = person or participant(questionnaire, **who)
    definition = load(questionnaire.pk)
    response = actions.start_response(participant=person, questionnaire=questionnaire)
    actions.save_page(
        participant=person,
        response=response,
        definition=definition,
        parsed=_parsed(definition, answers, other_texts or {}),
    )
    actions.submit_response(participant=person, response=response, definition=definition)
    response.refresh_from_db()
    return response


def edit(response, answers, *, other_texts=None, drop=()) -> Response:
    """The participant edits a submitted response: ``answers`` replace theirs, ``drop``
    empties some."""
    definition = load(response.questionnaire_id)
    person = response.participant
    actions.begin_edit(participant=person, response=response, definition=definition)
    parsed = _parsed(definition, answers, other_texts or {})
    parsed.update({code: Parsed(value=None) for code in drop})
    actions.save_page(participant=person, response=response, definition=definition, parsed=parsed)
    actions.submit_response(participant=person, response=response, definition=definition)
    response.refresh_from_db()
    return response


def withdraw(response) -> None:
    actions.withdraw_response(participant=response.participant, response=response)
