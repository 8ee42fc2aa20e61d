"""The site as deployed: production settings, ``collectstatic`` into a fresh root, gunicorn,
PostgreSQL, and a browser that must accept every stylesheet and script it is sent.

The other browser tests use Django's plain static storage and test server, so they cannot
see what collectstatic does to the files (it rewrote the DSFR stylesheets under their
integrity hashes, and production pages showed unstyled). One server for the whole module.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.subprocesses import database_url

from .conftest import OPEN_THEME, SLUG

# django_db makes pytest-django create the test database; the module's data is committed
# once, outside the tests' transactions, for gunicorn to read.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "prod-like-" + "".join(chr(ord("a") + i % 26) + str(i % 7) for i in range(40))
# What WhiteNoise promises for hashed names: cached for a year at least, never revalidated.
ONE_YEAR = 365 * 24 * 3600
# The reverse proxy in front of gunicorn terminates HTTPS and says so.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}

PAGES = {
    "home": "/",
    "home-en": "/en/",
    "consultation": f"/consultations/{SLUG}/",
    "theme": f"/consultations/{SLUG}/thematiques/{OPEN_THEME}/",
    "survey-start": f"/consultations/{SLUG}/thematiques/{OPEN_THEME}/enquetes/metavers/",
    "accessibilite": "/accessibilite/",
    "admin-login": "/admin/login/",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(database_url: str, tmp: Path, media_root: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "concerto.settings.production",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "CONCERTO_VAR_DIR": str(tmp / "var"),
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": media_root,
        "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "ACCESSIBILITY_CONTACT": "accessibilite@culture.gouv.fr",
        "ACCESSIBILITY_STATEMENT_DATE": "2026-11-30",
        "ACCESSIBILITY_PLAN_URL": "https://www.culture.gouv.fr/schema-pluriannuel",
    }


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited:\n{log.read_text()}")
        try:
            request = urllib.request.Request(url + "/sante/", headers=PROXY_HEADERS)
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer within {timeout}s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def production_site(browser, django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip(
            "the production-like server needs PostgreSQL (production refuses anything else): "
            "set DATABASE_URL=postgres://… to run it; CI runs it in its PostgreSQL pass"
        )
    from tests.demo_site import load_demo_site

    tmp = tmp_path_factory.mktemp("production")
    env = production_environment(database_url(database), tmp, str(settings.MEDIA_ROOT))
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert collect.returncode == 0, collect.stdout + collect.stderr

    with django_db_blocker.unblock():
        load_demo_site()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    # The proxy says HTTPS but the browser sees http://: its forms come from that origin.
    env["CSRF_TRUSTED_ORIGINS"] = url
    log = tmp / "gunicorn.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "concerto.wsgi"),
                *("--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        with django_db_blocker.unblock():
            # The data was committed for gunicorn to see: leave the test database empty.
            call_command("flush", interactive=False, verbosity=0)


class Problems:
    """Everything a visitor's browser holds against a page, collected while it loads."""

    def __init__(self, page):
        self.items: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.items.append(f"script error: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message):
        if message.type == "error":
            self.items.append(f"console error: {message.text}")

    def _failed(self, request):
        self.items.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response):
        if response.status >= 400 and response.request.resource_type != "document":
            self.items.append(f"{response.url}: HTTP {response.status}")
        if "/static/" not in response.url or response.status >= 400:
            return
        cache = response.headers.get("cache-control", "")
        max_age = re.search(r"max-age=(\d+)", cache)
        if not max_age or int(max_age[1]) < ONE_YEAR:
            self.items.append(f"static file {response.url}: not cached for a year ({cache!r})")


@pytest.fixture
def visitor(browser):
    from .conftest import _new_page

    context, page = _new_page(browser, extra_http_headers=PROXY_HEADERS)
    problems = Problems(page)
    yield page, problems
    context.close()
    from .conftest import assert_no_csp_violation

    assert_no_csp_violation(context)


# The design system really applies: its font, and its mobile menu hidden on a wide screen.
STYLED_JS = """() => ({
    refused: [...document.querySelectorAll('link[rel=stylesheet]')]
        .filter((link) => !link.sheet).map((link) => link.href),
    unprotected: [...document.querySelectorAll('link[rel=stylesheet][href*="/dsfr/"], script[src*="/dsfr/"]')]
        .filter((el) => !el.integrity).map((el) => el.href || el.src),
    font: getComputedStyle(document.body).fontFamily,
})"""


def assert_styled(page, problems, label):
    state = page.evaluate(STYLED_JS)
    assert not state["refused"], f"{label}: stylesheets refused {state['refused']}"
    assert not state["unprotected"], f"{label}: no integrity on {state['unprotected']}"
    if "/admin/" not in page.url:  # the back office keeps Django’s own look
        assert "Marianne" in state["font"], f"{label}: not styled by the DSFR ({state})"
        close = page.locator("#menu-principal .fr-btn--close")
        assert not close.is_visible(), f"{label}: the mobile menu modal shows on a wide screen"
    assert not problems.items, f"{label}:\n" + "\n".join(problems.items)


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_deployed_page_is_styled_and_clean(production_site, visitor, path):
    page, problems = visitor
    response = page.goto(production_site + path, wait_until="load")
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("networkidle")
    assert_styled(page, problems, path)


def test_deployed_survey_step_is_styled_and_clean(production_site, visitor):
    """The participant's path through forms: CSRF and session cookies, behind HTTPS."""
    page, problems = visitor
    page.goto(production_site + PAGES["survey-start"])
    with page.expect_navigation():
        page.get_by_role("link", name="Commencer").click()
    page.locator("#profil-fieldset label", has_text="Citoyen").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Continuer").click()
    assert "Étape 1" in page.inner_text("main"), page.inner_text("main")[:500]
    page.wait_for_load_state("networkidle")
    assert_styled(page, problems, "survey step")
