"""Production counts in Redis (REDIS_URL); without it, the embedded cache keeps working."""

from __future__ import annotations

import os
import runpy
import socket
import uuid
from pathlib import Path

import pytest

from concerto.protection.ratelimit import Rate, RateLimited, hit

BASE = Path(__file__).resolve().parents[2] / "src/concerto/settings/base.py"
REDIS_URL = "redis://127.0.0.1:6379/5"


def settings_with(monkeypatch, **env) -> dict:
    for name in ("REDIS_URL", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE))


def test_redis_url_selects_djangos_redis_cache(monkeypatch):
    configured = settings_with(monkeypatch, REDIS_URL=REDIS_URL)["CACHES"]["default"]
    assert configured["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert configured["LOCATION"] == REDIS_URL
    embedded = settings_with(monkeypatch)["CACHES"]["default"]
    assert embedded["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_rate_limit_overrides_come_from_the_environment(monkeypatch):
    limits = settings_with(monkeypatch, PROTECTION_RATE_LIMITS='{"write": {"ip": "5/m"}}')[
        "PROTECTION_RATE_LIMITS"
    ]
    assert limits["write"] == {"ip": "5/m", "participant": "120/10m"}


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_limits_count_in_redis(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "redis": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL") or REDIS_URL,
            "KEY_PREFIX": "concerto-test",
        },
    }
    settings.PROTECTION_CACHE = "redis"
    scope = f"redis-test-{uuid.uuid4().hex}"  # no FLUSHDB: the Redis database may be shared
    rate = Rate(2, 60)
    hit(scope, "ip", "192.0.2.9", rate, now=600.0)
    hit(scope, "ip", "192.0.2.9", rate, now=601.0)
    with pytest.raises(RateLimited):
        hit(scope, "ip", "192.0.2.9", rate, now=602.0)
