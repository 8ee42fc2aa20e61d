"""Questionnaire structures are kept per process, and a back-office edit shows at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from concerto.surveys import structure
from concerto.surveys.models import Question
from tests.surveys.kit import VALID_PAGES, build_questionnaire
from tests.surveys.test_admin import change_url, question_form
from tests.surveys.test_flow import begin, url

pytestmark = pytest.mark.django_db


def test_pages_reuse_the_structure_instead_of_reloading_it(client):
    questionnaire = build_questionnaire()
    first = begin(client, questionnaire)
    client.get(first)  # loads and keeps the structure
    with CaptureQueriesContext(connection) as queries:
        client.post(first, {**VALID_PAGES[1], "next": "1"})
    assert not any('"surveys_choice"' in q["sql"] for q in queries.captured_queries)


def test_a_label_fixed_in_the_back_office_is_shown_at_once(manager_client):
    questionnaire = build_questionnaire()
    participant = Client()
    first = begin(participant, questionnaire)
    assert "Utilisez-vous des outils numériques ?" in participant.get(first).content.decode()

    question = Question.objects.get(code="usage")
    form = question_form(question, label="Utilisez-vous des outils numériques au travail ?")
    assert manager_client.post(change_url(question), form).status_code == 302

    page = participant.get(first)
    assert page.status_code == 200
    assert "au travail ?" in page.content.decode()


def test_edits_made_outside_the_back_office_are_seen_after_the_delay(client, monkeypatch):
    questionnaire = build_questionnaire()
    first = begin(client, questionnaire)
    client.get(first)
    Question.objects.filter(code="usage").update(label="Libellé changé en base")
    assert "Libellé changé en base" not in client.get(first).content.decode()
    monkeypatch.setattr(structure, "STRUCTURE_TTL", 0.0)
    assert (
        "Libellé changé en base"
        in client.get(url(questionnaire, "step", number=1)).content.decode()
    )
