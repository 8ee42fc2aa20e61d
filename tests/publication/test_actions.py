"""The rules of publication, through the actions that are its only door."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from concerto.core.models import AuditEvent
from concerto.participation.models import Participant
from concerto.publication import actions
from concerto.publication.models import (
    Publication,
    PublicationKind,
    PublishedQuote,
    Quote,
    ResultsState,
)
from concerto.publication.selectors import published_results
from concerto.surveys.actions import withdraw_response

from .conftest import ORG_TEXT, answer_of, ready_to_publish

pytestmark = pytest.mark.django_db


def test_publishing_records_who_published_what_and_when(kit, manager):
    results, quote = ready_to_publish(kit, manager)
    publication = actions.publish_results(results=results, actor=manager)

    results.refresh_from_db()
    assert results.state == ResultsState.PUBLISHED
    assert results.published_by == manager and results.published_at == publication.at
    assert publication.kind == PublicationKind.PUBLICATION and publication.by == manager
    assert "<strong>de la formation</strong>" in publication.synthesis_html
    assert [f.key for f in publication.figures.all()] == ["priorite"]
    assert [q.quote_id for q in publication.quotes.all()] == [quote.pk]
    event = AuditEvent.objects.get(action="results.published")
    assert event.actor == manager and event.details["figures"] == 1
    assert published_results(kit["theme"]) == results


def test_the_public_version_does_not_follow_the_draft(kit, manager):
    results, _quote = ready_to_publish(kit, manager)
    publication = actions.publish_results(results=results, actor=manager)
    actions.save_draft(
        results=results, synthesis="Autre chose", figures=[], selected_quotes=[], actor=manager
    )
    results.refresh_from_db()
    assert results.current == publication
    assert "formation" in results.current.synthesis_html


def test_nothing_chosen_is_refused_and_nothing_is_published(kit, manager):
    results = kit["results"]
    actions.save_draft(
        results=results, synthesis="Une synthèse.", figures=[], selected_quotes=[], actor=manager
    )
    with pytest.raises(actions.PublicationRefused) as refused:
        actions.publish_results(results=results, actor=manager)
    assert "aucun chiffre ni aucune citation n’est choisi" in refused.value.message
    assert "Rien n’a été publié" in refused.value.message
    results.refresh_from_db()
    assert results.state == ResultsState.DRAFT
    assert not Publication.objects.exists()


def test_a_synthesis_is_required(kit, manager):
    results, _quote = ready_to_publish(kit, manager, synthesis="   ")
    with pytest.raises(actions.PublicationRefused, match="la synthèse n’est pas rédigée"):
        actions.publish_results(results=results, actor=manager)
    assert not Publication.objects.exists()


def test_not_before_the_theme_closes_unless_asked(kit, manager):
    theme = kit["theme"]
    theme.closes_at = timezone.now() + datetime.timedelta(days=3)
    theme.save(update_fields=["closes_at"])
    results, _quote = ready_to_publish(kit, manager)
    with pytest.raises(actions.PublicationRefused) as refused:
        actions.publish_results(results=results, actor=manager)
    assert "n’est pas close" in refused.value.message
    assert "Publier avant la clôture" in refused.value.message
    assert not Publication.objects.exists()

    publication = actions.publish_results(results=results, actor=manager, early=True)
    assert publication.early
    assert AuditEvent.objects.get(action="results.published").details["early"] is True


def test_publishing_twice_is_refused(kit, manager):
    results, _quote = ready_to_publish(kit, manager)
    actions.publish_results(results=results, actor=manager)
    with pytest.raises(actions.PublicationRefused, match="publiez une correction"):
        actions.publish_results(results=results, actor=manager)
    assert Publication.objects.count() == 1


def test_a_correction_needs_its_reason_and_is_recorded(kit, manager):
    results, _quote = ready_to_publish(kit, manager)
    first = actions.publish_results(results=results, actor=manager)
    with pytest.raises(actions.PublicationRefused, match="objet de la correction"):
        actions.correct_results(results=results, note="  ", actor=manager)
    actions.save_draft(
        results=results,
        synthesis="Synthèse corrigée.",
        figures=[f"{kit['questionnaire'].pk}/priorite"],
        selected_quotes=[],
        actor=manager,
    )
    correction = actions.correct_results(results=results, note="Chiffre rectifié", actor=manager)
    results.refresh_from_db()
    assert results.current == correction and results.corrected_at == correction.at
    assert results.published_at == first.at  # the first publication's date stays
    assert correction.kind == PublicationKind.CORRECTION and correction.note == "Chiffre rectifié"
    assert not correction.quotes.exists()
    assert AuditEvent.objects.get(action="results.corrected").details["replaces"] == first.pk


def test_a_correction_of_unpublished_results_is_refused(kit, manager):
    results, _quote = ready_to_publish(kit, manager)
    with pytest.raises(actions.PublicationRefused, match="ne sont pas publiés"):
        actions.correct_results(results=results, note="Rien", actor=manager)


def test_unpublishing_returns_to_a_draft(kit, manager):
    results, _quote = ready_to_publish(kit, manager)
    actions.publish_results(results=results, actor=manager)
    actions.unpublish_results(results=results, actor=manager)
    results.refresh_from_db()
    assert results.state == ResultsState.DRAFT and results.synthesis
    assert published_results(kit["theme"]) is None
    assert AuditEvent.objects.filter(action="results.unpublished").exists()
    # and it can be published again
    actions.publish_results(results=results, actor=manager)


def test_analysts_and_visitors_cannot_publish(kit, manager, analyst):
    results, _quote = ready_to_publish(kit, manager)
    for actor in (analyst, None):
        with pytest.raises(PermissionDenied):
            actions.publish_results(results=results, actor=actor)
        with pytest.raises(PermissionDenied):
            actions.save_draft(
                results=results, synthesis="x", figures=[], selected_quotes=[], actor=actor
            )
        with pytest.raises(PermissionDenied):
            actions.add_quote(
                results=results, answer_id=answer_of(kit["citizens"][1]).pk, actor=actor
            )
    assert not Publication.objects.exists()


def test_unknown_figures_are_refused(kit, manager):
    with pytest.raises(actions.PublicationRefused, match="n’existent pas"):
        actions.save_draft(
            results=kit["results"],
            synthesis="x",
            figures=[f"{kit['questionnaire'].pk}/inconnue"],
            selected_quotes=[],
            actor=manager,
        )


# --- Quotes ------------------------------------------------------------------------------


def test_a_questionnaire_that_did_not_say_so_cannot_be_quoted(kit, manager):
    questionnaire = kit["questionnaire"]
    questionnaire.quotes_allowed = False
    questionnaire.save(update_fields=["quotes_allowed"])
    with pytest.raises(actions.PublicationRefused, match="n’a pas annoncé aux participants"):
        actions.add_quote(
            results=kit["results"], answer_id=answer_of(kit["citizens"][0]).pk, actor=manager
        )
    assert not Quote.objects.exists()


def test_only_free_texts_can_be_quoted(kit, manager):
    choice_row = kit["citizens"][0].values.filter(question__code="priorite").first()
    target = choice_row.pk if choice_row else 0
    with pytest.raises(actions.PublicationRefused):
        actions.add_quote(results=kit["results"], answer_id=target, actor=manager)


def test_a_withdrawn_answer_cannot_be_quoted(kit, manager):
    answer_id = answer_of(kit["citizens"][0]).pk
    kit["citizens"][0].values.all().delete()  # what a withdrawal does to the rows
    with pytest.raises(actions.PublicationRefused) as refused:
        actions.add_quote(results=kit["results"], answer_id=answer_id, actor=manager)
    assert "retirée ou modifiée par son auteur" in refused.value.message
    assert not Quote.objects.exists()


def test_withdrawing_an_answer_withdraws_its_published_quote(kit, manager):
    theme = kit["theme"]
    theme.closes_at = timezone.now() + datetime.timedelta(days=3)
    theme.save(update_fields=["closes_at"])
    results, quote = ready_to_publish(kit, manager)
    actions.publish_results(results=results, actor=manager, early=True)
    response = kit["citizens"][0]
    participant = Participant.objects.get(pk=response.participant_id)

    withdraw_response(participant=participant, response=response)

    assert not Quote.objects.filter(pk=quote.pk).exists()
    assert not PublishedQuote.objects.exists()
    # nothing of the participant's words is left anywhere in publication
    assert not Quote.objects.filter(text__contains="former les équipes").exists()


def test_a_quote_may_only_lose_words(kit, manager):
    quote = actions.add_quote(
        results=kit["results"], answer_id=answer_of(kit["institutions"][0]).pk, actor=manager
    )
    assert quote.text == ORG_TEXT
    edited = actions.edit_quote(
        quote=quote, text="Au […], […] gère seule le site web.", actor=manager
    )
    assert edited.text == "Au […], […] gère seule le site web."
    assert edited.edited_by == manager and edited.is_edited
    # the original stays, untouched, in the answer
    assert answer_of(kit["institutions"][0]).text == ORG_TEXT

    for rewrite in ("Au musée, une agente gère seule le site web.", "Tout va bien."):
        with pytest.raises(actions.PublicationRefused, match="que pour en retirer"):
            actions.edit_quote(quote=quote, text=rewrite, actor=manager)
    with pytest.raises(actions.PublicationRefused, match="ne peut pas être vide"):
        actions.edit_quote(quote=quote, text="[…]", actor=manager)
    quote.refresh_from_db()
    assert quote.text == "Au […], […] gère seule le site web."


def test_a_quote_edit_is_in_the_audit_trail_without_the_words(kit, manager):
    quote = actions.add_quote(
        results=kit["results"], answer_id=answer_of(kit["institutions"][0]).pk, actor=manager
    )
    actions.edit_quote(quote=quote, text="Au […] gère seule le site web.", actor=manager)
    event = AuditEvent.objects.get(action="results.quote_edited")
    assert event.actor == manager and event.details["quote"] == quote.pk
    assert event.details["characters_before"] == len(ORG_TEXT)
    assert "Trifouilly" not in str(event.details) and "Dupont" not in str(event.details)
    actions.restore_quote(quote=quote, actor=manager)
    quote.refresh_from_db()
    assert quote.text == ORG_TEXT


@pytest.mark.parametrize(
    ("original", "edited", "allowed"),
    [
        ("Je suis Paul, de Brest.", "Je suis […], de […].", True),
        ("Je suis Paul, de Brest.", "Je suis, de.", True),
        ("Je suis Paul, de Brest.", "Je suis Pierre, de Brest.", False),
        ("Je suis Paul, de Brest.", "de Brest je suis", False),
        ("Je suis Paul.", "Je suis Paul. Merci !", False),
    ],
)
def test_only_removes(original, edited, allowed):
    assert actions.only_removes(original, edited) is allowed


def test_followers_are_notified_once_on_publication(kit, manager, monkeypatch):
    import concerto.following.actions as following

    calls = []
    monkeypatch.setattr(following, "on_results_published", calls.append)
    results, _quote = ready_to_publish(kit, manager)
    actions.publish_results(results=results, actor=manager)
    assert calls == [kit["theme"]]
    actions.correct_results(results=results, note="Précision", actor=manager)
    assert calls == [kit["theme"]]
