"""Development: runs with nothing configured, on an embedded SQLite database."""

import datetime

from .base import *  # noqa: F403
from .base import VAR_DIR, database_from_env, env, env_bool, env_date, env_list

VAR_DIR.mkdir(parents=True, exist_ok=True)
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
DATABASES = {"default": database_from_env(f"sqlite:///{VAR_DIR / 'concerto.sqlite3'}")}
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The demo's accessibility statement; production requires the publisher's own.
ACCESSIBILITY_CONTACT = env("ACCESSIBILITY_CONTACT", "accessibilite@concerto.localhost")
ACCESSIBILITY_STATEMENT_DATE = env_date("ACCESSIBILITY_STATEMENT_DATE") or datetime.date(
    2026, 11, 30
)
ACCESSIBILITY_PLAN_URL = env(
    "ACCESSIBILITY_PLAN_URL", "https://concerto.localhost/schema-pluriannuel-accessibilite"
)
