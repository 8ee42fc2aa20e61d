"""A questionnaire says, before anyone answers, whether its free texts may be quoted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concerto.surveys.builders import create_questionnaire
from tests.factories import ThemeFactory

from .conftest import SPEC

pytestmark = pytest.mark.django_db


def test_participants_are_told_before_they_answer(client):
    quotable = create_questionnaire(theme=ThemeFactory(), spec=SPEC)
    silent = create_questionnaire(theme=ThemeFactory(), spec={**SPEC, "quotes_allowed": False})
    told = "pourront être citées dans les résultats publiés"
    assert told in client.get(quotable.get_absolute_url()).content.decode()
    assert told not in client.get(silent.get_absolute_url()).content.decode()


def admin_post(questionnaire, **changes) -> dict:
    data = {
        "theme": questionnaire.theme_id,
        "title": questionnaire.title,
        "slug": questionnaire.slug,
        "order": questionnaire.order,
        "introduction": questionnaire.introduction,
        "estimated_minutes": questionnaire.estimated_minutes,
        "sections-TOTAL_FORMS": 0,
        "sections-INITIAL_FORMS": 0,
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
        **changes,
    }
    return {k: v for k, v in data.items() if v is not False}


def test_answers_given_without_the_statement_never_become_quotable(manager_client, kit):
    questionnaire = kit["questionnaire"]
    questionnaire.quotes_allowed = False
    questionnaire.save(update_fields=["quotes_allowed"])
    url = reverse("admin:surveys_questionnaire_change", args=[questionnaire.pk])
    response = manager_client.post(url, admin_post(questionnaire, quotes_allowed="on"))
    assert response.status_code == 200
    assert "sans avoir été informés" in response.content.decode()
    questionnaire.refresh_from_db()
    assert not questionnaire.quotes_allowed


def test_a_questionnaire_without_answers_may_become_quotable(manager_client):
    questionnaire = create_questionnaire(
        theme=ThemeFactory(), spec={**SPEC, "quotes_allowed": False}
    )
    url = reverse("admin:surveys_questionnaire_change", args=[questionnaire.pk])
    response = manager_client.post(url, admin_post(questionnaire, quotes_allowed="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    questionnaire.refresh_from_db()
    assert questionnaire.quotes_allowed
