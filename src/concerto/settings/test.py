"""Tests: PostgreSQL when DATABASE_URL is set (as in CI), SQLite otherwise."""

import datetime
import tempfile

from .base import *  # noqa: F403
from .base import database_from_env, env

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": database_from_env(env("DATABASE_URL", "sqlite:///:memory:"))}
DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="concerto-test-media-")
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ACCESSIBILITY_CONTACT = "accessibilite@concerto.localhost"
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 11, 30)
ACCESSIBILITY_PLAN_URL = "https://concerto.localhost/schema-pluriannuel-accessibilite"
# The demo's closed theme with published results (concerto.publication.demo): a few hundred
# synthetic answers rather than the few thousand of ``make run``.
DEMO_RESULTS_RESPONSES = 150

# Each test process has its own memory cache, whatever REDIS_URL says (CI sets it): tests
# that need Redis (two web processes sharing it) configure it themselves.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
