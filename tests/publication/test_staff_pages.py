"""The managers' pages: prepare, preview, publish, correct, unpublish; guarded by
``can_manage``."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concerto.publication.models import Publication, Quote, ResultsState

from .conftest import CITIZEN_TEXT, answer_of, ready_to_publish

pytestmark = pytest.mark.django_db


def staff_urls(kit) -> dict[str, str]:
    theme = kit["theme"]
    quote = Quote.objects.create(
        results=kit["results"], answer=answer_of(kit["citizens"][0]), text=CITIZEN_TEXT
    )
    return {
        "list": reverse("admin:publication_themeresults_changelist"),
        "edit": reverse("admin:publication_themeresults_edit", args=[theme.pk]),
        "answers": reverse("admin:publication_themeresults_answers", args=[theme.pk]),
        "preview": reverse("admin:publication_themeresults_preview", args=[theme.pk]),
        "quote": reverse("admin:publication_themeresults_quote", args=[theme.pk, quote.pk]),
    }


def test_analysts_get_403_and_visitors_the_login_page(client, kit, analyst):
    pages = staff_urls(kit)
    for url in pages.values():
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    client.force_login(analyst)
    for url in pages.values():
        assert client.get(url).status_code == 403, url
    response = client.post(pages["edit"], {"do": "publish"})
    assert response.status_code == 403
    assert not Publication.objects.exists()


def test_managers_reach_every_page(manager_client, kit):
    for name, url in staff_urls(kit).items():
        response = manager_client.get(url)
        assert response.status_code == 200, name
        assert "no-cache" in response.get("Cache-Control", "") or "max-age=0" in response.get(
            "Cache-Control", ""
        ), name


def test_the_whole_journey_through_the_pages(manager_client, manager, kit):
    theme, questionnaire = kit["theme"], kit["questionnaire"]
    edit = reverse("admin:publication_themeresults_edit", args=[theme.pk])
    answers = reverse("admin:publication_themeresults_answers", args=[theme.pk])

    listing = manager_client.get(answers, {"q": "former"})
    assert CITIZEN_TEXT in listing.content.decode()
    assert "Trifouilly" not in listing.content.decode()
    manager_client.post(answers, {"answer": answer_of(kit["citizens"][0]).pk})
    quote = Quote.objects.get()

    response = manager_client.post(
        edit,
        {
            "do": "save",
            "synthesis": "Une **synthèse**\x00.",
            "figures": [f"{questionnaire.pk}/priorite"],
            "quotes": [quote.pk],
        },
    )
    assert response.status_code == 302
    preview = manager_client.get(
        reverse("admin:publication_themeresults_preview", args=[theme.pk])
    ).content.decode()
    assert "Aperçu : ces résultats ne sont pas publiés" in preview
    assert "<strong>synthèse</strong>" in preview and CITIZEN_TEXT in preview

    response = manager_client.post(edit, {"do": "publish"}, follow=True)
    assert "Résultats publiés" in response.content.decode()
    kit["results"].refresh_from_db()
    assert kit["results"].state == ResultsState.PUBLISHED

    response = manager_client.post(edit, {"do": "correct", "note": ""})
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()

    response = manager_client.post(edit, {"do": "correct", "note": "Coquille"}, follow=True)
    assert "Correction publiée" in response.content.decode()
    response = manager_client.post(edit, {"do": "unpublish"}, follow=True)
    assert "Résultats retirés du site public" in response.content.decode()
    assert Publication.objects.count() == 2


def test_refusals_are_said_in_french(manager_client, kit):
    edit = reverse("admin:publication_themeresults_edit", args=[kit["theme"].pk])
    response = manager_client.post(edit, {"do": "publish"}, follow=True)
    page = response.content.decode()
    assert "Rien n’a été publié" in page
    assert "aucun chiffre ni aucune citation n’est choisi" in page
    assert not Publication.objects.exists()


def test_quoting_a_withdrawn_answer_is_refused_with_a_message(manager_client, kit):
    answers = reverse("admin:publication_themeresults_answers", args=[kit["theme"].pk])
    answer_id = answer_of(kit["citizens"][0]).pk
    kit["citizens"][0].values.all().delete()
    response = manager_client.post(answers, {"answer": answer_id}, follow=True)
    assert "retirée ou modifiée par son auteur" in response.content.decode()
    response = manager_client.post(answers, {"answer": "pas-un-nombre\x00"}, follow=True)
    assert response.status_code == 200
    assert not Quote.objects.exists()


def test_editing_a_quote_that_adds_words_is_refused(manager_client, manager, kit):
    _results, quote = ready_to_publish(kit, manager)
    url = reverse("admin:publication_themeresults_quote", args=[kit["theme"].pk, quote.pk])
    response = manager_client.post(url, {"do": "edit", "text": "Texte réécrit."})
    assert response.status_code == 200
    assert "que pour en retirer" in response.content.decode()
    response = manager_client.post(
        url, {"do": "edit", "text": "Il faudrait former les équipes […]."}
    )
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.text == "Il faudrait former les équipes […]."


def test_a_quote_of_another_theme_is_404(manager_client, manager, kit):
    from .conftest import closed_theme

    other = closed_theme(consultation=kit["theme"].consultation)
    _results, quote = ready_to_publish(kit, manager)
    url = reverse("admin:publication_themeresults_quote", args=[other.pk, quote.pk])
    assert manager_client.get(url).status_code == 404


def test_a_manager_of_another_consultation_gets_403(client, kit):
    from tests.factories import ConsultationFactory, manager

    other = manager(of=ConsultationFactory())
    client.force_login(other)
    edit = reverse("admin:publication_themeresults_edit", args=[kit["theme"].pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"do": "publish"}).status_code == 403
    assert not Publication.objects.exists()
