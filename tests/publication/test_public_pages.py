"""The public « Résultats » pages: unreachable until published, nothing personal, small
cells hidden, corrections shown as such."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concerto.participation.models import Participant
from concerto.publication import actions

from .conftest import CITIZEN_TEXT, SECRET_ORGANISATION, ready_to_publish

pytestmark = pytest.mark.django_db


def urls(theme) -> dict[str, str]:
    slugs = {"slug": theme.consultation.slug, "theme_slug": theme.slug}
    return {
        "page": reverse("publication:theme_results", kwargs=slugs),
        "pdf": reverse("publication:theme_results_pdf", kwargs=slugs),
    }


def test_unpublished_results_are_unreachable(
    client, kit, manager, django_capture_on_commit_callbacks
):
    theme = kit["theme"]
    results, _quote = ready_to_publish(kit, manager)
    for url in urls(theme).values():
        assert client.get(url).status_code == 404
    listing = client.get(
        reverse("publication:consultation_results", args=[theme.consultation.slug])
    )
    assert urls(theme)["page"] not in listing.content.decode()
    assert urls(theme)["page"] not in client.get(theme.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_results(results=results, actor=manager)
    assert client.get(urls(theme)["page"]).status_code == 200
    assert client.get(urls(theme)["pdf"]).status_code == 200
    assert urls(theme)["page"] in client.get(theme.get_absolute_url()).content.decode()
    listing = client.get(
        reverse("publication:consultation_results", args=[theme.consultation.slug])
    )
    assert urls(theme)["page"] in listing.content.decode()

    actions.unpublish_results(results=results, actor=manager)
    for url in urls(theme).values():
        assert client.get(url).status_code == 404


def test_results_of_an_unpublished_consultation_are_unreachable(client, kit, manager):
    results, _quote = ready_to_publish(kit, manager)
    actions.publish_results(results=results, actor=manager)
    consultation = kit["theme"].consultation
    consultation.is_published = False
    consultation.save(update_fields=["is_published"])
    for url in urls(kit["theme"]).values():
        assert client.get(url).status_code == 404


def test_the_page_shows_the_synthesis_figures_quotes_and_participation(client, kit, manager):
    results, _quote = ready_to_publish(kit, manager)
    actions.publish_results(results=results, actor=manager)
    page = client.get(urls(kit["theme"])["page"]).content.decode()
    assert "<strong>de la formation</strong>" in page
    assert "Quelle est votre priorité ?" in page
    assert "La formation" in page
    assert CITIZEN_TEXT in page
    assert "profil « Citoyen »" in page
    assert "Participation" in page
    assert "15 réponses envoyées" in page


def test_nothing_personal_on_the_public_page(client, kit, manager):
    results, _quote = ready_to_publish(kit, manager)
    actions.publish_results(results=results, actor=manager)
    page = client.get(urls(kit["theme"])["page"]).content.decode()
    for participant in Participant.objects.all():
        assert participant.token not in page
        if participant.email:
            assert participant.email not in page
    assert SECRET_ORGANISATION not in page


def test_small_cells_are_hidden_in_public(client, kit, manager):
    """Three institutions chose « outils »: under the threshold of five, hidden."""
    results, _quote = ready_to_publish(kit, manager)
    actions.publish_results(results=results, actor=manager)
    page = client.get(urls(kit["theme"])["page"]).content.decode()
    staff = client.get(reverse("admin:publication_themeresults_preview", args=[kit["theme"].pk]))
    assert staff.status_code == 302  # visitors are sent to the login page
    assert "masqué" in page
    import re

    # The institutions' three answers appear nowhere as a count.
    row = re.search(r"Des outils mutualisés</th>(.*?)</tr>", page, re.S)
    assert row is not None
    assert not re.search(r">\s*3\s*<", row.group(1))


def test_a_correction_is_shown_as_such_with_its_date(client, kit, manager):
    results, _quote = ready_to_publish(kit, manager)
    actions.publish_results(results=results, actor=manager)
    actions.save_draft(
        results=results,
        synthesis="Synthèse **rectifiée**.",
        figures=[f"{kit['questionnaire'].pk}/priorite"],
        selected_quotes=[],
        actor=manager,
    )
    page = client.get(urls(kit["theme"])["page"]).content.decode()
    assert "rectifiée" not in page  # the draft is not public

    correction = actions.correct_results(
        results=results, note="Synthèse précisée après relecture", actor=manager
    )
    page = client.get(urls(kit["theme"])["page"]).content.decode()
    assert "<strong>rectifiée</strong>" in page
    assert "Corrections apportées depuis la publication" in page
    assert "Synthèse précisée après relecture" in page
    from django.utils import formats, timezone

    assert formats.date_format(timezone.localtime(correction.at), "DATE_FORMAT") in page
    assert CITIZEN_TEXT not in page  # the quote left the selection


def test_the_synthesis_is_sanitised(client, kit, manager):
    results, _quote = ready_to_publish(
        kit,
        manager,
        synthesis=(
            "Bonjour <script>alert('x')</script> [lien](javascript:alert(1)) "
            '<img src=x onerror="alert(2)"> <a href="https://www.culture.gouv.fr">ok</a>'
        ),
    )
    actions.publish_results(results=results, actor=manager)
    page = client.get(urls(kit["theme"])["page"]).content.decode()
    assert "<script>alert" not in page
    assert "javascript:alert" not in page
    assert "onerror" not in page
    assert 'href="https://www.culture.gouv.fr"' in page


def test_query_count_does_not_grow_with_quotes(client, kit, manager, django_assert_max_num_queries):
    from .conftest import answer_of

    results, first = ready_to_publish(kit, manager)
    actions.publish_results(results=results, actor=manager)
    client.get(urls(kit["theme"])["page"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(urls(kit["theme"])["page"])
    quotes = [
        actions.add_quote(results=results, answer_id=answer_of(r).pk, actor=manager).pk
        for r in kit["citizens"][1:] + kit["institutions"]
    ]
    actions.save_draft(
        results=results,
        synthesis="Encore.",
        figures=[f"{kit['questionnaire'].pk}/priorite", f"{kit['questionnaire'].pk}/idees"],
        selected_quotes=[first.pk, *quotes],
        actor=manager,
    )
    actions.correct_results(results=results, note="Plus de citations", actor=manager)
    client.get(urls(kit["theme"])["page"])
    with CaptureQueriesContext(connection) as many:
        client.get(urls(kit["theme"])["page"])
    assert len(many) <= len(one) + 1, [q["sql"] for q in many.captured_queries]


def test_results_of_a_draft_theme_are_unreachable(client, kit, manager):
    results, _quote = ready_to_publish(kit, manager)
    actions.publish_results(results=results, actor=manager)
    theme = kit["theme"]
    theme.is_published = False
    theme.save(update_fields=["is_published"])
    for url in urls(theme).values():
        assert client.get(url).status_code == 404
    listing = client.get(
        reverse("publication:consultation_results", args=[theme.consultation.slug])
    )
    assert theme.title not in listing.content.decode()
