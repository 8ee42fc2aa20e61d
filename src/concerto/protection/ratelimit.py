"""Rate limits per client address and per participant, counted in Django's cache.

One call per request and key: a fixed window counter (``cache.add`` then ``cache.incr``, both
atomic in Redis and in the embedded local-memory cache). When a count passes its limit the
request is refused with a 429 page in French that says when to try again (``Retry-After``).

Use it on a view::

    from concerto.protection.ratelimit import ratelimit

    @ratelimit("inscription", ip="20/h", participant="5/h")   # POSTs only, by default
    def register(request, ...): ...

or inside a view, once the request is known to be a write (raises ``RateLimited``, which the
protection middleware turns into the 429 page)::

    from concerto.protection.ratelimit import check

    check(request, "inscription", ip="20/h")

The rates given in code are defaults: ``settings.PROTECTION_RATE_LIMITS[scope]`` overrides
them (``{"ip": "20/h", "participant": None}``; ``None`` switches a key off), and
``settings.PROTECTION_ENABLED = False`` switches every limit off.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import ipaddress
import re
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclasses.dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"30/10m"`` is 30 per 10 minutes; units s, m, h, d."""
        match = RATE.match(text or "")
        if not match:
            raise ValueError(f"Invalid rate {text!r}: expected e.g. '30/m', '100/10m', '5/h'.")
        count, multiple, unit = match.groups()
        return cls(int(count), int(multiple or 1) * UNITS[unit])

    def __str__(self) -> str:
        return f"{self.count}/{self.seconds}s"


class RateLimited(Exception):
    """A limit was passed: try again in ``retry_after`` seconds."""

    def __init__(self, scope: str, key_name: str, retry_after: int):
        super().__init__(f"rate limit {scope}:{key_name}, retry after {retry_after}s")
        self.scope = scope
        self.key_name = key_name
        self.retry_after = max(1, int(retry_after))


# --- who is asking ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, unless it is one of ``settings.TRUSTED_PROXIES``;
    then the right-most address of ``X-Forwarded-For`` that is not a trusted proxy.

    A client cannot choose its address by sending the header itself: only what the trusted
    proxies appended is read, from the right.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not settings.TRUSTED_PROXIES or not _trusted(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # garbage from beyond the proxies: count it on the proxy
    return hops[0] if hops else remote


def _session_participants(request: HttpRequest) -> str | None:
    """This browser's participants (their tokens are in the session), as one key."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    from concerto.participation.session import SESSION_KEY

    tokens = session.get(SESSION_KEY) or {}
    if not tokens:
        return None
    return ",".join(f"{k}={v}" for k, v in sorted(tokens.items()))


KEYS: dict[str, Callable[[HttpRequest], str | None]] = {
    "ip": client_ip,
    "participant": _session_participants,
}


# --- counting ---------------------------------------------------------------------------------


def _cache():
    return caches[getattr(settings, "PROTECTION_CACHE", "default")]


def _digest(value: str) -> str:
    # Addresses and tokens never reach the cache as such.
    return hashlib.blake2b(
        value.encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=16
    ).hexdigest()


def hit(scope: str, key_name: str, value: str, rate: Rate, *, now: float | None = None) -> None:
    """Count one request of ``value`` in ``scope``; raise ``RateLimited`` past the rate."""
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    key = f"rl:{scope}:{key_name}:{_digest(value)}:{window}"
    cache = _cache()
    timeout = rate.seconds + 5
    if cache.add(key, 1, timeout=timeout):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=timeout)
            count = 1
    if count > rate.count:
        raise RateLimited(scope, key_name, (window + 1) * rate.seconds - now)


def rates_for(scope: str, defaults: dict[str, str | None]) -> dict[str, Rate]:
    configured = {**defaults, **getattr(settings, "PROTECTION_RATE_LIMITS", {}).get(scope, {})}
    return {name: Rate.parse(text) for name, text in configured.items() if text}


def check(request: HttpRequest, scope: str, **default_rates: str | None) -> None:
    """Count this request in ``scope`` for each key (``ip``, ``participant``) that has a rate.

    Raises ``RateLimited`` (a 429 page through the protection middleware) when one passes.
    Every key is counted, even after one fails, so that a limited client stays limited.
    """
    if not getattr(settings, "PROTECTION_ENABLED", True):
        return
    limited: RateLimited | None = None
    for key_name, rate in rates_for(scope, default_rates).items():
        value = KEYS[key_name](request)
        if not value:
            continue
        try:
            hit(scope, key_name, value, rate)
        except RateLimited as exc:
            if limited is None or exc.retry_after > limited.retry_after:
                limited = exc
    if limited is not None:
        raise limited


def ratelimit(
    scope: str, *, methods: Iterable[str] = ("POST",), **default_rates: str | None
) -> Callable:
    """Decorate a view: its requests of ``methods`` count against ``scope``'s rates.

    ``ratelimit("inscription", ip="20/h", participant="5/h")``; ``methods=("GET", "POST")``
    for look-ups (a token in the address). Over the limit: the 429 page, the view not run.
    """
    methods = frozenset(m.upper() for m in methods)
    for text in default_rates.values():
        if text:
            Rate.parse(text)  # a typo fails at import, not on the first request

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                try:
                    check(request, scope, **default_rates)
                except RateLimited as exc:
                    from .views import too_many_requests

                    return too_many_requests(request, exc)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
