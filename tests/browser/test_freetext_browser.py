"""The analysts' pages of a free-text analysis in a real browser: axe-core on every page and
on its error states, a sample coded with the keyboard alone, and the progress region kept
current by its script (and an « Actualiser » link without it).

The data (a team's questionnaire, French answers, a finished discovery with its proposals,
validated themes, a queued run on a second question) is made once for the module, on top
of the demo site; the machine's output is written as the worker leaves it.
"""

from __future__ import annotations

from unittest import mock

import pytest

from .test_survey_journey import check_axe, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PASSWORD = "mot-de-passe-de-test-assez-long"


@pytest.fixture(scope="module")
def analysis_site(site, django_db_blocker) -> dict:
    """The team's data, committed for the module's server; the addresses of its pages."""
    from django.urls import reverse

    from concerto.freetext import actions
    from tests.factories import ConsultationFactory, ThemeFactory, analyst, manager
    from tests.freetext.pages_kit import answer, answer_all, finish_discovery
    from tests.surveys.kit import build_questionnaire

    with django_db_blocker.unblock(), mock.patch("concerto.freetext.actions._enqueue"):
        # The runs stay as the page finds them: no worker picks them up here.
        kit = build_questionnaire(
            ThemeFactory(consultation=ConsultationFactory(title="Culture pour tous", slug="cpt"))
        )
        consultation = kit.theme.consultation
        user = analyst(of=consultation, username="analyste-navigateur")
        user.set_password(PASSWORD)
        user.save()
        manager(of=consultation, username="gestion-navigateur")
        question = kit.questions.get(code="pourquoi")
        answers = answer_all(kit)
        run = actions.start_discovery(actor=user, question=question)
        finish_discovery(run, answers)
        candidates = list(run.candidates.filter(is_off_topic=False).order_by("position"))
        themes = actions.validate_candidates(actor=user, candidates=candidates[:2])
        waiting = kit.questions.get(code="commentaire")
        answer(kit, ["Des horaires plus larges.", "Plus de concerts gratuits."], "commentaire")
        queued = actions.start_discovery(actor=user, question=waiting)
        return {
            "questionnaire": reverse("freetext:questionnaire", args=[kit.pk]),
            "analysis": reverse("freetext:analysis", args=[question.pk]),
            "waiting": reverse("freetext:analysis", args=[waiting.pk]),
            "theme": reverse("freetext:theme", args=[themes[0].pk]),
            "delete": reverse("freetext:theme_delete", args=[themes[0].pk]),
            "sample": reverse("freetext:sample", args=[question.pk]),
            "double": reverse("freetext:double", args=[question.pk]),
            "campaigns": reverse("freetext:campaigns", args=[question.pk]),
            "dashboard": reverse("workspace:consultation", args=[consultation.pk]),
            "queued_run": queued.pk,
            "user": user.pk,
        }


def sign_in(page, base):
    page.goto(base + "/admin/login/?next=/gestion/")
    page.fill("#id_username", "analyste-navigateur")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/gestion/"), page.url


def submit(page, text):
    with page.expect_navigation():
        page.get_by_role("button", name=text).click()


def test_every_analysis_page_passes_axe_with_its_error_states(
    site, analysis_site, new_page, axe_js
):
    page = new_page()
    sign_in(page, site)
    for name in (
        "dashboard",
        "questionnaire",
        "analysis",
        "waiting",
        "theme",
        "delete",
        "sample",
        "double",
        "campaigns",
    ):
        response = page.goto(site + analysis_site[name])
        assert response is not None and response.status == 200, name
        check_axe(page, axe_js, name)

    # The analysis page in error: bounds the wrong way round, an empty theme, nothing ticked.
    page.goto(site + analysis_site["analysis"])
    page.fill("#id_min_themes", "8")
    page.fill("#id_max_themes", "4")
    submit(page, "Relancer la découverte des thèmes")
    assert "au moins égal au nombre minimal" in page.inner_text("main")
    check_axe(page, axe_js, "analysis, bounds in error")
    submit(page, "Ajouter le thème")
    assert "Donnez un libellé au thème." in page.inner_text("main")
    check_axe(page, axe_js, "analysis, empty theme")
    submit(page, "Valider les thèmes cochés")
    assert "Cochez au moins un thème proposé à valider." in page.inner_text("main")
    check_axe(page, axe_js, "analysis, nothing validated")

    # The theme page in error: an empty label, nothing ticked to move, nothing to merge.
    page.goto(site + analysis_site["theme"])
    page.fill("#id_theme-label", "")
    submit(page, "Enregistrer le thème")
    assert "Donnez un libellé au thème." in page.inner_text("main")
    check_axe(page, axe_js, "theme, empty label")
    submit(page, "Déplacer les réponses cochées")
    assert "Cochez au moins une réponse." in page.inner_text("main")
    check_axe(page, axe_js, "theme, nothing to move")
    submit(page, "Fusionner dans ce thème")
    assert "Cochez au moins un thème à fusionner" in page.inner_text("main")
    check_axe(page, axe_js, "theme, nothing to merge")


def test_a_sample_is_coded_with_the_keyboard_alone(site, analysis_site, new_page):
    from concerto.freetext.models import Review

    before = Review.objects.filter(analyst_id=analysis_site["user"]).count()
    page = new_page()
    sign_in(page, site)
    page.goto(site + analysis_site["sample"])
    assert "Réponse 1 sur" in page.inner_text("main")
    first = page.input_value("input[name=answer]")

    # The first theme ticked with Space, the form sent with Enter on its button.
    tab_to(page, "input[type=checkbox][name=themes]")
    page.keyboard.press("Space")
    assert page.is_checked("input[type=checkbox][name=themes]")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    main = page.inner_text("main")
    assert "Réponse codée : « Prix des places »." in main
    assert f"Vous avez codé {before + 1} réponse" in main
    second = page.input_value("input[name=answer]")
    assert second != first

    # Nothing ticked: « aucun de ces thèmes ».
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Réponse codée : aucun de ces thèmes." in page.inner_text("main")
    assert Review.objects.filter(analyst_id=analysis_site["user"]).count() == before + 2


def _set_run(pk: int, **fields) -> None:
    """Change the queued run as the worker would, where the module's server sees it: on
    PostgreSQL through a connection of its own, committed at once (the test's own
    transaction is invisible to the server); on SQLite the server shares the test's."""
    from django.db import connection, connections

    from concerto.freetext.models import Run

    if connection.vendor == "sqlite":
        Run.objects.filter(pk=pk).update(**fields)
        return
    other = connections.create_connection("default")
    try:
        columns = ", ".join(f"{name} = %s" for name in fields)
        with other.cursor() as cursor:
            cursor.execute(
                f"UPDATE freetext_run SET {columns} WHERE id = %s", [*fields.values(), pk]
            )
    finally:
        other.close()


def test_the_progress_region_follows_the_run(site, analysis_site, new_page):
    from django.utils import timezone

    page = new_page()
    sign_in(page, site)
    page.goto(site + analysis_site["waiting"])
    region = page.locator("#avancement [role=status]")
    assert "en attente" in region.inner_text()
    bar = page.locator("#avancement progress")
    assert bar.is_visible()
    try:
        _set_run(analysis_site["queued_run"], status="running", stage="embed", progress=40)
        page.wait_for_function(
            "() => document.querySelector('#avancement progress').value === 40", timeout=10_000
        )
        assert "lecture des réponses" in region.inner_text()
        assert "40 %" in region.inner_text()
        _set_run(
            analysis_site["queued_run"],
            status="done",
            stage="",
            progress=100,
            answers_count=2,
            finished_at=timezone.now(),
        )
        page.wait_for_function(
            "() => document.querySelector('#avancement [role=status]').textContent"
            ".includes('actualisez la page')",
            timeout=10_000,
        )
        assert "terminée" in region.inner_text()
    finally:
        _set_run(analysis_site["queued_run"], status="queued", stage="", progress=0)


def test_without_javascript_the_page_offers_a_refresh_link(site, analysis_site, new_page):
    page = new_page(java_script_enabled=False)
    sign_in(page, site)
    page.goto(site + analysis_site["waiting"])
    assert "en attente" in page.inner_text("#avancement")
    with page.expect_navigation():
        page.get_by_role("link", name="Actualiser").click()
    assert "en attente" in page.inner_text("#avancement")
    assert page.url.endswith(analysis_site["waiting"] + "#traitement")
