"""« Me prévenir »: people who asked to hear about a theme or a consultation, by e-mail.

No account: a follower is an e-mail address and nothing else. Each of their subscriptions
waits for the address to be confirmed (double opt-in) before anything but the confirmation
itself is sent to it. Every message sent is logged once per subscription and topic (the
unique constraint is what makes a notification go out once, whichever worker or catch-up
sends it). Unconfirmed requests, spent subscriptions and those of a consultation whose
retention has run out are deleted by ``actions.purge_followers``.
"""

from __future__ import annotations

import secrets
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_key() -> str:
    return secrets.token_urlsafe(18)


class Follower(models.Model):
    """An e-mail address that asked to be told about something, and its confirmation."""

    email = models.EmailField(_("adresse électronique"), unique=True)
    # Part of every signed link sent to this address: a link forged or kept from a deleted
    # follower whose id came back does not match it.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    # The site's address as the person used it, for the links of the messages the worker
    # sends later (the worker has no request to build them from).
    site_url = models.CharField(max_length=200, editable=False)
    language = models.CharField(max_length=8, default="fr", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # At most one confirmation message per address and period: see actions.subscribe.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("abonné")
        verbose_name_plural = _("abonnés")

    def __str__(self) -> str:
        return f"Abonné n° {self.pk}"


class SubscriptionKind(models.TextChoices):
    OPENING = "opening", _("Ouverture de la thématique")
    RESULTS = "results", _("Publication des résultats de la thématique")
    CONSULTATION = (
        "consultation",
        _("Nouveautés de la consultation (thématiques, webinaires, résultats)"),
    )


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False)


class Subscription(models.Model):
    follower = models.ForeignKey(
        Follower, on_delete=models.CASCADE, related_name="subscriptions", verbose_name=_("abonné")
    )
    kind = models.CharField(_("objet"), max_length=20, choices=SubscriptionKind.choices)
    consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("consultation"),
    )
    theme = models.ForeignKey(
        "consultations.Theme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("thématique"),
    )
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnements")
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "kind", "theme"],
                condition=Q(theme__isnull=False),
                name="one_theme_subscription_per_kind",
            ),
            models.UniqueConstraint(
                fields=["follower", "kind", "consultation"],
                condition=Q(theme__isnull=True),
                name="one_consultation_subscription_per_kind",
            ),
            models.CheckConstraint(
                condition=(Q(kind="consultation") & Q(theme__isnull=True))
                | (~Q(kind="consultation") & Q(theme__isnull=False)),
                name="subscription_theme_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.theme or self.consultation}"

    @property
    def subject(self):
        """What the subscription is about: the theme, or the consultation."""
        return self.theme or self.consultation


class Notification(models.Model):
    """One message about one topic to one subscription: the sent-log.

    ``topic`` names what happened (``opened:<theme id>``, ``results:<theme id>``,
    ``event:<event id>``). The row is written before the message is queued; the worker
    claims it (``claimed_at``) before sending and marks it ``sent_at`` after, so a task run
    twice, or a catch-up after the worker was down, never sends the same message again.
    """

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="notifications"
    )
    topic = models.CharField(max_length=60)
    # The dispatch that wrote the row: it enqueues the sends of its own rows only.
    batch = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message envoyé")
        verbose_name_plural = _("messages envoyés")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "topic"], name="one_notification_per_topic"
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic} → {self.subscription_id}"


class CatchUpClock(models.Model):
    """One row: when the next catch-up (``tasks.catch_up``) is due.

    The catch-up task re-arms itself through the task queue, so it survives a restart of the
    worker with no cron; the row makes sure one chain only keeps going (a task whose due
    time no longer matches the row stops).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    next_run_at = models.DateTimeField()

    class Meta:
        verbose_name = _("rattrapage des envois")
        verbose_name_plural = _("rattrapage des envois")

    def __str__(self) -> str:
        return f"{self.next_run_at:%Y-%m-%d %H:%M}"
