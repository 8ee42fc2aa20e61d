"""Decisions of one consultation with a questionnaire, and the usual staff actors."""

from __future__ import annotations

import pytest

from concerto.decisions import actions
from concerto.surveys.builders import create_questionnaire
from tests.factories import ConsultationFactory, ThemeFactory
from tests.publication.conftest import kit  # noqa: F401  (a closed theme with answers)

SPEC = {
    "title": "Vos usages",
    "slug": "usages",
    "is_published": True,
    "sections": [
        {
            "title": "Usages",
            "questions": [
                {
                    "code": "besoins",
                    "kind": "single_choice",
                    "label": "De quoi avez-vous besoin ?",
                    "choices": [
                        {"code": "conseil", "label": "De conseil"},
                        {"code": "argent", "label": "De financement"},
                    ],
                },
                {"code": "idees", "kind": "long_text", "label": "Vos idées ?"},
            ],
        }
    ],
}


@pytest.fixture
def consultation(db):
    return ConsultationFactory(slug="culture-numerique", title="Culture numérique")


@pytest.fixture
def theme(consultation):
    return ThemeFactory(consultation=consultation, title="Métavers", slug="metavers")


@pytest.fixture
def other_theme(consultation):
    return ThemeFactory(consultation=consultation, title="Langue française", slug="langue")


@pytest.fixture
def questionnaire(theme):
    return create_questionnaire(theme=theme, spec=SPEC)


@pytest.fixture
def question(questionnaire):
    return questionnaire.questions.get(code="besoins")


@pytest.fixture
def analyst(consultation):
    """On the consultation's team as an analyst: reads answers and statistics, never decides."""
    from tests.factories import analyst

    return analyst(of=consultation)


def make_decision(consultation, themes, actor, **overrides):
    values = {
        "title": "Un guichet d’accompagnement",
        "description": "Le ministère ouvre un guichet.",
        "service": "Délégation au numérique",
        "is_published": True,
    }
    values.update(overrides)
    return actions.create_decision(consultation=consultation, themes=themes, actor=actor, **values)


@pytest.fixture
def decision(consultation, theme, manager):
    return make_decision(consultation, [theme], manager)


def count_queries(client, url: str):
    """The queries one GET of ``url`` makes, and its response (an execute wrapper: no
    dependence on the connection's bounded query log)."""
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        response = client.get(url)
    assert response.status_code == 200
    return count, response
