"""Production settings refuse to start half-configured, and pass Django's deployment check.

Each case imports the settings in a fresh interpreter so the test process keeps its own.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3Y-" + "".join(chr(ord("a") + i % 26) + str(i % 10) for i in range(40))
GOOD_ENV = {
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "consultation.culture.gouv.fr",
    "DATABASE_URL": "postgres://concerto@db.internal:5432/concerto",
    "ACCESSIBILITY_CONTACT": "accessibilite@culture.gouv.fr",
    "ACCESSIBILITY_STATEMENT_DATE": "2026-11-30",
    "ACCESSIBILITY_PLAN_URL": "https://www.culture.gouv.fr/schema-pluriannuel",
}
REQUIRED = [
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "ACCESSIBILITY_CONTACT",
    "ACCESSIBILITY_STATEMENT_DATE",
    "ACCESSIBILITY_PLAN_URL",
]


def run(args: list[str], **env_vars: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "concerto.settings.production",
        "CONCERTO_VAR_DIR": "/nonexistent/concerto-var",
        **env_vars,
    }
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def import_production(**env_vars: str) -> subprocess.CompletedProcess:
    return run(["-c", "import concerto.settings.production"], **env_vars)


def without(name: str) -> dict[str, str]:
    return {key: value for key, value in GOOD_ENV.items() if key != name}


def test_complete_environment_imports():
    result = import_production(**GOOD_ENV)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", REQUIRED)
def test_missing_variable_is_named(missing):
    result = import_production(**without(missing))
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured")
    assert missing in last_line


@pytest.mark.parametrize("missing", REQUIRED)
def test_empty_variable_counts_as_missing(missing):
    result = import_production(**{**GOOD_ENV, missing: ""})
    assert result.returncode != 0
    assert missing in result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("weak_key", ["short-key", "a" * 60])
def test_weak_secret_key_is_refused(weak_key):
    result = import_production(**{**GOOD_ENV, "SECRET_KEY": weak_key})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_sqlite_is_refused():
    result = import_production(**{**GOOD_ENV, "DATABASE_URL": "sqlite:////tmp/concerto.sqlite3"})
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr.strip().splitlines()[-1]


def test_invalid_statement_date_is_named():
    result = import_production(**{**GOOD_ENV, "ACCESSIBILITY_STATEMENT_DATE": "30/11/2026"})
    assert result.returncode != 0
    assert "ACCESSIBILITY_STATEMENT_DATE must be a date (YYYY-MM-DD)" in result.stderr


def test_invalid_boolean_is_named():
    result = import_production(**{**GOOD_ENV, "DEBUG": "peut-être"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_deploy_check_passes_without_warning():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **GOOD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_warns_when_an_operator_disables_https_redirect():
    # Proves the check above can fail: Django flags the weakened setting.
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **GOOD_ENV,
        SECURE_SSL_REDIRECT="false",
    )
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_production_is_secure_by_default():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.CSRF_TRUSTED_ORIGINS)"
    )
    result = run(["-c", code], **GOOD_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False True True 31536000 ['https://consultation.culture.gouv.fr']"
    )


def test_dev_settings_run_with_nothing_configured(tmp_path):
    result = run(
        ["manage.py", "check"],
        DJANGO_SETTINGS_MODULE="concerto.settings.dev",
        CONCERTO_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr


def test_language_check_reports_a_misconfigured_language(tmp_path):
    settings_module = tmp_path / "bad_language_settings.py"
    settings_module.write_text("from concerto.settings.dev import *\nLANGUAGE_CODE = 'de'\n")
    result = run(
        ["manage.py", "check"],
        DJANGO_SETTINGS_MODULE="bad_language_settings",
        CONCERTO_VAR_DIR=str(tmp_path),
        PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{tmp_path}",
    )
    assert result.returncode != 0
    assert "concerto.E001" in result.stderr
