"""The analysis through the real task worker (``manage.py db_worker`` in a subprocess): a
discovery, the analyst's validation and sample, then the coding of the other answers."""

from __future__ import annotations

import pytest
from django.db import connection

from concerto.freetext import actions
from concerto.freetext.models import Assignment, RunStatus, Source
from tests import subprocesses

from .conftest import build_survey

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker process needs a database it can share (PostgreSQL)",
    ),
]


def run_worker() -> None:
    subprocesses.run_worker("tests.freetext.worker_settings", timeout=300)


def test_discovery_then_coding_run_on_the_worker(settings):
    settings.TASKS = subprocesses.DATABASE_TASKS
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
