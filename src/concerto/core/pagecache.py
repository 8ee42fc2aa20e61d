"""Public pages served from a cache to visitors without session state.

Three pieces, shared by every app that shows public content:

- **The content version**, one integer in the shared cache (Redis in production, see
  ``docs/deployment.md``). Any save or delete of a watched model (``watch``) bumps it, right
  away and again after the transaction commits; actions that write with ``QuerySet.update()``
  call ``content_changed()``. Every web process compares it on each request, so an edit made
  through one host is seen by all of them at once.
- **Per-process data** (``per_process``): what every page needs and what rarely changes (the
  site's identity, the menu, a consultation's themes) is kept by each process and reloaded
  when the version moves, or after ``PAGE_CACHE_PROCESS_SECONDS`` at the latest (edits made
  where no version is bumped, e.g. a shell on another host with the local-memory cache).
- **The whole-page cache** (``public_page``), a view decorator. A page is served from the
  cache only to a GET or HEAD without a query string, from a visitor who has no session
  and no pending message; it is stored only when nothing in it can belong to one visitor:
  status 200, no cookie set, no ``Cache-Control: private/no-store/no-cache``, no CSRF token
  used while rendering (a form), no message shown, no session written, no CSP nonce in the
  body. An entry lives ``PAGE_CACHE_SECONDS`` at most, and never past the next moment a
  date turns a theme's status (``register_boundary``). The key holds the host, the language
  and the path: English and French never mix.

Responses served or stored this way carry an ``ETag`` and a ``Last-Modified`` (a conditional
GET answers 304) and ``Cache-Control: public, max-age=0, s-maxage=…`` (bounded by
``PAGE_CACHE_PROXY_SECONDS``) with ``Vary: Cookie``, so that a reverse proxy or a CDN may
keep them briefly for cookie-less visitors too.

How a view opts in: decorate it with ``@public_page`` (under ``@require_safe``). How a view
that must never be cached says so: it needs nothing if it uses a form, a message or the
session (detected); otherwise ``private(response)``. How content invalidates: ``watch(Model)``
in the app's ``AppConfig.ready()``, and ``content_changed()`` after a write that bypasses
``save()``/``delete()``.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags

VERSION_KEY = "concerto:content-version"
PAGE_KEY_PREFIX = "concerto:page:"
HIT_HEADER = "X-Page-Cache"
# Headers of the stored response that are replayed; the middleware adds the others (security
# headers, CSP) to every response, cached or not.
KEPT_HEADERS = ("Content-Type", "Content-Language")


# --- the content version ----------------------------------------------------------------


def content_version() -> int:
    """The current version of the public content (shared by every process)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # A cache emptied (or restarted) starts a new version: nothing older is trusted.
        cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # missing: any new value is a new version
        cache.set(VERSION_KEY, time.time_ns() // 1000, timeout=None)


def content_changed() -> None:
    """Say that public content changed: every cached page and per-process copy is dropped.

    Bumped now (this process and the tests see it at once) and again once the transaction
    commits, so that no process caches what it read before the commit under the new version.
    """
    _bump()
    transaction.on_commit(_bump)


def _on_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # fixtures
        return
    content_changed()


_watched: set[type] = set()


def watch(*models: type) -> None:
    """Invalidate the public pages whenever one of ``models`` is saved or deleted."""
    for model in models:
        if model in _watched:
            continue
        _watched.add(model)
        uid = f"concerto.pagecache.{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid + ".delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_change, sender=field.remote_field.through, dispatch_uid=f"{uid}.{field.name}"
            )


# --- what changes with time alone -------------------------------------------------------

_boundaries: list[Callable[[datetime.datetime], datetime.datetime | None]] = []


def register_boundary(provider: Callable[[datetime.datetime], datetime.datetime | None]) -> None:
    """``provider(now)`` returns the next moment after ``now`` when a public page changes by
    itself (a theme opens or closes, an event starts), or None. Keep it cheap (per-process)."""
    if provider not in _boundaries:
        _boundaries.append(provider)


def next_boundary(now: datetime.datetime) -> datetime.datetime | None:
    moments = [m for m in (provider(now) for provider in _boundaries) if m is not None]
    return min(moments) if moments else None


# --- per-process data -------------------------------------------------------------------

_memo: dict[Any, tuple[int, float, Any]] = {}
_memo_lock = threading.Lock()


def per_process(key: Any, loader: Callable[[], Any], *, version: int | None = None) -> Any:
    """``loader()``'s result, kept by this process until the content version moves."""
    if version is None:
        version = content_version()
    now = time.monotonic()
    hit = _memo.get(key)
    if hit is not None and hit[0] == version and now - hit[1] < settings.PAGE_CACHE_PROCESS_SECONDS:
        return hit[2]
    value = loader()  # the version was read first: a change during the load is seen next time
    with _memo_lock:
        _memo[key] = (version, now, value)
    return value


def clear() -> None:
    """Forget everything this process keeps (tests; the shared cache is cleared apart)."""
    with _memo_lock:
        _memo.clear()
        _fragments.clear()


def request_version(request: HttpRequest | None) -> int:
    """The content version, read from the shared cache once per request."""
    version = getattr(request, "_concerto_content_version", None)
    if version is None:
        version = content_version()
        if request is not None:
            request._concerto_content_version = version
    return version


def _lifetime() -> float:
    """How long what is rendered now stays right: ``PAGE_CACHE_SECONDS`` at most, never past
    the next moment a date turns a theme's status or starts an event."""
    seconds = settings.PAGE_CACHE_SECONDS
    now = timezone.now()
    boundary = next_boundary(now)
    if boundary is not None:
        seconds = min(seconds, (boundary - now).total_seconds())
    return seconds


# --- rendered fragments -----------------------------------------------------------------

# Rendered parts of public pages, per process: key → (version, expires at, HTML). A key is a
# fragment's name, the objects it shows and the language; the number kept is bounded
# (``FRAGMENT_CACHE_ENTRIES``, the oldest stored dropped first), whatever is visited.
_fragments: OrderedDict[tuple, tuple[int, float, str]] = OrderedDict()


def fragment(
    key: tuple, render: Callable[[], str], *, request: HttpRequest | None, timeless: bool = False
) -> str:
    """``render()``'s HTML, kept by this process for the same key, language and content
    version (``{% fragment %}`` in templates).

    For the parts of public pages that are the same for every visitor, signed-in or not:
    they are rendered once per content version instead of once per request. What a visitor
    could own is never kept: a fragment that renders a form's CSRF token or a CSP nonce is
    served as rendered and dropped. Like cached pages, a fragment lives
    ``PAGE_CACHE_SECONDS`` at most and never past the next change of a theme's status,
    unless it is ``timeless`` (nothing in it depends on the time: the footer), which spares
    working out when that change comes.
    """
    if not settings.FRAGMENT_CACHE_ENABLED:
        return render()
    version = request_version(request)
    full_key = (*key, translation.get_language())
    now = time.time()
    hit = _fragments.get(full_key)
    if hit is not None and hit[0] == version and now < hit[1]:
        return hit[2]
    html = render()
    if "csrfmiddlewaretoken" in html or "nonce=" in html:
        return html
    seconds = settings.PAGE_CACHE_SECONDS if timeless else _lifetime()
    if seconds >= 1:
        with _memo_lock:
            _fragments[full_key] = (version, now + seconds, html)
            _fragments.move_to_end(full_key)
            while len(_fragments) > settings.FRAGMENT_CACHE_ENTRIES:
                _fragments.popitem(last=False)
    return html


# --- the whole-page cache ---------------------------------------------------------------


def private(response: HttpResponse) -> HttpResponse:
    """Mark a response as personal: never stored, here or by a proxy."""
    response["Cache-Control"] = "private, no-store"
    return response


def _request_is_anonymous(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a form's token was rendered
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and (storage._queued_messages or storage._loaded_messages):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    return b"nonce=" not in response.content


def _key(request: HttpRequest) -> str:
    raw = f"{request.get_host()}|{translation.get_language()}|{request.path}"
    return PAGE_KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()[:40]


def _finish(request: HttpRequest, response: HttpResponse, entry: dict, now: float):
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["stored_at"])
    proxy_seconds = max(0, min(int(entry["expires_at"] - now), settings.PAGE_CACHE_PROXY_SECONDS))
    response["Cache-Control"] = f"public, max-age=0, s-maxage={proxy_seconds}"
    patch_vary_headers(response, ("Cookie",))
    if entry["etag"] in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
        not_modified = HttpResponseNotModified()
        for header in ("ETag", "Last-Modified", "Cache-Control", "Vary", HIT_HEADER):
            if header in response:
                not_modified[header] = response[header]
        return not_modified
    return response


def public_page(view: Callable) -> Callable:
    """Serve the view from the whole-page cache to visitors without session state."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not settings.PAGE_CACHE_ENABLED or not _request_is_anonymous(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = content_version()
        request._concerto_content_version = version
        entry = found.get(key)
        now = time.time()
        if entry is not None and entry["version"] == version and now < entry["expires_at"]:
            response = HttpResponse(entry["content"], status=200)
            for name, value in entry["headers"].items():
                response[name] = value
            response[HIT_HEADER] = "hit"
            return _finish(request, response, entry, now)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if not _storable(request, response):
            return response
        seconds = _lifetime()
        if seconds < 1:
            return response
        entry = {
            "version": version,
            "stored_at": now,
            "expires_at": now + seconds,
            "etag": f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"',
            "content": response.content,
            "headers": {h: response[h] for h in KEPT_HEADERS if h in response},
        }
        cache.set(key, entry, timeout=int(seconds) + 1)
        response[HIT_HEADER] = "miss"
        return _finish(request, response, entry, now)

    return wrapper
