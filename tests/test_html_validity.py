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
from django.utils import translation

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
    ("following-theme", f"/suivre/consultations/{SLUG}/thematiques/{UPCOMING_THEME}/", 200),
    ("following-consultation", f"/suivre/consultations/{SLUG}/", 200),
    ("following-link-error", "/suivre/confirmer/faux/", 400),
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


def survey_journey_pages() -> list[tuple]:
    """Every page of a participant's journey through a questionnaire of every kind,
    error states included: (name, url, response, expected status)."""
    from django.test import Client

    from tests.factories import manager
    from tests.surveys.kit import VALID_PAGES, build_questionnaire
    from tests.surveys.test_flow import begin, url

    questionnaire = build_questionnaire()
    participant = Client()
    pages = [("survey-kit-start", questionnaire.get_absolute_url())]
    participant.post(questionnaire.get_absolute_url())
    profile = url(questionnaire, "profile")
    collected = [(n, u, participant.get(u), 200) for n, u in pages]
    collected.append(("survey-profile", profile, participant.get(profile), 200))
    collected.append(("survey-profile-errors", profile, participant.post(profile, {}), 400))
    first = begin(participant, questionnaire)
    collected.append(("survey-step-1", first, participant.get(first), 200))
    collected.append(
        (
            "survey-step-1-errors",
            first,
            participant.post(first, {"next": "1", "q-usage-detail": "x" * 60}),
            400,
        )
    )
    for number, data in VALID_PAGES.items():
        step = url(questionnaire, "step", number=number)
        participant.post(step, {**data, "next": "1"})
        collected.append((f"survey-step-{number}-filled", step, participant.get(step), 200))
    review = url(questionnaire, "review")
    collected.append(("survey-review", review, participant.get(review), 200))
    participant.post(review)
    confirmation = url(questionnaire, "confirmation")
    collected.append(("survey-confirmation", confirmation, participant.get(confirmation), 200))
    collected.append(("survey-review-submitted", review, participant.get(review), 200))
    token = questionnaire.responses.get().participant.token
    resume = f"/reprendre/{token}/"
    collected.append(("survey-resume", resume, participant.get(resume), 200))
    staff = Client()
    staff.force_login(manager())
    preview = f"/apercu/enquetes/{questionnaire.pk}/"
    collected.append(("survey-preview", preview, staff.get(preview), 200))
    theme = questionnaire.theme
    theme.closes_at = theme.opens_at + (theme.closes_at - theme.opens_at) / 1000
    theme.save()
    collected.append(
        ("survey-closed", first, participant.post(first, {**VALID_PAGES[1], "next": "1"}), 403)
    )
    return collected


def test_public_pages_are_valid_html(client, demo_site, tmp_path):
    missing = _missing_tools()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"HTML validity cannot be checked on CI: {missing}")
        pytest.skip(f"HTML validity not checked: {missing}")

    files: dict[str, str] = {}
    rendered = [(name, url, client.get(url), status) for name, url, status in PAGES]
    with translation.override("fr"):  # the last request above was in English
        rendered += survey_journey_pages()
    for name, url, response, expected_status in rendered:
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
            *sorted(str(tmp_path / f"{name}.html") for name, *_rest in rendered),
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
