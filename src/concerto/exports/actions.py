"""Writes of the exports: asking for one, recording a download, purging expired ones."""

from __future__ import annotations

import datetime
import functools

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from concerto.consultations.access import can_analyse
from concerto.core import audit
from concerto.surveys.models import Questionnaire

from .models import Export, ExportFormat, ExportStatus
from .tasks import produce_export, retention

EXPORT_PERMISSION = "surveys.view_response"
# A request this soon after the same one, still waiting or running, is the same request
# (a double click, a page posted again). Later, it is a new one: an export whose worker
# was stopped must not block the next for the whole retention period.
SAME_REQUEST_WITHIN = datetime.timedelta(minutes=5)


def can_export(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(EXPORT_PERMISSION)


@transaction.atomic
def request_export(*, questionnaire: Questionnaire, fmt: str, actor) -> Export:
    """Queue an export of the questionnaire's submitted responses as ``fmt``.

    Only staff allowed to read responses may ask. The export row and the audit event are
    written in one transaction and the task is enqueued once it commits. While an export of
    the same questionnaire and format is still waiting or running, that one is returned
    instead of a second if it was asked for in the last few minutes (a double click
    queues one export).
    """
    if not can_export(actor) or not can_analyse(actor, questionnaire.theme.consultation):
        raise PermissionDenied
    fmt = ExportFormat(fmt)
    # Serialise requests for one questionnaire, so that two clicks see each other.
    Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
    now = timezone.now()
    pending = Export.objects.filter(
        questionnaire=questionnaire,
        format=fmt,
        status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING],
        created_at__gt=now - SAME_REQUEST_WITHIN,
    ).first()
    if pending is not None:
        return pending
    export = Export.objects.create(
        questionnaire=questionnaire,
        requested_by=actor,
        format=fmt,
        created_at=now,
        # Moved to the end of production + retention when the file is written.
        expires_at=now + retention(),
    )
    audit.record(actor, "export.requested", questionnaire, export=export.pk, format=fmt.value)
    transaction.on_commit(functools.partial(produce_export.enqueue, export.pk))
    return export


def record_download(*, export: Export, actor) -> None:
    """Who downloaded which file of responses, in the audit trail."""
    if not can_export(actor) or not can_analyse(actor, export.questionnaire.theme.consultation):
        raise PermissionDenied
    audit.record(actor, "export.downloaded", export.questionnaire, export=export.pk)


def purge_expired_exports(*, now=None) -> int:
    """Delete the exports whose retention has run out, file first, then row; returns how
    many. A file that cannot be deleted keeps its row, so the next run tries again."""
    now = now or timezone.now()
    purged = 0
    for export in Export.objects.filter(expires_at__lte=now).only("pk", "file").iterator():
        if export.file:
            export.file.delete(save=False)
        Export.objects.filter(pk=export.pk).delete()
        purged += 1
    return purged
