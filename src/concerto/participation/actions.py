"""Every write about a participant: who they are, their e-mail address, its erasure.

Each action runs in one transaction; e-mails are sent after commit, and only to the address
the participant just gave (for its confirmation link) or confirmed.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from concerto.consultations.models import Consultation
from concerto.participation import mailing, tasks
from concerto.participation.models import Participant, ParticipantProfile
from concerto.surveys.engine import clean_text


def create_participant(*, consultation: Consultation, creation_key: str = "") -> Participant:
    """A new participant, or the one this form already created.

    ``creation_key`` comes from the profile form: a double click posts it twice, and the
    second post finds the participant of the first instead of creating an orphan.
    """
    if not creation_key:
        return Participant.objects.create(consultation=consultation)
    existing = Participant.objects.filter(creation_key=creation_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Participant.objects.create(consultation=consultation, creation_key=creation_key)
    except IntegrityError:
        return Participant.objects.get(creation_key=creation_key)


@transaction.atomic
def save_profile(
    *,
    participant: Participant,
    profile: ParticipantProfile,
    organisation_name: str = "",
    departement: str = "",
    email: str = "",
    base_url: str = "",
    then: str = "",
) -> Participant:
    """Record who the participant is; ask a new e-mail address to be confirmed.

    Nothing but the confirmation is ever mailed to an address that is not confirmed, and at
    most one confirmation per address per ``CONFIRMATION_EMAIL_PERIOD_SECONDS`` whoever
    asks (``mailing.claim_confirmation``). The resume link goes out once the address is
    confirmed. An address left empty is erased: the participant may withdraw it at any time.
    """
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    email_changed = email != participant.email
    participant.profile = profile
    participant.organisation_name = (
        clean_text(organisation_name, multiline=False) if profile.is_organisation else ""
    )
    participant.departement = departement
    if email_changed:
        participant.email = email
        participant.email_verified_at = None
    participant.save(
        update_fields=["profile", "organisation_name", "departement", "email", "email_verified_at"]
    )
    if email and email_changed and base_url and mailing.claim_confirmation(email):
        participant_id, digest = participant.pk, mailing.email_digest(email)
        transaction.on_commit(
            lambda: tasks.send_confirmation.enqueue(
                participant_id=participant_id, email_digest=digest, base_url=base_url, then=then
            )
        )
    return participant


def set_challenge(*, participant: Participant, outcome: str) -> None:
    """How the participant passed the anti-robot check on their first write."""
    Participant.objects.filter(pk=participant.pk).update(challenge=outcome)
    participant.challenge = outcome


@transaction.atomic
def verify_email(*, participant: Participant, base_url: str = "", then: str = "") -> bool:
    """The participant followed the confirmation link and confirmed their address: their
    private resume link is mailed to it now. Returns True when this call confirmed it."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if not participant.email or participant.email_verified_at is not None:
        return False
    participant.email_verified_at = timezone.now()
    participant.save(update_fields=["email_verified_at"])
    if base_url:
        participant_id = participant.pk
        transaction.on_commit(
            lambda: tasks.send_resume_link.enqueue(
                participant_id=participant_id, base_url=base_url, then=then
            )
        )
    return True


def personal_data_deadline(consultation: Consultation) -> datetime.datetime | None:
    """When the consultation's personal data (and resume links) expire: its last theme's
    close plus the retention period; None while a theme has no closing date."""
    closes = list(consultation.themes.values_list("closes_at", flat=True))
    if not closes or any(c is None for c in closes):
        return None
    # Calendar months, approximated by 31 days so that the data is never erased early.
    return max(closes) + datetime.timedelta(days=31 * consultation.personal_data_retention_months)


def purge_expired_personal_data(*, now=None) -> int:
    """Erase participants' e-mail addresses once their consultation's retention has run out.

    The retention period (``Consultation.personal_data_retention_months``) starts when the
    consultation's last theme closes; it is the one stated on the personal data page.
    Answers stay, no longer linked to anything that identifies their author.
    Returns the number of participants whose e-mail address was erased.
    """
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
        with transaction.atomic():
            erased += (
                Participant.objects.filter(consultation=consultation)
                .exclude(email="")
                .update(email="", email_verified_at=None)
            )
    purge_task_results(now=now)
    from concerto.protection.campaign import purge_expired_signals

    purge_expired_signals(now=now)
    return erased


def purge_task_results(*, now=None) -> int:
    """Delete the results of finished e-mail tasks after ``EMAIL_TASK_RESULT_RETENTION_DAYS``:
    today's tasks carry identifiers only, older ones carried addresses and texts."""
    from django.conf import settings
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.EMAIL_TASK_RESULT_RETENTION_DAYS)
    deleted, _ = (
        DBTaskResult.objects.filter(task_path__in=tasks.EMAIL_TASK_PATHS, finished_at__lt=cutoff)
        .exclude(finished_at__isnull=True)
        .delete()
    )
    return deleted
