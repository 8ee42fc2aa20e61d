"""Every write of the participant journey: one function each, the only door to the change.

Each action takes the acting participant, runs in one transaction, locks the response row it
changes (so that a double click, a replayed request or two tabs can never produce two
submissions or half a save), checks the questionnaire is open and the participation rules
allow the change, and sends its e-mails only after commit.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concerto.participation import rules
from concerto.results.hooks import answers_changed

from .answers import draft_answers, encode_draft, submitted_answers, write_rows
from .display import answers_summary
from .engine import Answer, Parsed, QuestionDef, QuestionnaireDef, clean_text, missing_required
from .engine import visible_codes as engine_visible_codes
from .models import Participant, Questionnaire, Response, ResponseStatus
from .tasks import send_receipt


class SurveyClosed(Exception):
    """The questionnaire does not take answers now."""


class NotAllowed(Exception):
    """The participation rules forbid this change (editing after submission…)."""


class IncompleteResponse(Exception):
    def __init__(self, missing: list[QuestionDef]):
        super().__init__(f"{len(missing)} required questions unanswered")
        self.missing = missing


def _locked(response: Response, participant: Participant) -> Response:
    locked = (
        Response.objects.select_for_update(of=("self",))
        .select_related("questionnaire__theme__consultation")
        .get(pk=response.pk)
    )
    if locked.participant_id != participant.pk:
        raise NotAllowed
    if not locked.questionnaire.is_accepting_answers():
        raise SurveyClosed
    return locked


@transaction.atomic
def start_response(*, participant: Participant, questionnaire: Questionnaire) -> Response:
    """The participant's response to ``questionnaire``, created when they start.

    A withdrawn response starts again, empty: answering again undoes a withdrawal.
    """
    if not questionnaire.is_accepting_answers():
        raise SurveyClosed
    response, _created = Response.objects.get_or_create(
        questionnaire=questionnaire, participant=participant
    )
    if response.status == ResponseStatus.WITHDRAWN:
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.status == ResponseStatus.WITHDRAWN:
            locked.status = ResponseStatus.IN_PROGRESS
            locked.withdrawn_at = None
            locked.draft = {}
            locked.save(update_fields=["status", "withdrawn_at", "draft", "updated_at"])
        response = locked
    return response


@transaction.atomic
def save_page(
    *,
    participant: Participant,
    response: Response,
    definition: QuestionnaireDef,
    parsed: dict[str, Parsed],
) -> dict[str, Answer]:
    """Store the valid answers of one page in the draft; drop every answer a condition now
    hides. Answers with an error are not stored (the previous value, if any, stays).

    Returns the draft's answers after the save.
    """
    locked = _locked(response, participant)
    consultation = locked.questionnaire.theme.consultation
    if not rules.may_change(consultation, locked.status):
        raise NotAllowed
    if locked.status == ResponseStatus.SUBMITTED and not locked.is_editing:
        raise NotAllowed  # an edit starts with ``begin_edit``
    answers = draft_answers(locked, definition)
    for code, item in parsed.items():
        if item.error is not None:
            continue
        if definition.by_code[code].kind_def.is_empty(item.value):
            answers.pop(code, None)
        else:
            answers[code] = item.answer
    visible = engine_visible_codes(
        definition.questions, {code: a.value for code, a in answers.items()}
    )
    answers = {code: a for code, a in answers.items() if code in visible}
    locked.draft = encode_draft(answers, definition)
    locked.save(update_fields=["draft", "updated_at"])
    response.draft = locked.draft
    return answers


@transaction.atomic
def begin_edit(*, participant: Participant, response: Response, definition: QuestionnaireDef):
    """Open a submitted response for editing: its answers are copied into a new draft. The
    submitted answers stay counted until the edit is sent."""
    locked = _locked(response, participant)
    if locked.status != ResponseStatus.SUBMITTED:
        return locked
    if not rules.may_change(locked.questionnaire.theme.consultation, locked.status):
        raise NotAllowed
    if not locked.is_editing:
        locked.draft = encode_draft(submitted_answers(locked, definition), definition)
        locked.is_editing = True
        locked.save(update_fields=["draft", "is_editing", "updated_at"])
    response.draft, response.is_editing = locked.draft, locked.is_editing
    return locked


@transaction.atomic
def submit_response(
    *,
    participant: Participant,
    response: Response,
    definition: QuestionnaireDef,
    base_url: str = "",
) -> bool:
    """Submit once, or send an edit. Returns True if this call changed the submission.

    The row lock makes concurrent calls queue up: the first submits, the others see
    ``submitted`` and change nothing. The draft becomes typed rows under the participant's
    profile and département of the moment; an edit records ``edited_at``. A receipt is
    mailed after commit (by the task worker, given the response's id only) when the
    participant's address is confirmed; an unconfirmed address gets nothing.
    """
    locked = _locked(response, participant)
    if locked.status == ResponseStatus.SUBMITTED and not locked.is_editing:
        return False
    if locked.status == ResponseStatus.WITHDRAWN:
        raise NotAllowed
    consultation = locked.questionnaire.theme.consultation
    if not rules.may_change(consultation, locked.status):
        raise NotAllowed
    answers = draft_answers(locked, definition)
    values = {code: a.value for code, a in answers.items()}
    missing = missing_required(definition.questions, values)
    if missing:
        raise IncompleteResponse(missing)
    visible = engine_visible_codes(definition.questions, values)
    answers = {code: a for code, a in answers.items() if code in visible}
    person = Participant.objects.get(pk=participant.pk)
    now = timezone.now()
    editing = locked.status == ResponseStatus.SUBMITTED
    locked.profile_id = person.profile_id
    locked.departement = person.departement
    if editing:
        locked.edited_at = now
    else:
        locked.status = ResponseStatus.SUBMITTED
        locked.submitted_at = now
    locked.draft = {}
    locked.is_editing = False
    write_rows(locked, definition, answers)
    answers_changed(locked.questionnaire_id)
    locked.save(
        update_fields=[
            "status",
            "submitted_at",
            "edited_at",
            "profile",
            "departement",
            "draft",
            "is_editing",
            "updated_at",
        ]
    )
    if person.email and person.email_verified_at and base_url:
        response_id = locked.pk
        transaction.on_commit(
            lambda: send_receipt.enqueue(response_id=response_id, base_url=base_url)
        )
    return True


@transaction.atomic
def withdraw_response(*, participant: Participant, response: Response) -> None:
    """Withdraw: the answers are deleted, the response stays as a withdrawn, empty record.
    Answering again (``start_response``) undoes it."""
    locked = _locked(response, participant)
    if locked.status == ResponseStatus.WITHDRAWN:
        return
    if not rules.may_withdraw(locked.questionnaire.theme.consultation, locked.status):
        raise NotAllowed
    locked.choices.all().delete()
    locked.values.all().delete()
    answers_changed(locked.questionnaire_id)
    locked.status = ResponseStatus.WITHDRAWN
    locked.withdrawn_at = timezone.now()
    locked.submitted_at = None
    locked.edited_at = None
    locked.draft = {}
    locked.is_editing = False
    locked.save(
        update_fields=[
            "status",
            "withdrawn_at",
            "submitted_at",
            "edited_at",
            "draft",
            "is_editing",
            "updated_at",
        ]
    )


def receipt(
    response: Response,
    definition: QuestionnaireDef,
    answers: dict[str, Answer],
    *,
    resume_url: str,
) -> tuple[str, str]:
    """The receipt's subject and body. Titles typed in the back office are made single-line:
    nothing a manager types can split the e-mail's header."""
    questionnaire = response.questionnaire
    title = clean_text(questionnaire.title, multiline=False)
    lines = [f"- {q.label}\n  {text}" for q, text in answers_summary(definition, answers)]
    if response.edited_at:
        subject = _("Accusé de réception de vos modifications : « %(title)s »") % {"title": title}
    else:
        subject = _("Accusé de réception : « %(title)s »") % {"title": title}
    body = _(
        "Bonjour,\n\nNous avons bien reçu vos réponses à l’enquête « %(title)s » "
        "(consultation « %(consultation)s »). Merci pour votre participation.\n\n"
        "Vos réponses :\n\n%(answers)s\n\nJusqu’à la clôture, vous pouvez les consulter, les "
        "modifier ou les retirer avec votre lien personnel :\n%(link)s\n"
    ) % {
        "title": title,
        "consultation": clean_text(questionnaire.theme.consultation.title, multiline=False),
        "answers": "\n".join(lines),
        "link": resume_url,
    }
    return subject, body
