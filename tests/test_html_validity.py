"""Every public page is valid HTML, checked by the Nu HTML Checker (vnu.jar).

The pages are rendered with Django's test client, written to a temporary
directory and checked by a single ``java -jar vnu.jar`` run (the JVM start-up
dominates the cost). The jar comes from the ``vnu-jar`` npm package
(``npm ci``, or ``scripts/install-test-tools.sh``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.demo_site import load_demo_site

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SLUG = "strategie-numerique-culturelle"
OPEN_THEME = "metavers"
UPCOMING_THEME = "innovation"

# (file name, path, expected status)
PAGES = [
    ("home", "/", 200),
    ("consultation-list", "/consultations/", 200),
    ("consultation", f"/consultations/{SLUG}/", 200),
    ("themes", f"/consultations/{SLUG}/thematiques/", 200),
    ("theme-open", f"/consultations/{SLUG}/thematiques/{OPEN_THEME}/", 200),
    ("theme-upcoming", f"/consultations/{SLUG}/thematiques/{UPCOMING_THEME}/", 200),
    ("survey-start", f"/consultations/{SLUG}/thematiques/{OPEN_THEME}/enquetes/metavers/", 200),
    ("documents", f"/consultations/{SLUG}/documents/", 200),
    ("page", f"/consultations/{SLUG}/pages/methode/", 200),
    ("accessibility", "/accessibilite/", 200),
    ("legal-notice", "/mentions-legales/", 200),
    ("personal-data", "/donnees-personnelles/", 200),
    ("sitemap", "/plan-du-site/", 200),
    ("not-found", "/cette-page-n-existe-pas/", 404),
    ("en-home", "/en/", 200),
    ("en-consultation", f"/en/consultations/{SLUG}/", 200),
    ("en-theme-open", f"/en/consultations/{SLUG}/thematiques/{OPEN_THEME}/", 200),
    ("en-accessibility", "/en/accessibilite/", 200),
    ("en-sitemap", "/en/plan-du-site/", 200),
    ("en-not-found", "/en/cette-page-n-existe-pas/", 404),
]


def _missing_tools() -> str | None:
    if shutil.which("java") is None:
        return "no `java` on PATH (install a JRE, see scripts/install-test-tools.sh)"
    if not VNU_JAR.is_file():
        return f"{VNU_JAR.relative_to(ROOT)} is missing (run `npm ci`)"
    return None


@pytest.fixture
def demo_site(db):
    return load_demo_site()


def test_public_pages_are_valid_html(client, demo_site, tmp_path):
    missing = _missing_tools()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"HTML validity cannot be checked on CI: {missing}")
        pytest.skip(f"HTML validity not checked: {missing}")

    files: dict[str, str] = {}
    for name, url, expected_status in PAGES:
        response = client.get(url)
        assert response.status_code == expected_status, f"{url}: {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files[path.as_uri()] = url
        files[str(path)] = url

    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *sorted(str(tmp_path / f"{name}.html") for name, _url, _status in PAGES),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # vnu writes its JSON report to stderr; it exits 1 when it found errors.
    report_text = result.stderr.strip() or result.stdout.strip()
    try:
        messages = json.loads(report_text)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar gave no JSON report (exit {result.returncode}):\n{report_text}")

    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    if errors:
        lines = []
        for m in errors:
            source = m.get("url", "")
            url = files.get(source) or files.get(source.removeprefix("file:")) or source
            where = f"{Path(source.removeprefix('file:')).name} ({url})"
            lines.append(
                f"{where}:{m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))}"
                f": {m.get('message')}\n    {m.get('extract', '').strip()!r}"
            )
        pytest.fail(f"{len(errors)} HTML error(s):\n" + "\n".join(lines))
    assert result.returncode == 0, report_text
