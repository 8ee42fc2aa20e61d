"""Background refresh of the statistics' summary tables, debounced.

Submissions, edits and withdrawals call ``request_refresh`` after they commit (through
``concerto.results.hooks.answers_changed``). The first change of a burst marks the summary
as requested and queues one refresh ``RESULTS_REFRESH_DELAY`` seconds later; the changes
that follow within that time ride on it. The refresh clears the mark before it reads, so a
change arriving while it runs queues the next one: no answer is ever left out for long.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from concerto.surveys.models import Questionnaire, Response, ResponseStatus

from .models import SummaryState
from .refresh import refresh_summary

logger = logging.getLogger(__name__)

# A request older than this is taken for lost (a worker stopped): the next change re-queues.
STALE_REQUEST = datetime.timedelta(minutes=15)


@task()
def refresh_statistics(questionnaire_id: int) -> int:
    """Recompute one questionnaire's summary; returns how long it took, in milliseconds."""
    SummaryState.objects.filter(pk=questionnaire_id).update(requested_at=None)
    questionnaire = (
        Questionnaire.objects.select_related("theme").filter(pk=questionnaire_id).first()
    )
    if questionnaire is None:
        return 0
    state = refresh_summary(questionnaire)
    return state.duration_ms or 0


def request_refresh(questionnaire_id: int) -> bool:
    """Queue a refresh of the questionnaire's figures unless one is already waiting.
    Returns whether this call queued one."""
    now = timezone.now()
    claimed = SummaryState.objects.filter(
        Q(requested_at__isnull=True) | Q(requested_at__lt=now - STALE_REQUEST),
        pk=questionnaire_id,
    ).update(requested_at=now)
    if not claimed:
        if SummaryState.objects.filter(pk=questionnaire_id).exists():
            return False  # one is waiting already: it will count this change too
        try:
            with transaction.atomic():
                SummaryState.objects.create(questionnaire_id=questionnaire_id, requested_at=now)
        except IntegrityError:
            return False  # created meanwhile by a concurrent request, which queued
    backend_task = refresh_statistics
    delay = settings.RESULTS_REFRESH_DELAY
    if delay and refresh_statistics.get_backend().supports_defer:
        backend_task = refresh_statistics.using(run_after=now + datetime.timedelta(seconds=delay))
    backend_task.enqueue(questionnaire_id)
    return True


def ensure_summary(questionnaire: Questionnaire) -> SummaryState | None:
    """The questionnaire's summary state, computed now if it never was and the
    questionnaire is small; a refresh is queued when it is missing or when the
    questionnaire closed after it was computed (the figures then become final)."""
    state = SummaryState.objects.filter(pk=questionnaire.pk).first()
    if state is None or state.as_of is None:
        submitted = Response.objects.filter(
            questionnaire=questionnaire, status=ResponseStatus.SUBMITTED
        )
        if not submitted[settings.RESULTS_SYNC_LIMIT : settings.RESULTS_SYNC_LIMIT + 1].exists():
            return refresh_summary(questionnaire)
        transaction.on_commit(lambda: request_refresh(questionnaire.pk))
        return state
    closes_at = questionnaire.theme.closes_at
    closed = closes_at is not None and closes_at <= timezone.now()
    if closed and not state.exact and state.requested_at is None:
        transaction.on_commit(lambda: request_refresh(questionnaire.pk))
    return state
