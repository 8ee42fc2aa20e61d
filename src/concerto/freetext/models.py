"""The analysis of one open question's answers, inside the platform (issue 10).

The engine (``concerto.analysis``, no Django) proposes; people decide. The tables keep the
two apart, as Consult does:

- machine side: ``Run`` (one background job: discovery or coding, with its progress),
  ``CandidateTheme`` and ``CandidateAssignment`` (what a discovery run proposed), the
  ``Assignment`` rows whose ``source`` is the machine (what a coding run, or a validated
  candidate, assigned), and ``CampaignGroup`` (near-identical answers found by a run);
- human side: ``ValidatedTheme`` (the analysts' themes: the codebook), the ``Assignment``
  rows whose ``source`` is an analyst, and ``Review`` (an analyst coded this answer by
  hand, possibly to no theme at all).

An answer's themes, as results count them: the themes of its first review if an analyst
reviewed it, else the machine's. Every assignment says who made it and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Analysis(models.Model):
    """One open question's analysis: its runs, its candidate and validated themes."""

    question = models.OneToOneField(
        "surveys.Question",
        on_delete=models.CASCADE,
        related_name="analysis",
        verbose_name=_("question"),
    )
    min_themes = models.PositiveSmallIntegerField(_("nombre minimal de thèmes"), default=3)
    max_themes = models.PositiveSmallIntegerField(_("nombre maximal de thèmes"), default=15)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("créée par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("analyse")
        verbose_name_plural = _("analyses")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_themes__gte=2) & Q(max_themes__gte=models.F("min_themes")),
                name="analysis_theme_bounds",
            )
        ]

    def __str__(self) -> str:
        return str(self.question)


class RunKind(models.TextChoices):
    DISCOVER = "discover", _("Découverte des thèmes")
    CODE = "code", _("Codage des réponses")


class RunStatus(models.TextChoices):
    # In context: « En cours » and « Terminée » say something else of a thématique.
    QUEUED = "queued", pgettext_lazy("analysis run", "En attente")
    RUNNING = "running", pgettext_lazy("analysis run", "En cours")
    DONE = "done", pgettext_lazy("analysis run", "Terminée")
    FAILED = "failed", pgettext_lazy("analysis run", "Échouée")


class Run(models.Model):
    """One background job of an analysis, with the progress its page shows."""

    analysis = models.ForeignKey(
        Analysis, on_delete=models.CASCADE, related_name="runs", verbose_name=_("analyse")
    )
    kind = models.CharField(_("nature"), max_length=12, choices=RunKind.choices)
    status = models.CharField(
        _("état"), max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    # What the job is doing now (« embed », « discover », « duplicates », « code »,
    # « agreement »), and how far it is, 0–100.
    stage = models.CharField(_("étape"), max_length=24, blank=True)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    answers_count = models.PositiveIntegerField(_("réponses analysées"), default=0)
    # Coding runs: the per-answer F1 of the machine against the analysts' reviews, each
    # reviewed answer coded from the others (k-fold): {"mean", "low", "high", "n"}.
    agreement = models.JSONField(_("accord avec les analystes"), null=True, blank=True)
    # A message for the analyst when the run failed (never a traceback).
    error = models.TextField(_("erreur"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("lancée par"),
    )
    queued_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencée le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finie le"), null=True, blank=True)

    class Meta:
        verbose_name = _("traitement")
        verbose_name_plural = _("traitements")
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["analysis", "kind", "-queued_at"], name="run_latest")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="run_progress_range"),
            # Two analysts starting a run at once: the database keeps one (the actions lock
            # the analysis too, and say so in French).
            models.UniqueConstraint(
                fields=["analysis"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_run_per_analysis",
                violation_error_message=_("Un traitement de cette analyse est déjà en cours."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.analysis}"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)


class CandidateTheme(models.Model):
    """A theme the machine proposed in a discovery run: a proposal, never a conclusion."""

    run = models.ForeignKey(
        Run, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("traitement")
    )
    position = models.PositiveSmallIntegerField(_("rang"), default=0)
    label = models.CharField(_("libellé proposé"), max_length=200)
    terms = models.JSONField(_("termes clés"), default=list)
    count = models.PositiveIntegerField(_("réponses"), default=0)
    # Three representative answers (AnswerValue ids), most typical first.
    quote_ids = models.JSONField(_("réponses représentatives"), default=list)
    # Empty, meaningless or off-topic answers, gathered apart.
    is_off_topic = models.BooleanField(_("hors sujet ou vide"), default=False)
    validated_as = models.ForeignKey(
        "ValidatedTheme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("validé comme"),
    )

    class Meta:
        verbose_name = _("thème proposé")
        verbose_name_plural = _("thèmes proposés")
        ordering = ["run", "position"]

    def __str__(self) -> str:
        return self.label


class CandidateAssignment(models.Model):
    candidate = models.ForeignKey(
        CandidateTheme, on_delete=models.CASCADE, related_name="assignments"
    )
    answer = models.ForeignKey(
        "surveys.AnswerValue", on_delete=models.CASCADE, related_name="candidate_assignments"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "answer"], name="one_candidate_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.answer_id} → {self.candidate_id}"


class ValidatedTheme(models.Model):
    """A theme an analyst kept (from a proposal or written by hand): the codebook."""

    analysis = models.ForeignKey(
        Analysis, on_delete=models.CASCADE, related_name="themes", verbose_name=_("analyse")
    )
    label = models.CharField(_("libellé"), max_length=200)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Ce que ce thème recouvre : elle guide aussi le codage automatique."),
    )
    position = models.PositiveSmallIntegerField(_("rang"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("thème validé")
        verbose_name_plural = _("thèmes validés")
        ordering = ["analysis", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "label"],
                name="one_theme_label_per_analysis",
                violation_error_message=_("Un thème porte déjà ce libellé dans cette analyse."),
            )
        ]

    def __str__(self) -> str:
        return self.label


class Source(models.TextChoices):
    MACHINE = "machine", _("Machine")
    ANALYST = "analyst", _("Analyste")


class Assignment(models.Model):
    """An answer given a validated theme, by the machine or by an analyst."""

    answer = models.ForeignKey(
        "surveys.AnswerValue",
        # A withdrawn or edited answer takes its assignments with it.
        on_delete=models.CASCADE,
        related_name="theme_assignments",
        verbose_name=_("réponse"),
    )
    theme = models.ForeignKey(
        ValidatedTheme,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("thème"),
    )
    source = models.CharField(_("auteur"), max_length=8, choices=Source.choices)
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("analyste"),
    )
    # The machine's: the run that assigned it and its confidence (0–1).
    run = models.ForeignKey(
        Run,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("traitement"),
    )
    confidence = models.FloatField(_("confiance"), null=True, blank=True)
    created_at = models.DateTimeField(_("attribué le"), auto_now_add=True)

    class Meta:
        verbose_name = _("attribution d’un thème")
        verbose_name_plural = _("attributions de thèmes")
        indexes = [
            models.Index(fields=["theme", "source"], name="assignment_theme"),
            models.Index(fields=["answer", "source"], name="assignment_answer"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source="analyst") & Q(analyst__isnull=False))
                | (Q(source="machine") & Q(analyst__isnull=True)),
                name="assignment_author",
            ),
            models.UniqueConstraint(
                fields=["answer", "theme"],
                condition=Q(source="machine"),
                name="one_machine_assignment",
            ),
            models.UniqueConstraint(
                fields=["answer", "theme", "analyst"],
                condition=Q(source="analyst"),
                name="one_analyst_assignment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.answer_id} → {self.theme}"


class Review(models.Model):
    """An analyst read this answer and coded it by hand (to some themes, or to none)."""

    analysis = models.ForeignKey(
        Analysis, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("analyse")
    )
    answer = models.ForeignKey(
        "surveys.AnswerValue",
        on_delete=models.CASCADE,
        related_name="theme_reviews",
        verbose_name=_("réponse"),
    )
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("analyste"),
    )
    # Coded blind in the double-coding sample (another analyst had coded it first).
    is_double = models.BooleanField(_("double codage"), default=False)
    created_at = models.DateTimeField(_("codée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("relecture")
        verbose_name_plural = _("relectures")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "analyst"], name="one_review_per_analyst")
        ]
        indexes = [models.Index(fields=["analysis", "analyst"], name="review_by_analyst")]

    def __str__(self) -> str:
        return f"{self.answer_id} ({self.analyst_id})"


class CampaignGroup(models.Model):
    """Identical or near-identical answers found by a run: one voice, many signatures."""

    run = models.ForeignKey(
        Run, on_delete=models.CASCADE, related_name="campaigns", verbose_name=_("traitement")
    )
    size = models.PositiveIntegerField(_("signatures"))
    # The answer shown for the group (the first one received).
    representative = models.ForeignKey(
        "surveys.AnswerValue",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("réponse type"),
    )
    answers = models.ManyToManyField(
        "surveys.AnswerValue", related_name="campaign_groups", verbose_name=_("réponses")
    )

    class Meta:
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        ordering = ["run", "-size", "pk"]

    def __str__(self) -> str:
        return f"{self.size} × {self.representative_id}"
