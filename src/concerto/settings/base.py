"""Settings shared by every environment.

Everything an operator may change comes from an environment variable; see
``docs/configuration.md``. The development and test modules add safe defaults, the
production module refuses to start when a required variable is missing.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # src/concerto
PROJECT_DIR = BASE_DIR.parent.parent  # repository root
VAR_DIR = Path(os.environ.get("CONCERTO_VAR_DIR", PROJECT_DIR / "var"))


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}.")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_date(name: str) -> datetime.date | None:
    value = env(name)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a date (YYYY-MM-DD), got {value!r}.") from None


def database_from_env(default_url: str | None) -> dict:
    url = env("DATABASE_URL", default_url)
    if url is None:
        raise ImproperlyConfigured("DATABASE_URL is required (e.g. postgres://user@host/db).")
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is invalid: {exc}") from None
    # Off by default: a health check is one more round trip (SELECT 1) at the start of every
    # request that reuses a connection, which no query count shows. Without it, a connection
    # that died (database restarted) fails one request per process, then is replaced.
    config["CONN_HEALTH_CHECKS"] = env_bool("DATABASE_CONN_HEALTH_CHECKS", False)
    config["ATOMIC_REQUESTS"] = False
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the task worker and the web server use the file at the same time.
        config.setdefault("OPTIONS", {})["init_command"] = (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        )
        config["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
        config["CONN_MAX_AGE"] = 0
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: it pays for long analyses, not for a web page. A cost estimate
        # that grows with the responses (the back office's counts) made PostgreSQL spend
        # 460 ms compiling a 50 ms query at a million responses (bench/RESULTS.md).
        options = config.setdefault("OPTIONS", {})
        options["options"] = " ".join(filter(None, [options.get("options"), "-c jit=off"]))
    return config


DEBUG = False

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # FORM_RENDERER = TemplatesSetting looks up Django's form templates through the apps.
    "django.forms",
    "dsfr",
    "django_tasks",
    "django_tasks_db",
    "concerto.core",
    "concerto.consultations",
    "concerto.surveys",
    "concerto.participation",
    "concerto.exports",
    "concerto.workspace",
    "concerto.results",
    "concerto.publication",
    "concerto.decisions",
    "concerto.events",
    "concerto.following",
    "concerto.freetext",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "concerto.urls"
WSGI_APPLICATION = "concerto.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "concerto.core.context_processors.site",
                "concerto.consultations.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": database_from_env(None)} if env("DATABASE_URL") else {}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

FORMAT_MODULE_PATH = ["concerto.formats"]
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names, compressed copies, and integrity hashes of the files as served.
    "staticfiles": {"BACKEND": "concerto.core.staticfiles.IntegrityManifestStaticFilesStorage"},
}
# Uploaded documents are public consultation material; 50 MB covers a long PDF report.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
CONCERTO_DOCUMENT_MAX_BYTES = env_int("CONCERTO_DOCUMENT_MAX_BYTES", 50 * 1024 * 1024)

# Files of responses exported from the back office are deleted this many days after they
# are produced (manage.py purge_expired_exports, daily).
EXPORT_RETENTION_DAYS = env_int("EXPORT_RETENTION_DAYS", 7)

# Statistics (concerto.results): public figures hide counts under this many responses; the
# summary tables are refreshed this many seconds after answers arrive (one refresh per
# burst), and computed at once, in the request, for questionnaires this small.
RESULTS_MIN_CELL = env_int("RESULTS_MIN_CELL", 5)
RESULTS_REFRESH_DELAY = env_int("RESULTS_REFRESH_DELAY", 30)
RESULTS_SYNC_LIMIT = env_int("RESULTS_SYNC_LIMIT", 5000)
# « Me prévenir » (concerto.following): a confirmation link is valid this many hours, after
# which the unconfirmed request is deleted (stated on the personal data page); one
# confirmation message at most per address in this many minutes.
FOLLOWING_CONFIRMATION_HOURS = env_int("FOLLOWING_CONFIRMATION_HOURS", 48)
FOLLOWING_CONFIRMATION_INTERVAL_MINUTES = env_int("FOLLOWING_CONFIRMATION_INTERVAL_MINUTES", 15)
FOLLOWING_CATCH_UP_MINUTES = env_int("FOLLOWING_CATCH_UP_MINUTES", 5)  # notices missed, queued

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Concerto <ne-pas-repondre@concerto.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The accessibility statement's facts that belong to the publisher, not to the software (whose
# RGAA self-assessment is concerto/core/accessibility/rgaa-4.1.toml); required in production.
ACCESSIBILITY_CONTACT = env("ACCESSIBILITY_CONTACT")  # e-mail address or contact form URL
ACCESSIBILITY_STATEMENT_DATE = env_date("ACCESSIBILITY_STATEMENT_DATE")
ACCESSIBILITY_PLAN_URL = env(
    "ACCESSIBILITY_PLAN_URL"
)  # schéma pluriannuel de mise en accessibilité
ACCESSIBILITY_ACTION_PLAN_URL = env("ACCESSIBILITY_ACTION_PLAN_URL")  # this year's plan, optional

LOGIN_URL = "admin:login"
CSRF_FAILURE_VIEW = "concerto.core.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Protection against abuse (concerto.protection, issue 11) ---------------------------------
# Django's cache holds the rate-limit counters, the ALTCHA replay store and the once-per-period
# e-mail marks: Redis when REDIS_URL is set (required for several web processes or hosts to
# share limits), the process's own memory otherwise.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "concerto"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
INSTALLED_APPS += ["csp", "concerto.protection"]
MIDDLEWARE.insert(1, "csp.middleware.CSPMiddleware")
MIDDLEWARE.insert(2, "concerto.protection.middleware.ProtectionMiddleware")
TEMPLATES[0]["OPTIONS"]["context_processors"].append("csp.context_processors.nonce")
PROTECTION_ENABLED = env_bool("PROTECTION_ENABLED", True)
# Addresses (or networks) of the reverse proxies whose X-Forwarded-For is believed.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# Limits per scope and key ("ip": the client's address; "participant": this browser's
# participants). "30/10m" = 30 per 10 minutes. A JSON object in PROTECTION_RATE_LIMITS
# (e.g. {"write": {"ip": "1000/10m"}}) overrides these, scope by scope.
PROTECTION_RATE_LIMITS = {
    # New participants (the profile step's first post): a classroom behind one address fits.
    "participant": {"ip": "30/10m"},
    # Every write of the journey: profile, pages, edit, withdrawal.
    "write": {"ip": "600/10m", "participant": "120/10m"},
    # Submissions (and sent edits).
    "submit": {"ip": "60/10m", "participant": "10/h"},
    # Anything that may send an e-mail (the profile with an address, a confirmation).
    "email": {"ip": "20/h", "participant": "6/h"},
    # Look-ups by token (resume links, e-mail confirmation links).
    "token": {"ip": "30/10m"},
}
if env("PROTECTION_RATE_LIMITS"):
    import json

    for _scope, _rates in json.loads(env("PROTECTION_RATE_LIMITS")).items():
        PROTECTION_RATE_LIMITS[_scope] = {**PROTECTION_RATE_LIMITS.get(_scope, {}), **_rates}
# One confirmation e-mail per address per period, whoever asks for it.
CONFIRMATION_EMAIL_PERIOD_SECONDS = env_int("CONFIRMATION_EMAIL_PERIOD_SECONDS", 6 * 3600)
# Campaign signals (submissions per client address and hour, keyed hash only) are kept this
# many days, then deleted by manage.py purge_personal_data.
CAMPAIGN_SIGNAL_RETENTION_DAYS = env_int("CAMPAIGN_SIGNAL_RETENTION_DAYS", 30)
CAMPAIGN_SOURCE_MIN_PER_HOUR = env_int("CAMPAIGN_SOURCE_MIN_PER_HOUR", 5)
CAMPAIGN_IDENTICAL_TEXT_MIN = env_int("CAMPAIGN_IDENTICAL_TEXT_MIN", 3)
CAMPAIGN_TEXT_MIN_LENGTH = env_int("CAMPAIGN_TEXT_MIN_LENGTH", 20)
# Results of finished e-mail tasks are deleted after this many days (purge_personal_data).
EMAIL_TASK_RESULT_RETENTION_DAYS = env_int("EMAIL_TASK_RESULT_RETENTION_DAYS", 7)
# ALTCHA proof of work (altcha-django, self-hosted: the widget is served from our static files).
ALTCHA_HMAC_SECRET = env("ALTCHA_HMAC_SECRET")  # defaults to a key derived from SECRET_KEY
ALTCHA_WIDGET_JS_SOURCE = "vendored"
ALTCHA_CHALLENGE_ENDPOINT_ENABLED = False
ALTCHA_CHALLENGE = {
    "cost": env_int("ALTCHA_COST", 5000),
    "key_prefix": env("ALTCHA_KEY_PREFIX", "00"),
    "expires_seconds": env_int("ALTCHA_EXPIRES_SECONDS", 3600),
}
# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere. The ALTCHA
# widget works in a Web Worker made from a blob: URL.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    name: []
    for name in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
}
# The health check answers plain HTTP: load balancers probe gunicorn directly.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
LOGGING["filters"] = {"tokens": {"()": "concerto.protection.logging.TokenFilter"}}
LOGGING["handlers"]["console"]["filters"] = ["tokens"]
# Events (concerto.events): the platform's public address, for the links of e-mails and
# calendars written by the task worker (no request there to take it from), and how many
# confirmation requests one address may receive per hour (no e-mail storm).
CONCERTO_SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
EVENTS_CONFIRMATIONS_PER_HOUR = env_int("EVENTS_CONFIRMATIONS_PER_HOUR", 3)

# Decisions: the progress file (CSV) managers import, refused above these sizes.
DECISIONS_CSV_MAX_BYTES = env_int("DECISIONS_CSV_MAX_BYTES", 512 * 1024)
DECISIONS_CSV_MAX_LINES = env_int("DECISIONS_CSV_MAX_LINES", 2000)

# --- Fast pages (issue 13): the whole-page cache and per-process content (concerto.core.pagecache) ---
# The cache above (Redis through REDIS_URL in production, shared by every web process) also
# holds the content version and the cached pages: an edit through one host is seen by all.
if not REDIS_URL:
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 5000}
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)  # longest life of a cached page
PAGE_CACHE_PROXY_SECONDS = env_int("PAGE_CACHE_PROXY_SECONDS", 30)  # s-maxage for proxies/CDN
PAGE_CACHE_PROCESS_SECONDS = env_int("PAGE_CACHE_PROCESS_SECONDS", 60)  # per-process copies
# Rendered parts of public pages kept per process ({% fragment %}), for every visitor.
FRAGMENT_CACHE_ENABLED = env_bool("FRAGMENT_CACHE_ENABLED", True)
FRAGMENT_CACHE_ENTRIES = env_int("FRAGMENT_CACHE_ENTRIES", 2000)
# Sessions are read from the cache (written through to the database, and only when they
# change): a participant's step costs no session query, and no request writes one for nothing.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Participants are counted on a consultation's page at most this often (one query).
PARTICIPATION_COUNT_SECONDS = env_int("PARTICIPATION_COUNT_SECONDS", 300)
