"""Files of responses produced in the background for the back office, kept for a stated time."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV (archive zip : réponses et codebook)")
    XLSX = "xlsx", _("Excel (XLSX : feuilles « Réponses » et « Codebook »)")


EXTENSIONS = {ExportFormat.CSV: "zip", ExportFormat.XLSX: "xlsx"}
CONTENT_TYPES = {
    ExportFormat.CSV: "application/zip",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("en attente")
    RUNNING = "running", _("en cours")
    DONE = "done", _("prêt")
    FAILED = "failed", _("échec")


def private_path(export: Export, filename: str) -> str:
    # Never served by a URL of its own (MEDIA_URL is only routed in development): the
    # random name keeps the file out of reach of a guessed address all the same.
    extension = filename.rsplit(".", 1)[-1]
    return f"exports/{secrets.token_urlsafe(18)}.{extension}"


class Export(models.Model):
    """A manager's request for a questionnaire's responses as a file, and that file.

    Written by ``actions.request_export`` (queued), then by the task that produces the
    file (running, progress, done or failed), and deleted with its file by
    ``actions.purge_expired_exports`` once ``expires_at`` has passed.
    """

    questionnaire = models.ForeignKey(
        "surveys.Questionnaire",
        on_delete=models.CASCADE,
        related_name="exports",
        verbose_name=_("enquête"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    status = models.CharField(
        _("état"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("réponses écrites"), default=0)
    rows_total = models.PositiveIntegerField(_("réponses à écrire"), null=True, blank=True)
    file = models.FileField(_("fichier"), upload_to=private_path, max_length=300, blank=True)
    created_at = models.DateTimeField(_("demandé le"))
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("supprimé le"), db_index=True)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["questionnaire", "-created_at"])]

    def __str__(self) -> str:
        return (
            f"{self.questionnaire} — {self.get_format_display()} ({self.created_at:%Y-%m-%d %H:%M})"
        )

    @property
    def download_name(self) -> str:
        day = timezone.localtime(self.created_at).date().isoformat()
        return f"{self.questionnaire.slug}-reponses-{day}.{EXTENSIONS[self.format]}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def is_pending(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)
