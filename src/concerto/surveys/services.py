"""Every write of the participant journey goes through these functions.

Each runs in one transaction and locks the response row it changes, so that a double
click, a replayed request or two tabs can never produce two submissions or half a save.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concerto.consultations.models import Consultation, ParticipantProfile
from concerto.core.tasks import send_email

from . import engine
from .display import display_text
from .models import Answer, Participant, Question, Questionnaire, Response, ResponseStatus


class SurveyClosed(Exception):
    """The questionnaire does not take answers now."""


class IncompleteResponse(Exception):
    def __init__(self, missing: list[Question]):
        super().__init__(f"{len(missing)} required questions unanswered")
        self.missing = missing


# The structure of a questionnaire is read on every page of every participant, and changes
# rarely: each process keeps it, keyed by the questionnaire's ``updated_at``, which every
# edit in the back office moves (``mark_structure_changed``). Edits made elsewhere (a shell)
# are seen after STRUCTURE_TTL seconds at the latest.
STRUCTURE_TTL = 60.0
_structure_cache: dict[int, tuple[datetime.datetime, float, list[Question]]] = {}


def questionnaire_questions(questionnaire: Questionnaire) -> list[Question]:
    """All questions of a questionnaire in order, with choices and conditions loaded.

    The list and its questions are shared between requests: treat them as read-only.
    """
    cached = _structure_cache.get(questionnaire.pk)
    now = time.monotonic()
    if cached and cached[0] == questionnaire.updated_at and now - cached[1] < STRUCTURE_TTL:
        return cached[2]
    questions = _load_questions(questionnaire)
    _structure_cache[questionnaire.pk] = (questionnaire.updated_at, now, questions)
    return questions


def _load_questions(questionnaire: Questionnaire) -> list[Question]:
    questions = list(
        Question.objects.filter(section__questionnaire=questionnaire)
        .select_related("section")
        .prefetch_related("choices", "conditions")
        .order_by("section__order", "section__pk", "order", "pk")
    )
    # A condition's question is one of these: link it rather than load it again.
    by_id = {q.pk: q for q in questions}
    for question in questions:
        for condition in question.conditions.all():
            if condition.depends_on_id in by_id:
                condition.depends_on = by_id[condition.depends_on_id]
    return questions


def clear_structure_cache() -> None:
    _structure_cache.clear()


def mark_structure_changed(questionnaire_id: int) -> None:
    """Record that a questionnaire's sections, questions or choices changed."""
    Questionnaire.objects.filter(pk=questionnaire_id).update(updated_at=timezone.now())
    _structure_cache.pop(questionnaire_id, None)


def create_participant(*, consultation: Consultation) -> Participant:
    return Participant.objects.create(consultation=consultation)


@transaction.atomic
def save_profile(
    *,
    participant: Participant,
    profile: ParticipantProfile,
    organisation_name: str = "",
    departement: str = "",
    email: str = "",
    resume_link=None,
) -> Participant:
    """Record who the participant is; send the private resume link when an e-mail is new.

    An address left empty is erased: the participant may withdraw it at any time.
    """
    email_changed = email != participant.email
    participant.profile = profile
    participant.organisation_name = organisation_name if profile.is_organisation else ""
    participant.departement = departement
    if email_changed:
        participant.email = email
        participant.email_verified_at = None
    participant.save(
        update_fields=["profile", "organisation_name", "departement", "email", "email_verified_at"]
    )
    if email and email_changed and resume_link is not None:
        link = resume_link(participant)
        transaction.on_commit(
            lambda: send_email.enqueue(
                subject=_("Votre lien pour reprendre votre participation"),
                body=_(
                    "Bonjour,\n\nVous participez à la consultation « %(title)s ». Ce lien "
                    "personnel vous permet de confirmer votre adresse électronique et de "
                    "reprendre vos réponses à tout moment :\n\n%(link)s\n\nNe le transmettez à personne. "
                    "Si vous n’êtes pas à l’origine de ce message, ignorez-le."
                )
                % {"title": participant.consultation.title, "link": link},
                to=[email],
            )
        )
    return participant


def mark_email_verified(*, participant: Participant) -> None:
    if participant.email and participant.email_verified_at is None:
        participant.email_verified_at = timezone.now()
        participant.save(update_fields=["email_verified_at"])


def get_or_start_response(*, questionnaire: Questionnaire, participant: Participant) -> Response:
    if not questionnaire.is_accepting_answers():
        raise SurveyClosed
    response, _created = Response.objects.get_or_create(
        questionnaire=questionnaire, participant=participant
    )
    if response.status == ResponseStatus.WITHDRAWN:
        with transaction.atomic():
            locked = Response.objects.select_for_update().get(pk=response.pk)
            if locked.status == ResponseStatus.WITHDRAWN:
                locked.status = ResponseStatus.IN_PROGRESS
                locked.withdrawn_at = None
                locked.save(update_fields=["status", "withdrawn_at", "updated_at"])
            response = locked
    return response


def stored_answers(response: Response) -> dict[int, Answer]:
    return {a.question_id: a for a in response.answers.all()}


@transaction.atomic
def save_answers(
    *,
    response: Response,
    parsed: dict[int, engine.Parsed],
    questions: list[Question],
) -> None:
    """Store the valid answers of one page; drop every answer a condition now hides.

    Answers with an error are not stored (the previous value, if any, stays); nothing is
    written when the questionnaire has closed in the meantime.
    """
    locked = (
        Response.objects.select_for_update(of=("self",))
        .select_related("questionnaire__theme__consultation")
        .get(pk=response.pk)
    )
    if not locked.questionnaire.is_accepting_answers():
        raise SurveyClosed
    consultation = locked.questionnaire.theme.consultation
    if locked.status == ResponseStatus.SUBMITTED and not consultation.allow_editing:
        raise SurveyClosed
    existing = stored_answers(locked)
    new_answers, emptied = [], []
    for question_id, item in parsed.items():
        if item.error is not None:
            continue
        if item.is_empty:
            if question_id in existing:
                emptied.append(question_id)
                del existing[question_id]
            continue
        answer = existing.get(question_id)
        if answer is None:
            answer = Answer(
                response=locked,
                question_id=question_id,
                value=item.value,
                other_text=item.other_text,
            )
            new_answers.append(answer)
            existing[question_id] = answer
        elif answer.value != item.value or answer.other_text != item.other_text:
            answer.value, answer.other_text = item.value, item.other_text
            answer.save(update_fields=["value", "other_text"])
    Answer.objects.bulk_create(new_answers)
    values = {qid: a.value for qid, a in existing.items()}
    visible = engine.visible_question_ids(questions, values)
    hidden = [qid for qid in existing if qid not in visible]
    if emptied or hidden:
        Answer.objects.filter(response=locked, question_id__in=emptied + hidden).delete()
    locked.save(update_fields=["updated_at"])


@transaction.atomic
def submit_response(*, response: Response, questions: list[Question], receipt_builder=None) -> bool:
    """Submit once. Returns True if this call submitted, False if it already was.

    The row lock makes concurrent calls queue up: the first submits, the others see
    ``submitted`` and change nothing.
    """
    locked = (
        Response.objects.select_for_update()
        .select_related("participant", "questionnaire__theme")
        .get(pk=response.pk)
    )
    if locked.status == ResponseStatus.SUBMITTED:
        return False
    if not locked.questionnaire.is_accepting_answers():
        raise SurveyClosed
    values = {a.question_id: a.value for a in locked.answers.all()}
    missing = engine.missing_required(questions, values)
    if missing:
        raise IncompleteResponse(missing)
    locked.status = ResponseStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    email = locked.participant.email
    if email and receipt_builder is not None:
        subject, body = receipt_builder(locked)
        transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[email]))
    return True


@transaction.atomic
def withdraw_response(*, response: Response) -> None:
    """Withdraw: the answers are deleted, the response stays as a withdrawn, empty record."""
    locked = (
        Response.objects.select_for_update()
        .select_related("questionnaire__theme")
        .get(pk=response.pk)
    )
    if not locked.questionnaire.is_accepting_answers():
        raise SurveyClosed
    locked.answers.all().delete()
    locked.status = ResponseStatus.WITHDRAWN
    locked.withdrawn_at = timezone.now()
    locked.submitted_at = None
    locked.save(update_fields=["status", "withdrawn_at", "submitted_at", "updated_at"])


def answers_summary(response: Response, questions: list[Question]) -> list[tuple[Any, str]]:
    """(question, answer as text) for each visible answered question, in order."""
    answers = stored_answers(response)
    return [
        (q, display_text(q, answers[q.pk].value, answers[q.pk].other_text))
        for q in questions
        if q.pk in answers
    ]


def purge_expired_personal_data(*, now=None) -> int:
    """Erase participants' e-mail addresses once their consultation's retention has run out.

    The retention period (``Consultation.personal_data_retention_months``) starts when the
    consultation's last theme closes; it is the one stated on the personal data page.
    Answers stay, no longer linked to anything that identifies their author.
    Returns the number of participants whose e-mail address was erased.
    """
    from django.db.models import Max

    from concerto.consultations.models import Consultation

    now = now or timezone.now()
    erased = 0
    consultations = Consultation.objects.annotate(last_close=Max("themes__closes_at")).filter(
        last_close__isnull=False
    )
    for consultation in consultations:
        months = consultation.personal_data_retention_months
        # Calendar months, approximated by 31 days so that the data is never erased early.
        deadline = consultation.last_close + datetime.timedelta(days=31 * months)
        if consultation.themes.filter(closes_at__isnull=True).exists() or now < deadline:
            continue
        erased += (
            Participant.objects.filter(consultation=consultation)
            .exclude(email="")
            .update(email="", email_verified_at=None)
        )
    return erased
