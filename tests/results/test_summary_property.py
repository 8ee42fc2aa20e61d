"""Property: after any sequence of submissions, edits, withdrawals and profile changes, the
figures read from the summary tables — refreshed by the real path: the actions' hook, the
queued task, the refresh — equal a direct computation, response by response, from the
answers as stored."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import TestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concerto.results.refresh import refresh_summary
from concerto.results.statistics import ALL, Audience, questionnaire_statistics
from concerto.surveys.answers import submitted_answers
from concerto.surveys.engine import visible_codes
from concerto.surveys.models import Choice, Response, ResponseStatus
from concerto.surveys.structure import load
from tests.factories import ParticipantProfileFactory

from .kit import edit, participant, submit, withdraw

pytestmark = pytest.mark.django_db

PEOPLE = 4
answers = st.fixed_dictionaries(
    {"usage": st.sampled_from(["oui", "non"])},
    optional={
        "usage_detail": st.sampled_from(["Je lis.", "J’écoute."]),
        "lieux": st.lists(
            st.sampled_from(["musee", "cinema", "theatre", "autre"]), min_size=1, unique=True
        ),
        "accord": st.sampled_from(["1", "2", "3", "4", "5"]),
        "age": st.integers(0, 120),
        "priorites": st.permutations(["acces", "prix", "offre"]),
        "grille": st.dictionaries(
            st.sampled_from(["bib", "mus"]), st.sampled_from(["bien", "mal"]), min_size=1
        ),
    },
)
profiles = st.sampled_from([0, 1, None])
operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("submit"),
            st.integers(0, PEOPLE - 1),
            profiles,
            st.sampled_from(["75", "35"]),
            answers,
        ),
        st.tuples(st.just("edit"), st.integers(0, PEOPLE - 1), answers),
        st.tuples(st.just("withdraw"), st.integers(0, PEOPLE - 1)),
        st.tuples(st.just("profile"), st.integers(0, PEOPLE - 1), profiles),
    ),
    max_size=10,
)


def others(values):
    return {"lieux": "Précision"} if "autre" in values.get("lieux", []) else {}


def run(survey, profile_objects, ops):
    people: dict[int, object] = {}
    responses: dict[int, Response] = {}
    for op in ops:
        with TestCase.captureOnCommitCallbacks(execute=True):
            kind, who = op[0], op[1]
            response = responses.get(who)
            if response is not None:
                response.refresh_from_db()
            if kind == "submit":
                if response is not None and response.status == ResponseStatus.SUBMITTED:
                    continue
                profile = None if op[2] is None else profile_objects[op[2]]
                if who not in people:
                    people[who] = participant(survey, profile=profile, departement=op[3])
                responses[who] = submit(
                    survey, op[4], other_texts=others(op[4]), person=people[who]
                )
            elif kind == "edit":
                if response is None or response.status != ResponseStatus.SUBMITTED:
                    continue
                edit(response, op[2], other_texts=others(op[2]))
            elif kind == "withdraw":
                if response is None or response.status != ResponseStatus.SUBMITTED:
                    continue
                withdraw(response)
            elif kind == "profile" and who in people:
                people[who].profile = None if op[2] is None else profile_objects[op[2]]
                people[who].save(update_fields=["profile"])


def direct(survey) -> dict[tuple, float]:
    """Every figure, computed one stored response at a time."""
    definition = load(survey.pk)
    figures: dict[tuple, float] = defaultdict(int)
    for response in Response.objects.filter(questionnaire=survey, status=ResponseStatus.SUBMITTED):
        answers = submitted_answers(response, definition)
        visible = visible_codes(definition.questions, {c: a.value for c, a in answers.items()})
        for group in (ALL, response.profile_id):
            figures[("respondents", group)] += 1
            for question in definition.answerable:
                code = question.code
                figures[("seen", code, group)] += code in visible
                if code not in answers:
                    continue
                figures[("answered", code, group)] += 1
                value = answers[code].value
                if question.kind in ("yes_no", "likert", "single_choice", "select", "scale_0_10"):
                    figures[("option", code, value, group)] += 1
                elif question.kind == "multiple_choice":
                    for option in value:
                        figures[("option", code, option, group)] += 1
                elif question.kind == "ranking":
                    figures[("first", code, value[0], group)] += 1
                    for rank, item in enumerate(value, start=1):
                        figures[("rank", code, item, group)] += rank
                elif question.kind == "matrix":
                    for row, option in value.items():
                        figures[("cell", code, row, option, group)] += 1
                elif question.kind == "number":
                    figures[("sum", code, group)] += value
    return {key: n for key, n in figures.items() if n}


def from_summary(survey) -> dict[tuple, float]:
    statistics = questionnaire_statistics(survey, audience=Audience.STAFF)
    figures: dict[tuple, float] = {}
    for tally in statistics.participation.by_profile:
        group = None if tally.key == "profile-none" else int(tally.key.split("-")[1])
        figures[("respondents", group)] = tally.n
    figures[("respondents", ALL)] = statistics.participation.total
    for q in statistics.questions:
        keys = [ALL if g.key == ALL else g.profile_id for g in q.groups]
        for i, group in enumerate(keys):
            figures[("seen", q.code, group)] = q.groups[i].seen
            figures[("answered", q.code, group)] = q.groups[i].answered
            for o in q.options:
                figures[("option", q.code, o.code, group)] = o.cells[i].count
            for item in q.ranking:
                figures[("first", q.code, item.code, group)] = item.first[i].count
                mean = item.average[i]
                figures[("rank", q.code, item.code, group)] = (
                    Decimal(str(round(mean.value * mean.n))) if mean.n else 0
                )
            for row in q.matrix:
                for o in row.options:
                    figures[("cell", q.code, row.code, o.code, group)] = o.cells[i].count
            if q.kind == "number":
                mean = q.mean.cells[i]
                figures[("sum", q.code, group)] = (
                    Decimal(str(round(mean.value * mean.n))) if mean.n else 0
                )
    return {key: n for key, n in figures.items() if n}


@pytest.fixture
def profile_objects(survey):
    consultation = survey.theme.consultation
    for choice in Choice.objects.filter(question__questionnaire=survey, question__code="accord"):
        choice.score = Decimal(choice.code)
        choice.save(update_fields=["score"])
    return [
        ParticipantProfileFactory(consultation=consultation, label="Particulier"),
        ParticipantProfileFactory(consultation=consultation, label="Association"),
    ]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_summary_tables_agree_with_direct_computation(survey, profile_objects, ops):
    with transaction.atomic():
        refresh_summary(survey)  # summarised before: from now on, only the hook refreshes
        run(survey, profile_objects, ops)
        assert from_summary(survey) == direct(survey)
        transaction.set_rollback(True)
