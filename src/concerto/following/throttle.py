"""How many requests one client may post in a window: a flood from one connection is refused
with a message, before anything is written or sent."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 600


def client_key(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def throttled(request) -> bool:
    """Count this request; True once the client has posted more than the limit this window."""
    key = f"following:subscribe:{client_key(request)}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count > settings.FOLLOWING_REQUESTS_PER_CLIENT
