"""The analysis through the real task worker (``manage.py db_worker`` in a subprocess): a
discovery, the analyst's validation and sample, then the coding of the other answers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from concerto.freetext import actions
from concerto.freetext.models import Assignment, RunStatus, Source

from .conftest import build_survey

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker process needs a database it can share (PostgreSQL)",
    ),
]


def _database_url() -> str:
    database = connection.settings_dict
    user = quote(database.get("USER") or "", safe="")
    password = quote(database.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{database['NAME']}"


def run_worker() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "tests.freetext.worker_settings",
        "DATABASE_URL": _database_url(),
    }
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--interval",
            "0",
            "--no-startup-delay",
            "--no-reload",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
    )


def test_discovery_then_coding_run_on_the_worker(settings):
    settings.TASKS = DATABASE_TASKS
    survey = build_survey()
    who = survey.analyst

    discovery = actions.start_discovery(who, survey.question)
    discovery.refresh_from_db()
    assert discovery.status == RunStatus.QUEUED  # nothing ran in the request
    run_worker()
    discovery.refresh_from_db()
    assert discovery.status == RunStatus.DONE, discovery.error
    assert (discovery.progress, discovery.answers_count) == (100, 65)
    candidates = list(discovery.candidates.filter(is_off_topic=False))
    assert candidates and discovery.candidates.filter(is_off_topic=True).exists()
    assert discovery.campaigns.filter(size=3).exists()

    themes = actions.validate_candidates(who, candidates)
    answers = list(survey.answers())
    reviewed, rest = answers[:12], answers[12:]
    for answer in reviewed:
        mine = [t for t in themes if t.assignments.filter(answer=answer).exists()][:1]
        actions.code_answer(who, answer, themes=mine)

    coding = actions.start_coding(who, themes[0].analysis)
    run_worker()
    coding.refresh_from_db()
    assert coding.status == RunStatus.DONE, coding.error
    assert coding.progress == 100
    assert coding.agreement["n"] == 12
    assert 0 <= coding.agreement["low"] <= coding.agreement["mean"] <= coding.agreement["high"] <= 1
    coded = Assignment.objects.filter(source=Source.MACHINE, answer__in=rest, run=coding)
    assert set(coded.values_list("answer_id", flat=True)) == {a.pk for a in rest}
    assert all(0 <= c <= 1 for c in coded.values_list("confidence", flat=True))
