"""Decisions of the ministry, the feuille de route they make, and what each one answers.

A decision answers one or more themes of its consultation; its status and progress only
change through ``actions.record_progress`` (the admin, the CSV import and the demo all call
it), which writes one dated ``DecisionUpdate`` each time: the public timeline.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from concerto.consultations.models import MARKDOWN_HELP, Consultation, Theme


class DecisionStatus(models.TextChoices):
    STUDY = "study", pgettext_lazy("décision", "À l’étude")
    ADOPTED = "adopted", pgettext_lazy("décision", "Retenue")
    IN_PROGRESS = "in_progress", pgettext_lazy("décision", "En cours")
    DONE = "done", pgettext_lazy("décision", "Réalisée")
    REJECTED = "rejected", pgettext_lazy("décision", "Non retenue")


class DecisionQuerySet(models.QuerySet):
    def published(self) -> DecisionQuerySet:
        return self.filter(is_published=True, consultation__is_published=True)


REASON_REQUIRED = _("Indiquez pourquoi la décision n’est pas retenue.")
PROGRESS_BOUNDS = _("L’avancement est un pourcentage entre 0 et 100.")


class Decision(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("consultation"),
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), help_text=MARKDOWN_HELP)
    themes = models.ManyToManyField(
        Theme,
        related_name="decisions",
        verbose_name=_("thématiques"),
        help_text=_("Les thématiques de la consultation auxquelles la décision répond."),
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.STUDY
    )
    status_reason = models.TextField(
        _("motif"),
        blank=True,
        help_text=_("Obligatoire pour une décision non retenue : affiché au public."),
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    service = models.CharField(
        _("service en charge"),
        max_length=200,
        help_text=_("Par exemple : « Délégation au numérique, Secrétariat général »."),
    )
    is_published = models.BooleanField(
        _("publiée"),
        default=False,
        help_text=_("Une décision non publiée n’est visible que dans la gestion."),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="decision_progress_at_most_100",
                violation_error_message=PROGRESS_BOUNDS,
            ),
            models.CheckConstraint(
                condition=~Q(status=DecisionStatus.REJECTED) | ~Q(status_reason=""),
                name="rejected_decision_has_reason",
                violation_error_message=REASON_REQUIRED,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", kwargs={"slug": self.consultation.slug, "pk": self.pk})


class DecisionUpdate(models.Model):
    """One dated entry of a decision's timeline: the status and progress it set, and why."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="updates", verbose_name=_("décision")
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("statut"), max_length=12, choices=DecisionStatus.choices)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"))
    note = models.TextField(_("commentaire"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mise à jour")
        verbose_name_plural = _("mises à jour")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} — {self.get_status_display()} ({self.progress} %)"


class EvidenceKind(models.TextChoices):
    FIGURE = "figure", _("Question ou chiffre")
    QUOTE = "quote", _("Citation")
    # A theme the analysts validated in the answers to an open question (issue 10).
    FREE_TEXT_THEME = "free_text_theme", _("Thème des réponses libres")


class Evidence(models.Model):
    """What participants said that the decision answers: « Ce que vous nous avez dit »."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("décision")
    )
    kind = models.CharField(
        _("nature"), max_length=16, choices=EvidenceKind.choices, default=EvidenceKind.FIGURE
    )
    question = models.ForeignKey(
        "surveys.Question",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question"),
    )
    quote = models.ForeignKey(
        "publication.Quote",
        # A withdrawn answer deletes its quotes (publication's rule): the evidence goes too.
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("citation"),
        help_text=_(
            "Une citation choisie dans les résultats de la thématique ; affichée seulement "
            "si elle est publiée."
        ),
    )
    free_text_theme = models.ForeignKey(
        "freetext.ValidatedTheme",
        # Deleting a theme (or merging it into another) takes its evidence with it: a theme
        # that no longer exists has no count to show, and an evidence without its theme
        # would be a broken link on a public page. Merges move the evidence first
        # (``actions.move_theme_evidence``).
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("thème des réponses libres"),
        help_text=_(
            "Un thème validé par les analystes dans les réponses à une question ouverte ; "
            "affiché, avec son effectif publié, seulement quand les résultats de la "
            "thématique sont publiés avec ce thème."
        ),
    )
    figure_key = models.CharField(
        _("chiffre"),
        max_length=200,
        blank=True,
        help_text=_(
            "Facultatif : la clé d’un chiffre de cette question (« code de la question » ou "
            "« code:choix »), affiché quand les résultats de la thématique sont publiés."
        ),
    )
    note = models.TextField(
        _("commentaire"),
        blank=True,
        help_text=_("Ce que ce résultat a apporté à la décision (affiché au public)."),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("élément de preuve")
        verbose_name_plural = _("ce que vous nous avez dit")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=EvidenceKind.FIGURE) | Q(question__isnull=False),
                name="figure_evidence_has_question",
                violation_error_message=_("Choisissez la question dont il s’agit."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=EvidenceKind.QUOTE) | Q(quote__isnull=False),
                name="quote_evidence_has_quote",
                violation_error_message=_("Choisissez la citation dont il s’agit."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=EvidenceKind.FREE_TEXT_THEME) | Q(free_text_theme__isnull=False),
                name="theme_evidence_has_theme",
                violation_error_message=_("Choisissez le thème dont il s’agit."),
            ),
        ]

    def __str__(self) -> str:
        return self.figure_key or str(self.get_kind_display())
