"""The staff statistics and free-text pages: who may see them, what they show, and that
their number of queries does not grow with the answers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concerto.results.refresh import refresh_summary
from tests.factories import ParticipantProfileFactory, StaffUserFactory

from .kit import submit

pytestmark = pytest.mark.django_db

# Session, user, questionnaire, permissions and team (4), profiles, summary state,
# participation (3), figures (3), the « Autre » texts of two questions, the admin's
# navigation (4), the analysed questions (issue 10: 1, themes then a fixed few per analysed
# question); the structure is cached by the process.
STATISTICS_PAGE_QUERIES = 21


def url(survey, name="questionnaire_statistics"):
    return reverse(f"results:{name}", args=[survey.pk])


def answer(survey, profile, n):
    for i in range(n):
        submit(
            survey,
            {
                "usage": "oui" if i % 2 else "non",
                "lieux": ["musee", "autre"] if i % 3 else ["cinema"],
                "age": 20 + i,
                "satisfaction": i % 11,
                "priorites": ["prix", "acces", "offre"],
                "grille": {"mus": "bien"},
                "commentaire": f"Les musées gratuits le dimanche, réponse {i}",
            },
            other_texts={"lieux": f"Festival {i}"},
            profile=profile,
            departement="75",
        )
    refresh_summary(survey)


@pytest.fixture
def profile(survey):
    return ParticipantProfileFactory(consultation=survey.theme.consultation, label="Particulier")


def test_manager_reads_the_statistics_with_breakdown_and_charts(manager_client, survey, profile):
    answer(survey, profile, 3)
    page = manager_client.get(url(survey))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Libellé lieux" in html
    assert "<svg" in html and 'role="img"' in html
    assert "Particulier" in html and "IC 95" in html
    assert "les pourcentages ne totalisent pas 100" in html
    assert "Chiffres au" in html
    assert "Festival 2" in html  # « Autre » texts, for staff
    assert page["Cache-Control"].startswith("max-age=0")


def test_statistics_need_the_right_to_analyse(client, survey):
    assert client.get(url(survey)).status_code == 302  # to the login page
    client.force_login(StaffUserFactory())  # staff, but no role on questionnaires
    assert client.get(url(survey)).status_code == 403
    assert client.get(url(survey, "free_texts")).status_code == 403


def test_unknown_questionnaire_is_not_found(manager_client):
    missing = reverse("results:questionnaire_statistics", args=[999999])
    assert manager_client.get(missing).status_code == 404


def test_query_count_does_not_grow_with_the_answers(manager_client, survey, profile):
    answer(survey, profile, 2)
    manager_client.get(url(survey))  # warms the structure cache, as a running site has
    with CaptureQueriesContext(connection) as few:
        assert manager_client.get(url(survey)).status_code == 200
    answer(survey, profile, 12)
    with CaptureQueriesContext(connection) as many:
        assert manager_client.get(url(survey)).status_code == 200
    assert len(many) == len(few) <= STATISTICS_PAGE_QUERIES


def test_bad_filters_give_a_message_not_an_error(manager_client, survey, profile):
    answer(survey, profile, 1)
    page = manager_client.get(url(survey), {"profil": ["abc"], "departement": ["\x00"]})
    assert page.status_code == 200
    assert "Filtre non valide" in page.content.decode()
    page = manager_client.get(url(survey), {"profil": [str(profile.pk)], "departement": ["75"]})
    assert page.status_code == 200
    assert "Filtre non valide" not in page.content.decode()


def test_public_preview_hides_small_cells(manager_client, survey, profile, settings):
    settings.RESULTS_MIN_CELL = 5
    answer(survey, profile, 3)
    html = manager_client.get(url(survey), {"vue": "public"}).content.decode()
    assert "Trop peu de réponses" in html
    assert "Festival" not in html


def test_free_texts_are_searched_in_french_and_paginated(manager_client, survey, profile):
    answer(survey, profile, 3)
    other = ParticipantProfileFactory(consultation=survey.theme.consultation, label="Musée")
    submit(survey, {"usage": "oui", "commentaire": "Plus de concerts en région"}, profile=other)
    page = manager_client.get(url(survey, "free_texts"), {"question": "commentaire"})
    assert page.status_code == 200
    assert "4 réponses" in page.content.decode()
    # « musée » finds « musées » on PostgreSQL (stemming); the fallback finds the substring.
    word = "musée" if connection.vendor == "postgresql" else "musées"
    found = manager_client.get(url(survey, "free_texts"), {"question": "commentaire", "q": word})
    assert "3 réponses" in found.content.decode()
    assert "concerts" not in found.content.decode()
    by_profile = manager_client.get(
        url(survey, "free_texts"), {"question": "commentaire", "profil": str(other.pk)}
    ).content.decode()
    assert "1 réponse" in by_profile and "concerts" in by_profile
    # « Autre » texts of a choice question are browsed the same way.
    autre = manager_client.get(url(survey, "free_texts"), {"question": "lieux"}).content.decode()
    assert "Festival 1" in autre
    bad = manager_client.get(url(survey, "free_texts"), {"question": "nope\x00", "q": "a\x00b"})
    assert bad.status_code == 200
    assert "La recherche n’est pas valide" in bad.content.decode()


def test_statistics_page_reads_in_english(manager_client, survey, profile):
    answer(survey, profile, 2)
    html = manager_client.get("/en" + url(survey)).content.decode()
    assert "Answers, question by question" in html and "95% CI" in html


def test_chart_geometry_is_written_with_a_point_on_french_pages():
    """SVG reads « 203,1 » as no width at all: the bars would vanish on French pages."""
    import re
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.utils import translation

    from concerto.results.templatetags.results import bar_chart

    bars = [SimpleNamespace(label="Oui", text="46,2 %", percent=46.17)]
    with translation.override("fr"):
        svg = render_to_string("results/_bar_chart.html", bar_chart(bars, "Titre", "c1"))
    widths = re.findall(r'(?:width|x)="([^"]+)"', svg)
    assert "203.1" in widths
    assert not [value for value in widths if "," in value]
    assert "46,2 %" in svg
