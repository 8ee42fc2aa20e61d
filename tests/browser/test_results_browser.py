"""Published results in a real browser: axe-core on the public « Résultats » pages (charts
and tables included) and on the managers' pages that prepare them; the data tables are
reached with the keyboard."""

from __future__ import annotations

import pytest

from .conftest import SLUG
from .test_accessibility import _format_violations
from .test_staff_accessibility import PASSWORD, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

THEME = "priorites"
PUBLIC = {
    "consultation-results": f"/consultations/{SLUG}/resultats/",
    "theme-results": f"/consultations/{SLUG}/thematiques/{THEME}/resultats/",
    "theme-closed": f"/consultations/{SLUG}/thematiques/{THEME}/",
    "theme-results-en": f"/en/consultations/{SLUG}/thematiques/{THEME}/resultats/",
}


@pytest.fixture(autouse=True)
def _media_root():
    """The PDF written once for the module stays where the module's server finds it."""
    yield


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(scope="module")
def results(site, media, django_db_blocker):
    """The demo's closed theme with published results (a few hundred answers), and the
    managers' pages of it."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from concerto.consultations.models import Consultation
    from concerto.publication.demo import load_demo_results
    from concerto.publication.models import Quote

    with django_db_blocker.unblock():
        get_user_model().objects.create_superuser("redaction", "r@example.org", PASSWORD)
        results = load_demo_results(Consultation.objects.get(slug=SLUG), responses=150)
        theme = results.theme.pk
        quote = Quote.objects.filter(results=results).first()
        questionnaire = results.theme.questionnaires.get()
        statistics = reverse("results:questionnaire_statistics", args=[questionnaire.pk])
        texts = reverse("results:free_texts", args=[questionnaire.pk])
        return {
            # The staff statistics with the themes of the open question (issue 10).
            "statistics-themes": statistics + "?campagnes=on",
            "free-texts-themes": texts + "?question=mesure",
            "edit": reverse("admin:publication_themeresults_edit", args=[theme]),
            "answers": reverse("admin:publication_themeresults_answers", args=[theme]),
            "preview": reverse("admin:publication_themeresults_preview", args=[theme]),
            "quote": reverse("admin:publication_themeresults_quote", args=[theme, quote.pk]),
            "list": reverse("admin:publication_themeresults_changelist"),
        }


@pytest.mark.parametrize("path", PUBLIC.values(), ids=PUBLIC.keys())
def test_public_results_pages_have_no_axe_violation(site, results, page, axe_js, path):
    response = page.goto(site + path)
    assert response is not None and response.status == 200, path
    violations = run_axe(page, axe_js)
    assert not violations, _format_violations(path, violations)


def test_the_results_page_shows_its_charts_and_links_its_pdf(site, results, page):
    page.goto(site + PUBLIC["theme-results"])
    assert page.locator("svg[role=img]").count() >= 3
    assert page.locator("h2", has_text="Ce que vous nous avez dit").count() == 1
    assert page.locator("h3", has_text="Ce qui ressort des réponses écrites").count() == 1
    link = page.locator("a", has_text="Télécharger les résultats")
    assert link.count() == 1
    response = page.request.get(site + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"


def test_data_tables_are_reached_with_the_keyboard(site, results, page):
    page.goto(site + PUBLIC["theme-results"])
    scrollable = page.locator("[role=region][tabindex='0']")
    assert scrollable.count() >= 1
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('role')") == "region":
            break
    else:
        pytest.fail("no data table reached with Tab")


def test_managers_pages_have_no_axe_violation(site, results, new_page, axe_js, django_db_blocker):
    page = new_page()
    with django_db_blocker.unblock():
        page.goto(site + "/admin/login/")
        page.fill("#id_username", "redaction")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.locator("input[type=submit], button[type=submit]").first.click()
        failures = []
        for name, path in results.items():
            response = page.goto(site + path)
            assert response is not None and response.status == 200, (name, path)
            violations = run_axe(page, axe_js)
            if violations:
                failures.append(f"[{name}] " + _format_violations(path, violations))
    assert not failures, "\n\n".join(failures)
