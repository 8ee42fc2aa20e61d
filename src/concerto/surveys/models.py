"""Questionnaires (enquêtes), their questions, and what participants answer.

A questionnaire belongs to a theme and takes answers exactly while its theme is open.
Each participant has at most one response per questionnaire (a database constraint), which
is what makes submission idempotent: a double click, a replayed POST or two tabs all land on
the same row.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from concerto.consultations.models import Consultation, Theme, ThemeStatus
from concerto.participation.models import Participant, ParticipantProfile
from concerto.participation.models import new_token as new_token  # named by migration 0001

from .engine import kinds as engine_kinds


class Questionnaire(models.Model):
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="questionnaires", verbose_name=_("thématique")
    )
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d’adresse"), max_length=100)
    introduction = models.TextField(_("introduction"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("durée estimée (minutes)"), default=10)
    is_published = models.BooleanField(
        _("publiée"),
        default=False,
        help_text=_(
            "Une enquête en brouillon n’est visible que dans la gestion (et son aperçu) ; "
            "la publier vérifie d’abord qu’un participant peut la remplir."
        ),
    )
    # Stated to participants before they answer: without it, their words are never quoted.
    quotes_allowed = models.BooleanField(
        _("réponses libres citables"),
        default=False,
        help_text=_(
            "Les réponses aux questions ouvertes pourront être citées, sans rien "
            "d’identifiant, dans les résultats publiés. Les participants en sont informés "
            "avant de répondre."
        ),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    one_page = models.BooleanField(
        _("toutes les questions sur une page"),
        default=False,
        help_text=_(
            "Pour un questionnaire court : les étapes s’affichent l’une sous l’autre et "
            "s’envoient en une fois (les réponses valides sont enregistrées à chaque envoi)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("enquête")
        verbose_name_plural = _("enquêtes")
        ordering = ["theme__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "slug"], name="unique_questionnaire_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "surveys:start",
            kwargs={
                "slug": self.theme.consultation.slug,
                "theme_slug": self.theme.slug,
                "questionnaire_slug": self.slug,
            },
        )

    @property
    def consultation(self) -> Consultation:
        return self.theme.consultation

    def is_accepting_answers(self, now=None) -> bool:
        from django.utils import timezone

        return (
            self.is_published
            and self.theme.is_published
            and self.theme.status_at(now or timezone.now()) == ThemeStatus.OPEN
        )


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("enquête"),
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


# The kinds are defined once, in the engine's registry; the model field only lists them.
QuestionKind = models.TextChoices(
    "QuestionKind",
    [(name.upper(), (name, _(k.label))) for name, k in engine_kinds.KINDS.items()],
)
CHOICE_KINDS = {name for name, k in engine_kinds.KINDS.items() if k.has_options}
DISPLAY_ONLY_KINDS = {name for name, k in engine_kinds.KINDS.items() if not k.takes_answers}
OTHER_KINDS = {name for name, k in engine_kinds.KINDS.items() if k.takes_other}


class Question(models.Model):
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    # The section's questionnaire, kept here so that the database can hold codes unique per
    # questionnaire (they name the export's columns); the structure actions set it.
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="questions",
        editable=False,
        verbose_name=_("enquête"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices)
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("Identifiant stable de la colonne dans les exports (ex. « q1-usages »)."),
    )
    label = models.TextField(_("libellé"))
    help_text = models.TextField(_("aide"), blank=True)
    required = models.BooleanField(_("obligatoire"), default=False)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    max_length = models.PositiveIntegerField(
        _("nombre maximal de caractères"),
        null=True,
        blank=True,
        help_text=_("Textes : 200 par défaut pour un texte court, 3000 pour un texte long."),
    )
    min_choices = models.PositiveSmallIntegerField(_("choix minimum"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("choix maximum"), null=True, blank=True)
    min_value = models.DecimalField(
        _("valeur minimale"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("valeur maximale"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    has_other = models.BooleanField(
        _("option « Autre (précisez) »"),
        default=False,
        help_text=_("Ajoute un choix « Autre » suivi d’un champ texte."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"],
                name="unique_question_code_per_questionnaire",
                violation_error_message=_(
                    "Une autre question de cette enquête utilise déjà ce code."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.label[:60]}"

    @property
    def kind_def(self) -> engine_kinds.Kind:
        return engine_kinds.kind(self.kind)


class Choice(models.Model):
    """An option of a choice question, or a row of a matrix (``is_row``)."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    label = models.CharField(_("libellé"), max_length=300)
    code = models.SlugField(_("code"), max_length=60)
    is_row = models.BooleanField(_("ligne de tableau"), default=False)
    is_other = models.BooleanField(_("option « Autre (précisez) »"), default=False, editable=False)
    score = models.DecimalField(
        _("score"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("La valeur de ce niveau sur l’échelle, pour les moyennes (ex. 1 à 5)."),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("choix")
        verbose_name_plural = _("choix")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "is_row", "code"], name="unique_choice_code"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ConditionOperator(models.TextChoices):
    EQUALS = "equals", _("est égal à")
    NOT_EQUALS = "not_equals", _("est différent de")
    ANY_OF = "any_of", _("est l’un de")
    ANSWERED = "answered", _("a reçu une réponse")


class DisplayCondition(models.Model):
    """Show ``question`` only when ``depends_on``'s answer meets the condition.

    Several conditions on one question must all hold.
    """

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="conditions", verbose_name=_("question")
    )
    depends_on = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="dependent_conditions",
        verbose_name=_("selon la réponse à"),
    )
    operator = models.CharField(_("condition"), max_length=12, choices=ConditionOperator.choices)
    values = models.JSONField(
        _("valeurs"),
        default=list,
        blank=True,
        help_text=_("Codes des choix (ou valeurs) attendus, sauf pour « a reçu une réponse »."),
    )

    class Meta:
        verbose_name = _("condition d’affichage")
        verbose_name_plural = _("conditions d’affichage")

    def __str__(self) -> str:
        return f"{self.depends_on.code} {self.get_operator_display()} {', '.join(map(str, self.values))}"


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("En cours")
    SUBMITTED = "submitted", _("Envoyée")
    WITHDRAWN = "withdrawn", _("Retirée")


class Response(models.Model):
    """A participant's answers to one questionnaire.

    While the participant answers, the answers live in ``draft`` (read and written whole,
    page by page). Submitting turns the draft into typed rows (``AnswerChoice``,
    ``AnswerValue``), the only answers that count, and records the profile and département
    the participant had then. Editing a submitted response works on a new draft; the
    submitted rows stay counted until the edit is sent.
    """

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("enquête"),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("participant"),
    )
    status = models.CharField(
        _("statut"),
        max_length=12,
        choices=ResponseStatus.choices,
        default=ResponseStatus.IN_PROGRESS,
    )
    # Answers being typed, by question code: {"code": {"v": value, "o": "other text"}}.
    draft = models.JSONField(default=dict, blank=True, editable=False)
    is_editing = models.BooleanField(_("modification en cours"), default=False)
    # Who the participant said they were when they (last) submitted.
    profile = models.ForeignKey(
        ParticipantProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("profil à l’envoi"),
    )
    departement = models.CharField(_("département à l’envoi"), max_length=3, blank=True)
    created_at = models.DateTimeField(_("commencée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    edited_at = models.DateTimeField(_("modifiée le"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "participant"], name="one_response_per_participant"
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="submitted_response_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["questionnaire", "status", "submitted_at"]),
            # The respondents by profile, the base of a cross-tab's percentages: an
            # index-only count rather than a read of every response.
            models.Index(fields=["questionnaire", "status", "profile"], name="response_by_profile"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} — {self.get_status_display()}"


def profile_at_submission() -> models.ForeignKey:
    """The response's profile at submission, repeated on each answer row so that a cross-tab
    by profile reads one table. Written once per submission; a profile cannot be deleted
    while responses point to it (``Response.profile`` protects it)."""
    return models.ForeignKey(
        ParticipantProfile,
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="+",
        db_index=False,
    )


class AnswerChoice(models.Model):
    """One chosen option of a submitted answer: a choice, a rank, or a matrix cell.

    What results count, grouped by ``choice`` (and ``row``, ``rank``, ``profile``) in the
    database. A choice with answers cannot be deleted (``PROTECT``). ``profile`` repeats
    the response's profile at submission, so that a cross-tab by profile reads one table.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="choices")
    # Indexed by ``answerchoice_tally``, which starts with the question.
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answer_choices", db_index=False
    )
    choice = models.ForeignKey(Choice, on_delete=models.PROTECT, related_name="answers")
    row = models.ForeignKey(
        Choice, on_delete=models.PROTECT, null=True, related_name="row_answers", db_index=False
    )
    rank = models.PositiveSmallIntegerField(null=True)
    profile = profile_at_submission()

    class Meta:
        verbose_name = _("choix d’une réponse")
        verbose_name_plural = _("choix des réponses")
        indexes = [
            models.Index(fields=["row"], condition=Q(row__isnull=False), name="answerchoice_row"),
            # Covering the counts: one question's figures (by choice, row, rank and profile)
            # are an index-only scan of its range, without reading the table; and whether a
            # question has answers is one probe, in place of the foreign key's own index.
            models.Index(
                fields=["question", "choice", "row", "rank", "profile"], name="answerchoice_tally"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}: {self.choice_id}"


class AnswerValue(models.Model):
    """A typed text, number or date of a submitted answer (and each « Autre » text)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="values")
    # Indexed by ``answervalue_question``, which starts with the question.
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answer_values", db_index=False
    )
    text = models.TextField(blank=True)
    number = models.DecimalField(max_digits=18, decimal_places=4, null=True)
    date = models.DateField(null=True)
    profile = profile_at_submission()

    class Meta:
        verbose_name = _("valeur d’une réponse")
        verbose_name_plural = _("valeurs des réponses")
        indexes = [
            # A question's texts in response order (analyses, exports), and the probe for
            # « has this question answers » that stops at the first entry.
            models.Index(fields=["question", "response"], name="answervalue_question"),
            # The means of numbers: index-only, over the number rows alone.
            models.Index(
                fields=["question", "profile", "number"],
                condition=Q(number__isnull=False),
                name="answervalue_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}: {self.text or self.number or self.date}"
