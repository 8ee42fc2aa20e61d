"""The workspace's pages: who may open them, what the dashboard shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concerto.core.models import AuditEvent
from concerto.surveys.models import Questionnaire
from tests.factories import StaffUserFactory, ThemeFactory, UserFactory, analyst, manager
from tests.surveys.conftest import respond

pytestmark = pytest.mark.django_db


def every_url(questionnaire) -> list[tuple[str, str]]:
    """(method, address) of every page, export and action of one questionnaire's consultation."""
    q = questionnaire
    question = q.questions.get(code="region")
    section = q.sections.first()
    choice = question.choices.first()
    condition = q.questions.get(code="usage-detail").conditions.first()
    theme = q.theme
    get = [
        reverse("workspace:consultation", args=[theme.consultation_id]),
        reverse("workspace:builder", args=[q.pk]),
        reverse("workspace:preview", args=[q.pk]),
        reverse("workspace:questionnaire_export", args=[q.pk]),
        reverse("workspace:questionnaire_add", args=[theme.pk]),
        reverse("workspace:questionnaire_import", args=[theme.pk]),
        reverse("admin:surveys_questionnaire_exports", args=[q.pk]),
        reverse("surveys:preview", args=[q.pk]),
    ]
    post = [
        reverse("workspace:theme_publish", args=[theme.pk]),
        reverse("workspace:questionnaire_add", args=[theme.pk]),
        reverse("workspace:questionnaire_import", args=[theme.pk]),
        reverse("workspace:preview", args=[q.pk]),
        reverse("workspace:questionnaire_change", args=[q.pk]),
        reverse("workspace:publish", args=[q.pk]),
        reverse("workspace:section_add", args=[q.pk]),
        reverse("workspace:section_change", args=[q.pk, section.pk]),
        reverse("workspace:section_move", args=[q.pk, section.pk]),
        reverse("workspace:section_delete", args=[q.pk, section.pk]),
        reverse("workspace:question_add", args=[q.pk, section.pk]),
        reverse("workspace:question_change", args=[q.pk, question.pk]),
        reverse("workspace:question_duplicate", args=[q.pk, question.pk]),
        reverse("workspace:question_move", args=[q.pk, question.pk]),
        reverse("workspace:question_delete", args=[q.pk, question.pk]),
        reverse("workspace:choices_change", args=[q.pk, question.pk]),
        reverse("workspace:choice_move", args=[q.pk, question.pk, choice.pk]),
        reverse("workspace:condition_add", args=[q.pk, question.pk]),
        reverse("workspace:condition_delete", args=[q.pk, condition.pk]),
        reverse("admin:surveys_questionnaire_exports", args=[q.pk]),
    ]
    return [("get", u) for u in get] + [("post", u) for u in post]


def test_a_manager_of_another_consultation_gets_403_or_404_everywhere(client, kit, other_kit):
    # The manager of ``other_kit``'s consultation, trying every door of ``kit``'s.
    client.force_login(manager(of=other_kit.theme.consultation))
    before = AuditEvent.objects.count()
    for method, address in every_url(kit):
        response = getattr(client, method)(address, {"offset": "1", "published": "1"})
        assert response.status_code in (403, 404), (method, address, response.status_code)
    assert AuditEvent.objects.count() == before
    assert Questionnaire.objects.filter(pk=kit.pk, is_published=True).exists()
    assert kit.questions.filter(code="region").exists()


def test_an_analyst_reads_the_dashboard_but_cannot_build(client, kit):
    client.force_login(analyst(of=kit.theme.consultation))
    dashboard = reverse("workspace:consultation", args=[kit.theme.consultation_id])
    assert client.get(dashboard).status_code == 200
    assert client.get(reverse("workspace:builder", args=[kit.pk])).status_code == 404
    response = client.post(reverse("workspace:publish", args=[kit.pk]), {"published": "0"})
    assert response.status_code == 404


def test_visitors_are_sent_to_the_login_and_non_staff_refused(client, kit):
    builder = reverse("workspace:builder", args=[kit.pk])
    response = client.get(builder)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(builder).status_code == 403
    client.force_login(StaffUserFactory())  # staff on no team
    assert client.get(builder).status_code == 404
    assert client.get(reverse("workspace:home")).status_code == 200


def test_workspace_pages_are_never_cached(team_client, kit):
    response = team_client.get(reverse("workspace:builder", args=[kit.pk]))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_home_lists_the_teams_consultations_only(team_client, kit, other_kit):
    page = team_client.get(reverse("workspace:home")).content.decode()
    assert kit.theme.consultation.title in page
    assert other_kit.theme.consultation.title not in page


def test_the_dashboard_shows_participation_and_the_calendar(team_client, kit, theme):
    ThemeFactory(consultation=theme.consultation, title="En préparation", is_published=False)
    respond(kit, {"usage": "oui", "usage-detail": "Un outil", "accord": "4"})
    respond(kit, {"usage": "non", "accord": "2"})
    page = team_client.get(reverse("workspace:consultation", args=[theme.consultation_id]))
    text = page.content.decode()
    assert "Calendrier des thématiques" in text
    assert "Brouillon" in text and "En cours" in text
    assert "En préparation" in text
    assert "Réponses envoyées par semaine" in text
    assert "Réponses envoyées par profil" in text
    assert "Réponses envoyées par département" in text
    assert '<p class="fr-tile__title">2</p>' in text


def test_the_dashboard_costs_the_same_queries_whatever_the_size(
    team_client, kit, theme, django_assert_max_num_queries
):
    url = reverse("workspace:consultation", args=[theme.consultation_id])
    team_client.get(url)
    with django_assert_max_num_queries(14):
        team_client.get(url)
    for _ in range(3):
        ThemeFactory(consultation=theme.consultation)
    respond(kit, {"usage": "non", "accord": "2"})
    with django_assert_max_num_queries(14):
        team_client.get(url)


def test_a_theme_is_published_and_put_back_in_draft(team_client, theme):
    url = reverse("workspace:theme_publish", args=[theme.pk])
    team_client.post(url, {"published": "0"})
    theme.refresh_from_db()
    assert not theme.is_published
    assert AuditEvent.objects.filter(action="theme.unpublish").exists()
    team_client.post(url, {"published": "1"})
    theme.refresh_from_db()
    assert theme.is_published


def test_the_workspace_speaks_english_under_en(team_client, kit):
    page = team_client.get(f"/en/gestion/enquetes/{kit.pk}/").content.decode()
    assert "Before publishing" in page
    assert "Add the question to section 1" in page
