"""Questionnaires (enquêtes), their questions, and what participants answer.

A questionnaire belongs to a theme and takes answers exactly while its theme is open.
Each participant has at most one response per questionnaire (a database constraint), which
is what makes submission idempotent: a double click, a replayed POST or two tabs all land on
the same row.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from concerto.consultations.models import Consultation, ParticipantProfile, Theme, ThemeStatus


class Questionnaire(models.Model):
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="questionnaires", verbose_name=_("thématique")
    )
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d’adresse"), max_length=100)
    introduction = models.TextField(_("introduction"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("durée estimée (minutes)"), default=10)
    is_published = models.BooleanField(_("publiée"), default=False)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
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

        return self.is_published and self.theme.status_at(now or timezone.now()) == ThemeStatus.OPEN


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


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Texte court")
    LONG_TEXT = "long_text", _("Texte long")
    SINGLE_CHOICE = "single_choice", _("Choix unique")
    MULTIPLE_CHOICE = "multiple_choice", _("Choix multiple")
    SELECT = "select", _("Liste déroulante")
    LIKERT = "likert", _("Échelle de 1 à 5")
    SCALE_0_10 = "scale_0_10", _("Échelle de 0 à 10")
    YES_NO = "yes_no", _("Oui / non")
    NUMBER = "number", _("Nombre")
    DATE = "date", _("Date")
    RANKING = "ranking", _("Classement")
    MATRIX = "matrix", _("Tableau (un choix par ligne)")
    HEADING = "heading", _("Intertitre")
    TEXT = "text", _("Texte explicatif")


CHOICE_KINDS = {
    QuestionKind.SINGLE_CHOICE,
    QuestionKind.MULTIPLE_CHOICE,
    QuestionKind.SELECT,
    QuestionKind.LIKERT,
    QuestionKind.RANKING,
    QuestionKind.MATRIX,
}
DISPLAY_ONLY_KINDS = {QuestionKind.HEADING, QuestionKind.TEXT}
OTHER_KINDS = {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.SELECT}


class Question(models.Model):
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
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
            models.UniqueConstraint(fields=["section", "code"], name="unique_question_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.label[:60]}"

    @property
    def is_display_only(self) -> bool:
        return self.kind in DISPLAY_ONLY_KINDS

    def effective_max_length(self) -> int:
        if self.max_length:
            return self.max_length
        return 3000 if self.kind == QuestionKind.LONG_TEXT else 200


class Choice(models.Model):
    """An option of a choice question, or a row of a matrix (``is_row``)."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    label = models.CharField(_("libellé"), max_length=300)
    code = models.SlugField(_("code"), max_length=60)
    is_row = models.BooleanField(_("ligne de tableau"), default=False)
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


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Participant(models.Model):
    """Someone taking part in a consultation, with or without an account.

    The resume token is the participant's private key to their answers: it is sent by
    e-mail when they give one, and shown to them otherwise.
    """

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("consultation"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    profile = models.ForeignKey(
        ParticipantProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("profil"),
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True)
    email = models.EmailField(_("adresse électronique"), blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"Participant {self.pk}"


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("En cours")
    SUBMITTED = "submitted", _("Envoyée")
    WITHDRAWN = "withdrawn", _("Retirée")


class Response(models.Model):
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
    created_at = models.DateTimeField(_("commencée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
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
        indexes = [models.Index(fields=["questionnaire", "status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.questionnaire} — {self.get_status_display()}"


class Answer(models.Model):
    """One question's answer, as JSON: a string, a number, a list of codes, a dict…"""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("réponse")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    value = models.JSONField(_("valeur"))
    other_text = models.TextField(_("autre (précisé)"), blank=True)

    class Meta:
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code} = {self.value!r}"
