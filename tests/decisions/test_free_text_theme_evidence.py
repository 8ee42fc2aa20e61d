"""A decision can cite a theme the analysts validated in the answers to an open question:
the public page shows it, with its published count, only once the theme's results are
published with it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from concerto.decisions import actions
from concerto.decisions.forms import EvidenceAdminForm
from concerto.decisions.models import Evidence, EvidenceKind
from concerto.publication import actions as publication
from tests.factories import analyst as analyst_of
from tests.freetext.results_kit import Kit

from .conftest import count_queries, make_decision

pytestmark = pytest.mark.django_db

COUNT = "8 réponses écrites sur 9 relèvent de ce thème (89 %)."


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.RESULTS_MIN_CELL = 5
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def kit(manager):
    kit = Kit()
    kit.training = kit.theme_("Former les équipes", 0)
    kit.tools = kit.theme_("Mutualiser les outils", 1)
    kit.discovery()
    citizens = kit.answers("Des formations", 6, profile=kit.citizen)
    institutions = kit.answers("Des outils", 3, profile=kit.institution)
    kit.machine(citizens + institutions[:2], kit.training)
    kit.machine(institutions, kit.tools)
    kit.results = publication.results_for(kit.theme)
    publication.save_draft(
        results=kit.results,
        synthesis="Synthèse.",
        figures=[f"{kit.questionnaire.pk}/usage"],
        selected_quotes=[],
        actor=manager,
    )
    kit.decision = make_decision(kit.consultation, [kit.theme], manager, title="Former")
    return kit


def page(client, decision) -> str:
    response = client.get(decision.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_cited_theme_shows_once_published_with_its_published_count(client, kit, manager):
    evidence = actions.add_evidence(
        decision=kit.decision, actor=manager, free_text_theme=kit.training, note="Net."
    )
    assert evidence.kind == EvidenceKind.FREE_TEXT_THEME
    html = page(client, kit.decision)
    assert (
        "Former les équipes" not in html.split("Ce que vous nous avez dit")[1].split("En bref")[0]
    )
    assert "ne sont pas encore publiés" in html

    publication.publish_results(results=kit.results, actor=manager)
    html = page(client, kit.decision)
    assert "Quelle mesure proposez-vous ?" in html and "Former les équipes" in html
    assert COUNT in html and "Net." in html

    # Later counts are not public until a correction publishes them.
    more = kit.answers("Encore des formations", 5, profile=kit.citizen)
    kit.machine(more, kit.training)
    assert COUNT in page(client, kit.decision)

    publication.unpublish_results(results=kit.results, actor=manager)
    html = page(client, kit.decision)
    assert (
        COUNT not in html
        and "Former les équipes"
        not in html.split("Historique")[0].split("Ce que vous nous avez dit")[1]
    )


def test_a_small_theme_shows_without_its_count(client, kit, manager):
    actions.add_evidence(decision=kit.decision, actor=manager, free_text_theme=kit.tools)
    publication.publish_results(results=kit.results, actor=manager)
    html = page(client, kit.decision)
    assert "Mutualiser les outils" in html
    assert "relèvent de ce thème" not in html and "relève de ce thème" not in html


def test_a_theme_validated_after_the_publication_stays_out(client, kit, manager):
    publication.publish_results(results=kit.results, actor=manager)
    late = kit.theme_("Validé plus tard", 2)
    actions.add_evidence(decision=kit.decision, actor=manager, free_text_theme=late)
    assert "Validé plus tard" not in page(client, kit.decision)


def test_a_deleted_theme_takes_its_evidence_with_it(kit, manager):
    evidence = actions.add_evidence(
        decision=kit.decision, actor=manager, free_text_theme=kit.training
    )
    kit.training.delete()
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_merge_moves_the_evidence_to_the_target(kit, manager):
    evidence = actions.add_evidence(decision=kit.decision, actor=manager, free_text_theme=kit.tools)
    assert actions.move_theme_evidence(sources=[kit.tools], target=kit.training) == 1
    kit.tools.delete()
    evidence.refresh_from_db()
    assert evidence.free_text_theme == kit.training


def test_merging_themes_in_the_analysis_keeps_the_decision_s_evidence(kit, manager):
    from concerto.freetext import actions as analysis

    evidence = actions.add_evidence(decision=kit.decision, actor=manager, free_text_theme=kit.tools)
    analysis.merge_themes(manager, kit.training, [kit.tools])
    evidence.refresh_from_db()
    assert evidence.free_text_theme == kit.training


def test_a_theme_of_another_thematique_is_refused(kit, manager):
    other = Kit()
    theme = other.theme_("Ailleurs")
    with pytest.raises(ValidationError, match="autre thématique"):
        actions.add_evidence(decision=kit.decision, actor=manager, free_text_theme=theme)


def test_the_admin_form_takes_one_kind_at_a_time(kit):
    form = EvidenceAdminForm(
        data={"free_text_theme": kit.training.pk, "question": kit.question.pk, "order": 0}
    )
    assert not form.is_valid()
    assert "choisissez-en un seul" in str(form.errors)
    form = EvidenceAdminForm(data={"free_text_theme": kit.training.pk, "order": 0})
    assert form.is_valid(), form.errors
    assert form.instance.kind == EvidenceKind.FREE_TEXT_THEME


def test_a_manager_cites_a_theme_in_the_back_office(client, kit, manager):
    client.force_login(manager)
    url = reverse("admin:decisions_decision_change", args=[kit.decision.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert "Former les équipes" in form.content.decode()  # a choice of the evidence inline


def test_an_analyst_cannot_edit_decisions(client, kit):
    analyst = analyst_of(of=kit.consultation)
    with pytest.raises(PermissionDenied):
        actions.add_evidence(decision=kit.decision, actor=analyst, free_text_theme=kit.training)
    with pytest.raises(PermissionDenied):
        actions.record_progress(decision=kit.decision, actor=analyst, progress=50)
    client.force_login(analyst)
    url = reverse("admin:decisions_decision_change", args=[kit.decision.pk])
    assert client.post(url, {"title": "Par l’analyste"}).status_code in (302, 403, 404)
    kit.decision.refresh_from_db()
    assert kit.decision.title == "Former" and kit.decision.progress == 0
    assert not Evidence.objects.filter(decision=kit.decision).exists()


def test_the_decision_page_queries_do_not_grow_with_cited_themes(client, kit, manager):
    actions.add_evidence(decision=kit.decision, actor=manager, free_text_theme=kit.training)
    publication.publish_results(results=kit.results, actor=manager)
    url = kit.decision.get_absolute_url()
    client.get(url)
    before, _response = count_queries(client, url)
    actions.add_evidence(decision=kit.decision, actor=manager, free_text_theme=kit.tools)
    actions.add_evidence(decision=kit.decision, actor=manager, free_text_theme=kit.training)
    client.get(url)
    after, response = count_queries(client, url)
    assert after == before
    assert response.content.decode().count(COUNT) == 2
