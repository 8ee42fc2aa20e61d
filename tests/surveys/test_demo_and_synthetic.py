"""The demo questionnaires and the synthetic responses generated over them."""

import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from concerto.consultations.demo import load_demo
from concerto.consultations.models import Consultation
from concerto.surveys.answers import submitted_answers
from concerto.surveys.demo import load_demo_surveys
from concerto.surveys.models import (
    AnswerValue,
    Choice,
    ConditionOperator,
    DisplayCondition,
    Participant,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    ResponseStatus,
    Section,
)
from concerto.surveys.structure import load
from concerto.surveys.synthetic import generate

OPEN_THEMES = {
    "metavers",
    "creation-artistique-environnement-numerique",
    "impact-ecologique",
    "langue-francaise",
    "archivage-numerique",
    "donnees-intelligence-artificielle",
}
LIKERT_LABELS = ["Pas du tout d’accord", "Tout à fait d’accord"]
# A weekday morning while the demo's six first themes are open (the clock stays there).
NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def clock(db):
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def demo(clock) -> Consultation:
    consultation = load_demo()
    load_demo_surveys(consultation)
    return consultation


def counts():
    return [
        model.objects.count()
        for model in (Questionnaire, Section, Question, Choice, DisplayCondition)
    ]


def test_six_questionnaires_cover_every_kind_and_operator(demo):
    questionnaires = list(Questionnaire.objects.select_related("theme"))
    assert {q.theme.slug for q in questionnaires} == OPEN_THEMES
    assert len(questionnaires) == 6
    for questionnaire in questionnaires:
        assert questionnaire.is_published
        assert questionnaire.theme.consultation.email_policy == "optional"
        assert questionnaire.introduction and questionnaire.estimated_minutes
        assert 3 <= questionnaire.sections.count() <= 4
        questions = Question.objects.filter(section__questionnaire=questionnaire)
        assert 10 <= questions.count() <= 16
        codes = [q.code for q in questions]
        assert len(codes) == len(set(codes)), questionnaire
    kinds = set(Question.objects.values_list("kind", flat=True))
    assert kinds == set(QuestionKind.values)
    operators = set(DisplayCondition.objects.values_list("operator", flat=True))
    assert operators == set(ConditionOperator.values)
    assert Question.objects.filter(has_other=True).exists()
    assert not Choice.objects.filter(code="autre", is_other=False).exists()


def test_question_details_are_consistent(demo):
    for question in Question.objects.prefetch_related("choices"):
        options = [c for c in question.choices.all() if not c.is_row]
        rows = [c for c in question.choices.all() if c.is_row]
        if question.kind == QuestionKind.LIKERT:
            assert [c.code for c in options] == ["1", "2", "3", "4", "5"]
            assert [options[0].label, options[-1].label] == LIKERT_LABELS
        if question.kind == QuestionKind.RANKING:
            assert 4 <= len(options) <= 6
        if question.kind == QuestionKind.MATRIX:
            assert rows and options
        if question.kind == QuestionKind.SELECT:
            assert len(options) >= 13
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            assert question.min_choices and question.max_choices
        if question.kind == QuestionKind.LONG_TEXT:
            assert question.max_length
        if question.kind == QuestionKind.NUMBER:
            assert question.min_value is not None and question.max_value is not None
        if question.kind not in {QuestionKind.MATRIX}:
            assert not rows
    conditions = DisplayCondition.objects.select_related("question__section", "depends_on__section")
    for condition in conditions:
        questionnaire_id = condition.question.section.questionnaire_id
        assert questionnaire_id == condition.depends_on.section.questionnaire_id
        depends_on = condition.depends_on
        codes = set(depends_on.choices.filter(is_row=False).values_list("code", flat=True))
        if depends_on.kind == QuestionKind.YES_NO:
            codes = {"oui", "non"}
        if condition.operator == ConditionOperator.ANSWERED:
            assert condition.values == []
        else:
            assert condition.values and set(condition.values) <= codes, condition


def test_loading_twice_is_idempotent_and_keeps_edits(demo):
    before = counts()
    questionnaire = Questionnaire.objects.get(slug="metavers")
    questionnaire.title = "Titre modifié par un gestionnaire"
    questionnaire.save()
    Question.objects.filter(section__questionnaire=questionnaire, code="en-un-mot").delete()

    load_demo_surveys(demo)
    load_demo(), load_demo_surveys(demo)

    questionnaire.refresh_from_db()
    assert questionnaire.title == "Titre modifié par un gestionnaire"
    questions = Question.objects.filter(section__questionnaire=questionnaire)
    assert not questions.filter(code="en-un-mot").exists()
    assert counts() == [before[0], before[1], before[2] - 1, before[3], before[4]]


def test_load_demo_command_reports_questionnaires(clock):
    from io import StringIO

    out = StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=out)
    # One per open theme, and the closed theme's whose results are published.
    assert Questionnaire.objects.count() == 7
    assert out.getvalue().count("7 questionnaires") == 2


# ---------------------------------------------------------------------------
# An independent checker of generated answers
# ---------------------------------------------------------------------------


def _codes(value):
    if isinstance(value, list):
        return set(map(str, value))
    return {str(value)}


def holds(condition, answers):
    if condition.depends_on_id not in answers:
        return False
    value = answers[condition.depends_on_id].value
    if condition.operator == "answered":
        return True
    selected = _codes(value) & set(condition.values)
    if condition.operator == "not_equals":
        return not selected
    return bool(selected)


def typed_answers(response):
    """The response's answers by question id, read back from its typed rows."""
    definition = load(response.questionnaire_id)
    return {
        definition.by_code[code].id: SimpleNamespace(value=a.value, other_text=a.other)
        for code, a in submitted_answers(response, definition).items()
    }


def check_value(question, answer):
    value = answer.value
    options = {c.code for c in question.choices.all() if not c.is_row}
    rows = {c.code for c in question.choices.all() if c.is_row}
    allowed = options | ({"autre"} if question.has_other else set())
    kind = question.kind
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        assert isinstance(value, str) and value.strip()
        assert len(value) <= question.kind_def.max_length(question)
    elif kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.SELECT, QuestionKind.LIKERT):
        assert value in allowed
    elif kind == QuestionKind.MULTIPLE_CHOICE:
        assert isinstance(value, list) and len(value) == len(set(value))
        assert set(value) <= allowed
        assert (question.min_choices or 1) <= len(value) <= (question.max_choices or len(allowed))
    elif kind == QuestionKind.YES_NO:
        assert value in ("oui", "non")
    elif kind == QuestionKind.SCALE_0_10:
        assert value in {str(n) for n in range(11)}
    elif kind == QuestionKind.NUMBER:
        assert isinstance(value, Decimal)
        assert question.min_value <= value <= question.max_value
    elif kind == QuestionKind.DATE:
        assert value <= timezone.localdate()
    elif kind == QuestionKind.RANKING:
        assert sorted(value) == sorted(options)
    elif kind == QuestionKind.MATRIX:
        assert set(value) == rows and set(value.values()) <= options
    else:
        pytest.fail(f"{question.code}: a {kind} item got an answer")
    if "autre" in _codes(value) and kind != QuestionKind.LIKERT:
        assert answer.other_text.strip()
    else:
        assert answer.other_text == ""


def test_generated_responses_respect_constraints_and_conditions(demo):
    questionnaires = list(
        Questionnaire.objects.prefetch_related(
            "sections__questions__choices", "sections__questions__conditions"
        )
    )
    assert generate(50, questionnaires=questionnaires, seed=7) == 50

    responses = Response.objects.select_related("participant__profile")
    assert responses.count() == 50
    assert {r.questionnaire_id for r in responses} == {q.pk for q in questionnaires}
    by_id = {q.pk: q for q in questionnaires}
    hidden_seen = 0
    for response in responses:
        assert response.status == ResponseStatus.SUBMITTED
        assert response.submitted_at is not None
        assert response.created_at <= response.submitted_at
        participant = response.participant
        assert participant.email == ""
        assert participant.consultation_id == demo.pk
        assert participant.profile is not None
        assert bool(participant.organisation_name) == participant.profile.is_organisation
        assert participant.departement == "" or len(participant.departement) in (2, 3)

        assert response.profile_id == participant.profile_id  # the profile at submission
        answers = typed_answers(response)
        sections = by_id[response.questionnaire_id].sections.all()
        questions = [q for s in sections for q in s.questions.all()]
        assert set(answers) <= {q.pk for q in questions}
        for question in questions:  # in order: conditions look back at earlier answers
            visible = all(holds(c, answers) for c in question.conditions.all())
            if not visible:
                hidden_seen += 1
                assert question.pk not in answers, f"{question.code} is hidden but answered"
                continue
            if question.pk in answers:
                check_value(question, answers[question.pk])
            elif question.required:
                pytest.fail(f"{question.code} is required and visible but unanswered")
    assert hidden_seen > 0  # the conditions did hide something
    assert Participant.objects.count() <= 50


def test_generation_is_reproducible_with_a_seed(demo):
    questionnaires = Questionnaire.objects.filter(slug="donnees-ia")
    generate(5, questionnaires=questionnaires, seed=3)
    first = sorted(repr(sorted(typed_answers(r).items())) for r in Response.objects.all())
    Response.objects.all().delete()
    generate(5, questionnaires=questionnaires, seed=3)
    second = sorted(repr(sorted(typed_answers(r).items())) for r in Response.objects.all())
    assert first == second


def test_generate_responses_command(demo):
    from io import StringIO

    out = StringIO()
    call_command(
        "generate_responses",
        "12",
        "--questionnaire",
        "langues-numerique",
        "--seed",
        "1",
        stdout=out,
    )
    assert "12 responses" in out.getvalue()
    slugs = set(Response.objects.values_list("questionnaire__slug", flat=True))
    assert slugs == {"langues-numerique"}
    long_texts = AnswerValue.objects.filter(question__kind=QuestionKind.LONG_TEXT)
    assert long_texts.exists()
    assert all("lorem" not in a.text.lower() for a in long_texts)
