"""Campaign signals: submissions per client address per hour, and bursts of identical texts.

Read by staff who may analyse the consultation (``can_analyse``), never shown to the public;
they feed the campaign detection of the analysis work. The address is stored only as a keyed
hash (see ``models.SubmissionSignal``).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Min
from django.db.models.functions import Length
from django.utils import timezone

from .models import SubmissionSignal


def source_hash(address: str) -> str:
    """A keyed hash of a client address: the same address gives the same 16 hex characters,
    which reveal nothing of it without the site's secret key."""
    key = hashlib.sha256(b"concerto.campaign:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, (address or "?").encode(), hashlib.sha256).hexdigest()[:16]


def record_submission(*, questionnaire_id: int, address: str, now=None) -> None:
    """Count one submission from ``address`` in the current hour (one upsert)."""
    now = now or timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    table = SubmissionSignal._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (questionnaire_id, hour, source, submissions) "
            "VALUES (%s, %s, %s, 1) ON CONFLICT (questionnaire_id, hour, source) "
            f"DO UPDATE SET submissions = {table}.submissions + 1",
            [questionnaire_id, hour, source_hash(address)],
        )


def busy_sources(questionnaire, *, minimum: int | None = None, limit: int = 50):
    """The hours when one source sent at least ``minimum`` submissions, busiest first."""
    minimum = minimum or settings.CAMPAIGN_SOURCE_MIN_PER_HOUR
    return list(
        SubmissionSignal.objects.filter(
            questionnaire=questionnaire, submissions__gte=minimum
        ).order_by("-submissions", "-hour")[:limit]
    )


def identical_texts(questionnaire, *, minimum: int | None = None, limit: int = 50):
    """Free texts sent identically by at least ``minimum`` submitted responses, with when the
    first and the last came: many in a short time is a burst."""
    from concerto.surveys.models import AnswerValue, ResponseStatus

    minimum = minimum or settings.CAMPAIGN_IDENTICAL_TEXT_MIN
    rows = (
        AnswerValue.objects.annotate(length=Length("text"))
        .filter(
            response__questionnaire=questionnaire,
            response__status=ResponseStatus.SUBMITTED,
            length__gte=settings.CAMPAIGN_TEXT_MIN_LENGTH,
        )
        .values("question__code", "question__label", "text")
        .annotate(
            n=Count("id"),
            first=Min("response__submitted_at"),
            last=Max("response__submitted_at"),
        )
        .filter(n__gte=minimum)
        .order_by("-n")[:limit]
    )
    result = []
    for row in rows:
        span = (row["last"] - row["first"]) if row["first"] and row["last"] else None
        hours = max(span / datetime.timedelta(hours=1), 1.0) if span is not None else 1.0
        result.append({**row, "per_hour": row["n"] / hours})
    return result


def purge_expired_signals(*, now=None) -> int:
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.CAMPAIGN_SIGNAL_RETENTION_DAYS)
    deleted, _ = SubmissionSignal.objects.filter(hour__lt=cutoff).delete()
    return deleted
