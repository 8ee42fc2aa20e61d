from __future__ import annotations

import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concerto.participation.models import EmailPolicy
from concerto.protection.challenge import ChallengeFallback

MARKDOWN_HELP = _(
    "Texte au format Markdown : **gras**, *italique*, listes avec « - », liens "
    "[texte](https://…), intertitres avec « # », « ## »… (ils prennent leur place sous "
    "le titre de la page)."
)


class ConsultationQuerySet(models.QuerySet):
    def published(self) -> ConsultationQuerySet:
        return self.filter(is_published=True)


class Consultation(models.Model):
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d’adresse"), max_length=100, unique=True)
    tagline = models.CharField(_("accroche"), max_length=300, blank=True)
    purpose = models.TextField(_("objet de la consultation"), help_text=MARKDOWN_HELP)
    why_participate = models.TextField(
        _("pourquoi participer ?"), blank=True, help_text=MARKDOWN_HELP
    )
    how_to_participate = models.TextField(
        _("comment participer ?"), blank=True, help_text=MARKDOWN_HELP
    )
    is_published = models.BooleanField(
        _("publiée"),
        default=False,
        help_text=_("Une consultation non publiée n’est visible que dans la gestion."),
    )
    is_featured = models.BooleanField(
        _("à la une"),
        default=False,
        help_text=_("La consultation à la une est présentée sur la page d’accueil."),
    )
    # How people take part: asked once per consultation, with the participant's profile.
    email_policy = models.CharField(
        _("adresse électronique des participants"),
        max_length=10,
        choices=EmailPolicy.choices,
        default=EmailPolicy.OPTIONAL,
    )
    allow_editing = models.BooleanField(
        _("modification après envoi"),
        default=True,
        help_text=_(
            "Les participants peuvent modifier ou retirer leurs réponses jusqu’à la clôture."
        ),
    )
    personal_data_retention_months = models.PositiveSmallIntegerField(
        _("conservation des données personnelles (mois)"),
        default=12,
        help_text=_(
            "Durée, après la clôture de la dernière thématique, au bout de laquelle les "
            "données identifiantes des participants sont supprimées. Affichée aux participants."
        ),
    )
    # Without JavaScript, the proof of work cannot run: what the profile step does then.
    challenge_fallback = models.CharField(
        _("sans JavaScript, vérification anti-robot"),
        max_length=10,
        choices=ChallengeFallback.choices,
        default=ChallengeFallback.FLAG,
        help_text=_(
            "Les participants dont le navigateur n’exécute pas JavaScript ne peuvent pas "
            "résoudre la vérification automatique. « Accepter et signaler » les laisse "
            "participer et marque leurs réponses, que les résultats peuvent compter à part ; "
            "« Question simple » leur pose une question (une addition en toutes lettres)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-is_featured", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_featured"],
                condition=Q(is_featured=True),
                name="one_featured_consultation",
                violation_error_message=_("Une seule consultation peut être à la une."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", kwargs={"slug": self.slug})

    @property
    def breadcrumb(self) -> list[tuple[str, str]]:
        return [(self.title, self.get_absolute_url())]


class ThemeStatus(models.TextChoices):
    UPCOMING = "upcoming", _("À venir")
    OPEN = "open", _("En cours")
    CLOSED = "closed", _("Terminée")


def status_for_dates(
    opens_at: datetime.datetime | None,
    closes_at: datetime.datetime | None,
    now: datetime.datetime,
) -> ThemeStatus:
    """The single rule that turns a theme's dates into its status.

    A theme without an opening date is announced but not scheduled: it is upcoming.
    A theme without a closing date stays open once opened.
    """
    if opens_at is None or now < opens_at:
        return ThemeStatus.UPCOMING
    if closes_at is not None and now >= closes_at:
        return ThemeStatus.CLOSED
    return ThemeStatus.OPEN


class ThemeQuerySet(models.QuerySet):
    def visible(self) -> ThemeQuerySet:
        """What visitors may see: published themes (a draft is seen in the workspace only)."""
        return self.filter(is_published=True)

    # The same rule as status_for_dates, expressed in SQL; tests check they agree.
    def open(self, now: datetime.datetime | None = None) -> ThemeQuerySet:
        now = now or timezone.now()
        return self.filter(opens_at__lte=now).filter(
            Q(closes_at__isnull=True) | Q(closes_at__gt=now)
        )

    def upcoming(self, now: datetime.datetime | None = None) -> ThemeQuerySet:
        now = now or timezone.now()
        return self.filter(Q(opens_at__isnull=True) | Q(opens_at__gt=now))

    def closed(self, now: datetime.datetime | None = None) -> ThemeQuerySet:
        now = now or timezone.now()
        return self.filter(closes_at__lte=now, opens_at__lte=now)


class Theme(models.Model):
    """A thématique: one subject of the consultation, open for contributions between dates."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="themes",
        verbose_name=_("consultation"),
    )
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d’adresse"), max_length=100)
    summary = models.CharField(
        _("résumé"), max_length=300, help_text=_("Une ou deux phrases, affichées sur la carte.")
    )
    introduction = models.TextField(_("présentation des enjeux"), help_text=MARKDOWN_HELP)
    opens_at = models.DateTimeField(
        _("ouverture"),
        null=True,
        blank=True,
        help_text=_(
            "Laisser vide tant que la date n’est pas fixée : la thématique est « À venir »."
        ),
    )
    closes_at = models.DateTimeField(
        _("clôture"),
        null=True,
        blank=True,
        help_text=_("Laisser vide pour une thématique ouverte sans date de fin."),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_published = models.BooleanField(
        _("publiée"),
        default=False,
        help_text=_(
            "Une thématique en brouillon n’est visible que dans la gestion : ni sa page, "
            "ni ses enquêtes, ni le plan du site ne la montrent aux visiteurs."
        ),
    )

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "slug"],
                name="unique_theme_slug",
                violation_error_message=_(
                    "Une autre thématique de cette consultation utilise déjà cet identifiant."
                ),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | (Q(opens_at__isnull=False) & Q(closes_at__gt=models.F("opens_at"))),
                name="theme_closes_after_opening",
                violation_error_message=_(
                    "La clôture doit suivre l’ouverture, et une thématique sans date "
                    "d’ouverture ne peut pas avoir de date de clôture."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "consultations:theme",
            kwargs={"slug": self.consultation.slug, "theme_slug": self.slug},
        )

    def status_at(self, now: datetime.datetime) -> ThemeStatus:
        return status_for_dates(self.opens_at, self.closes_at, now)

    @property
    def status(self) -> ThemeStatus:
        return self.status_at(timezone.now())

    def clean(self) -> None:
        if self.closes_at and not self.opens_at:
            raise ValidationError(
                {"opens_at": _("Indiquez l’ouverture avant de fixer une clôture.")}
            )
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("La clôture doit suivre l’ouverture.")})


DOCUMENT_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "csv", "txt", "epub"]


def validate_document_size(file) -> None:
    limit = settings.CONCERTO_DOCUMENT_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("Ce fichier pèse %(size)s ; la taille maximale est de %(limit)s."),
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


class Document(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("consultation"),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("thématique"),
        help_text=_("Laisser vide pour un document de la consultation entière."),
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    file = models.FileField(
        _("fichier"),
        upload_to="documents/%Y/%m/",
        validators=[
            FileExtensionValidator(DOCUMENT_EXTENSIONS),
            validate_document_size,
        ],
        help_text=_("Formats acceptés : %(formats)s.")
        % {"formats": ", ".join(ext.upper() for ext in DOCUMENT_EXTENSIONS)},
    )
    # Read from the file once at upload: listing pages must not stat the storage.
    size = models.PositiveBigIntegerField(_("taille (octets)"), editable=False, default=0)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    published_at = models.DateTimeField(_("date de publication"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # A cached property of the file, not a rule: kept in step with whatever is stored.
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("consultations:document_download", kwargs={"pk": self.pk})

    @property
    def format(self) -> str:
        return PurePath(self.file.name).suffix.lstrip(".").upper()

    @property
    def filename(self) -> str:
        return PurePath(self.file.name).name

    def clean(self) -> None:
        if (
            self.theme_id
            and self.consultation_id
            and self.theme.consultation_id != self.consultation_id
        ):
            raise ValidationError(
                {"theme": _("Cette thématique appartient à une autre consultation.")}
            )


class Page(models.Model):
    """An editorial page of a consultation (méthode, FAQ, calendrier…)."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="pages",
        verbose_name=_("consultation"),
    )
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d’adresse"), max_length=100)
    body = models.TextField(_("contenu"), help_text=MARKDOWN_HELP)
    show_in_menu = models.BooleanField(_("dans le menu principal"), default=False)
    is_published = models.BooleanField(_("publiée"), default=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "slug"],
                name="unique_page_slug",
                violation_error_message=_(
                    "Une autre page de cette consultation utilise déjà cet identifiant."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "consultations:page", kwargs={"slug": self.consultation.slug, "page_slug": self.slug}
        )
