"""Background work of « Me prévenir »: the worker sends every message.

Tasks carry identifiers, never addresses. ``send_notification`` claims its sent-log row
before sending, so that a task run twice sends once; the dispatch tasks are idempotent
(``actions.queue_notifications``); ``notify_due`` (``catch_up``, every few minutes, and
``manage.py send_due_notifications``) catches up whatever was missed while the worker was down.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from . import actions, emails, sources
from .models import Follower, Notification

logger = logging.getLogger(__name__)


def schedule(task_function, run_after: datetime.datetime, *args) -> None:
    """Enqueue ``task_function`` to run at ``run_after``. A backend that cannot wait (the
    immediate backend of the tests) gets only what is already due; the catch-up sends the
    rest."""
    backend = task_function.get_backend()
    if run_after <= timezone.now():
        task_function.enqueue(*args)
    elif backend.supports_defer:
        task_function.using(run_after=run_after).enqueue(*args)
    else:
        logger.info("%s not scheduled: backend cannot defer", task_function.name)


@task()
def send_confirmation(follower_id: int) -> int:
    """The double opt-in message: lists the address's pending requests and links to the page
    that confirms them. Returns the number of messages sent (0 or 1)."""
    follower = Follower.objects.filter(pk=follower_id).first()
    if follower is None:
        return 0
    pending = list(actions.pending_subscriptions(follower))
    if not pending:
        return 0
    with translation.override(follower.language):
        message = emails.confirmation_message(follower, pending)
    return message.send()


@task()
def send_notification(notification_id: int) -> int:
    """Send one notice; returns the number of messages sent (0 or 1).

    The row is claimed by a one-row UPDATE before sending: a second run of the same task,
    or a second task for the same row, finds it claimed and sends nothing. A failure to
    send releases the claim, so that the catch-up sends it later.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, claimed_at__isnull=True, sent_at__isnull=True
    ).update(claimed_at=now)
    if not claimed:
        return 0
    notification = Notification.objects.select_related(
        "subscription__follower", "subscription__consultation"
    ).get(pk=notification_id)
    if notification.subscription.confirmed_at is None:  # never to an unconfirmed address
        return 0
    follower = notification.subscription.follower
    try:
        with translation.override(follower.language):
            message = emails.notification_message(notification)
        if message is None:
            Notification.objects.filter(pk=notification_id).update(sent_at=timezone.now())
            return 0
        sent = message.send()
    except Exception:
        Notification.objects.filter(pk=notification_id).update(claimed_at=None)
        raise
    Notification.objects.filter(pk=notification_id).update(sent_at=timezone.now())
    return sent


@task()
def dispatch_theme_opening(theme_id: int) -> int:
    """Scheduled for the theme's opening: queue its notices if it is open now. Opening
    postponed meanwhile: scheduled again for the new date."""
    from concerto.consultations.models import Theme

    theme = Theme.objects.select_related("consultation").filter(pk=theme_id).first()
    if theme is None or theme.opens_at is None:
        return 0
    if theme.opens_at > timezone.now():
        transaction.on_commit(lambda: schedule(dispatch_theme_opening, theme.opens_at, theme_id))
        return 0
    return actions.notify_theme_opened(theme)


@task()
def dispatch_results(theme_id: int) -> int:
    """Queue the notices of a theme's published results (called after publication)."""
    from concerto.consultations.models import Theme

    theme = Theme.objects.select_related("consultation").filter(pk=theme_id).first()
    return actions.notify_results_published(theme) if theme else 0


@task()
def dispatch_event(event_id: int) -> int:
    """Queue the announcement of a new event (called after it is published)."""
    event = sources.get_event(event_id)
    return actions.notify_event_announced(event) if event else 0


@task()
def catch_up(due_at: str) -> int:
    """Queue whatever is due (``actions.notify_due``), then schedule the next run: a chain
    through the task queue that survives restarts of the worker (see ``CatchUpClock``)."""
    queued = actions.notify_due()
    actions.rearm_catch_up(datetime.datetime.fromisoformat(due_at))
    return queued
