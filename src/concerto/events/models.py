"""Events of a consultation (webinaires), the people registered to them, and what was sent.

An event belongs to a consultation and may concern some of its themes. Its times are aware
datetimes stored in UTC and shown in Europe/Paris. People register without an account: a
registration holds a place (or a rank on the waiting list) once created, and is confirmed
by a link sent to its address (double opt-in); nothing but that confirmation is sent to an
address that is not confirmed. Every write goes through ``actions``.
"""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concerto.consultations.models import MARKDOWN_HELP

# Reminders the manager may choose, in minutes before the start (default: 1 day and 1 hour).
REMINDER_CHOICES = [
    (7 * 24 * 60, _("une semaine avant")),
    (2 * 24 * 60, _("deux jours avant")),
    (24 * 60, _("la veille (24 heures avant)")),
    (3 * 60, _("trois heures avant")),
    (60, _("une heure avant")),
    (15, _("un quart d’heure avant")),
]
DEFAULT_REMINDERS = [24 * 60, 60]


def default_reminders() -> list[int]:
    return list(DEFAULT_REMINDERS)


class EventFormat(models.TextChoices):
    ONLINE = "online", _("En ligne")
    IN_PERSON = "in_person", _("En présentiel")
    HYBRID = "hybrid", _("Hybride (en ligne et en présentiel)")


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        """What visitors see: published events of published consultations."""
        return self.filter(is_published=True, consultation__is_published=True)

    def upcoming(self, now=None) -> EventQuerySet:
        return self.filter(ends_at__gt=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None) -> EventQuerySet:
        return self.filter(ends_at__lte=now or timezone.now()).order_by("-starts_at", "-pk")


def event_file_path(event: Event, filename: str) -> str:
    return f"events/{secrets.token_urlsafe(9)}/{PurePath(filename).name}"


class Event(models.Model):
    """A webinar or meeting of a consultation, with its replay once it has taken place."""

    consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("consultation"),
    )
    themes = models.ManyToManyField(
        "consultations.Theme",
        blank=True,
        related_name="events",
        verbose_name=_("thématiques"),
    )
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d’adresse"), max_length=100)
    description = models.TextField(_("présentation"), help_text=MARKDOWN_HELP)
    audience = models.CharField(
        _("public visé"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple : « Tout public », « Professionnels des archives »."),
    )
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.ONLINE
    )
    place = models.CharField(
        _("lieu"),
        max_length=300,
        blank=True,
        help_text=_("Adresse du lieu, pour un événement en présentiel ou hybride."),
    )
    joining_url = models.URLField(
        _("lien de connexion"),
        blank=True,
        max_length=500,
        help_text=_(
            "Lien du webinaire : montré uniquement aux inscrits confirmés, peu avant le début."
        ),
    )
    join_link_shown_before = models.PositiveIntegerField(
        _("lien visible (minutes avant le début)"),
        default=60,
        help_text=_(
            "À partir de combien de minutes avant le début le lien est montré aux inscrits."
        ),
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    capacity = models.PositiveIntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        help_text=_("Laisser vide pour un nombre de places illimité."),
    )
    registration_deadline = models.DateTimeField(
        _("clôture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("Laisser vide pour accepter les inscriptions jusqu’au début de l’événement."),
    )
    reminder_offsets = models.JSONField(
        _("rappels"),
        default=default_reminders,
        blank=True,
        help_text=_("Rappels envoyés aux inscrits confirmés, en minutes avant le début."),
    )
    has_captions = models.BooleanField(_("sous-titrage en direct"), default=False)
    has_sign_language = models.BooleanField(
        _("interprétation en langue des signes française (LSF)"), default=False
    )
    accessibility_notes = models.TextField(_("autres aménagements d’accessibilité"), blank=True)
    is_published = models.BooleanField(
        _("publié"),
        default=False,
        help_text=_("Un événement non publié n’est visible que dans la gestion."),
    )
    # When the event was first published: what announcements of new events follow.
    announced_at = models.DateTimeField(_("annoncé le"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True, editable=False)
    cancellation_reason = models.TextField(_("motif de l’annulation"), blank=True)
    # After the event: its replay and the alternatives to the video (RGAA).
    replay_url = models.URLField(_("lien du replay (vidéo)"), blank=True, max_length=500)
    replay_file = models.FileField(
        _("fichier vidéo du replay"),
        upload_to=event_file_path,
        blank=True,
        validators=[FileExtensionValidator(["mp4", "webm"])],
    )
    slides = models.FileField(
        _("support de présentation"),
        upload_to=event_file_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf", "odp", "pptx"])],
    )
    captions = models.FileField(
        _("sous-titres (WebVTT)"),
        upload_to=event_file_path,
        blank=True,
        validators=[FileExtensionValidator(["vtt"])],
    )
    transcript = models.TextField(
        _("transcription ou compte rendu"), blank=True, help_text=MARKDOWN_HELP
    )
    replay_published_at = models.DateTimeField(
        _("replay publié le"), null=True, blank=True, editable=False
    )
    # Bumped by the actions when the time, place or state changes: calendars that hold the
    # event's invitation replace it (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "slug"],
                name="unique_event_slug",
                violation_error_message=_(
                    "Un autre événement de cette consultation utilise déjà cet identifiant."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("La fin de l’événement doit suivre son début."),
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="event_starts_at")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "events:detail", kwargs={"slug": self.consultation.slug, "event_slug": self.slug}
        )

    @property
    def breadcrumb(self) -> list[tuple[str, str]]:
        return [
            *self.consultation.breadcrumb,
            (_("Webinaires"), reverse("events:agenda", kwargs={"slug": self.consultation.slug})),
        ]

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def closes_registrations_at(self):
        return self.registration_deadline or self.starts_at

    def is_past(self, now=None) -> bool:
        return self.ends_at <= (now or timezone.now())

    def registrations_open(self, now=None) -> bool:
        return (
            self.is_published
            and not self.is_cancelled
            and (now or timezone.now()) < self.closes_registrations_at
        )

    @property
    def has_replay(self) -> bool:
        return self.replay_published_at is not None and bool(
            self.replay_url or self.replay_file or self.transcript or self.slides
        )

    @property
    def is_online(self) -> bool:
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("inscrit")
    WAITING = "waiting", _("liste d’attente")
    CANCELLED = "cancelled", _("désinscrit")


def new_key() -> str:
    return secrets.token_urlsafe(24)


class Registration(models.Model):
    """One person's registration to an event: a place, or a rank on the waiting list.

    A registration holds its place as soon as it is made; it is confirmed when its person
    follows the link sent to the address (``confirmed_at``), and released if that does not
    happen in time. The waiting list is served in the order of ``waiting_since``.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("événement")
    )
    key = models.CharField(max_length=64, unique=True, default=new_key, editable=False)
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse électronique"))
    profile = models.ForeignKey(
        "participation.ParticipantProfile",
        on_delete=models.PROTECT,
        verbose_name=_("profil"),
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    accessibility_need = models.TextField(_("besoin d’accessibilité"), blank=True)
    questions = models.TextField(_("questions posées à l’avance"), blank=True)
    status = models.CharField(_("état"), max_length=10, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(_("inscrit le"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("adresse confirmée le"), null=True, blank=True)
    waiting_since = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(_("passé de la liste d’attente le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("désinscrit le"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("présent"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_email",
                violation_error_message=_("Cette adresse est déjà inscrite à cet événement."),
            )
        ]
        indexes = [
            models.Index(fields=["event", "status", "waiting_since"], name="registration_queue"),
            models.Index(fields=["email", "confirmation_sent_at"], name="registration_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ReminderSent(models.Model):
    """A reminder that went out: one row per registration, offset and start time.

    The unique constraint is what makes a reminder go once, whichever worker, retry or
    catch-up sends it; a new start time (the event moved) calls for new reminders.
    ``skipped`` marks a reminder that was due but superseded by a later one.
    """

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    offset_minutes = models.PositiveIntegerField()
    starts_at = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)
    skipped = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "offset_minutes", "starts_at"], name="one_reminder_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} — {self.offset_minutes} min"


class MessageSent(models.Model):
    """A message written by staff to an event's registrants, sent once per recipient."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("message aux inscrits")
        verbose_name_plural = _("messages aux inscrits")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class MessageDelivery(models.Model):
    message = models.ForeignKey(MessageSent, on_delete=models.CASCADE, related_name="deliveries")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "registration"], name="one_delivery_each")
        ]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.registration_id}"
