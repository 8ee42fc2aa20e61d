"""Summary tables of a questionnaire's figures, refreshed in the background.

Each table holds the grouped counts of the submitted answers at the finest grain the
statistics page filters on (question, option, profile at submission, département), so that
a page reads a few thousand rows whatever the number of answers. They are written only by
``concerto.results.refresh`` (a whole questionnaire at once, in one transaction) and read
only by ``concerto.results.statistics``. Ids of questions and choices are kept without
foreign-key constraints: a row of a question deleted since is ignored by the reader and
gone at the next refresh.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from concerto.surveys.models import Questionnaire


def _id(to: str, *, null: bool = False) -> models.ForeignKey:
    return models.ForeignKey(
        to,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=null,
        related_name="+",
    )


class SummaryState(models.Model):
    """How fresh a questionnaire's summary is, and whether a refresh is waiting."""

    questionnaire = models.OneToOneField(
        Questionnaire, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # The moment the figures describe (the start of the refresh's snapshot); None: never.
    as_of = models.DateTimeField(_("chiffres au"), null=True)
    # Computed after the questionnaire closed: final, nothing can change them any more.
    exact = models.BooleanField(_("définitifs"), default=False)
    # A refresh is queued (set once per burst of answers: the debounce).
    requested_at = models.DateTimeField(null=True)
    duration_ms = models.PositiveIntegerField(null=True)

    class Meta:
        verbose_name = _("état des statistiques")
        verbose_name_plural = _("états des statistiques")

    def __str__(self) -> str:
        return f"{self.questionnaire_id} @ {self.as_of}"


class SummaryRow(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    profile = _id("participation.ParticipantProfile", null=True)
    departement = models.CharField(max_length=3, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.questionnaire_id}/{self.profile_id}/{self.departement}"


class RespondentCount(SummaryRow):
    """Submitted responses by day of first submission, profile and département."""

    day = models.DateField()
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["questionnaire", "profile"], name="results_resp_q")]


class QuestionCount(SummaryRow):
    """Who saw a question (its display conditions held) and who answered it."""

    question = _id("surveys.Question")
    seen = models.PositiveIntegerField()
    answered = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["questionnaire", "question"], name="results_question_q")]


class ChoiceCount(SummaryRow):
    """How many chose an option (in a matrix row, at a rank)."""

    question = _id("surveys.Question")
    choice = _id("surveys.Choice")
    row = _id("surveys.Choice", null=True)
    rank = models.PositiveSmallIntegerField(null=True)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["questionnaire", "question"], name="results_choice_q")]


class NumberCount(SummaryRow):
    """Typed numbers by bucket of the question's range (``low``–``high``, ten buckets)."""

    question = _id("surveys.Question")
    bucket = models.PositiveSmallIntegerField()
    n = models.PositiveIntegerField()
    total = models.DecimalField(max_digits=30, decimal_places=4)
    low = models.DecimalField(max_digits=18, decimal_places=4)
    high = models.DecimalField(max_digits=18, decimal_places=4)

    class Meta:
        indexes = [models.Index(fields=["questionnaire", "question"], name="results_number_q")]
