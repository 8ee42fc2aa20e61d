"""Every write of « Me prévenir »: subscribe, confirm, unsubscribe, notify, purge.

Each action runs in one transaction; e-mails are queued after commit and sent by the worker
(``tasks``), and only to confirmed addresses, except the confirmation message itself, which
goes at most once per address and period (``settings.FOLLOWING_CONFIRMATION_INTERVAL_MINUTES``)
so that nobody can flood an inbox by submitting the form again and again.
"""

from __future__ import annotations

import datetime
import enum
import functools
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from concerto.consultations.models import Consultation, Theme, ThemeStatus

from . import sources
from .models import CatchUpClock, Follower, Notification, Subscription, SubscriptionKind
from .tokens import confirmation_validity


class SubscriptionRefused(Exception):
    """The request cannot be recorded, for a reason the person can read."""


class Outcome(enum.Enum):
    CONFIRMATION_SENT = "sent"
    CONFIRMATION_RECENT = "recent"  # one was sent to this address a moment ago
    ALREADY_CONFIRMED = "confirmed"


def confirmation_interval() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.FOLLOWING_CONFIRMATION_INTERVAL_MINUTES)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def available_kinds(
    *, consultation: Consultation, theme: Theme | None, now: datetime.datetime | None = None
) -> list[SubscriptionKind]:
    """What may be asked for now: opening while a theme is to come, results while a theme is
    open or closed and its results not yet out, the consultation's news always."""
    now = now or timezone.now()
    if theme is None:
        return [SubscriptionKind.CONSULTATION] if consultation.is_published else []
    status = theme.status_at(now)
    if status == ThemeStatus.UPCOMING:
        return [SubscriptionKind.OPENING]
    if sources.results_published_at(theme) is None:
        return [SubscriptionKind.RESULTS]
    return []


@transaction.atomic
def subscribe(
    *,
    email: str,
    kind: str,
    consultation: Consultation,
    theme: Theme | None = None,
    site_url: str,
    language: str = "fr",
    now: datetime.datetime | None = None,
) -> Outcome:
    """Record a request to be told about ``theme`` (or ``consultation``) and ask the address
    to confirm it.

    Guarantees: the request is refused (nothing written) when the kind does not fit the
    theme's state; a second request for the same thing is the same subscription; a
    confirmation message is queued only if none went to this address in the last interval
    (its link confirms every pending request of the address, listed on the page it opens).
    """
    now = now or timezone.now()
    kind = SubscriptionKind(kind)
    if theme is not None and theme.consultation_id != consultation.pk:
        raise SubscriptionRefused(_("Cette thématique n’appartient pas à cette consultation."))
    if kind not in available_kinds(consultation=consultation, theme=theme, now=now):
        raise SubscriptionRefused(_refusal(kind))
    email = normalise_email(email)
    follower = _follower_for(email, site_url=site_url, language=language)
    # Serialise the requests of one address: two posts at once send one confirmation.
    follower = Follower.objects.select_for_update().get(pk=follower.pk)
    subscription, _created = Subscription.objects.get_or_create(
        follower=follower, kind=kind, consultation=consultation, theme=theme
    )
    if subscription.confirmed_at is not None:
        return Outcome.ALREADY_CONFIRMED
    if (
        follower.confirmation_sent_at
        and follower.confirmation_sent_at > now - confirmation_interval()
    ):
        return Outcome.CONFIRMATION_RECENT
    follower.confirmation_sent_at = now
    follower.site_url = site_url
    follower.language = language
    follower.save(update_fields=["confirmation_sent_at", "site_url", "language"])
    from .tasks import send_confirmation

    transaction.on_commit(functools.partial(send_confirmation.enqueue, follower.pk))
    return Outcome.CONFIRMATION_SENT


def _refusal(kind: SubscriptionKind) -> str:
    if kind == SubscriptionKind.OPENING:
        return _("Cette thématique est déjà ouverte : vous pouvez y participer dès maintenant.")
    if kind == SubscriptionKind.RESULTS:
        return _(
            "Les résultats de cette thématique ne sont pas attendus : ils sont déjà publiés, "
            "ou la thématique n’est pas encore ouverte."
        )
    return _("Cette consultation ne peut pas être suivie.")


def _follower_for(email: str, *, site_url: str, language: str) -> Follower:
    follower = Follower.objects.filter(email=email).first()
    if follower is not None:
        return follower
    try:
        with transaction.atomic():
            return Follower.objects.create(email=email, site_url=site_url, language=language)
    except IntegrityError:  # created by a request at the same moment
        return Follower.objects.get(email=email)


def pending_subscriptions(follower: Follower, *, now: datetime.datetime | None = None):
    """The requests of this address still waiting for its confirmation, not yet expired."""
    now = now or timezone.now()
    return (
        follower.subscriptions.filter(
            confirmed_at__isnull=True, created_at__gt=now - confirmation_validity()
        )
        .select_related("consultation", "theme")
        .order_by("pk")
    )


@transaction.atomic
def confirm(
    *, follower: Follower, subscription_ids: Iterable[int], now: datetime.datetime | None = None
) -> list[Subscription]:
    """The address's owner confirmed the requests shown to them (and only those).

    Returns the subscriptions confirmed now. Themes to come get their opening scheduled.
    """
    now = now or timezone.now()
    follower = Follower.objects.select_for_update().get(pk=follower.pk)
    chosen = list(pending_subscriptions(follower, now=now).filter(pk__in=list(subscription_ids)))
    Subscription.objects.filter(pk__in=[s.pk for s in chosen]).update(confirmed_at=now)
    for subscription in chosen:
        subscription.confirmed_at = now
    _schedule_openings(chosen, now=now)
    if chosen:
        ensure_catch_up(now=now)
    return chosen


def _schedule_openings(subscriptions: list[Subscription], *, now: datetime.datetime) -> None:
    from .tasks import dispatch_theme_opening, schedule

    themes: dict[int, datetime.datetime] = {}
    for subscription in subscriptions:
        if subscription.kind == SubscriptionKind.OPENING:
            candidates = [subscription.theme]
        elif subscription.kind == SubscriptionKind.CONSULTATION:
            candidates = list(subscription.consultation.themes.visible().upcoming(now))
        else:
            continue
        for theme in candidates:
            if theme.opens_at is not None and theme.opens_at > now:
                themes[theme.pk] = theme.opens_at
    for theme_id, opens_at in themes.items():
        if _opening_already_scheduled(theme_id, before=now):
            continue
        transaction.on_commit(
            functools.partial(schedule, dispatch_theme_opening, opens_at, theme_id)
        )


def _opening_already_scheduled(theme_id: int, *, before: datetime.datetime) -> bool:
    """Someone confirmed earlier for this theme's opening: its dispatch is scheduled (one
    per theme is enough; a postponed opening reschedules itself, the catch-up covers an
    opening brought forward)."""
    theme = Theme.objects.get(pk=theme_id)
    return (
        Subscription.objects.filter(confirmed_at__lt=before)
        .filter(
            Q(kind=SubscriptionKind.OPENING, theme_id=theme_id)
            | Q(kind=SubscriptionKind.CONSULTATION, consultation_id=theme.consultation_id)
        )
        .exists()
    )


@transaction.atomic
def unsubscribe(*, follower: Follower, subscription_id: int | None) -> list[Subscription]:
    """Stop one subscription, or every subscription of the address (``subscription_id``
    None). The address itself is deleted once it follows nothing. Returns what was stopped
    (already stopped: nothing, and no error: a link may be followed twice)."""
    subscriptions = follower.subscriptions.select_related("consultation", "theme")
    if subscription_id is not None:
        subscriptions = subscriptions.filter(pk=subscription_id)
    stopped = list(subscriptions)
    Subscription.objects.filter(pk__in=[s.pk for s in stopped]).delete()
    if not follower.subscriptions.exists():
        Follower.objects.filter(pk=follower.pk).delete()
    return stopped


# --- notifications ----------------------------------------------------------------------


def opened_topic(theme_id: int) -> str:
    return f"opened:{theme_id}"


def results_topic(theme_id: int) -> str:
    return f"results:{theme_id}"


def event_topic(event_id: int) -> str:
    return f"event:{event_id}"


QUEUE_CHUNK = 500


def queue_notifications(topic: str, subscriptions: QuerySet[Subscription]) -> int:
    """Write one sent-log row per confirmed subscription that has none for ``topic`` and
    queue one send per row written here; returns how many were queued.

    Rows another dispatch wrote at the same moment are skipped by the unique constraint,
    so running this twice, or from two workers, queues each message once.
    """
    from .tasks import send_notification

    queued = 0
    candidates = (
        subscriptions.confirmed()
        .exclude(notifications__topic=topic)
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    pks = list(candidates)
    for start in range(0, len(pks), QUEUE_CHUNK):
        with transaction.atomic():
            batch = uuid.uuid4()
            Notification.objects.bulk_create(
                [
                    Notification(subscription_id=pk, topic=topic, batch=batch)
                    for pk in pks[start : start + QUEUE_CHUNK]
                ],
                ignore_conflicts=True,
            )
            mine = list(Notification.objects.filter(batch=batch).values_list("pk", flat=True))
            for notification_id in mine:
                transaction.on_commit(functools.partial(send_notification.enqueue, notification_id))
            queued += len(mine)
    return queued


def notify_theme_opened(theme: Theme, *, now: datetime.datetime | None = None) -> int:
    """Queue the opening notices of ``theme`` if it is open now (computed from its dates):
    to those who asked for its opening, and to the consultation's followers who asked before
    it opened. Nothing while it is to come, nor once it has closed."""
    now = now or timezone.now()
    if (
        theme.status_at(now) != ThemeStatus.OPEN
        or not theme.is_published  # a draft is announced to nobody
        or not theme.consultation.is_published
    ):
        return 0
    recipients = Subscription.objects.filter(
        Q(kind=SubscriptionKind.OPENING, theme=theme)
        | Q(
            kind=SubscriptionKind.CONSULTATION,
            consultation_id=theme.consultation_id,
            created_at__lt=theme.opens_at,
        )
    )
    return queue_notifications(opened_topic(theme.pk), recipients)


def notify_results_published(theme: Theme) -> int:
    """Queue the notices of the publication of the theme's results, if they are published:
    to those who asked for them, and to the consultation's followers who asked before."""
    published_at = sources.results_published_at(theme)
    if published_at is None or not theme.is_published or not theme.consultation.is_published:
        return 0
    recipients = Subscription.objects.filter(
        Q(kind=SubscriptionKind.RESULTS, theme=theme)
        | Q(
            kind=SubscriptionKind.CONSULTATION,
            consultation_id=theme.consultation_id,
            created_at__lt=published_at,
        )
    )
    return queue_notifications(results_topic(theme.pk), recipients)


def notify_event_announced(event, *, now: datetime.datetime | None = None) -> int:
    """Queue the announcement of a new event to the consultation's followers who asked
    before it was announced; nothing for an event unpublished, cancelled or already begun."""
    now = now or timezone.now()
    if not sources.event_is_announceable(event, now=now):
        return 0
    recipients = Subscription.objects.filter(
        kind=SubscriptionKind.CONSULTATION,
        consultation_id=event.consultation_id,
        created_at__lt=event.announced_at,
    )
    return queue_notifications(event_topic(event.pk), recipients)


def notify_due(*, now: datetime.datetime | None = None) -> int:
    """The catch-up: queue every notice that is due and not yet queued, whatever was missed
    while the worker was down. Safe to run as often as one likes."""
    now = now or timezone.now()
    followed = Subscription.objects.confirmed()
    consultations = followed.values("consultation_id")
    queued = 0
    themes = (
        Theme.objects.visible()
        .open(now)
        .filter(consultation_id__in=consultations, consultation__is_published=True)
        .select_related("consultation")
    )
    for theme in themes:
        queued += notify_theme_opened(theme, now=now)
    for theme in sources.themes_with_published_results(consultation_ids=consultations):
        queued += notify_results_published(theme)
    for event in sources.announced_events(consultation_ids=consultations, now=now):
        queued += notify_event_announced(event, now=now)
    queued += _requeue_stale(now=now)
    return queued


# A row written but neither claimed nor sent this long after: its task was lost (the process
# stopped between the commit and the enqueue) or its send failed. Queued again; the claim
# makes a duplicate harmless.
STALE_AFTER = datetime.timedelta(minutes=10)


def _requeue_stale(*, now: datetime.datetime) -> int:
    from .tasks import send_notification

    stale = list(
        Notification.objects.filter(
            claimed_at__isnull=True, sent_at__isnull=True, queued_at__lte=now - STALE_AFTER
        ).values_list("pk", flat=True)
    )
    for notification_id in stale:
        transaction.on_commit(functools.partial(send_notification.enqueue, notification_id))
    return len(stale)


# --- the catch-up chain -----------------------------------------------------------------


def catch_up_every() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.FOLLOWING_CATCH_UP_MINUTES)


def ensure_catch_up(*, now: datetime.datetime | None = None) -> bool:
    """Start the catch-up chain unless a live one holds the clock; True when started.

    A chain is live while its next run is not overdue by more than one period: a worker
    that was down leaves it overdue, and the next call (a confirmation, the command) starts
    a new chain; the old one stops at its next run, its due time no longer matching.
    """
    now = now or timezone.now()
    clock, created = CatchUpClock.objects.get_or_create(pk=1, defaults={"next_run_at": now})
    if not created:
        if clock.next_run_at > now - catch_up_every():
            return False
        if not CatchUpClock.objects.filter(pk=1, next_run_at=clock.next_run_at).update(
            next_run_at=now
        ):
            return False  # another caller restarted it at the same moment
    from .tasks import catch_up

    transaction.on_commit(functools.partial(catch_up.enqueue, now.isoformat()))
    return True


def rearm_catch_up(due_at: datetime.datetime, *, now: datetime.datetime | None = None) -> bool:
    """Called by the catch-up task that was due at ``due_at``: schedule the next run, if
    this task still holds the clock. True when re-armed."""
    from .tasks import catch_up, schedule

    now = now or timezone.now()
    following = max(now, due_at) + catch_up_every()
    if not CatchUpClock.objects.filter(pk=1, next_run_at=due_at).update(next_run_at=following):
        return False
    transaction.on_commit(functools.partial(schedule, catch_up, following, following.isoformat()))
    return True


# --- hooks for the apps whose changes are notified --------------------------------------


def on_results_published(theme: Theme) -> None:
    """Call from the action that publishes a theme's results (inside its transaction): the
    notices are dispatched by the worker once it commits. The catch-up sends them anyway."""
    from .tasks import dispatch_results

    transaction.on_commit(functools.partial(dispatch_results.enqueue, theme.pk))


def on_event_announced(event) -> None:
    """Call from the action that publishes an event for the first time."""
    from .tasks import dispatch_event

    transaction.on_commit(functools.partial(dispatch_event.enqueue, event.pk))


# --- retention --------------------------------------------------------------------------


def purge_followers(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete what the personal data page says is deleted:

    - requests never confirmed, once their confirmation link has expired;
    - subscriptions to a theme's opening or results once that message has been sent;
    - every subscription of a consultation whose personal data retention has run out
      (the participants' rule: months after its last theme closed);
    - addresses left following nothing.
    """
    now = now or timezone.now()
    counts = {}
    with transaction.atomic():
        counts["unconfirmed"] = (
            Subscription.objects.filter(
                confirmed_at__isnull=True, created_at__lte=now - confirmation_validity()
            )
            .delete()[1]
            .get("following.Subscription", 0)
        )
        spent = Subscription.objects.filter(
            Q(kind=SubscriptionKind.OPENING, notifications__topic__startswith="opened:")
            | Q(kind=SubscriptionKind.RESULTS, notifications__topic__startswith="results:"),
            notifications__sent_at__isnull=False,
        ).values("pk")
        counts["spent"] = (
            Subscription.objects.filter(pk__in=spent).delete()[1].get("following.Subscription", 0)
        )
        expired = 0
        ended = Consultation.objects.annotate(last_close=Max("themes__closes_at")).filter(
            last_close__isnull=False
        )
        for consultation in ended:
            deadline = consultation.last_close + datetime.timedelta(
                days=31 * consultation.personal_data_retention_months
            )
            if now < deadline or consultation.themes.filter(closes_at__isnull=True).exists():
                continue
            expired += (
                Subscription.objects.filter(consultation=consultation)
                .delete()[1]
                .get("following.Subscription", 0)
            )
        counts["retention"] = expired
        counts["addresses"] = (
            Follower.objects.filter(subscriptions__isnull=True)
            .delete()[1]
            .get("following.Follower", 0)
        )
    return counts
