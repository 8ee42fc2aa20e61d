"""The public roadmap and decision pages, and the staff pages of decisions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concerto.decisions import actions
from concerto.decisions.models import Decision

from .conftest import make_decision

pytestmark = pytest.mark.django_db

# Consultation, themes, decisions, their themes, counts and mean; site profile, menu (2).
ROADMAP_QUERIES = 8
# Consultation, decision, its themes, updates, evidence, the theme's results; site profile, menu (2).
DECISION_QUERIES = 9


def roadmap_url(consultation, **params):
    from urllib.parse import urlencode

    url = reverse("decisions:roadmap", args=[consultation.slug])
    return f"{url}?{urlencode(params)}" if params else url


@pytest.fixture
def roadmap(consultation, theme, other_theme, manager):
    """Four published decisions at different statuses, and one draft."""
    study = make_decision(consultation, [theme], manager, title="Étudier un guichet")
    running = make_decision(
        consultation,
        [theme, other_theme],
        manager,
        title="Former les agents",
        status="in_progress",
        progress=40,
    )
    done = make_decision(
        consultation,
        [other_theme],
        manager,
        title="Publier une charte",
        status="done",
        progress=100,
    )
    rejected = make_decision(
        consultation,
        [theme],
        manager,
        title="Construire un métavers public",
        status="rejected",
        status_reason="Trop coûteux pour ce qu’il apporterait.",
    )
    draft = make_decision(
        consultation, [theme], manager, title="Brouillon secret", is_published=False
    )
    return {"study": study, "running": running, "done": done, "rejected": rejected, "draft": draft}


def test_the_roadmap_shows_every_published_decision_and_its_progress(client, roadmap, consultation):
    response = client.get(roadmap_url(consultation))
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("study", "running", "done", "rejected"):
        assert roadmap[key].title in html
    assert "Brouillon secret" not in html
    assert "4 décisions publiées" in html
    # Each bar has its value written beside it and a name.
    assert 'aria-labelledby="avancement-' in html
    assert "Avancement : 40 %" in html
    # Mean over decisions that are not rejected: (0 + 40 + 100) / 3.
    assert "Avancement moyen des décisions retenues ou à l’étude : 47 %" in html


def test_the_roadmap_filters_by_theme_and_status_with_a_get_form(client, roadmap, consultation):
    html = client.get(roadmap_url(consultation, thematique="langue")).content.decode()
    assert 'method="get"' in html
    assert "Former les agents" in html and "Publier une charte" in html
    assert "Étudier un guichet" not in html
    assert "2 décisions correspondent à vos filtres" in html

    html = client.get(
        roadmap_url(consultation, thematique="metavers", statut="rejected")
    ).content.decode()
    assert "Construire un métavers public" in html
    assert "Former les agents" not in html and "Étudier un guichet" not in html
    assert "1 décision correspond à vos filtres" in html


def test_an_unknown_filter_shows_everything_with_a_message(client, roadmap, consultation):
    response = client.get(roadmap_url(consultation, statut="<script>", thematique="\x00"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce filtre n’existe pas" in html
    assert "Étudier un guichet" in html and "Publier une charte" in html


def test_the_roadmap_query_count_does_not_grow_with_decisions(
    client, roadmap, consultation, theme, manager, django_assert_max_num_queries
):
    client.get(roadmap_url(consultation))  # the site's profile is created on a first visit
    with django_assert_max_num_queries(ROADMAP_QUERIES) as before:
        client.get(roadmap_url(consultation))
    expected = len(before.captured_queries)  # read now: the next request empties the log
    for n in range(10):
        make_decision(consultation, [theme], manager, title=f"Décision {n}")
    # The first visit after an edit reloads the public content each process keeps.
    client.get(roadmap_url(consultation))
    with django_assert_max_num_queries(expected):
        client.get(roadmap_url(consultation))


def test_the_decision_page_shows_its_timeline_and_reason(client, roadmap, manager):
    running = roadmap["running"]
    actions.record_progress(decision=running, actor=manager, progress=60, note="Deux régions.")
    html = client.get(running.get_absolute_url()).content.decode()
    assert "Historique" in html and "Deux régions." in html
    assert "avancement 60 %" in html and "avancement 40 %" in html
    assert running.updates.first().author.username not in html  # staff names stay private
    rejected = client.get(roadmap["rejected"].get_absolute_url()).content.decode()
    assert "Trop coûteux pour ce qu’il apporterait." in rejected


def test_a_draft_decision_or_an_unpublished_consultation_is_not_found(
    client, roadmap, consultation
):
    assert client.get(roadmap["draft"].get_absolute_url()).status_code == 404
    consultation.is_published = False
    consultation.save()
    assert client.get(roadmap["study"].get_absolute_url()).status_code == 404
    assert client.get(roadmap_url(consultation)).status_code == 404


def test_a_decision_of_another_consultation_is_not_found_here(client, roadmap):
    from tests.factories import ConsultationFactory

    other = ConsultationFactory()
    url = reverse("decisions:detail", args=[other.slug, roadmap["study"].pk])
    assert client.get(url).status_code == 404


def test_the_decision_page_query_count_is_fixed(
    client, roadmap, question, manager, django_assert_max_num_queries
):
    decision = roadmap["study"]
    actions.add_evidence(decision=decision, actor=manager, question=question)
    client.get(decision.get_absolute_url())  # the site's profile is created on a first visit
    with django_assert_max_num_queries(DECISION_QUERIES) as before:
        client.get(decision.get_absolute_url())
    expected = len(before.captured_queries)  # read now: the next request empties the log
    for n in range(5):
        actions.record_progress(decision=decision, actor=manager, progress=n + 1)
        actions.add_evidence(decision=decision, actor=manager, question=question)
    # The first visit after an edit reloads the public content each process keeps.
    client.get(decision.get_absolute_url())
    with django_assert_max_num_queries(expected):
        response = client.get(decision.get_absolute_url())
    assert response.content.decode().count("Nous vous avions demandé") == 6


def test_unpublished_results_show_the_question_but_no_figure(client, decision, question, manager):
    actions.add_evidence(
        decision=decision,
        actor=manager,
        question=question,
        figure_key="besoins:conseil",
        note="Le conseil d’abord.",
    )
    html = client.get(decision.get_absolute_url()).content.decode()
    assert "Ce que vous nous avez dit" in html
    assert question.label in html and "Le conseil d’abord." in html
    assert "ne sont pas encore publiés" in html
    assert "besoins:conseil" not in html


def test_the_theme_decisions_include_lists_published_decisions(roadmap, theme):
    from django.template import Context, Template

    html = Template("{% load decisions %}{% theme_decisions theme %}").render(
        Context({"theme": theme})
    )
    assert "Décisions prises" in html
    assert "Étudier un guichet" in html and "Construire un métavers public" in html
    assert "Publier une charte" not in html  # another theme's
    assert "Brouillon secret" not in html


def test_the_home_page_links_to_the_roadmap(client, consultation):
    consultation.is_featured = True
    consultation.save()
    html = client.get("/").content.decode()
    assert reverse("decisions:roadmap", args=[consultation.slug]) in html
    assert "Décisions et feuille de route" in html


def test_the_english_roadmap_marks_french_content(client, roadmap, consultation):
    response = client.get("/en" + roadmap_url(consultation))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="fr"' in html


# --- Staff pages ----------------------------------------------------------------------------


def import_url(consultation):
    return reverse("admin:decisions_decision_import", args=[consultation.pk])


def test_a_visitor_is_sent_to_the_login_page(client, consultation, decision):
    for url in (
        import_url(consultation),
        reverse("admin:decisions_decision_import_template", args=[consultation.pk]),
        reverse("admin:decisions_decision_changelist"),
        reverse("admin:decisions_decision_change", args=[decision.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_an_analyst_cannot_import_nor_edit(client, analyst, consultation, decision):
    client.force_login(analyst)
    assert client.get(import_url(consultation)).status_code == 403
    response = client.post(
        import_url(consultation),
        {"file": _upload(f"id;avancement\n{decision.pk};50\n")},
    )
    assert response.status_code == 403
    url = reverse("admin:decisions_decision_change", args=[decision.pk])
    response = client.post(url, _admin_data(decision, progress=50))
    assert response.status_code in (302, 403)
    decision.refresh_from_db()
    assert decision.progress == 0


def _upload(text: str, name: str = "avancement.csv", encoding="utf-8"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_the_import_page_applies_a_good_file(manager_client, consultation, decision):
    page = manager_client.get(import_url(consultation))
    assert page.status_code == 200
    assert "Tout ou rien" in page.content.decode()
    response = manager_client.post(
        import_url(consultation),
        {"file": _upload(f"id;statut;avancement\n{decision.pk};en cours;35\n")},
        follow=True,
    )
    assert "1 décision(s) mise(s) à jour" in response.content.decode()
    decision.refresh_from_db()
    assert (decision.status, decision.progress) == ("in_progress", 35)


def test_the_import_page_lists_rejected_lines(manager_client, consultation, decision):
    response = manager_client.post(
        import_url(consultation),
        {"file": _upload(f"id;avancement\n{decision.pk};20\n424242;10\n{decision.pk}0;x\n")},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "aucune décision n’a été modifiée" in html
    assert "<td>3</td><td>aucune décision n° 424242 dans cette consultation.</td>" in html
    decision.refresh_from_db()
    assert decision.progress == 0


def test_the_import_page_refuses_a_wrong_encoding_and_a_large_file(
    manager_client, consultation, decision, settings
):
    response = manager_client.post(
        import_url(consultation),
        {"file": _upload(f"id;statut\n{decision.pk};réalisée\n", encoding="latin-1")},
    )
    assert "pas encodé en UTF-8" in response.content.decode()
    settings.DECISIONS_CSV_MAX_BYTES = 10
    response = manager_client.post(
        import_url(consultation), {"file": _upload(f"id;avancement\n{decision.pk};20\n")}
    )
    assert "taille maximale" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == "study"


def test_the_model_file_lists_the_decisions(manager_client, consultation, decision):
    response = manager_client.get(
        reverse("admin:decisions_decision_import_template", args=[consultation.pk])
    )
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "id;titre;statut;avancement;motif;commentaire;date"
    assert f"{decision.pk};Un guichet d’accompagnement;À l’étude;0;;;" in text


def _admin_data(decision, **overrides):
    data = {
        "consultation": decision.consultation_id,
        "title": decision.title,
        "description": decision.description,
        "themes": [t.pk for t in decision.themes.all()] if decision.pk else [],
        "service": decision.service,
        "is_published": "on",
        "order": 0,
        "status": decision.status,
        "progress": decision.progress,
        "status_reason": decision.status_reason,
        "update_note": "",
        "update_date": "",
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
        "updates-TOTAL_FORMS": 0,
        "updates-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def test_the_admin_edits_through_the_action_and_dates_the_update(manager_client, decision):
    url = reverse("admin:decisions_decision_change", args=[decision.pk])
    assert manager_client.get(url).status_code == 200
    response = manager_client.post(
        url, _admin_data(decision, status="in_progress", progress=25, update_note="Lancé.")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    decision.refresh_from_db()
    assert (decision.status, decision.progress) == ("in_progress", 25)
    assert decision.updates.first().note == "Lancé."


def test_the_admin_refuses_a_decision_without_theme_or_reason(manager_client, decision):
    url = reverse("admin:decisions_decision_change", args=[decision.pk])
    response = manager_client.post(url, _admin_data(decision, themes=[], status="rejected"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "au moins une thématique" in html
    assert "Indiquez pourquoi la décision n’est pas retenue." in html
    decision.refresh_from_db()
    assert decision.status == "study"


def test_the_admin_refuses_evidence_from_another_theme(manager_client, decision, other_theme):
    from concerto.surveys.builders import create_questionnaire

    from .conftest import SPEC

    elsewhere = create_questionnaire(theme=other_theme, spec={**SPEC, "slug": "ailleurs"})
    url = reverse("admin:decisions_decision_change", args=[decision.pk])
    data = _admin_data(decision)
    data.update(
        {
            "evidence-TOTAL_FORMS": 1,
            "evidence-0-question": elsewhere.questions.first().pk,
            "evidence-0-figure_key": "",
            "evidence-0-note": "",
            "evidence-0-order": 0,
        }
    )
    response = manager_client.post(url, data)
    assert response.status_code == 200
    assert "thématique de la décision" in response.content.decode()
    assert not decision.evidence.exists()


def test_the_admin_creates_a_decision(manager_client, consultation, theme):
    data = _admin_data(
        Decision(consultation=consultation, title="Nouvelle", description="D", service="S"),
        themes=[theme.pk],
    )
    data["status"], data["progress"] = "adopted", 10
    response = manager_client.post(reverse("admin:decisions_decision_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get(title="Nouvelle")
    assert list(decision.themes.all()) == [theme]
    assert decision.updates.get().status == "adopted"


def test_a_manager_of_another_consultation_cannot_reach_these_decisions(
    client, consultation, decision
):
    from tests.factories import ConsultationFactory
    from tests.factories import manager as manager_of

    client.force_login(manager_of(of=ConsultationFactory()))
    change = reverse("admin:decisions_decision_change", args=[decision.pk])
    assert client.get(change).status_code in (302, 404)
    assert client.get(import_url(consultation)).status_code == 403
    listing = client.get(reverse("admin:decisions_decision_changelist")).content.decode()
    assert decision.title not in listing


def test_a_draft_theme_is_neither_linked_nor_cited_nor_offered_as_filter(
    client, roadmap, consultation, theme, question, manager
):
    decision = roadmap["study"]
    actions.add_evidence(decision=decision, actor=manager, question=question)
    theme.is_published = False
    theme.save(update_fields=["is_published"])
    html = client.get(decision.get_absolute_url()).content.decode()
    assert theme.get_absolute_url() not in html
    assert question.label not in html
    roadmap_html = client.get(roadmap_url(consultation)).content.decode()
    assert 'value="metavers"' not in roadmap_html
