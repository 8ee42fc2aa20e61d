"""The runs, in this process (the immediate task backend), on real answers: what the analyst
finds once a run is done, and what a run never touches. The same path through the real
worker is in test_worker.py."""

from __future__ import annotations

import logging

import pytest

from concerto.analysis import EmbeddingError
from concerto.freetext import actions, tasks
from concerto.freetext.models import (
    Assignment,
    CandidateAssignment,
    Review,
    Run,
    RunStatus,
    Source,
    ValidatedTheme,
)

from .conftest import CAMPAIGN, NON_ANSWERS

pytestmark = pytest.mark.django_db


def machine_rows(answers=None) -> set[tuple]:
    rows = Assignment.objects.filter(source=Source.MACHINE)
    if answers is not None:
        rows = rows.filter(answer__in=answers)
    return set(rows.values_list("answer_id", "theme_id", "run_id", "confidence"))


def human_work() -> tuple:
    """Everything the analysts decided."""
    return (
        set(ValidatedTheme.objects.values_list("pk", "label", "description", "position")),
        set(
            Assignment.objects.filter(source=Source.ANALYST).values_list(
                "answer_id", "theme_id", "analyst_id"
            )
        ),
        set(Review.objects.values_list("pk", "answer_id", "analyst_id", "updated_at")),
    )


def test_discovery_proposes_themes_sets_apart_non_answers_and_finds_the_campaign(
    survey, run_now, monkeypatch
):
    stages = []
    write = tasks._Progress.__call__

    def spy(self, stage, percent):
        stages.append(stage)
        write(self, stage, percent)

    monkeypatch.setattr(tasks._Progress, "__call__", spy)
    run = run_now(actions.start_discovery, survey.analyst, survey.question)

    assert run.status == RunStatus.DONE, run.error
    assert (run.progress, run.answers_count, run.error) == (100, 65, "")
    assert run.started_at <= run.finished_at
    assert list(dict.fromkeys(stages)) == ["load", "embed", "duplicates", "discover", "save"]

    candidates = list(run.candidates.order_by("position"))
    [off_topic] = [c for c in candidates if c.is_off_topic]
    off_texts = set(off_topic.assignments.values_list("answer__text", flat=True))
    assert set(NON_ANSWERS) <= off_texts
    themes = [c for c in candidates if not c.is_off_topic]
    assert 3 <= len(themes) <= 15
    for candidate in themes:
        members = set(candidate.assignments.values_list("answer_id", flat=True))
        assert candidate.label.strip() and candidate.terms
        assert candidate.count == len(members)
        assert 1 <= len(candidate.quote_ids) <= 3 and set(candidate.quote_ids) <= members
    # Every answer sent is somewhere; the draft is nowhere.
    proposed = set(CandidateAssignment.objects.values_list("answer_id", flat=True))
    assert proposed == set(
        survey.answers().filter(response__status="submitted").values_list("pk", flat=True)
    )

    campaign = next(c for c in run.campaigns.all() if c.representative.text == CAMPAIGN)
    copies = list(survey.answers().filter(text=CAMPAIGN))
    assert campaign.size == 3 and campaign.representative == copies[0]
    assert set(campaign.answers.all()) == set(copies)


def test_a_failed_run_tells_the_analyst_in_french_and_the_operator_everything(
    small_survey, run_now, embedder, monkeypatch, caplog
):
    class Unreachable:
        name = "openai"

        def embed(self, texts, *, progress=None):
            raise EmbeddingError("embeddings server http://10.0.0.1/v1 unusable: timed out")

    monkeypatch.setattr(tasks, "embedder", Unreachable)
    with caplog.at_level(logging.ERROR, logger="concerto.freetext.tasks"):
        run = run_now(actions.start_discovery, small_survey.analyst, small_survey.question)
    assert run.status == RunStatus.FAILED
    assert run.error.startswith("Le modèle de langue n’a pas pu être utilisé")
    assert "timed out" in run.error and "Traceback" not in run.error
    assert caplog.records[-1].exc_info is not None

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.undo()
    monkeypatch.setattr(tasks, "discover", broken)
    monkeypatch.setattr(tasks, "embedder", lambda: embedder)
    again = run_now(actions.start_discovery, small_survey.analyst, small_survey.question)
    assert again.status == RunStatus.FAILED
    assert "erreur inattendue" in again.error and f"n° {again.pk}" in again.error
    assert not again.candidates.exists()


def test_a_task_delivered_twice_runs_once(small_survey, run_now):
    run = run_now(actions.start_discovery, small_survey.analyst, small_survey.question)
    count = run.candidates.count()
    assert tasks.run_discovery.call(run.pk) is False
    assert run.candidates.count() == count


def test_discovery_again_after_new_answers_leaves_the_analysts_work_alone(small_survey, run_now):
    who = small_survey.analyst
    first = run_now(actions.start_discovery, who, small_survey.question)
    candidate = first.candidates.filter(is_off_topic=False).first()
    [theme] = actions.validate_candidates(who, [candidate])
    answers = list(small_survey.answers())
    actions.code_answer(who, answers[0], themes=[theme])
    actions.code_answer(who, answers[1], themes=[])
    before, machine_before = human_work(), machine_rows()

    new = small_survey.add_answer(
        "Pour les hôpitaux et les maisons de retraite, sans hésiter une seconde."
    )
    second = run_now(actions.start_discovery, who, small_survey.question)
    assert second.status == RunStatus.DONE, second.error
    assert second.answers_count == first.answers_count + 1
    assert CandidateAssignment.objects.filter(candidate__run=second, answer=new).exists()
    assert human_work() == before
    assert machine_rows() == machine_before
    assert first.candidates.count() > 0  # the earlier proposals stay, with their run


def code_a_sample(survey, count):
    """Validate every proposal of a discovery, then code ``count`` answers by hand."""
    who = survey.analyst
    discovery = Run.objects.get(analysis__question=survey.question, kind="discover")
    themes = actions.validate_candidates(who, list(discovery.candidates.filter(is_off_topic=False)))
    answers = list(survey.answers())
    for answer in answers[:count]:
        mine = [t for t in themes if t.assignments.filter(answer=answer).exists()][:1]
        actions.code_answer(who, answer, themes=mine)
    return themes[0].analysis, answers[:count], answers[count:]


def test_coding_codes_the_rest_from_the_analysts_sample(survey, run_now):
    run_now(actions.start_discovery, survey.analyst, survey.question)
    analysis, reviewed, rest = code_a_sample(survey, 12)
    before, reviewed_machine = human_work(), machine_rows(reviewed)

    run = run_now(actions.start_coding, survey.manager, analysis)

    assert run.status == RunStatus.DONE, run.error
    assert run.progress == 100 and run.answers_count == 65
    agreement = run.agreement
    assert set(agreement) == {"mean", "low", "high", "n"} and agreement["n"] == 12
    assert 0 <= agreement["low"] <= agreement["mean"] <= agreement["high"] <= 1
    coded = Assignment.objects.filter(source=Source.MACHINE, answer__in=rest)
    assert set(coded.values_list("answer_id", flat=True)) == {a.pk for a in rest}
    assert set(coded.values_list("run_id", flat=True)) == {run.pk}
    assert all(0 <= c <= 1 for c in coded.values_list("confidence", flat=True))
    # What the analysts decided, and the machine's past proposals on what they reviewed, stay.
    assert human_work() == before
    assert machine_rows(reviewed) == reviewed_machine

    second = run_now(actions.start_coding, survey.analyst, analysis)
    assert set(coded.values_list("run_id", flat=True)) == {second.pk}
    assert second.agreement == agreement  # same examples, same folds: the same measure


def test_with_few_reviewed_answers_the_agreement_is_not_measured_and_late_answers_are_coded(
    small_survey, run_now
):
    run_now(actions.start_discovery, small_survey.analyst, small_survey.question)
    analysis, _reviewed, rest = code_a_sample(small_survey, 3)
    run = run_now(actions.start_coding, small_survey.analyst, analysis)
    assert run.status == RunStatus.DONE, run.error
    assert run.agreement == {"mean": None, "low": None, "high": None, "n": 3}
    assert Assignment.objects.filter(source=Source.MACHINE, answer__in=rest, run=run).exists()
    # An answer arriving later is coded by the next run.
    late = small_survey.add_answer("Pour la santé publique et les hôpitaux de proximité.")
    again = run_now(actions.start_coding, small_survey.analyst, analysis)
    assert (again.status, again.answers_count) == (RunStatus.DONE, run.answers_count + 1)
    assert Assignment.objects.filter(source=Source.MACHINE, answer=late, run=again).exists()


def test_a_theme_deleted_while_the_machine_codes_gets_no_answer(small_survey, run_now, monkeypatch):
    run_now(actions.start_discovery, small_survey.analyst, small_survey.question)
    analysis, _reviewed, _rest = code_a_sample(small_survey, 2)
    doomed = ValidatedTheme.objects.filter(analysis=analysis).first()
    engine = tasks.code_answers

    def code_then_delete(*args, **kwargs):
        result = engine(*args, **kwargs)
        actions.delete_theme(small_survey.manager, doomed)
        return result

    monkeypatch.setattr(tasks, "code_answers", code_then_delete)
    run = run_now(actions.start_coding, small_survey.analyst, analysis)
    assert run.status == RunStatus.DONE, run.error
    assert not Assignment.objects.filter(theme_id=doomed.pk).exists()
    assert Assignment.objects.filter(run=run).exists()
