"""Background work of the exports: producing the file a manager asked for."""

from __future__ import annotations

import datetime
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from concerto.surveys import exports as rows
from concerto.surveys.structure import load

from . import files
from .models import Export, ExportFormat, ExportStatus

logger = logging.getLogger(__name__)

WRITERS = {ExportFormat.CSV: files.write_csv_zip, ExportFormat.XLSX: files.write_xlsx}


class ExportRefused(Exception):
    """The export cannot be produced, for a reason the manager can act on."""


def retention() -> datetime.timedelta:
    return datetime.timedelta(days=settings.EXPORT_RETENTION_DAYS)


@task()
def produce_export(export_id: int) -> int:
    """Write the export's file to storage and mark it done; returns the number of rows.

    Runs once per export: a second run of the same task finds it no longer queued and does
    nothing. Progress is written every few thousand rows by a one-row UPDATE, so the page
    follows it. A failure leaves the export « failed » with a message for the manager, no
    file, and the exception in the task's result for the operator.
    """
    claimed = Export.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return 0
    export = Export.objects.select_related("questionnaire").get(pk=export_id)
    same = Export.objects.filter(pk=export_id)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            count = _produce(export, same)
    except ExportRefused as refused:
        same.update(status=ExportStatus.FAILED, error=str(refused), finished_at=timezone.now())
        return 0
    except Exception as error:
        logger.exception("Export %s failed", export_id)
        if export.file:
            export.file.delete(save=False)
        same.update(
            status=ExportStatus.FAILED,
            file="",
            finished_at=timezone.now(),
            error=gettext(
                "L’export n’a pas pu être produit (erreur inattendue : %(error)s). Demandez un "
                "nouvel export ; si l’erreur se répète, signalez-la à l’équipe technique en "
                "donnant le numéro de l’export (n° %(number)s)."
            )
            % {"error": f"{type(error).__name__}: {error}"[:300], "number": export_id},
        )
        raise
    return count


def _produce(export: Export, same) -> int:
    questionnaire = export.questionnaire
    definition = load(questionnaire.pk)
    total = rows.count_submitted(questionnaire)
    same.update(rows_total=total)
    if export.format == ExportFormat.XLSX and total + 1 > files.XLSX_MAX_ROWS:
        raise ExportRefused(
            gettext(
                "Un fichier Excel ne peut pas contenir plus de %(max)s réponses ; l’enquête en "
                "compte %(total)s. Demandez un export CSV."
            )
            % {"max": files.XLSX_MAX_ROWS - 1, "total": total}
        )
    with tempfile.TemporaryDirectory(prefix="concerto-export-") as folder:
        path = Path(folder) / export.download_name
        count = WRITERS[export.format](
            path, questionnaire, definition, lambda done: same.update(rows_done=done)
        )
        with path.open("rb") as written:
            export.file.save(export.download_name, File(written), save=False)
    finished = timezone.now()
    updated = same.update(
        status=ExportStatus.DONE,
        file=export.file.name,
        rows_done=count,
        rows_total=count,
        finished_at=finished,
        expires_at=finished + retention(),
    )
    if not updated:  # deleted meanwhile: keep no file that nothing points to
        export.file.delete(save=False)
    return count
