"""« Ce que vous nous avez dit »: figures and quotes appear on a decision's public page only
once published in the theme's results, and only those published there."""

from __future__ import annotations

import pytest

from concerto.decisions import actions
from concerto.decisions.models import Evidence
from concerto.publication import actions as publication
from tests.publication.conftest import CITIZEN_TEXT, ORG_TEXT, answer_of, ready_to_publish

from .conftest import count_queries, make_decision

pytestmark = pytest.mark.django_db

FIGURE = "« La formation » : 80 % des répondants (12 sur 15)."


@pytest.fixture
def cited(kit, manager):
    """A decision citing the choice question's figures and two quotes, one of them left out
    of the published selection."""
    left_out = publication.add_quote(
        results=kit["results"], answer_id=answer_of(kit["institutions"][0]).pk, actor=manager
    )
    results, quote = ready_to_publish(kit, manager)  # selects the other quote only
    theme = kit["theme"]
    decision = make_decision(theme.consultation, [theme], manager, title="Former les équipes")
    question = kit["questionnaire"].questions.get(code="priorite")
    actions.add_evidence(
        decision=decision, actor=manager, question=question, figure_key="priorite:formation"
    )
    actions.add_evidence(
        decision=decision, actor=manager, question=question, figure_key="priorite:outils"
    )
    actions.add_evidence(decision=decision, actor=manager, quote=quote, note="Un besoin net.")
    actions.add_evidence(decision=decision, actor=manager, quote=left_out)
    return {"decision": decision, "results": results, "quote": quote}


def page(client, decision) -> str:
    response = client.get(decision.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_before_publication_only_the_question_shows(client, cited):
    html = page(client, cited["decision"])
    assert "Quelle est votre priorité ?" in html
    assert "ne sont pas encore publiés" in html
    assert FIGURE not in html and "80 %" not in html
    assert CITIZEN_TEXT not in html and ORG_TEXT not in html


def test_once_published_the_figure_and_the_published_quote_show(client, cited, manager):
    publication.publish_results(results=cited["results"], actor=manager)
    html = page(client, cited["decision"])
    assert FIGURE in html
    assert CITIZEN_TEXT in html and "Un besoin net." in html
    assert "Tous les résultats de la thématique" in html
    # The quote left out of the publication, and the small cell (3 institutions), stay out.
    assert ORG_TEXT not in html
    assert "Des outils mutualisés" not in html


def test_the_published_text_of_a_quote_is_shown_not_the_draft(client, cited, manager):
    publication.publish_results(results=cited["results"], actor=manager)
    quote = cited["quote"]
    publication.edit_quote(
        quote=quote, text=quote.text.replace("petites structures", "[…]"), actor=manager
    )
    html = page(client, cited["decision"])
    assert CITIZEN_TEXT in html  # the correction is not published yet


def test_unpublished_results_take_figures_and_quotes_away(client, cited, manager):
    publication.publish_results(results=cited["results"], actor=manager)
    publication.unpublish_results(results=cited["results"], actor=manager)
    html = page(client, cited["decision"])
    assert FIGURE not in html and CITIZEN_TEXT not in html


def test_a_withdrawn_answer_takes_its_quote_evidence_with_it(cited, kit):
    answer_of(kit["citizens"][0]).delete()  # what withdrawing an answer does to its rows
    assert not Evidence.objects.filter(quote_id=cited["quote"].pk).exists()


def test_a_quote_of_another_theme_is_refused(cited, manager, consultation, theme):
    decision = make_decision(consultation, [theme], manager, title="Ailleurs")
    with pytest.raises(Exception, match="autre thématique"):
        actions.add_evidence(decision=decision, actor=manager, quote=cited["quote"])


def test_the_published_decision_page_query_count_is_fixed(client, cited, manager, kit, settings):
    settings.PAGE_CACHE_ENABLED = False
    publication.publish_results(results=cited["results"], actor=manager)
    decision = cited["decision"]
    url = decision.get_absolute_url()
    client.get(url)
    before, _response = count_queries(client, url)
    question = kit["questionnaire"].questions.get(code="priorite")
    for _ in range(5):
        actions.add_evidence(
            decision=decision, actor=manager, question=question, figure_key="priorite:formation"
        )
    client.get(url)  # per-process copies reloaded after the change
    after, response = count_queries(client, url)
    assert after == before
    assert response.content.decode().count(FIGURE) == 6


def test_the_theme_results_page_lists_its_decisions(client, cited, manager, kit):
    publication.publish_results(results=cited["results"], actor=manager)
    theme = kit["theme"]
    from django.urls import reverse

    url = reverse("publication:theme_results", args=[theme.consultation.slug, theme.slug])
    html = client.get(url).content.decode()
    assert "Décisions prises" in html and "Former les équipes" in html
