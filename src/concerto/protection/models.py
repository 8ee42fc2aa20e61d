"""Campaign signals for analysts: how many submissions came from one client address per hour.

The address itself is never stored: a keyed hash (HMAC with a key derived from SECRET_KEY)
lets staff see that many submissions share one source without learning the address. Rows are
kept ``settings.CAMPAIGN_SIGNAL_RETENTION_DAYS`` days (30 by default), then deleted by
``manage.py purge_personal_data``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionSignal(models.Model):
    questionnaire = models.ForeignKey(
        "surveys.Questionnaire",
        on_delete=models.CASCADE,
        related_name="submission_signals",
        verbose_name=_("enquête"),
    )
    hour = models.DateTimeField(_("heure"))
    source = models.CharField(_("source (empreinte de l’adresse)"), max_length=32)
    submissions = models.PositiveIntegerField(_("réponses envoyées"), default=0)

    class Meta:
        verbose_name = _("signal de campagne")
        verbose_name_plural = _("signaux de campagne")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "hour", "source"], name="one_signal_per_source_hour"
            )
        ]
        indexes = [models.Index(fields=["hour"], name="signal_hour")]

    def __str__(self) -> str:
        return f"{self.source} {self.hour:%Y-%m-%d %H:00} ×{self.submissions}"
