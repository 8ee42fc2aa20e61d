"""Every write about a participant: who they are, their e-mail address, its erasure.

Each action runs in one transaction; e-mails are sent after commit, and only to the address
the participant just gave (for its confirmation link) or confirmed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from concerto.consultations.models import Consultation
from concerto.core.tasks import send_email
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
    resume_link: Callable[[Participant], str] | None = None,
) -> Participant:
    """Record who the participant is; send the private resume link when an e-mail is new.

    An address left empty is erased: the participant may withdraw it at any time.
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
    if email and email_changed and resume_link is not None:
        link = resume_link(participant)
        title = clean_text(participant.consultation.title, multiline=False)
        transaction.on_commit(
            lambda: send_email.enqueue(
                subject=_("Votre lien pour reprendre votre participation"),
                body=_(
                    "Bonjour,\n\nVous participez à la consultation « %(title)s ». Ce lien "
                    "personnel vous permet de confirmer votre adresse électronique et de "
                    "reprendre vos réponses à tout moment :\n\n%(link)s\n\nNe le transmettez à personne. "
                    "Si vous n’êtes pas à l’origine de ce message, ignorez-le."
                )
                % {"title": title, "link": link},
                to=[email],
            )
        )
    return participant


@transaction.atomic
def verify_email(*, participant: Participant) -> None:
    """The participant followed their private link and confirmed their address."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.email and participant.email_verified_at is None:
        participant.email_verified_at = timezone.now()
        participant.save(update_fields=["email_verified_at"])


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
    return erased
