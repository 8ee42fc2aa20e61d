"""What the notices follow in other apps: published results (``concerto.publication``) and
announced events (``concerto.events``). Read here only, so that following works, and its
tests run, whether or not those apps are installed."""

from __future__ import annotations

import datetime

from django.apps import apps


def _installed(app: str) -> bool:
    return apps.is_installed(app)


def results_published_at(theme) -> datetime.datetime | None:
    """When the theme's results became public, or None while they are not."""
    if not _installed("concerto.publication"):
        return None
    from concerto.publication.models import ResultsState, ThemeResults

    results = (
        ThemeResults.objects.filter(theme=theme, state=ResultsState.PUBLISHED)
        .only("published_at")
        .first()
    )
    return results.published_at if results else None


def themes_with_published_results(*, consultation_ids):
    from concerto.consultations.models import Theme

    if not _installed("concerto.publication"):
        return Theme.objects.none()
    return Theme.objects.filter(
        consultation_id__in=consultation_ids,
        consultation__is_published=True,
        is_published=True,
        results__state="published",
        results__published_at__isnull=False,
    ).select_related("consultation")


def get_event(event_id: int):
    if not _installed("concerto.events"):
        return None
    from concerto.events.models import Event

    return Event.objects.select_related("consultation").filter(pk=event_id).first()


def event_is_announceable(event, *, now: datetime.datetime) -> bool:
    return bool(
        event.is_published
        and event.announced_at is not None
        and getattr(event, "cancelled_at", None) is None
        and event.consultation.is_published
        and event.starts_at > now
    )


def announced_events(*, consultation_ids, now: datetime.datetime):
    if not _installed("concerto.events"):
        return []
    from concerto.events.models import Event

    return (
        Event.objects.filter(
            consultation_id__in=consultation_ids,
            consultation__is_published=True,
            is_published=True,
            announced_at__isnull=False,
            cancelled_at__isnull=True,
            starts_at__gt=now,
        )
        .select_related("consultation")
        .order_by("starts_at", "pk")
    )
