"""Draft themes and questionnaires: visitors never see them, by any door."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concerto.consultations.models import Theme
from tests.factories import DocumentFactory, ThemeFactory
from tests.surveys.kit import build_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    theme = ThemeFactory(title="Thématique secrète", slug="secrete", is_published=False)
    questionnaire = build_questionnaire(theme)  # published, but in a draft theme
    return theme, questionnaire


def test_a_new_theme_is_a_draft():
    assert Theme._meta.get_field("is_published").default is False


def test_a_draft_theme_is_on_no_public_page(client, draft):
    theme, _questionnaire = draft
    consultation = theme.consultation
    for url in [
        reverse("consultations:detail", args=[consultation.slug]),
        reverse("consultations:themes", args=[consultation.slug]),
        reverse("sitemap"),
        reverse("home"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Thématique secrète" not in response.content.decode(), url


def test_a_draft_themes_addresses_are_not_found(client, draft):
    theme, questionnaire = draft
    assert client.get(theme.get_absolute_url()).status_code == 404
    assert client.get(questionnaire.get_absolute_url()).status_code == 404
    assert not questionnaire.is_accepting_answers()


def test_publishing_the_theme_shows_it(client, draft):
    theme, questionnaire = draft
    theme.is_published = True
    theme.save()
    assert client.get(theme.get_absolute_url()).status_code == 200
    assert client.get(questionnaire.get_absolute_url()).status_code == 200


def test_a_draft_questionnaire_is_not_found(client):
    questionnaire = build_questionnaire()
    questionnaire.is_published = False
    questionnaire.save()
    assert client.get(questionnaire.get_absolute_url()).status_code == 404
    page = client.get(questionnaire.theme.get_absolute_url()).content.decode()
    assert questionnaire.title not in page


def test_a_draft_themes_documents_are_hidden(client, draft):
    theme, _questionnaire = draft
    document = DocumentFactory(consultation=theme.consultation, theme=theme, title="Note interne")
    page = client.get(reverse("consultations:documents", args=[theme.consultation.slug]))
    assert "Note interne" not in page.content.decode()
    assert client.get(document.get_absolute_url()).status_code == 404


def test_the_demo_themes_are_published(demo_clock):
    assert Theme.objects.exists()
    assert not Theme.objects.filter(is_published=False).exists()
