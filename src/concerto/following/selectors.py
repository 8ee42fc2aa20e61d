"""Reads of « Me prévenir » for staff: how many people follow what (never who)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from concerto.consultations.models import Consultation, Theme

from .models import Subscription, SubscriptionKind


@dataclass
class ThemeFollowing:
    theme: Theme
    opening: int = 0
    results: int = 0


@dataclass
class ConsultationFollowing:
    consultation: Consultation
    followers: int = 0  # the consultation's news
    pending: int = 0  # requests waiting for their confirmation, all kinds
    themes: list[ThemeFollowing] = field(default_factory=list)


def following_counts(consultations) -> list[ConsultationFollowing]:
    """Confirmed subscriptions per consultation and theme, in three queries whatever the
    numbers of consultations, themes and subscriptions."""
    consultations = list(consultations)
    ids = [c.pk for c in consultations]
    counts = (
        Subscription.objects.filter(consultation_id__in=ids)
        .values("consultation_id", "theme_id", "kind")
        .annotate(
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
            pending=Count("pk", filter=Q(confirmed_at__isnull=True)),
        )
        .order_by()
    )
    by_key = {(row["consultation_id"], row["theme_id"], row["kind"]): row for row in counts}
    themes: dict[int, list[Theme]] = {}
    for theme in Theme.objects.filter(consultation_id__in=ids):
        themes.setdefault(theme.consultation_id, []).append(theme)
    result = []
    for consultation in consultations:
        entry = ConsultationFollowing(consultation=consultation)
        entry.pending = sum(
            row["pending"] for key, row in by_key.items() if key[0] == consultation.pk
        )
        row = by_key.get((consultation.pk, None, SubscriptionKind.CONSULTATION))
        entry.followers = row["confirmed"] if row else 0
        for theme in themes.get(consultation.pk, []):
            opening = by_key.get((consultation.pk, theme.pk, SubscriptionKind.OPENING))
            results = by_key.get((consultation.pk, theme.pk, SubscriptionKind.RESULTS))
            entry.themes.append(
                ThemeFollowing(
                    theme=theme,
                    opening=opening["confirmed"] if opening else 0,
                    results=results["confirmed"] if results else 0,
                )
            )
        result.append(entry)
    return result
