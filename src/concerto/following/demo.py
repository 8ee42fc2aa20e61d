"""A few confirmed « Me prévenir » subscriptions for the demo, so that the staff count page
has figures. Addresses are in reserved example domains: nothing is ever delivered."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from concerto.consultations.models import Consultation

from .actions import ensure_catch_up
from .models import Follower, Subscription, SubscriptionKind

# (address, kind, theme slug or None for the whole consultation)
DEMO_SUBSCRIPTIONS = [
    ("claire.martin@example.org", SubscriptionKind.OPENING, "innovation"),
    ("karim.benali@example.org", SubscriptionKind.OPENING, "innovation"),
    ("archives.departementales@example.org", SubscriptionKind.OPENING, "territoires"),
    ("claire.martin@example.org", SubscriptionKind.RESULTS, "metavers"),
    ("lucie.moreau@example.net", SubscriptionKind.RESULTS, "donnees-intelligence-artificielle"),
    ("compagnie.theatre@example.com", SubscriptionKind.CONSULTATION, None),
    ("jean.dupont@example.org", SubscriptionKind.CONSULTATION, None),
]


@transaction.atomic
def load_demo_following(consultation: Consultation) -> int:
    """Add the demo's subscriptions that are missing; returns how many were added."""
    now = timezone.now()
    themes = {theme.slug: theme for theme in consultation.themes.all()}
    added = 0
    for email, kind, slug in DEMO_SUBSCRIPTIONS:
        theme = themes.get(slug) if slug else None
        if slug and theme is None:
            continue
        follower, _ = Follower.objects.get_or_create(
            email=email, defaults={"site_url": settings.CONCERTO_SITE_URL}
        )
        _, created = Subscription.objects.get_or_create(
            follower=follower,
            kind=kind,
            consultation=consultation,
            theme=theme,
            defaults={"confirmed_at": now},
        )
        added += created
    ensure_catch_up()  # the worker then sends the demo's notices when themes open
    return added
