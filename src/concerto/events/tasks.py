"""Background work of the events: e-mails to registrants and the reminders before an event.

Everything here runs on the worker, never in a request, and may run twice (a retry, two
workers, a catch-up after downtime) without sending twice: reminders and staff messages
write a row under a unique constraint in the same transaction as the send.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django_tasks import task

logger = logging.getLogger(__name__)


def later(scheduled_task, run_after, *args):
    """Enqueue ``scheduled_task`` to run after ``run_after``, where the backend can wait
    (the database queue of ``make run`` and production). The tests' immediate backend
    cannot: there, scheduled work is run by the tests themselves."""
    if not scheduled_task.get_backend().supports_defer:
        return None
    return scheduled_task.using(run_after=run_after).enqueue(*args)


@task()
def send_registration_email(kind: str, registration_id: int) -> bool:
    """One e-mail about a registration, written from the database as it is now."""
    from . import emails
    from .models import Registration

    registration = (
        Registration.objects.select_related("event__consultation", "profile")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return False
    if kind != "confirm" and registration.confirmed_at is None:
        return False  # nothing but the confirmation request to an unconfirmed address
    with translation.override(settings.LANGUAGE_CODE):
        emails.registration_email(kind, registration).send(fail_silently=False)
    return True


@task()
def fill_places(event_id: int) -> int:
    """Places released by unconfirmed registrations go to the waiting list, in order."""
    from . import actions
    from .models import Event

    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    return len(actions.fill_places(event=event))


@task()
def send_due_reminders() -> int:
    """Send every reminder that is due and not sent yet; returns how many went out.

    Due: a confirmed registration holding a place, of a published event neither cancelled
    nor started, whose reminder time (start minus offset) has passed and came after the
    registration was confirmed. When several reminders of one registration are due (the
    worker was stopped), only the nearest to the start goes out; the others are marked
    skipped. Each reminder is one transaction: log row (unique), then the send.
    """
    from .models import Event

    now = timezone.now()
    longest = datetime.timedelta(minutes=max(_all_offsets() or [0]))
    events = (
        Event.objects.published()
        .filter(cancelled_at__isnull=True, starts_at__gt=now, starts_at__lte=now + longest)
        .select_related("consultation")
    )
    sent = 0
    for event in events:
        sent += _remind(event, now)
    return sent


def _all_offsets() -> list[int]:
    from .models import Event

    offsets: set[int] = set()
    for row in Event.objects.filter(starts_at__gt=timezone.now()).values_list(
        "reminder_offsets", flat=True
    ):
        offsets.update(int(value) for value in row or [])
    return sorted(offsets)


def _remind(event, now) -> int:
    from . import emails
    from .models import Registration, RegistrationStatus, ReminderSent

    due = sorted(
        int(offset)
        for offset in set(event.reminder_offsets or [])
        if event.starts_at - datetime.timedelta(minutes=int(offset)) <= now
    )
    if not due:
        return 0
    sent = 0
    already = ReminderSent.objects.filter(
        registration=OuterRef("pk"), starts_at=event.starts_at, offset_minutes=due[0]
    )
    registrations = event.registrations.filter(
        status=RegistrationStatus.REGISTERED, confirmed_at__isnull=False
    ).exclude(Exists(already))
    for registration_id in registrations.values_list("pk", flat=True):
        try:
            with transaction.atomic():
                registration = (
                    Registration.objects.select_for_update()
                    .select_related("event__consultation", "profile")
                    .get(pk=registration_id)
                )
                if registration.status != RegistrationStatus.REGISTERED:
                    continue
                registration.event = event
                nearest = due[0]
                reminder_time = event.starts_at - datetime.timedelta(minutes=nearest)
                ReminderSent.objects.create(
                    registration=registration,
                    offset_minutes=nearest,
                    starts_at=event.starts_at,
                    skipped=reminder_time < registration.confirmed_at,
                )
                # Reminders further from the start, missed meanwhile, never go out late.
                for other in due[1:]:
                    ReminderSent.objects.get_or_create(
                        registration=registration,
                        offset_minutes=other,
                        starts_at=event.starts_at,
                        defaults={"skipped": True},
                    )
                if reminder_time < registration.confirmed_at:
                    continue  # registered after this reminder's time: the confirmation said it all
                with translation.override(settings.LANGUAGE_CODE):
                    emails.registration_email("reminder", registration).send(fail_silently=False)
                sent += 1
        except IntegrityError:
            continue  # sent by another worker meanwhile
    return sent


@task()
def deliver_message(message_id: int, registration_id: int) -> bool:
    """One staff message to one registrant, once."""
    from . import emails
    from .models import MessageDelivery, MessageSent, Registration

    message = (
        MessageSent.objects.select_related("event__consultation").filter(pk=message_id).first()
    )
    registration = (
        Registration.objects.select_related("event__consultation", "profile")
        .filter(pk=registration_id, confirmed_at__isnull=False)
        .first()
    )
    if message is None or registration is None:
        return False
    try:
        with transaction.atomic():
            MessageDelivery.objects.create(message=message, registration=registration)
            with translation.override(settings.LANGUAGE_CODE):
                emails.staff_message(message, registration).send(fail_silently=False)
    except IntegrityError:
        return False
    return True
