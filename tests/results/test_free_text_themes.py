"""The staff statistics and free-text pages show each analysed question's validated themes:
counts and shares by profile, representative answers, campaigns counted once on demand."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concerto.freetext import selectors
from tests.factories import analyst as analyst_of
from tests.freetext.results_kit import Kit

pytestmark = pytest.mark.django_db


def url(kit, name="questionnaire_statistics"):
    return reverse(f"results:{name}", args=[kit.questionnaire.pk])


def themes_section(html: str) -> str:
    return html.split('class="results-question results-themes"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def kit(manager):
    """Training raised by 6 citizens and 2 institutions, tools by 3 institutions; one
    answer coded by an analyst; a campaign of 20 identical answers."""
    kit = Kit()
    kit.training = kit.theme_("Former les équipes", 0)
    kit.tools = kit.theme_("Mutualiser les outils", 1)
    kit.discovery()
    citizens = kit.answers("Des formations courtes", 6, profile=kit.citizen)
    institutions = kit.answers("Des outils libres", 3, profile=kit.institution)
    kit.machine(citizens, kit.training, confidence=0.6)
    kit.machine(institutions[:2], kit.training, confidence=0.4)
    kit.machine(institutions, kit.tools, confidence=0.9)
    kit.coded = kit.answer("Relu par une analyste : former", profile=kit.citizen)
    kit.review(kit.coded, manager, [kit.training])
    kit.copies = kit.answers("Signez la pétition", 20, distinct=False, profile=kit.citizen)
    kit.machine(kit.copies, kit.training, confidence=0.7)
    kit.campaign(kit.copies)
    return kit


def test_the_statistics_page_shows_validated_themes_by_profile(manager_client, kit):
    html = manager_client.get(url(kit)).content.decode()

    assert "Thèmes des réponses à « Quelle mesure proposez-vous ? »" in html
    assert "Former les équipes" in html and "Mutualiser les outils" in html
    # 29 of 30 written answers, and the columns by profile with their bases.
    assert "97\xa0%" in html and "(29)" in html
    assert "Citoyen" in html and "Institution" in html and "base : 27" in html
    assert "les pourcentages ne totalisent pas 100" in html
    # The answer coded by an analyst comes first among the representative answers.
    first_quote = html.index("Relu par une analyste")
    assert first_quote < html.index("Des formations courtes (0)")
    assert 'id="themes-' in html and "<svg" in html


def test_campaigns_can_be_counted_once_without_javascript(manager_client, kit):
    plain = manager_client.get(url(kit)).content.decode()
    assert 'name="campagnes"' in plain  # a checkbox of the filters' GET form
    assert "signatures" not in themes_section(plain)

    once = manager_client.get(url(kit), {"campagnes": "on"}).content.decode()
    assert "dont 1 campagne comptée une fois (20 signatures)" in once
    assert "(10)" in once  # 29 answers → 9 + one campaign
    assert "Chaque campagne (réponses identiques ou presque) compte pour une." in once


def test_the_public_preview_hides_small_cells_and_quotes(manager_client, kit, settings):
    settings.RESULTS_MIN_CELL = 5
    html = manager_client.get(url(kit), {"vue": "public"}).content.decode()
    assert "masqué" in themes_section(html)  # 2 and 3 institutions
    assert "Relu par une analyste" not in html  # only published quotes are public


def test_the_free_texts_page_shows_the_question_s_themes(manager_client, kit):
    page = manager_client.get(url(kit, "free_texts"), {"question": "idees"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Former les équipes" in html
    assert "Aucun thème n’est encore validé" not in html
    once = manager_client.get(
        url(kit, "free_texts"), {"question": "idees", "campagnes": "on"}
    ).content.decode()
    assert "20 signatures" in once
    other = manager_client.get(url(kit, "free_texts"), {"question": "mot"}).content.decode()
    assert "Aucun thème n’est encore validé" in other


def test_an_analyst_of_the_team_reads_the_themes(client, kit):
    client.force_login(analyst_of(of=kit.consultation))
    for name in ("questionnaire_statistics", "free_texts"):
        page = client.get(url(kit, name))
        assert page.status_code == 200
        assert "Former les équipes" in page.content.decode()


def test_query_count_does_not_grow_with_answers_or_themes(manager_client, kit):
    manager_client.get(url(kit))  # warms the structure cache, as a running site has
    with CaptureQueriesContext(connection) as few:
        assert manager_client.get(url(kit), {"campagnes": "on"}).status_code == 200
    more = [kit.theme_(f"Thème {i}", 2 + i) for i in range(3)]
    for i in range(12):
        answer = kit.answer(f"Encore une idée {i}", profile=kit.institution)
        kit.machine(answer, more[i % 3], confidence=0.5)
    assert len(selectors.theme_counts(kit.analysis)) == 5
    with CaptureQueriesContext(connection) as many:
        assert manager_client.get(url(kit), {"campagnes": "on"}).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_free_texts_page_queries_do_not_grow_with_answers(manager_client, kit):
    params = {"question": "idees", "campagnes": "on"}
    manager_client.get(url(kit, "free_texts"), params)
    with CaptureQueriesContext(connection) as few:
        manager_client.get(url(kit, "free_texts"), params)
    for i in range(8):
        kit.machine(kit.answer(f"Une autre idée {i}", profile=kit.citizen), kit.tools)
    with CaptureQueriesContext(connection) as many:
        manager_client.get(url(kit, "free_texts"), params)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
