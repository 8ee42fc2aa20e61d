"""The journey's actions enforce their rules themselves, whatever door calls them."""

import datetime

import pytest
import time_machine
from django.test import Client

from concerto.surveys import actions
from concerto.surveys.models import AnswerChoice, Participant, Response, ResponseStatus
from concerto.surveys.structure import load
from tests.factories import ParticipantProfileFactory
from tests.surveys.kit import build_questionnaire
from tests.surveys.test_flow import answer_all, begin

pytestmark = pytest.mark.django_db


def submitted(allow_editing=True):
    questionnaire = build_questionnaire(allow_editing=allow_editing)
    client = Client()
    begin(client, questionnaire)
    answer_all(client, questionnaire)
    response = Response.objects.get()
    assert response.status == ResponseStatus.SUBMITTED
    return questionnaire, response, response.participant


def test_withdrawal_is_refused_when_the_consultation_forbids_editing():
    _questionnaire, response, participant = submitted(allow_editing=False)
    with pytest.raises(actions.NotAllowed):
        actions.withdraw_response(participant=participant, response=response)
    assert Response.objects.get().status == ResponseStatus.SUBMITTED


def test_an_edit_is_refused_when_the_consultation_forbids_editing():
    questionnaire, response, participant = submitted(allow_editing=False)
    with pytest.raises(actions.NotAllowed):
        actions.begin_edit(
            participant=participant, response=response, definition=load(questionnaire.pk)
        )


def test_a_submitted_response_is_not_changed_page_by_page_without_an_edit():
    questionnaire, response, participant = submitted()
    with pytest.raises(actions.NotAllowed):
        actions.save_page(
            participant=participant,
            response=response,
            definition=load(questionnaire.pk),
            parsed={},
        )


def test_nobody_acts_on_another_participants_response():
    questionnaire, response, _participant = submitted()
    stranger = Participant.objects.create(consultation=questionnaire.theme.consultation)
    with pytest.raises(actions.NotAllowed):
        actions.withdraw_response(participant=stranger, response=response)


def test_nothing_is_written_once_the_questionnaire_has_closed():
    questionnaire, response, participant = submitted()
    theme = questionnaire.theme
    theme.closes_at = theme.opens_at + datetime.timedelta(days=400)
    theme.save()
    with (
        time_machine.travel(theme.closes_at + datetime.timedelta(minutes=1), tick=False),
        pytest.raises(actions.SurveyClosed),
    ):
        actions.withdraw_response(participant=participant, response=response)


def test_a_response_keeps_the_profile_it_was_submitted_under():
    questionnaire, response, participant = submitted()
    before = response.profile_id
    assert before == participant.profile_id
    other = ParticipantProfileFactory(consultation=questionnaire.theme.consultation)
    participant.profile = other
    participant.save(update_fields=["profile"])
    response.refresh_from_db()
    assert response.profile_id == before  # the cross-tab does not move
    assert set(AnswerChoice.objects.values_list("profile_id", flat=True)) == {before}
