"""The receipt of a submission, sent by the task worker to a confirmed address only.

The task carries the response's id: the answers and the address are read when it runs, and
never stay in the task results."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_receipt(*, response_id: int, base_url: str) -> int:
    from concerto.participation.tasks import resume_url

    from .actions import receipt
    from .answers import submitted_answers
    from .models import Response, ResponseStatus
    from .structure import questionnaire_def

    response = (
        Response.objects.select_related("participant", "questionnaire__theme__consultation")
        .filter(pk=response_id)
        .first()
    )
    if response is None or response.status != ResponseStatus.SUBMITTED:
        return 0
    person = response.participant
    if not person.email or not person.email_verified_at:
        return 0
    definition = questionnaire_def(response.questionnaire)
    answers = submitted_answers(response, definition)
    subject, body = receipt(
        response, definition, answers, resume_url=resume_url(base_url, person.token)
    )
    return send_mail(subject, body, None, [person.email])
