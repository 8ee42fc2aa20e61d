"""Each kind's parsing, limits and messages, and the display conditions, without HTTP."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.http import QueryDict

from concerto.surveys import engine
from concerto.surveys.messages import render
from concerto.surveys.models import ConditionOperator
from concerto.surveys.structure import load
from tests.surveys.condition_cases import CASES
from tests.surveys.kit import build_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions():
    return load(build_questionnaire().pk).by_code


@dataclass
class Parsed:
    value: object
    other_text: str
    error: str | None
    raw: dict


def parse(question, data) -> Parsed:
    """The kind's parse, with its message translated as the participant reads it."""
    parsed = engine.kind(question.kind).parse(question, data)
    return Parsed(parsed.value, parsed.other, render(parsed.error), parsed.raw)


def post(**data) -> QueryDict:
    qd = QueryDict(mutable=True)
    for key, value in data.items():
        name = "q-" + key.replace("_", "-")
        if isinstance(value, list):
            qd.setlist(name, value)
        else:
            qd[name] = value
    return qd


def test_short_text_over_its_limit_is_refused_with_the_count(questions):
    parsed = parse(questions["usage-detail"], post(usage_detail="x" * 51))
    assert parsed.error == "Votre réponse fait 51 caractères ; 50 caractères au maximum."
    assert parsed.raw == {"q-usage-detail": "x" * 51}  # what was typed comes back


def test_long_text_limit_counts_line_breaks_as_one_character(questions):
    text = "a\r\n" * 100  # 300 characters once normalised, 400 as posted
    assert parse(questions["pourquoi"], post(pourquoi=text)).error is None


def test_required_question_left_empty(questions):
    assert parse(questions["usage"], post()).error == "Cette question est obligatoire."


def test_forged_choice_is_refused(questions):
    assert "n’existe pas" in parse(questions["frequence"], post(frequence="42")).error
    assert "n’existe pas" in parse(questions["usage"], post(usage="peut-être")).error


def test_other_requires_its_text(questions):
    parsed = parse(questions["frequence"], post(frequence="autre"))
    assert parsed.error == "Vous avez choisi « Autre » : précisez votre réponse."
    parsed = parse(questions["frequence"], post(frequence="autre", frequence_autre=" Rarement "))
    assert (parsed.value, parsed.other_text, parsed.error) == ("autre", "Rarement", None)


def test_multiple_choice_bounds(questions):
    q = questions["domaines"]
    assert parse(q, post(domaines=["musique", "musees", "livre"])).error == (
        "Cochez au plus 2 réponses."
    )
    parsed = parse(q, post(domaines=["musees", "musique"]))
    assert parsed.value == ["musique", "musees"]  # questionnaire order, not posted order
    assert parse(q, post(domaines=["musique", "musique"])).error is not None


def test_number_bounds_and_french_decimal_comma(questions):
    q = questions["budget"]
    assert parse(q, post(budget="1 500,50")).value == Decimal("1500.5")
    assert parse(q, post(budget="12")).value == 12
    assert parse(q, post(budget="-1")).error == "Saisissez un nombre supérieur ou égal à 0."
    assert parse(q, post(budget="100001")).error == (
        "Saisissez un nombre inférieur ou égal à 100000."
    )
    assert parse(q, post(budget="douze")).error == "Saisissez un nombre, par exemple 12 ou 3,5."
    assert parse(q, post(budget="NaN")).error is not None


def test_scale_and_date(questions):
    assert parse(questions["note"], post(note="10")).value == "10"
    assert (
        parse(questions["note"], post(note="11")).error
        == "Ce choix n’existe pas. Choisissez une des réponses proposées."
    )
    assert parse(questions["depuis"], post(depuis="17/05/2020")).value.isoformat() == "2020-05-17"
    assert parse(questions["depuis"], post(depuis="31/02/2020")).error is not None


def test_ranking_needs_each_rank_once(questions):
    q = questions["classement"]
    ok = parse(q, post(classement_acces="2", classement_creation="1", classement_patrimoine="3"))
    assert ok.value == ["creation", "acces", "patrimoine"]
    dup = parse(q, post(classement_acces="1", classement_creation="1", classement_patrimoine="3"))
    assert dup.error == "Chaque rang ne peut être donné qu’une fois."
    partial = parse(q, post(classement_acces="1"))
    assert partial.error == "Donnez un rang à chaque élément, ou à aucun."
    assert parse(q, post()).value is None


def test_required_matrix_needs_every_row(questions):
    q = questions["tableau"]
    assert parse(q, post(tableau_formation="pour")).error == (
        "Choisissez une réponse pour chaque ligne."
    )
    full = parse(q, post(tableau_formation="pour", tableau_financement="contre"))
    assert full.value == {"formation": "pour", "financement": "contre"}
    assert parse(q, post(tableau_formation="bof")).error is not None


@pytest.mark.parametrize(
    ("operator", "expected", "answer", "holds"),
    [
        (ConditionOperator.EQUALS, ["oui"], "oui", True),
        (ConditionOperator.EQUALS, ["oui"], "non", False),
        (ConditionOperator.EQUALS, ["oui"], None, False),
        (ConditionOperator.NOT_EQUALS, ["non"], "oui", True),
        (ConditionOperator.NOT_EQUALS, ["non"], "non", False),
        (ConditionOperator.NOT_EQUALS, ["non"], None, False),
        (ConditionOperator.ANY_OF, ["1", "2"], "2", True),
        (ConditionOperator.ANY_OF, ["1", "2"], "4", False),
        (ConditionOperator.ANY_OF, ["a"], ["b", "a"], True),
        (ConditionOperator.EQUALS, ["7"], 7, True),
        (ConditionOperator.ANSWERED, [], "x", True),
        (ConditionOperator.ANSWERED, [], "", False),
        (ConditionOperator.ANSWERED, [], [], False),
    ],
)
def test_condition_operators(operator, expected, answer, holds):
    given = [] if answer in (None, "") else answer if isinstance(answer, list) else [answer]
    assert engine.conditions.holds(operator, expected, given) is holds


def test_a_question_hidden_by_a_hidden_question_is_hidden(questions):
    ordered = list(questions.values())
    visible = engine.visible_codes(ordered, {"usage": "non"})
    assert "usage-detail" not in visible
    assert "budget" not in visible
    visible = engine.visible_codes(ordered, {"usage": "oui"})
    assert {"usage-detail", "budget"} <= visible


def test_missing_required_ignores_hidden_questions(questions):
    ordered = list(questions.values())
    answers = {
        "usage": "non",
        "accord": "5",
        "tableau": {"formation": "pour", "financement": "pour"},
    }
    assert engine.missing_required(ordered, answers) == []
    answers["usage"] = "oui"  # now "Lesquels ?" is shown, and required
    assert [q.code for q in engine.missing_required(ordered, answers)] == ["usage-detail"]


def test_form_values_is_the_inverse_of_parse(questions):
    from django.http import QueryDict

    samples = {
        "usage-detail": ("Tablette", ""),
        "domaines": (["musique", "autre"], "Cinéma"),
        "frequence": ("autre", "Rarement"),
        "budget": (Decimal("1500.5"), ""),
        "note": ("7", ""),
        "depuis": (datetime.date(2020, 5, 17), ""),
        "classement": (["creation", "acces", "patrimoine"], ""),
        "tableau": ({"formation": "pour", "financement": "contre"}, ""),
    }
    for code, (value, other_text) in samples.items():
        data = QueryDict(mutable=True)
        question = questions[code]
        answer = engine.Answer(value, other_text)
        for key, field_value in engine.kind(question.kind).form_values(question, answer).items():
            if isinstance(field_value, list):
                data.setlist(key, field_value)
            else:
                data[key] = field_value
        parsed = parse(questions[code], data)
        assert (parsed.value, parsed.other_text, parsed.error) == (value, other_text, None), code


@pytest.mark.parametrize(("operator", "values", "given", "expected"), CASES)
def test_conditions_table_in_python(operator, values, given, expected):
    assert engine.conditions.holds(operator, values, given) is expected
