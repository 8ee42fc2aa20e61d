"""Statistics against figures worked out by hand.

Five responses count (three sent as « Particulier », two as « Musée »); one was withdrawn,
one is still in progress, one was edited after submission, and one participant changed
profile after submitting (their response stays counted under the profile they sent it as).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from concerto.results.refresh import refresh_summary
from concerto.results.statistics import (
    Audience,
    Filters,
    figure_keys,
    questionnaire_statistics,
    wilson,
)
from concerto.surveys.models import Choice
from tests.factories import ParticipantProfileFactory

from .kit import edit, participant, submit, withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(survey):
    consultation = survey.theme.consultation
    citizen = ParticipantProfileFactory(consultation=consultation, label="Particulier")
    museum = ParticipantProfileFactory(consultation=consultation, label="Musée")
    for choice in Choice.objects.filter(question__questionnaire=survey, question__code="accord"):
        choice.score = Decimal(choice.code)
        choice.save(update_fields=["score"])
    submit(
        survey,
        {
            "usage": "oui",
            "usage_detail": "Je lis beaucoup.",
            "lieux": ["musee", "theatre", "autre"],
            "frequence": "souvent",
            "age": 40,
            "satisfaction": 8,
            "accord": "4",
            "priorites": ["prix", "acces", "offre"],
            "grille": {"mus": "bien", "bib": "mal"},
        },
        other_texts={"lieux": "Festival"},
        profile=citizen,
        departement="35",
    )
    submit(
        survey,
        {
            "usage": "non",
            "lieux": ["musee"],
            "frequence": "rarement",
            "age": 20,
            "satisfaction": 6,
            "accord": "2",
            "priorites": ["acces", "prix", "offre"],
            "grille": {"mus": "mal"},
        },
        profile=citizen,
        departement="75",
    )
    submit(
        survey,
        {
            "usage": "oui",
            "lieux": ["cinema"],
            "satisfaction": 10,
            "accord": "5",
            "grille": {"bib": "bien", "mus": "bien"},
        },
        profile=museum,
        departement="75",
    )
    # Withdrawn: counts nowhere.
    withdraw(submit(survey, {"usage": "oui", "lieux": ["cinema"]}, profile=citizen))
    # Sent as « Musée », then the participant says they are a « Particulier »: still Musée.
    changed = submit(
        survey,
        {"usage": "oui", "usage_detail": "Souvent.", "lieux": ["musee", "cinema"], "accord": "3"},
        profile=museum,
        departement="29",
    )
    changed.participant.profile = citizen
    changed.participant.save(update_fields=["profile"])
    # Edited: first « non » and the theatre, then « oui », the museum and a detail.
    edit(
        submit(survey, {"usage": "non", "lieux": ["theatre"]}, profile=citizen, departement="35"),
        {"usage": "oui", "usage_detail": "Après modification.", "lieux": ["musee"]},
    )
    # Started, never sent: counts nowhere.
    from concerto.surveys import actions

    actions.start_response(participant=participant(survey, profile=museum), questionnaire=survey)
    refresh_summary(survey)
    return survey, citizen, museum


def stats(survey, **kwargs):
    kwargs.setdefault("audience", Audience.STAFF)
    result = questionnaire_statistics(survey, **kwargs)
    return result, {q.code: q for q in result.questions}


def cells(figure):
    return [(c.count, c.base) for c in figure.cells]


def option(question, code):
    return next(o for o in question.options if o.code == code)


def test_participation_counts_submitted_responses_by_profile_at_submission(answered):
    survey, *_ = answered
    result, _ = stats(survey)
    p = result.participation
    assert p.total == 5
    assert {t.label: t.n for t in p.by_profile} == {"Particulier": 3, "Musée": 2}
    assert {t.key: t.n for t in p.by_departement} == {"35": 2, "75": 2, "29": 1}
    assert sum(n for _day, n in p.by_day) == 5
    assert result.fresh_as_of is not None and not result.exact


def test_conditional_question_base_is_who_saw_it(answered):
    survey, *_ = answered
    _result, q = stats(survey)
    # usage_detail is shown to those who said « oui »: four of five saw it, three answered.
    detail = q["usage_detail"]
    assert (detail.base_seen, detail.base_answered) == (4, 3)
    assert [(g.label, g.seen, g.answered) for g in detail.groups] == [
        ("Ensemble", 4, 3),
        ("Particulier", 2, 2),
        ("Musée", 2, 1),
    ]
    assert (q["usage"].base_seen, q["usage"].base_answered) == (5, 5)
    assert cells(option(q["usage"], "oui")) == [(4, 5), (2, 3), (2, 2)]


def test_multiple_choice_counts_each_option_on_its_own(answered):
    survey, *_ = answered
    _result, q = stats(survey)
    lieux = q["lieux"]
    assert lieux.several
    assert {o.code: o.total.count for o in lieux.options} == {
        "musee": 4,
        "cinema": 2,
        "theatre": 1,
        "autre": 1,
    }
    assert option(lieux, "musee").total.percent == pytest.approx(80.0)
    assert sum(o.total.percent for o in lieux.options) > 100
    assert cells(option(lieux, "musee")) == [(4, 5), (3, 3), (1, 2)]
    assert cells(option(lieux, "theatre")) == [(1, 5), (1, 3), (0, 2)]  # the edit removed one
    assert "pourcentages ne totalisent pas 100" in lieux.summary
    # « Autre »: counted as an option, its texts listed for staff.
    assert lieux.other_count == 1
    assert lieux.other_texts == ("Festival",)


def test_means_rankings_matrices_and_numbers(answered):
    survey, *_ = answered
    _result, q = stats(survey)
    accord = q["accord"].mean
    assert [c.value for c in accord.cells] == [pytest.approx(3.5), 3.0, 4.0]
    assert q["satisfaction"].mean.total.value == pytest.approx(8.0)
    age = q["age"]
    assert (age.mean.total.value, age.mean.total.n) == (pytest.approx(30.0), 2)
    assert sum(b.cells[0].count for b in age.distribution) == 2
    assert age.distribution[0].cells[0].count == 1 and age.distribution[-1].cells[0].count == 1
    ranking = {i.code: i for i in q["priorites"].ranking}
    assert ranking["acces"].average[0].value == pytest.approx(1.5)
    assert ranking["offre"].average[0].value == pytest.approx(3.0)
    assert ranking["prix"].first[0].percent == pytest.approx(50.0)
    assert ranking["offre"].first[0].count == 0
    rows = {r.code: r for r in q["grille"].matrix}
    assert {o.code: (o.total.count, o.total.base) for o in rows["mus"].options} == {
        "bien": (2, 3),
        "mal": (1, 3),
    }
    assert {o.code: (o.total.count, o.total.base) for o in rows["bib"].options} == {
        "bien": (1, 2),
        "mal": (1, 2),
    }


def test_percentages_carry_a_wilson_interval(answered):
    survey, *_ = answered
    _result, q = stats(survey)
    musee = option(q["lieux"], "musee").total
    assert (musee.low, musee.high) == (
        pytest.approx(37.55, abs=0.01),
        pytest.approx(96.38, abs=0.01),
    )
    low, high = wilson(0, 10)
    assert low == 0 and high == pytest.approx(0.2775, abs=1e-4)
    assert wilson(0, 0) is None


def test_filters_by_profile_and_departement(answered):
    survey, _citizen, museum = answered
    result, q = stats(survey, filters=Filters(profiles=(museum.pk,)))
    assert result.participation.total == 2
    assert [g.label for g in q["lieux"].groups] == ["Ensemble", "Musée"]
    assert cells(option(q["lieux"], "cinema")) == [(2, 2), (2, 2)]
    result, q = stats(survey, filters=Filters(departements=("75",)))
    assert result.participation.total == 2
    assert cells(option(q["usage"], "oui")) == [(1, 2), (0, 1), (1, 1)]
    assert q["lieux"].other_texts == ()


def test_public_audience_hides_small_cells(answered, settings):
    survey, *_ = answered
    settings.RESULTS_MIN_CELL = 2
    _result, staff = stats(survey)
    result, public = stats(survey, audience=Audience.PUBLIC)
    theatre = option(public["lieux"], "theatre")
    assert theatre.total.hidden and theatre.total.count is None  # 1 < 2
    assert option(public["lieux"], "musee").total.count == 4
    # « Musée » answered usage_detail once: the whole column is hidden.
    museum = public["usage_detail"].groups[2]
    assert museum.hidden and museum.answered is None
    assert not staff["usage_detail"].groups[2].hidden
    # The public never reads « Autre » texts.
    assert public["lieux"].other_texts == ()
    assert staff["lieux"].other_texts == ("Festival",)
    assert {t.key: t.hidden for t in result.participation.by_departement}["29"]


def test_figure_keys_name_questions_and_options(answered):
    survey, *_ = answered
    keys = dict(figure_keys(survey))
    assert keys["lieux"] == "Libellé lieux"
    assert keys["lieux:musee"] == "Libellé lieux — Musée"
    assert "grille:mus" in keys and "priorites:acces" in keys
    assert "intro" not in keys
