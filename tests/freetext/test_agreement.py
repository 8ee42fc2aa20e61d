"""What the analysis page says about trust: the machine against the analysts, analyst against
analyst, and the sample offered for double coding."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from concerto.freetext import actions
from concerto.freetext.agreement import (
    analyst_agreement,
    double_coding_sample,
    machine_agreement,
)
from concerto.freetext.models import Run, RunKind, RunStatus
from tests.factories import analyst

pytestmark = pytest.mark.django_db


def test_machine_agreement_is_the_latest_finished_coding_runs(analysis):
    assert machine_agreement(analysis) is None
    measured = {"mean": 0.71, "low": 0.6, "high": 0.8, "n": 40}
    Run.objects.create(
        analysis=analysis,
        kind=RunKind.CODE,
        status=RunStatus.DONE,
        agreement={"mean": None, "low": None, "high": None, "n": 4},
        finished_at=timezone.now() - datetime.timedelta(hours=1),
    )
    Run.objects.create(
        analysis=analysis,
        kind=RunKind.CODE,
        status=RunStatus.DONE,
        agreement=measured,
        finished_at=timezone.now(),
    )
    Run.objects.create(analysis=analysis, kind=RunKind.CODE, status=RunStatus.FAILED)
    Run.objects.create(analysis=analysis, kind=RunKind.DISCOVER, status=RunStatus.DONE)
    assert machine_agreement(analysis) == measured


def test_analyst_agreement_compares_each_double_coding_with_the_first(
    small_survey, analysis, themed
):
    sante, education, answers = themed
    first, second = small_survey.analyst, small_survey.manager
    assert analyst_agreement(analysis) is None
    codings = [
        ([sante], [sante], 1.0),
        ([sante, education], [sante], 2 / 3),
        ([], [], 1.0),  # both: none of these
        ([education], [sante], 0.0),
    ]
    for answer, (mine, theirs, _f1) in zip(answers, codings, strict=False):
        actions.code_answer(first, answer, themes=mine)
        actions.code_answer(second, answer, themes=theirs, double=True)
    # A second coding outside the double-coding sample is not counted.
    actions.code_answer(first, answers[8], themes=[sante])
    actions.code_answer(second, answers[8], themes=[education])

    result = analyst_agreement(analysis)
    assert result["n"] == 4
    assert result["mean"] == pytest.approx(sum(f1 for *_c, f1 in codings) / 4, abs=1e-4)
    assert 0 <= result["low"] <= result["mean"] <= result["high"] <= 1


def test_the_double_coding_sample_is_stable_blind_and_for_others_answers(
    small_survey, analysis, themed
):
    sante, _education, answers = themed
    first, second = small_survey.analyst, small_survey.manager
    third = analyst(of=small_survey.consultation)
    for answer in answers[:12]:
        actions.code_answer(first, answer, themes=[sante])
    actions.code_answer(second, answers[12], themes=[sante])

    sample = double_coding_sample(analysis, second, size=5)
    assert len(sample) == 5 and set(sample) <= set(answers[:12])
    assert double_coding_sample(analysis, second, size=5) == sample
    # Nobody is offered their own coding; each analyst gets their own order.
    assert answers[12] not in double_coding_sample(analysis, second, size=30)
    assert set(double_coding_sample(analysis, first, size=30)) == {answers[12]}
    assert len(double_coding_sample(analysis, third, size=30)) == 13
    # Coded, an answer leaves the sample; the others keep their places.
    actions.code_answer(second, sample[0], themes=[sante], double=True)
    assert double_coding_sample(analysis, second, size=4) == sample[1:]
