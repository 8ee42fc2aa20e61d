"""Published results show the analysts' validated themes as they were when published:
counts by profile with small cells hidden, quotes only where the publication allows them,
nothing of an analysis a manager has not published."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concerto.publication import actions
from concerto.publication.models import PublishedAnalysis, PublishedTheme, ResultsState
from concerto.publication.pdf import results_html
from tests.factories import analyst as analyst_of
from tests.freetext.results_kit import Kit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.RESULTS_MIN_CELL = 5


@pytest.fixture
def kit(manager):
    """Training raised by 6 citizens and 2 institutions, tools by the 3 institutions."""
    kit = Kit()
    kit.training = kit.theme_("Former les équipes", 0)
    kit.tools = kit.theme_("Mutualiser les outils", 1)
    kit.discovery()
    kit.citizens = kit.answers("Des formations courtes", 6, profile=kit.citizen)
    kit.institutions = kit.answers("Des outils libres", 3, profile=kit.institution)
    kit.machine(kit.citizens, kit.training)
    kit.machine(kit.institutions[:2], kit.training)
    kit.machine(kit.institutions, kit.tools)
    kit.results = actions.results_for(kit.theme)
    return kit


def draft(kit, manager, *, quote_answers=()):
    quotes = [
        actions.add_quote(results=kit.results, answer_id=answer.pk, actor=manager)
        for answer in quote_answers
    ]
    actions.save_draft(
        results=kit.results,
        synthesis="Les participants demandent de la formation.",
        figures=[f"{kit.questionnaire.pk}/usage"],
        selected_quotes=[quote.pk for quote in quotes],
        actor=manager,
    )
    return quotes


def public_url(kit) -> str:
    return reverse(
        "publication:theme_results",
        kwargs={"slug": kit.consultation.slug, "theme_slug": kit.theme.slug},
    )


def test_publishing_freezes_the_themes_with_small_cells_hidden(client, kit, manager):
    draft(kit, manager)
    publication = actions.publish_results(results=kit.results, actor=manager)

    analysis = PublishedAnalysis.objects.get(publication=publication)
    assert (analysis.question_code, analysis.base) == ("idees", 9)
    assert analysis.groups == [
        {"label": "Citoyen", "base": 6},
        {"label": "Institution", "base": None},  # 3 institutions: too few to show
    ]
    training, tools = PublishedTheme.objects.filter(analysis=analysis).order_by("order")
    assert (training.label, training.count, training.by_profile) == (
        "Former les équipes",
        8,
        [6, None],
    )
    assert training.share == pytest.approx(800 / 9)
    assert (tools.count, tools.share, tools.by_profile) == (None, None, [0, None])

    html = client.get(public_url(kit)).content.decode()
    assert "Ce qui ressort des réponses écrites" in html
    assert "Former les équipes" in html and "Mutualiser les outils" in html
    assert "89\xa0%" in html and "(8)" in html
    assert "masqué" in html
    assert "(3)" not in html and "(2)" not in html


def test_later_work_on_the_analysis_shows_only_after_a_correction(client, kit, manager):
    draft(kit, manager)
    actions.publish_results(results=kit.results, actor=manager)
    kit.training.label = "Former et accompagner"
    kit.training.save(update_fields=["label"])
    kit.theme_("Un thème trouvé après", 2)

    html = client.get(public_url(kit)).content.decode()
    assert "Former les équipes" in html
    assert "Former et accompagner" not in html and "Un thème trouvé après" not in html

    actions.correct_results(results=kit.results, note="Thèmes revus", actor=manager)
    html = client.get(public_url(kit)).content.decode()
    assert "Former et accompagner" in html and "Un thème trouvé après" in html


def test_a_visitor_never_sees_an_unpublished_analysis(client, manager_client, kit, manager):
    draft(kit, manager)
    # Not published: nothing at all for the visitor, the preview for the manager.
    assert client.get(public_url(kit)).status_code == 404
    preview = reverse("admin:publication_themeresults_preview", args=[kit.theme.pk])
    assert "Former les équipes" in manager_client.get(preview).content.decode()

    # Published before the analysis: its themes stay out until a correction.
    kit.training.delete()
    kit.tools.delete()
    actions.publish_results(results=kit.results, actor=manager)
    kit.theme_("Validé après la publication")
    html = client.get(public_url(kit)).content.decode()
    assert "Validé après la publication" not in html
    assert "Ce qui ressort des réponses écrites" not in html

    actions.unpublish_results(results=kit.results, actor=manager)
    assert client.get(public_url(kit)).status_code == 404


def test_a_theme_shows_only_its_published_quotes_as_cut_by_the_manager(client, kit, manager):
    citizen = kit.citizens[0]
    (quote,) = draft(kit, manager, quote_answers=[citizen])
    actions.edit_quote(quote=quote, text="Des formations […]", actor=manager)
    publication = actions.publish_results(results=kit.results, actor=manager)

    training = PublishedTheme.objects.get(analysis__publication=publication, label__startswith="F")
    assert [q.text for q in training.quotes.all()] == ["Des formations […]"]
    html = client.get(public_url(kit)).content.decode()
    section = html.split("Ce qui ressort des réponses écrites", 1)[1]
    assert "Des formations […]" in section
    assert "Des formations courtes (1)" not in html  # a theme's answers are not quoted


def test_an_unquotable_questionnaire_publishes_its_themes_without_quotes(client, manager):
    kit = Kit(quotes_allowed=False)
    training = kit.theme_("Former les équipes")
    kit.discovery()
    kit.machine(kit.answers("Former", 6, profile=kit.citizen), training)
    results = actions.results_for(kit.theme)
    actions.save_draft(
        results=results,
        synthesis="Synthèse.",
        figures=[f"{kit.questionnaire.pk}/usage"],
        selected_quotes=[],
        actor=manager,
    )
    publication = actions.publish_results(results=results, actor=manager)
    theme = PublishedTheme.objects.get(analysis__publication=publication)
    assert theme.count == 6 and not theme.quotes.exists()
    assert "Former (0)" not in client.get(public_url(kit)).content.decode()


def test_the_pdf_has_the_themes_table_and_quotes_laid_out_for_print(kit, manager):
    draft(kit, manager, quote_answers=[kit.citizens[0]])
    publication = actions.publish_results(results=kit.results, actor=manager)
    html = results_html(publication)
    assert "Thèmes des réponses à « Quelle mesure proposez-vous ? », par profil" in html
    assert "Réponse citée pour le thème « Former les équipes »" in html
    assert "<details" not in html


def test_public_page_queries_do_not_grow_with_themes(client, kit, manager):
    draft(kit, manager, quote_answers=[kit.citizens[0]])
    actions.publish_results(results=kit.results, actor=manager)
    client.get(public_url(kit))
    with CaptureQueriesContext(connection) as few:
        client.get(public_url(kit))
    for i in range(4):
        theme = kit.theme_(f"Thème {i}", 2 + i)
        kit.machine(kit.citizens[i:], theme)
    actions.add_quote(results=kit.results, answer_id=kit.citizens[1].pk, actor=manager)
    actions.correct_results(results=kit.results, note="Plus de thèmes", actor=manager)
    client.get(public_url(kit))
    with CaptureQueriesContext(connection) as many:
        client.get(public_url(kit))
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_an_analyst_reads_the_analysis_but_cannot_publish(client, kit, manager):
    analyst = analyst_of(of=kit.consultation)
    draft(kit, manager)
    client.force_login(analyst)
    statistics = reverse("results:questionnaire_statistics", args=[kit.questionnaire.pk])
    assert "Former les équipes" in client.get(statistics).content.decode()

    edit = reverse("admin:publication_themeresults_edit", args=[kit.theme.pk])
    assert client.post(edit, {"do": "publish"}).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.publish_results(results=kit.results, actor=analyst)
    kit.results.refresh_from_db()
    assert kit.results.state == ResultsState.DRAFT
    assert not kit.results.publications.exists()

    actions.publish_results(results=kit.results, actor=manager)
    with pytest.raises(PermissionDenied):
        actions.correct_results(results=kit.results, note="Par l’analyste", actor=analyst)
    with pytest.raises(PermissionDenied):
        actions.unpublish_results(results=kit.results, actor=analyst)
    assert kit.results.publications.count() == 1


def test_the_staff_page_says_which_themes_will_be_published(manager_client, kit):
    edit = reverse("admin:publication_themeresults_edit", args=[kit.theme.pk])
    html = manager_client.get(edit).content.decode()
    assert "Thèmes des réponses libres" in html
    assert "Quelle mesure proposez-vous ?" in html
