"""Two web processes (gunicorn, production settings) sharing one Redis: an edit made through
one is seen through the other at once, although both serve pages from the cache.

Needs PostgreSQL (production refuses anything else) and a Redis server: ``REDIS_URL`` (CI
sets it) or redis://127.0.0.1:6379/6. Skipped when either is missing, except on CI.
"""

from __future__ import annotations

import html
import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.browser.test_production import (
    PROXY_HEADERS,
    _free_port,
    _wait_until_up,
    production_environment,
)
from tests.subprocesses import database_url

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/6"


def _redis_up() -> bool:
    parsed = urllib.parse.urlparse(REDIS_URL)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _skip(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def two_hosts(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.contrib.auth.models import User
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("two production web processes need PostgreSQL (DATABASE_URL=postgres://…)")
    if not _redis_up():
        _skip(f"no Redis at {REDIS_URL}")
    from concerto.core.models import SiteProfile
    from tests.demo_site import load_demo_site

    with django_db_blocker.unblock():
        load_demo_site()
        SiteProfile.load()
        # Hashed as production checks it (the tests' settings hash with MD5).
        hasher = PBKDF2PasswordHasher()
        admin = User.objects.create_superuser("admin-hotes", "a@example.org", password=None)
        User.objects.filter(pk=admin.pk).update(
            password=hasher.encode("mot-de-passe-hotes-1", hasher.salt(), iterations=1000)
        )
    tmp = tmp_path_factory.mktemp("two-hosts")
    env = production_environment(database_url(database), tmp, str(settings.MEDIA_ROOT))
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert collect.returncode == 0, collect.stdout + collect.stderr
    urls, servers = [], []
    prefix = "concerto-test-" + secrets.token_hex(4)  # this run's keys only
    try:
        for name in ("a", "b"):
            port = _free_port()
            url = f"http://127.0.0.1:{port}"
            env = production_environment(database_url(database), tmp, str(settings.MEDIA_ROOT))
            env |= {
                "SECURE_SSL_REDIRECT": "false",
                "REDIS_URL": REDIS_URL,
                "CACHE_KEY_PREFIX": prefix,
                "CSRF_TRUSTED_ORIGINS": url,
                "SESSION_COOKIE_SECURE": "false",
                "CSRF_COOKIE_SECURE": "false",
            }
            log = tmp / f"gunicorn-{name}.log"
            with log.open("w") as log_file:
                server = subprocess.Popen(
                    [
                        *(sys.executable, "-m", "gunicorn", "concerto.wsgi"),
                        *("--bind", f"127.0.0.1:{port}", "--workers", "1"),
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                )
            servers.append(server)
            _wait_until_up(url, server, log)
            urls.append(url)
        yield urls
    finally:
        for server in servers:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


def _get(url: str, opener=None) -> tuple[str, dict]:
    request = urllib.request.Request(url, headers=PROXY_HEADERS)
    with (opener or urllib.request.build_opener()).open(request, timeout=10) as response:
        return response.read().decode(), dict(response.headers)


def _title(html: str) -> str:
    return re.search(r'<p class="fr-header__service-title">([^<]*)</p>', html)[1]


def test_an_edit_through_one_host_is_seen_through_the_other_at_once(two_hosts):
    host_a, host_b = two_hosts
    for host in (host_a, host_b):
        _get(host + "/")
    html_b, headers_b = _get(host_b + "/")
    assert headers_b.get("X-Page-Cache") == "hit"
    assert _title(html_b) == "Concerto"

    # A member of staff renames the site through host A's back office.
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path: str, fields: dict) -> str:
        page, _headers = _get(host_a + path, opener)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(
            host_a + path, data=data, headers={**PROXY_HEADERS, "Origin": host_a}
        )
        with opener.open(request, timeout=10) as response:
            assert response.status == 200, response.status
            return response.read().decode()

    logged_in = post(
        "/admin/login/?next=/admin/",
        {"username": "admin-hotes", "password": "mot-de-passe-hotes-1", "next": "/admin/"},
    )
    assert "errornote" not in logged_in, logged_in[logged_in.find("errornote") - 100 :][:800]
    assert "Déconnexion" in logged_in or "logout" in logged_in
    change = "/admin/core/siteprofile/1/change/"
    form, _headers = _get(host_a + change, opener)
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(
            r'<input type="(?:text|email)" name="(\w+)" value="([^"]*)"', form
        )
    }
    for name in re.findall(r'<textarea name="(\w+)"', form):
        fields[name] = html.unescape(
            re.search(rf'<textarea name="{name}"[^>]*>\n?([^<]*)</textarea>', form)[1]
        )
    fields["site_title"] = "Concerto renommé"
    saved = post(change, fields)
    assert "errornote" not in saved, saved
    from concerto.core.models import SiteProfile

    assert SiteProfile.objects.get().site_title == "Concerto renommé", saved[:3000]

    html_b, headers_b = _get(host_b + "/")
    assert _title(html_b) == "Concerto renommé"
    assert headers_b.get("X-Page-Cache") == "miss"
    html_a, _headers = _get(host_a + "/")
    assert _title(html_a) == "Concerto renommé"
