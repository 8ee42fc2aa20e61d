import re

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _


class SiteProfile(models.Model):
    """Who publishes the platform: the facts the legal pages and the header need.

    One row (pk=1), editable in the back office so that a ministry changes its legal
    notices without a deployment.
    """

    site_title = models.CharField(_("titre du site"), max_length=120, default="Concerto")
    site_tagline = models.CharField(
        _("sous-titre"),
        max_length=200,
        blank=True,
        default="Consultations publiques du ministère de la Culture",
    )
    brand_html = models.CharField(
        _("bloc-marque"),
        max_length=200,
        default="Ministère<br>de la Culture",
        help_text=_("Intitulé officiel sous la Marianne ; <br> pour les retours à la ligne."),
    )
    publisher = models.CharField(_("éditeur"), max_length=200, default="Ministère de la Culture")
    publisher_address = models.TextField(
        _("adresse de l’éditeur"), default="182, rue Saint-Honoré\n75033 Paris Cedex 01"
    )
    publication_director = models.CharField(
        _("directeur ou directrice de la publication"),
        max_length=200,
        default="La ministre ou le ministre de la Culture",
    )
    host = models.TextField(
        _("hébergeur"),
        default="Hébergement assuré par les services du ministère de la Culture, "
        "sur des serveurs situés en France.",
    )
    contact_email = models.EmailField(_("adresse de contact"), default="contact@concerto.localhost")
    dpo_contact = models.TextField(
        _("contact du délégué à la protection des données"),
        default="Délégué à la protection des données du ministère de la Culture\n"
        "182, rue Saint-Honoré, 75033 Paris Cedex 01",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("identité du site")
        verbose_name_plural = _("identité du site")

    def __str__(self) -> str:
        return str(self.site_title)

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @property
    def brand_text(self) -> str:
        """The brand block as read aloud: its line breaks become spaces."""
        return " ".join(strip_tags(re.sub(r"<br\s*/?>", " ", self.brand_html)).split())

    @classmethod
    def load(cls) -> "SiteProfile":
        profile, _created = cls.objects.get_or_create(pk=1)
        return profile

    @classmethod
    def current(cls) -> "SiteProfile":
        """For reading: the saved row, or the defaults (a page view never writes)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class AuditEvent(models.Model):
    """What a member of staff did, when, to what: written by the actions, never edited."""

    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    action = models.CharField(_("action"), max_length=60)
    target_type = models.CharField(_("type d’objet"), max_length=60)
    target_id = models.PositiveBigIntegerField(_("identifiant"), null=True)
    target_repr = models.CharField(_("objet"), max_length=200)
    details = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("événement du journal")
        verbose_name_plural = _("journal des actions")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"
