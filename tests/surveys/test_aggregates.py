"""Counts, means and cross-tabs by profile, against figures worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from concerto.surveys.aggregates import ALL, questionnaire_results
from concerto.surveys.models import Choice, ResponseStatus
from concerto.surveys.structure import load
from tests.factories import ParticipantProfileFactory

from .conftest import respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(survey):
    """Three submitted responses (two profiles) and one in progress, which never counts."""
    consultation = survey.theme.consultation
    citizen = ParticipantProfileFactory(consultation=consultation, label="Particulier")
    museum = ParticipantProfileFactory(
        consultation=consultation, label="Musée", is_organisation=True
    )
    for choice in Choice.objects.filter(question__questionnaire=survey, question__code="accord"):
        choice.score = Decimal(choice.code)  # Likert levels score 1 to 5
        choice.save(update_fields=["score"])
    respond(
        survey,
        {
            "usage": "oui",
            "lieux": ["musee", "theatre", "autre"],
            "frequence": "souvent",
            "age": 42,
            "satisfaction": 8,
            "accord": "4",
            "region": "bre",
            "priorites": ["prix", "acces", "offre"],
            "grille": {"mus": "bien", "bib": "mal"},
        },
        other_texts={"lieux": "Festival"},
        profile=citizen,
    )
    respond(
        survey,
        {
            "usage": "non",
            "lieux": ["musee"],
            "frequence": "rarement",
            "age": 30,
            "satisfaction": 5,
            "accord": "2",
            "priorites": ["acces", "prix", "offre"],
            "grille": {"mus": "mal"},
        },
        profile=citizen,
    )
    respond(
        survey,
        {
            "usage": "oui",
            "lieux": ["cinema"],
            "satisfaction": 10,
            "accord": "5",
            "grille": {"bib": "bien", "mus": "bien"},
        },
        profile=museum,
    )
    respond(
        survey,
        {"usage": "oui", "lieux": ["cinema"], "satisfaction": 0, "age": 1000},
        status=ResponseStatus.IN_PROGRESS,
        profile=museum,
    )
    return survey, citizen.pk, museum.pk


def ids(survey):
    """Question ids by code, and choice ids by (question code, choice code)."""
    definition = load(survey.pk)
    questions = {q.code: q.id for q in definition.questions}
    choices = {(q.code, c.code): c.id for q in definition.questions for c in q.choices}
    return definition, questions, choices


def test_counts_means_and_cross_tab_match_hand_computed_figures(
    answered, django_assert_num_queries
):
    survey, citizen, museum = answered
    definition, q, c = ids(survey)

    with django_assert_num_queries(3):
        results = questionnaire_results(survey.pk, definition)

    assert results.respondents == {citizen: 2, museum: 1, ALL: 3}

    def count(code, choice, profile=ALL, row=None, rank=None):
        return results.count(
            q[code],
            c[(code, choice)],
            row_id=c[(code, row)] if row else None,
            rank=rank,
            profile=profile,
        )

    # Options, with the cross-tab by profile.
    assert [count("lieux", x) for x in ("musee", "cinema", "theatre", "autre")] == [2, 1, 1, 1]
    assert [count("lieux", "musee", p) for p in (citizen, museum)] == [2, 0]
    assert [count("lieux", "cinema", p) for p in (citizen, museum)] == [0, 1]
    assert [count("usage", x) for x in ("oui", "non")] == [2, 1]
    assert [count("usage", "oui", p) for p in (citizen, museum)] == [1, 1]
    assert [count("frequence", x) for x in ("souvent", "rarement")] == [1, 1]
    assert count("region", "bre") == 1 and count("region", "idf") == 0
    # Ranks of ranked items.
    assert count("priorites", "prix", rank=1) == 1
    assert count("priorites", "acces", rank=1) == 1
    assert count("priorites", "acces", rank=2) == 1
    assert count("priorites", "offre", rank=3) == 2
    assert count("priorites", "offre", rank=1) == 0
    # Matrix cells: (row, column).
    assert count("grille", "bien", row="mus") == 2
    assert count("grille", "bien", museum, row="mus") == 1
    assert count("grille", "mal", row="mus") == 1
    assert count("grille", "bien", row="bib") == 1
    assert count("grille", "mal", row="bib") == 1

    # Means: yes/no (1/0), 0–10, Likert from the choices' scores; numbers typed.
    assert results.mean(q["usage"]) == Decimal(2) / 3
    assert results.mean(q["usage"], citizen) == Decimal("0.5")
    assert results.mean(q["usage"], museum) == 1
    assert results.mean(q["satisfaction"]) == Decimal(23) / 3
    assert results.mean(q["satisfaction"], citizen) == Decimal("6.5")
    assert results.mean(q["accord"]) == Decimal(11) / 3
    assert results.mean(q["accord"], museum) == 5
    assert results.mean(q["age"]) == 36
    assert results.mean(q["age"], citizen) == 36
    assert results.mean(q["age"], museum) is None
    # No score, no mean.
    assert results.mean(q["lieux"]) is None


def test_the_number_of_queries_does_not_grow_with_the_responses(
    answered, django_assert_num_queries
):
    survey, _citizen, _museum = answered
    definition = load(survey.pk)
    for _ in range(5):
        respond(survey, {"usage": "oui", "lieux": ["musee"], "age": 7})
    with django_assert_num_queries(3):
        results = questionnaire_results(survey.pk, definition)
    assert results.respondents[ALL] == 8


def test_a_withdrawn_response_leaves_the_figures(answered):
    from concerto.surveys import actions
    from concerto.surveys.models import Response

    survey, citizen, _museum = answered
    definition, q, c = ids(survey)
    first = Response.objects.filter(questionnaire=survey, profile_id=citizen).order_by("pk")[0]
    actions.withdraw_response(participant=first.participant, response=first)

    results = questionnaire_results(survey.pk, definition)

    assert results.respondents[citizen] == 1
    assert results.count(q["lieux"], c[("lieux", "musee")]) == 1
    assert results.mean(q["age"]) == 30
