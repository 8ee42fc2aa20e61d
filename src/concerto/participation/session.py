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
