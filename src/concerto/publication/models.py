"""Published results of a theme: what the ministry chose to show of what people said.

``ThemeResults`` is a theme's results page as the managers prepare it (the draft: synthesis,
chosen figures, chosen quotes) and its state. Each publication or correction freezes what
the public sees into a ``Publication`` (sanitised synthesis, ``PublishedFigure`` and
``PublishedQuote`` rows): editing the draft afterwards changes nothing public until a
manager publishes a correction, which the public page shows as such, with its date.

Quotes point to the answer row they come from (``surveys.AnswerValue``) with ``CASCADE``:
withdrawing (or editing) an answer deletes its rows, and with them every quote of it, its
published copies and the text they held. A participant's withdrawn words are nowhere left.

All writes go through ``actions``.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concerto.consultations.models import Theme
from concerto.surveys.models import AnswerValue, Questionnaire


class ResultsState(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    PUBLISHED = "published", _("Publiés")


class ThemeResults(models.Model):
    theme = models.OneToOneField(
        Theme, on_delete=models.CASCADE, related_name="results", verbose_name=_("thématique")
    )
    state = models.CharField(
        _("état"), max_length=10, choices=ResultsState.choices, default=ResultsState.DRAFT
    )
    # The draft, as the managers edit it (Markdown; rendered through the project's pipeline,
    # sanitised by nh3, and frozen as HTML at each publication).
    synthesis = models.TextField(_("synthèse"), blank=True)
    # The draft's chosen figures: [{"questionnaire": id, "key": "<question code>[:<choice>]"}]
    # in display order; read and written whole.
    figures = models.JSONField(_("chiffres choisis"), default=list, blank=True)
    # When the results (last) became public and who did it; kept after an unpublication
    # (the history lives in ``Publication``). Engineer H notifies from ``published_at``.
    published_at = models.DateTimeField(_("publiés le"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publiés par"),
    )
    corrected_at = models.DateTimeField(_("corrigés le"), null=True, blank=True)
    unpublished_at = models.DateTimeField(_("dépubliés le"), null=True, blank=True)
    # DO_NOTHING: the publications go with the results (CASCADE); setting this to NULL
    # first would break the check below on a published row. The foreign key is checked
    # at commit, when both are gone.
    current = models.ForeignKey(
        "Publication",
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version publique"),
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("résultats d’une thématique")
        verbose_name_plural = _("résultats des thématiques")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="published")
                | (Q(current__isnull=False) & Q(published_at__isnull=False)),
                name="published_results_have_a_version",
            ),
        ]

    def __str__(self) -> str:
        return str(self.theme)

    @property
    def is_published(self) -> bool:
        return self.state == ResultsState.PUBLISHED


class Quote(models.Model):
    """An extract of a free-text answer chosen by a manager, without anything identifying.

    ``text`` is what is shown; the participant's own words stay untouched in ``answer``
    (the original). A manager may only shorten or blank out parts of it (``actions``), and
    each edit is in the audit trail.
    """

    results = models.ForeignKey(
        ThemeResults, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("résultats")
    )
    answer = models.ForeignKey(
        AnswerValue, on_delete=models.CASCADE, related_name="+", verbose_name=_("réponse citée")
    )
    text = models.TextField(_("texte affiché"))
    # In the draft's selection; a quote left out stays available (and citable as evidence).
    is_selected = models.BooleanField(_("retenue"), default=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    created_at = models.DateTimeField(_("choisie le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("choisie par"),
    )
    edited_at = models.DateTimeField(_("modifiée le"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modifiée par"),
    )

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["results", "answer"], name="one_quote_per_answer"),
        ]

    def __str__(self) -> str:
        return f"« {self.text[:60]} »"

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None


class PublicationKind(models.TextChoices):
    PUBLICATION = "publication", _("Publication")
    CORRECTION = "correction", _("Correction")


def pdf_path(publication: Publication, filename: str) -> str:
    # Served only through the results' view, which checks they are published; the random
    # name keeps the file out of reach of a guessed address all the same.
    return f"results/{secrets.token_urlsafe(18)}.pdf"


class Publication(models.Model):
    """What the public saw from ``at``: one publication or correction, frozen."""

    results = models.ForeignKey(
        ThemeResults,
        on_delete=models.CASCADE,
        related_name="publications",
        verbose_name=_("résultats"),
    )
    kind = models.CharField(_("nature"), max_length=12, choices=PublicationKind.choices)
    at = models.DateTimeField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("par"),
    )
    synthesis = models.TextField(_("synthèse (texte source)"), blank=True)
    synthesis_html = models.TextField(_("synthèse (HTML nettoyé)"), blank=True)
    # What changed, in the manager's words: shown publicly beside « Corrigé le … ».
    note = models.CharField(_("objet de la correction"), max_length=500, blank=True)
    # Before the theme closed, by the manager's explicit choice.
    early = models.BooleanField(_("avant la clôture"), default=False)
    pdf = models.FileField(_("PDF"), upload_to=pdf_path, max_length=300, blank=True)
    pdf_generated_at = models.DateTimeField(_("PDF produit le"), null=True, blank=True)
    # Read once when the file is written: a page never stats the storage.
    pdf_size = models.PositiveIntegerField(_("taille du PDF (octets)"), default=0)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.results} — {self.at:%Y-%m-%d %H:%M}"


class PublishedFigure(models.Model):
    """A figure of a publication: one of engineer A's figure keys of one questionnaire."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="figures", verbose_name=_("publication")
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="+", verbose_name=_("enquête")
    )
    key = models.CharField(_("clé du chiffre"), max_length=130)
    label = models.CharField(_("libellé"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("chiffre publié")
        verbose_name_plural = _("chiffres publiés")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.key


class PublishedQuote(models.Model):
    """A quote as published: its text at that time. Deleted with the quote, hence with the
    answer (``CASCADE``), so a withdrawn answer leaves the public page at once."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("publication")
    )
    quote = models.ForeignKey(
        Quote, on_delete=models.CASCADE, related_name="published", verbose_name=_("citation")
    )
    text = models.TextField(_("texte publié"))
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("citation publiée")
        verbose_name_plural = _("citations publiées")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"« {self.text[:60]} »"


class PublishedAnalysis(models.Model):
    """The themes found in the answers to one open question, as published (issue 10): the
    analysts' validated themes and their counts at that time, small cells already hidden
    (``RESULTS_MIN_CELL``). Frozen: later work on the analysis changes nothing public until
    a correction."""

    publication = models.ForeignKey(
        Publication,
        on_delete=models.CASCADE,
        related_name="analyses",
        verbose_name=_("publication"),
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="+", verbose_name=_("enquête")
    )
    question_code = models.CharField(_("code de la question"), max_length=64)
    question_label = models.TextField(_("question"))
    # The written answers analysed (None: too few to publish).
    base = models.PositiveIntegerField(_("réponses écrites"), null=True)
    # The columns by profile at submission, in order: [{"label": str, "base": int | None}]
    # (None: a group too small to publish); read whole with the themes.
    groups = models.JSONField(_("profils"), default=list)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("analyse publiée")
        verbose_name_plural = _("analyses publiées")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.question_code


class PublishedTheme(models.Model):
    """A validated theme as published: its label and counts, and the published quotes that
    belong to it (only those, hence only quotable questionnaires' answers)."""

    analysis = models.ForeignKey(
        PublishedAnalysis,
        on_delete=models.CASCADE,
        related_name="themes",
        verbose_name=_("analyse publiée"),
    )
    # The live theme it was copied from: what a decision's evidence points to. A theme
    # deleted (or merged) later leaves its published copy as it was.
    theme = models.ForeignKey(
        "freetext.ValidatedTheme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="published",
        verbose_name=_("thème validé"),
    )
    label = models.CharField(_("libellé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # None: hidden (a small cell).
    count = models.PositiveIntegerField(_("réponses"), null=True)
    share = models.FloatField(_("part des réponses écrites (%)"), null=True)
    # By profile, in the order of ``PublishedAnalysis.groups``: counts (None: hidden).
    by_profile = models.JSONField(_("réponses par profil"), default=list)
    quotes = models.ManyToManyField(
        PublishedQuote, blank=True, related_name="themes", verbose_name=_("citations")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("thème publié")
        verbose_name_plural = _("thèmes publiés")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label
