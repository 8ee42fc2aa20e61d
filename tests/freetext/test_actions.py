"""The analysts' writes: who may make them, the rules they keep, what they leave behind."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from concerto.core.models import AuditEvent
from concerto.freetext import actions
from concerto.freetext.models import (
    Analysis,
    Assignment,
    CandidateTheme,
    Review,
    Run,
    RunKind,
    RunStatus,
    Source,
    ValidatedTheme,
)
from concerto.surveys.models import AnswerValue

from .conftest import build_survey

pytestmark = pytest.mark.django_db


def themes_of(answer, analyst=None) -> set[str]:
    """The labels an answer carries, by an analyst or (None) by the machine."""
    rows = Assignment.objects.filter(answer=answer)
    rows = (
        rows.filter(source=Source.ANALYST, analyst=analyst)
        if analyst
        else rows.filter(source=Source.MACHINE)
    )
    return set(rows.values_list("theme__label", flat=True))


def finished_discovery(analysis, answers, labels=("Santé des seniors", "Écologie")):
    """A discovery run that finished with these proposals (answers shared out in turn)."""
    run = Run.objects.create(analysis=analysis, kind=RunKind.DISCOVER, status=RunStatus.DONE)
    candidates = []
    for position, label in enumerate(labels):
        candidate = CandidateTheme.objects.create(
            run=run, position=position, label=label, terms=["retraite", "hôpital"]
        )
        for answer in answers[position :: len(labels)]:
            candidate.assignments.create(answer=answer)
        candidates.append(candidate)
    return candidates


# --- who may act -------------------------------------------------------------------------------


def every_action(survey, analysis, themed):
    sante, education, answers = themed
    candidates = finished_discovery(analysis, answers)
    return {
        "start_discovery": lambda who: actions.start_discovery(who, survey.question),
        "start_coding": lambda who: actions.start_coding(who, analysis),
        "validate_candidates": lambda who: actions.validate_candidates(who, candidates),
        "create_theme": lambda who: actions.create_theme(who, analysis, label="Culture"),
        "rename_theme": lambda who: actions.rename_theme(who, sante, label="Soins"),
        "merge_themes": lambda who: actions.merge_themes(who, sante, [education]),
        "split_theme": lambda who: actions.split_theme(who, sante, answers=answers[:2], label="X"),
        "delete_theme": lambda who: actions.delete_theme(who, sante),
        "move_answers": lambda who: actions.move_answers(
            who, answers[:1], from_theme=sante, to_theme=education
        ),
        "code_answer": lambda who: actions.code_answer(who, answers[12], themes=[sante]),
    }


ACTIONS = [
    "start_discovery",
    "start_coding",
    "validate_candidates",
    "create_theme",
    "rename_theme",
    "merge_themes",
    "split_theme",
    "delete_theme",
    "move_answers",
    "code_answer",
]


@pytest.mark.parametrize("name", ACTIONS)
def test_nobody_outside_the_team_may_act(name, small_survey, analysis, themed, stranger):
    act = every_action(small_survey, analysis, themed)[name]
    before = (
        Run.objects.count(),
        ValidatedTheme.objects.count(),
        Assignment.objects.count(),
        Review.objects.count(),
    )
    with pytest.raises(PermissionDenied):
        act(stranger)
    assert (
        Run.objects.count(),
        ValidatedTheme.objects.count(),
        Assignment.objects.count(),
        Review.objects.count(),
    ) == before


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize("role", ["analyst", "manager"])
def test_the_team_acts_and_each_act_is_in_the_audit_trail(
    name, role, small_survey, analysis, themed, django_capture_on_commit_callbacks
):
    who = getattr(small_survey, role)
    AuditEvent.objects.all().delete()
    with django_capture_on_commit_callbacks() as queued:
        every_action(small_survey, analysis, themed)[name](who)
    events = list(AuditEvent.objects.values_list("actor", "action"))
    assert events and all(actor == who.pk for actor, _ in events)
    assert all(action.startswith("analysis.") for _, action in events)
    # Only the runs queue work, and only once the transaction commits.
    assert len(queued) == (1 if name.startswith("start_") else 0)


# --- runs --------------------------------------------------------------------------------------


def test_starting_a_discovery_creates_the_analysis_and_queues_one_run(
    small_survey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        run = actions.start_discovery(
            small_survey.analyst, small_survey.question, min_themes=4, max_themes=8
        )
    assert (run.kind, run.status, run.started_by) == (
        RunKind.DISCOVER,
        RunStatus.QUEUED,
        small_survey.analyst,
    )
    assert (run.analysis.question, run.analysis.min_themes, run.analysis.max_themes) == (
        small_survey.question,
        4,
        8,
    )
    assert len(queued) == 1
    event = AuditEvent.objects.get(action="analysis.discovery_started")
    assert event.details["analysis_created"] is True


def test_a_rolled_back_start_queues_nothing(small_survey, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks() as queued,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        actions.start_discovery(small_survey.analyst, small_survey.question)
        raise RuntimeError
    assert queued == []
    assert not Run.objects.exists()


def test_a_second_run_waits_for_the_first(small_survey, analysis, themed):
    actions.start_discovery(small_survey.analyst, small_survey.question)
    with pytest.raises(ValidationError, match="déjà en cours : attendez"):
        actions.start_discovery(small_survey.manager, small_survey.question)
    with pytest.raises(ValidationError, match="déjà en cours : attendez"):
        actions.start_coding(small_survey.manager, analysis)
    assert Run.objects.filter(analysis=analysis).count() == 1


def test_the_database_keeps_one_active_run_per_analysis(analysis):
    Run.objects.create(analysis=analysis, kind=RunKind.DISCOVER)
    Run.objects.create(analysis=analysis, kind=RunKind.CODE, status=RunStatus.DONE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Run.objects.create(analysis=analysis, kind=RunKind.CODE, status=RunStatus.RUNNING)


def test_a_run_lost_hours_ago_no_longer_blocks_the_next(small_survey):
    lost = actions.start_discovery(small_survey.analyst, small_survey.question)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=7)):
        run = actions.start_discovery(small_survey.analyst, small_survey.question)
    lost.refresh_from_db()
    assert lost.status == RunStatus.FAILED and "relancez" in lost.error
    assert run.status == RunStatus.QUEUED


def test_only_an_answered_free_text_question_is_analysed(small_survey):
    with pytest.raises(ValidationError, match="réponse libre"):
        actions.start_discovery(small_survey.analyst, small_survey.choice)
    with pytest.raises(ValidationError, match="aucune réponse"):
        actions.start_discovery(small_survey.analyst, small_survey.other_text)
    assert not Run.objects.exists()


@pytest.mark.parametrize("bounds", [(1, 5), (6, 5), (3, 51)])
def test_theme_bounds_out_of_range_are_refused(small_survey, bounds):
    low, high = bounds
    with pytest.raises(ValidationError) as refused:
        actions.start_discovery(
            small_survey.analyst, small_survey.question, min_themes=low, max_themes=high
        )
    assert "max_themes" in refused.value.message_dict
    assert not Run.objects.exists()


def test_coding_needs_a_validated_theme(small_survey, analysis):
    with pytest.raises(ValidationError, match="au moins un thème"):
        actions.start_coding(small_survey.analyst, analysis)
    actions.create_theme(small_survey.analyst, analysis, label="Santé")
    assert actions.start_coding(small_survey.analyst, analysis).kind == RunKind.CODE


# --- themes ------------------------------------------------------------------------------------


def test_validating_proposals_copies_their_answers_as_the_machines(small_survey, analysis):
    answers = list(small_survey.answers())
    first, second = finished_discovery(analysis, answers)
    [theme] = actions.validate_candidates(small_survey.analyst, [first])
    assert theme.label == "Santé des seniors"
    assert theme.description == "retraite, hôpital"
    rows = Assignment.objects.filter(theme=theme)
    assert set(rows.values_list("answer_id", flat=True)) == {a.pk for a in answers[::2]}
    assert set(rows.values_list("source", "analyst", "run")) == {
        (Source.MACHINE, None, first.run_id)
    }
    first.refresh_from_db()
    assert first.validated_as == theme
    with pytest.raises(ValidationError, match="déjà été validé"):
        actions.validate_candidates(small_survey.analyst, [first, second])
    second.refresh_from_db()
    assert second.validated_as is None


def test_a_proposal_named_like_a_theme_joins_it(small_survey, analysis):
    answers = list(small_survey.answers())
    existing = actions.create_theme(small_survey.analyst, analysis, label="écologie")
    [_first, second] = finished_discovery(analysis, answers)
    [theme] = actions.validate_candidates(small_survey.analyst, [second])
    assert theme == existing
    assert ValidatedTheme.objects.filter(analysis=analysis).count() == 1
    assert Assignment.objects.filter(theme=existing).count() == len(answers[1::2])


def test_proposals_of_an_unfinished_run_are_not_validated(small_survey, analysis):
    run = Run.objects.create(analysis=analysis, kind=RunKind.DISCOVER, status=RunStatus.RUNNING)
    candidate = CandidateTheme.objects.create(run=run, label="À moitié")
    with pytest.raises(ValidationError, match="pas terminé"):
        actions.validate_candidates(small_survey.analyst, [candidate])
    assert not ValidatedTheme.objects.exists()


def test_proposals_of_two_analyses_are_not_validated_together(small_survey, analysis):
    other = build_survey(texts=["Pour la santé et l'hôpital public"], slug="autre")
    other_analysis = Analysis.objects.create(question=other.question)
    mine = finished_discovery(analysis, list(small_survey.answers()))[0]
    theirs = finished_discovery(other_analysis, list(other.answers()), labels=["Hôpital"])[0]
    with pytest.raises(ValidationError, match="même analyse"):
        actions.validate_candidates(small_survey.analyst, [mine, theirs])
    with pytest.raises(ValidationError, match="au moins un"):
        actions.validate_candidates(small_survey.analyst, [])
    assert not ValidatedTheme.objects.exists()


def test_labels_are_unique_in_an_analysis_whatever_their_case(small_survey, analysis, themed):
    sante, education, _answers = themed
    with pytest.raises(ValidationError) as refused:
        actions.create_theme(small_survey.analyst, analysis, label="  SANTÉ ")
    assert refused.value.message_dict["label"] == [
        "Un thème porte déjà ce libellé dans cette analyse."
    ]
    with pytest.raises(ValidationError, match="libellé"):
        actions.create_theme(small_survey.analyst, analysis, label="   ")
    with pytest.raises(ValidationError, match="déjà ce libellé"):
        actions.rename_theme(small_survey.analyst, education, label="santé")
    renamed = actions.rename_theme(
        small_survey.analyst, sante, label="SANTÉ", description="Hôpital, soins"
    )
    renamed.refresh_from_db()
    assert (renamed.label, renamed.description) == ("SANTÉ", "Hôpital, soins")
    event = AuditEvent.objects.get(action="analysis.theme_renamed")
    assert event.details["before"] == "Santé"


def test_merging_moves_every_answer_once_and_deletes_the_sources(small_survey, analysis, themed):
    sante, education, answers = themed
    who = small_survey.analyst
    culture = actions.create_theme(who, analysis, label="Culture")
    actions.code_answer(who, answers[5], themes=[education, culture])
    target = actions.merge_themes(who, sante, [education, culture])
    assert set(ValidatedTheme.objects.filter(analysis=analysis)) == {sante}
    # Machine: answers 0–9 once each (4 and 5 were in both).
    machine = Assignment.objects.filter(theme=target, source=Source.MACHINE)
    assert sorted(machine.values_list("answer_id", flat=True)) == [a.pk for a in answers[:10]]
    # The analyst's two themes of answer 5 became one, still theirs.
    assert themes_of(answers[5], who) == {"Santé"}
    event = AuditEvent.objects.get(action="analysis.themes_merged")
    assert {s["label"] for s in event.details["sources"]} == {"Éducation", "Culture"}


def test_themes_of_two_analyses_are_not_merged(small_survey, analysis, themed):
    sante, _education, _answers = themed
    other = build_survey(texts=["Pour la santé"], slug="autre")
    foreign = ValidatedTheme.objects.create(
        analysis=Analysis.objects.create(question=other.question), label="Hôpital"
    )
    with pytest.raises(ValidationError, match="même analyse"):
        actions.merge_themes(small_survey.analyst, sante, [foreign])
    with pytest.raises(ValidationError, match="lui-même"):
        actions.merge_themes(small_survey.analyst, sante, [sante])
    assert ValidatedTheme.objects.count() == 3
    assert Assignment.objects.filter(theme=sante).count() == 6


def test_splitting_moves_the_chosen_answers_to_a_new_theme(small_survey, analysis, themed):
    sante, _education, answers = themed
    who = small_survey.analyst
    actions.code_answer(who, answers[0], themes=[sante])
    new = actions.split_theme(who, sante, answers=answers[:2], label="Hôpital")
    assert new.analysis == analysis and new.label == "Hôpital"
    assert set(Assignment.objects.filter(theme=new).values_list("answer_id", "source")) == {
        (answers[0].pk, Source.MACHINE),
        (answers[1].pk, Source.MACHINE),
        (answers[0].pk, Source.ANALYST),
    }
    assert Assignment.objects.filter(theme=sante).count() == 4
    assert themes_of(answers[0], who) == {"Hôpital"}


def test_splitting_refuses_answers_not_in_the_theme(small_survey, analysis, themed):
    sante, _education, answers = themed
    with pytest.raises(ValidationError, match="ne sont pas dans le thème"):
        actions.split_theme(small_survey.analyst, sante, answers=answers[5:8], label="Hôpital")
    with pytest.raises(ValidationError, match="Choisissez"):
        actions.split_theme(small_survey.analyst, sante, answers=[], label="Hôpital")
    assert not ValidatedTheme.objects.filter(label="Hôpital").exists()
    assert Assignment.objects.filter(theme=sante).count() == 6


def test_deleting_a_theme_deletes_its_assignments_not_the_reviews(small_survey, analysis, themed):
    sante, _education, answers = themed
    who = small_survey.analyst
    review = actions.code_answer(who, answers[0], themes=[sante])
    actions.delete_theme(who, sante)
    assert not ValidatedTheme.objects.filter(pk=sante.pk).exists()
    assert not Assignment.objects.filter(answer__in=answers[:4]).exists()
    # The analyst's review stays: among the remaining themes, none applies.
    assert Review.objects.filter(pk=review.pk).exists()
    event = AuditEvent.objects.get(action="analysis.theme_deleted")
    assert event.details == {
        "label": "Santé",
        "assignments": {"machine": 6, "analyst": 1},
    }
    with pytest.raises(ValidationError, match="n’existe plus"):
        actions.rename_theme(who, sante, label="Revenant")


# --- answers -----------------------------------------------------------------------------------


def test_moving_answers_is_the_analysts_decision(small_survey, analysis, themed):
    sante, education, answers = themed
    who = small_survey.analyst
    moved = actions.move_answers(who, answers[3:5], from_theme=sante, to_theme=education)
    assert moved == 2
    # The machine's proposals stay as they were; the analyst's review now counts.
    assert themes_of(answers[4]) == {"Santé", "Éducation"}
    assert themes_of(answers[3], who) == {"Éducation"}
    assert themes_of(answers[4], who) == {"Éducation"}
    assert set(Review.objects.values_list("answer_id", "analyst_id", "is_double")) == {
        (answers[3].pk, who.pk, False),
        (answers[4].pk, who.pk, False),
    }
    event = AuditEvent.objects.get(action="analysis.answers_moved")
    assert event.details["answers"] == [answers[3].pk, answers[4].pk]
    # Moving it again works on the analyst's own review.
    actions.move_answers(who, answers[3:4], from_theme=education, to_theme=sante)
    assert themes_of(answers[3], who) == {"Santé"}


def test_moving_refuses_an_answer_not_in_the_theme(small_survey, analysis, themed):
    sante, education, answers = themed
    with pytest.raises(ValidationError, match="ne sont pas dans le thème"):
        actions.move_answers(
            small_survey.analyst, answers[5:7], from_theme=sante, to_theme=education
        )
    with pytest.raises(ValidationError, match="autre thème"):
        actions.move_answers(small_survey.analyst, answers[:1], from_theme=sante, to_theme=sante)
    assert not Review.objects.exists()


def test_moving_leaves_another_analysts_first_coding_alone(small_survey, analysis, themed):
    sante, education, answers = themed
    actions.code_answer(small_survey.manager, answers[0], themes=[sante])
    with pytest.raises(ValidationError, match="autre analyste"):
        actions.move_answers(
            small_survey.analyst, answers[:1], from_theme=sante, to_theme=education
        )
    assert themes_of(answers[0], small_survey.manager) == {"Santé"}
    assert Review.objects.count() == 1


def test_coding_an_answer_by_hand(small_survey, analysis, themed):
    sante, education, answers = themed
    who = small_survey.analyst
    review = actions.code_answer(who, answers[12], themes=[sante, education])
    assert (review.analysis, review.answer, review.analyst, review.is_double) == (
        analysis,
        answers[12],
        who,
        False,
    )
    assert themes_of(answers[12], who) == {"Santé", "Éducation"}
    # Coding it again replaces the analyst's themes; « none of these » keeps the review.
    again = actions.code_answer(who, answers[12], themes=[])
    assert again.pk == review.pk
    assert themes_of(answers[12], who) == set()
    assert Review.objects.count() == 1
    assert AuditEvent.objects.filter(action="analysis.answer_coded").count() == 2


def test_coding_refuses_answers_and_themes_of_elsewhere(small_survey, analysis, themed):
    sante, _education, answers = themed
    who = small_survey.analyst
    other = build_survey(texts=["Pour la santé"], slug="autre")
    foreign_theme = ValidatedTheme.objects.create(
        analysis=Analysis.objects.create(question=other.question), label="Hôpital"
    )
    with pytest.raises(ValidationError, match="même analyse"):
        actions.code_answer(who, answers[0], themes=[foreign_theme])
    # The other consultation's team is not ours: its answer is not ours to code.
    with pytest.raises(PermissionDenied):
        actions.code_answer(who, other.answers().first(), themes=[])
    # An empty text is no answer to analyse.
    unanalysed = AnswerValue.objects.create(
        response=answers[0].response, question=small_survey.question, text=""
    )
    with pytest.raises(ValidationError, match="ne fait pas partie"):
        actions.code_answer(who, unanalysed, themes=[sante])
    assert not Review.objects.exists()


def test_coding_an_answer_of_a_question_never_analysed_is_refused(small_survey):
    answer = small_survey.answers().first()
    with pytest.raises(ValidationError, match="pas encore analysée"):
        actions.code_answer(small_survey.analyst, answer, themes=[])


def test_double_coding_is_blind_second_coding(small_survey, analysis, themed):
    sante, education, answers = themed
    first, second = small_survey.analyst, small_survey.manager
    with pytest.raises(ValidationError, match="Aucun autre analyste"):
        actions.code_answer(second, answers[0], themes=[sante], double=True)
    actions.code_answer(first, answers[0], themes=[sante])
    with pytest.raises(ValidationError, match="Aucun autre analyste"):
        actions.code_answer(first, answers[0], themes=[sante], double=True)
    review = actions.code_answer(second, answers[0], themes=[education], double=True)
    assert review.is_double
    # Coding it again keeps it a double coding; the first analyst's coding is untouched.
    assert actions.code_answer(second, answers[0], themes=[sante]).is_double
    assert themes_of(answers[0], first) == {"Santé"}
    # An analyst who coded an answer outside the sample does not double-code it.
    actions.code_answer(first, answers[1], themes=[sante])
    actions.code_answer(second, answers[1], themes=[sante])
    with pytest.raises(ValidationError, match="hors du double codage"):
        actions.code_answer(second, answers[1], themes=[sante], double=True)


def test_every_assignment_says_who_made_it(small_survey, analysis, themed):
    sante, _education, answers = themed
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(answer=answers[0], theme=sante, source=Source.ANALYST)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            answer=answers[11], theme=sante, source=Source.MACHINE, analyst=small_survey.analyst
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(answer=answers[0], theme=sante, source=Source.MACHINE)
