"""Every write about events: registering, confirming, cancelling, the waiting list, and the
manager's acts (saving, cancelling an event, attendance, replay, writing to registrants).

Each action runs in one transaction. Anything that changes who holds a place first locks the
event's row (``SELECT … FOR UPDATE``), so that concurrent registrations and cancellations
are served one at a time: never more people registered than places, the waiting list
promoted in order. E-mails and scheduled work are enqueued after commit, to confirmed
addresses only (but the confirmation request itself), and at most
``EVENTS_CONFIRMATIONS_PER_HOUR`` confirmation requests go to one address in an hour.
"""

from __future__ import annotations

import datetime
import functools

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from concerto.consultations.access import can_manage
from concerto.core import audit
from concerto.participation.models import ParticipantProfile
from concerto.surveys.engine import clean_text

from . import tasks
from .models import Event, MessageSent, Registration, RegistrationStatus
from .text import header_safe
from .tokens import CONFIRM, MAX_AGE

# An unconfirmed registration holds its place as long as its confirmation link is valid.
CONFIRMATION_VALIDITY: datetime.timedelta = MAX_AGE[CONFIRM]


class RegistrationRefused(Exception):
    """The registration cannot be made or changed; the message says why, in French."""

    def __init__(self, message: str, *, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.code = code


def holding_places(now: datetime.datetime | None = None) -> Q:
    """Registrations that hold a place: confirmed, or unconfirmed but still in time."""
    now = now or timezone.now()
    return Q(status=RegistrationStatus.REGISTERED) & (
        Q(confirmed_at__isnull=False) | Q(created_at__gt=now - CONFIRMATION_VALIDITY)
    )


def places_taken(event: Event, now=None) -> int:
    return event.registrations.filter(holding_places(now)).count()


def places_left(event: Event, now=None) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - places_taken(event, now), 0)


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("consultation").get(pk=event.pk)


def _email_allowed(email: str, now) -> bool:
    """At most a few confirmation requests to one address per hour, whatever the event."""
    recent = Registration.objects.filter(
        email=email, confirmation_sent_at__gt=now - datetime.timedelta(hours=1)
    ).count()
    return recent < settings.EVENTS_CONFIRMATIONS_PER_HOUR


def _send(kind: str, registration_id: int) -> None:
    transaction.on_commit(
        functools.partial(tasks.send_registration_email.enqueue, kind, registration_id)
    )


def register(
    *,
    event: Event,
    name: str,
    email: str,
    profile: ParticipantProfile,
    organisation_name: str = "",
    accessibility_need: str = "",
    questions: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Register someone to the event: a place if one is left, the waiting list otherwise.

    The registration holds its place (or its rank) at once; the person confirms it by the
    link sent to the address. An address already registered gets no second registration
    (and, at most once an hour, its confirmation link again). Refused after the deadline,
    on a cancelled or unpublished event, or with a profile of another consultation.
    """
    email = email.strip().lower()
    name = clean_text(name, multiline=False)
    try:
        with transaction.atomic():
            return _register(
                event=event,
                name=name,
                email=email,
                profile=profile,
                organisation_name=organisation_name,
                accessibility_need=accessibility_need,
                questions=questions,
                now=now or timezone.now(),
            )
    except IntegrityError:
        # The same address registered by a concurrent request: the constraint decided.
        raise RegistrationRefused(_already_message(), code="duplicate") from None


def _already_message() -> str:
    return _(
        "Cette adresse électronique est déjà inscrite à cet événement. Si vous n’avez pas "
        "reçu le message de confirmation, vérifiez vos courriers indésirables : il vous est "
        "renvoyé, au plus une fois par heure."
    )


def _register(
    *, event, name, email, profile, organisation_name, accessibility_need, questions, now
):
    event = _locked(event)
    _check_open(event, now)
    if profile.consultation_id != event.consultation_id:
        raise RegistrationRefused(_("Choisissez un profil dans la liste."), code="profile")
    existing = (
        event.registrations.select_for_update()
        .exclude(status=RegistrationStatus.CANCELLED)
        .filter(email=email)
        .first()
    )
    if existing is not None:
        if (
            existing.confirmed_at is None
            and (
                existing.confirmation_sent_at is None
                or existing.confirmation_sent_at < now - datetime.timedelta(hours=1)
            )
            and _email_allowed(email, now)
        ):
            existing.confirmation_sent_at = now
            existing.save(update_fields=["confirmation_sent_at"])
            _send("confirm", existing.pk)
        raise RegistrationRefused(_already_message(), code="duplicate")
    full = event.capacity is not None and places_taken(event, now) >= event.capacity
    registration = Registration.objects.create(
        event=event,
        name=name,
        email=email,
        profile=profile,
        organisation_name=(
            clean_text(organisation_name, multiline=False) if organisation_name else ""
        ),
        accessibility_need=clean_text(accessibility_need) if accessibility_need else "",
        questions=clean_text(questions) if questions else "",
        status=RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED,
        waiting_since=now if full else None,
        created_at=now,
    )
    if _email_allowed(email, now):
        registration.confirmation_sent_at = now
        registration.save(update_fields=["confirmation_sent_at"])
        _send("confirm", registration.pk)
    if not full:
        # An unconfirmed place is released when its link expires: the next one moves up then.
        transaction.on_commit(
            functools.partial(tasks.later, tasks.fill_places, now + CONFIRMATION_VALIDITY, event.pk)
        )
    return registration


def _check_open(event: Event, now) -> None:
    if not event.is_published:
        raise RegistrationRefused(_("Cet événement n’est pas ouvert aux inscriptions."))
    if event.is_cancelled:
        raise RegistrationRefused(
            _("Cet événement a été annulé : les inscriptions sont fermées."), code="cancelled"
        )
    if now >= event.closes_registrations_at:
        raise RegistrationRefused(
            _("Les inscriptions à cet événement sont closes."), code="deadline"
        )


def _by_key(key: str) -> Registration:
    registration = Registration.objects.filter(key=key).select_related("event").first()
    if registration is None:
        raise RegistrationRefused(
            _("Ce lien ne correspond à aucune inscription. Vérifiez qu’il est complet."),
            code="unknown",
        )
    return registration


def confirm(*, key: str, now=None) -> Registration:
    """The person followed the link sent to their address: the registration is confirmed.

    Confirming twice changes nothing. A place freed meanwhile goes to the waiting list in
    order; the person gets their invitation (.ics) if they hold a place, their rank if not.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration = _by_key(key)
        event = _locked(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationRefused(
                _(
                    "Cette inscription a été annulée : inscrivez-vous de nouveau si vous le souhaitez."
                ),
                code="cancelled",
            )
        if registration.confirmed_at is not None:
            return registration
        if event.is_cancelled:
            raise RegistrationRefused(_("Cet événement a été annulé."), code="cancelled")
        registration.confirmed_at = now
        registration.save(update_fields=["confirmed_at"])
        promoted = _fill(event, now)
        if registration.pk in promoted:
            registration.refresh_from_db()
        else:
            _send(
                "registered" if registration.status == RegistrationStatus.REGISTERED else "waiting",
                registration.pk,
            )
        return registration


def cancel(*, key: str, now=None) -> Registration:
    """The person cancels their registration; their place goes to the waiting list in order.

    Cancelling twice changes nothing and sends nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration = _by_key(key)
        event = _locked(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        if registration.confirmed_at is not None:
            _send("cancelled", registration.pk)
        _fill(event, now)
        return registration


def _fill(event: Event, now) -> list[int]:
    """Promote confirmed people of the waiting list, in order, while places are free.

    The caller holds the event's lock. Returns the promoted registrations' ids; each gets
    an e-mail (with the invitation) after commit.
    """
    if event.is_cancelled or event.is_past(now):
        return []
    promoted = []
    free = None if event.capacity is None else event.capacity - places_taken(event, now)
    queue = event.registrations.filter(
        status=RegistrationStatus.WAITING, confirmed_at__isnull=False
    ).order_by("waiting_since", "pk")
    for waiting in queue.select_for_update():
        if free is not None and free <= 0:
            break
        waiting.status = RegistrationStatus.REGISTERED
        waiting.promoted_at = now
        waiting.save(update_fields=["status", "promoted_at"])
        _send("promoted", waiting.pk)
        promoted.append(waiting.pk)
        if free is not None:
            free -= 1
    return promoted


def fill_places(*, event: Event, now=None) -> list[int]:
    """Give the places released (expired unconfirmed holds, more capacity) to the list."""
    with transaction.atomic():
        return _fill(_locked(event), now or timezone.now())


# --- The manager's acts ------------------------------------------------------------------

SCHEDULE_FIELDS = ("starts_at", "ends_at", "place", "joining_url", "format")


def _check_manager(actor, event: Event) -> None:
    if not can_manage(actor, event.consultation):
        raise PermissionDenied


def save_event(
    *, event: Event, actor, changed: list[str] | None = None, created: bool = False
) -> Event:
    """Save an event written by a manager (admin form): announce it when first published,
    bump its calendar sequence when its time or place changes, schedule its reminders
    (again, for the new time, when it moves), and give new places to the waiting list."""
    _check_manager(actor, event)
    changed = list(changed or [])
    now = timezone.now()
    with transaction.atomic():
        if event.pk and not created:
            Event.objects.select_for_update().filter(pk=event.pk).first()
        if any(field in changed for field in SCHEDULE_FIELDS) and not created:
            event.sequence += 1
        if event.is_published and event.announced_at is None:
            event.announced_at = now
        event.save()
        audit.record(
            actor, "event.create" if created else "event.change", event, fields=sorted(changed)
        )
        if created or {"starts_at", "reminder_offsets", "is_published"} & set(changed):
            schedule_reminders(event)
        if "capacity" in changed:
            _fill(_locked(event), now)
        if not created and {"starts_at", "ends_at", "place", "format"} & set(changed):
            for pk in _confirmed_ids(event):
                _send("changed", pk)
    return event


def schedule_reminders(event: Event) -> None:
    """Enqueue the reminder sweeps at the event's reminder times (after commit).

    Each sweep sends every reminder due and not yet sent (``tasks.send_due_reminders``),
    so a sweep that a stopped worker missed is caught up by the next one, and an old
    sweep of an event that moved finds nothing to send at its old time.
    """
    now = timezone.now()
    for offset in sorted(set(event.reminder_offsets or [])):
        due = event.starts_at - datetime.timedelta(minutes=int(offset))
        if due <= now:
            continue
        transaction.on_commit(functools.partial(tasks.later, tasks.send_due_reminders, due))


def _confirmed_ids(event: Event) -> list[int]:
    return list(
        event.registrations.filter(
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
            confirmed_at__isnull=False,
        ).values_list("pk", flat=True)
    )


def cancel_event(*, event: Event, actor, reason: str = "") -> Event:
    """Cancel the event: registrations close, every confirmed registrant is told (with an
    updated calendar entry), no reminder goes out any more."""
    _check_manager(actor, event)
    with transaction.atomic():
        event = _locked(event)
        if event.is_cancelled:
            return event
        event.cancelled_at = timezone.now()
        event.cancellation_reason = clean_text(reason) if reason else ""
        event.sequence += 1
        event.save(update_fields=["cancelled_at", "cancellation_reason", "sequence", "updated_at"])
        audit.record(actor, "event.cancel", event)
        for pk in _confirmed_ids(event):
            _send("event_cancelled", pk)
    return event


def publish_replay(*, event: Event, actor) -> Event:
    """Show the replay, slides, captions and transcript on the event's page."""
    _check_manager(actor, event)
    with transaction.atomic():
        event = _locked(event)
        if not (event.replay_url or event.replay_file or event.transcript or event.slides):
            raise RegistrationRefused(
                _("Ajoutez d’abord le replay (lien ou fichier), le support ou la transcription.")
            )
        # RGAA 4.1 and 4.3: a video comes with a text alternative, and ours with captions.
        if (event.replay_url or event.replay_file) and not event.transcript.strip():
            raise RegistrationRefused(
                _(
                    "Ajoutez la transcription ou le compte rendu du webinaire : c’est "
                    "l’alternative à la vidéo pour qui ne peut pas la regarder ou l’entendre."
                )
            )
        if event.replay_file and not event.captions:
            raise RegistrationRefused(
                _("Ajoutez les sous-titres (fichier WebVTT) de la vidéo avant de la publier.")
            )
        event.replay_published_at = timezone.now()
        event.save(update_fields=["replay_published_at", "updated_at"])
        audit.record(actor, "event.replay_published", event)
    return event


def mark_attendance(*, event: Event, actor, present: set[int]) -> int:
    """Record who attended among the registered people; returns how many were present."""
    _check_manager(actor, event)
    with transaction.atomic():
        holders = event.registrations.filter(status=RegistrationStatus.REGISTERED)
        holders.filter(pk__in=present).update(attended=True)
        holders.exclude(pk__in=present).update(attended=False)
        audit.record(actor, "event.attendance", event, present=len(present))
    return event.registrations.filter(attended=True).count()


def write_to_registrants(*, event: Event, actor, subject: str, body: str) -> MessageSent:
    """A message from staff to every confirmed registrant (place or waiting list), one task
    per recipient; the subject is folded to one line (never raw in a header)."""
    _check_manager(actor, event)
    subject = header_safe(subject)
    body = clean_text(body)
    if not subject or not body:
        raise RegistrationRefused(_("Écrivez un objet et un message."))
    with transaction.atomic():
        recipients = _confirmed_ids(event)
        message = MessageSent.objects.create(
            event=event, subject=subject, body=body, sent_by=actor, recipients=len(recipients)
        )
        audit.record(actor, "event.message", event, message=message.pk, recipients=len(recipients))
        for pk in recipients:
            transaction.on_commit(functools.partial(tasks.deliver_message.enqueue, message.pk, pk))
    return message
