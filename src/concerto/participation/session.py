"""Who is answering, on this browser: the participant of each consultation, by its token.

Participants have no account. Their private token is kept in the session (one per
consultation), and the resume link puts it back on another browser.
"""

from __future__ import annotations

from django.http import HttpRequest

from concerto.consultations.models import Consultation
from concerto.participation.models import Participant

SESSION_KEY = "concerto.participants"


def current_participant(request: HttpRequest, consultation: Consultation) -> Participant | None:
    token = request.session.get(SESSION_KEY, {}).get(str(consultation.pk))
    if not token:
        return None
    return (
        Participant.objects.filter(token=token, consultation=consultation)
        .select_related("profile")
        .first()
    )


def remember_participant(request: HttpRequest, participant: Participant) -> None:
    tokens = dict(request.session.get(SESSION_KEY, {}))
    tokens[str(participant.consultation_id)] = participant.token
    request.session[SESSION_KEY] = tokens


def participant_and_response(request: HttpRequest, consultation: Consultation, questionnaire):
    """The participant on this browser and their response to ``questionnaire`` (or None):
    one query when they have started it (every step), two otherwise."""
    token = request.session.get(SESSION_KEY, {}).get(str(consultation.pk))
    if not token:
        return None, None
    from concerto.surveys.models import Response

    response = (
        Response.objects.filter(
            questionnaire=questionnaire,
            participant__token=token,
            participant__consultation=consultation,
        )
        .select_related("participant__profile")
        .first()
    )
    if response is not None:
        response.questionnaire = questionnaire
        response.participant.consultation = consultation
        return response.participant, response
    return current_participant(request, consultation), None
