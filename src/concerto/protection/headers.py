"""Response headers decided in one place: which pages no cache may keep, and the browser
features no page may use.

``private_page`` is the only door to ``Cache-Control: private, no-store``: every page that
shows a resume token, a participant's answers or anything personal goes through it, so that
shared caches (a proxy, the whole-page cache for anonymous visitors) and the browser's back
button keep none of it. Caches check ``is_private(response)`` (or the header itself).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

PRIVATE_ATTRIBUTE = "concerto_private"


def mark_private(response: HttpResponse) -> HttpResponse:
    """``Cache-Control: private, no-store`` (and an ``Expires`` in the past)."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    setattr(response, PRIVATE_ATTRIBUTE, True)
    return response


def is_private(response: HttpResponse) -> bool:
    if getattr(response, PRIVATE_ATTRIBUTE, False):
        return True
    cache_control = response.get("Cache-Control", "")
    return "private" in cache_control or "no-store" in cache_control


def private_page(view):
    """Decorate a view whose pages show a token, answers or anything personal."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return mark_private(view(request, *args, **kwargs))

    return wrapped


def permissions_policy() -> str:
    features = getattr(settings, "PERMISSIONS_POLICY", {})
    return ", ".join(f"{name}=({' '.join(allow)})" for name, allow in sorted(features.items()))
