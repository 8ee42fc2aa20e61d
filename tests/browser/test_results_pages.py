"""The staff statistics pages in a real browser: axe-core with the charts and tables, and
every figure reachable with the keyboard."""

from __future__ import annotations

import pytest

from .test_staff_accessibility import OVERFLOW_JS, run_axe
from .test_survey_journey import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PASSWORD = "mot-de-passe-de-test-assez-long"


@pytest.fixture(scope="module")
def questionnaire(site, django_db_blocker):
    from django.contrib.auth import get_user_model

    from concerto.surveys.models import Questionnaire
    from concerto.surveys.synthetic import generate

    with django_db_blocker.unblock():
        get_user_model().objects.create_superuser("analyste", "a@example.org", PASSWORD)
        generate(40, questionnaires=Questionnaire.objects.all(), seed=3)
        # The richest questionnaire of the demo: the one with the most kinds of question.
        return max(
            Questionnaire.objects.all(),
            key=lambda q: q.questions.values("kind").distinct().count(),
        )


@pytest.fixture(scope="module")
def analyst_page(browser, site, questionnaire, django_db_blocker):
    from .conftest import _new_page

    context, page = _new_page(browser)
    with django_db_blocker.unblock():
        page.goto(site + "/admin/login/")
        page.fill("#id_username", "analyste")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.locator("input[type=submit]").first.click()
    yield page
    context.close()


def pages(questionnaire):
    from django.urls import reverse

    statistics = reverse("results:questionnaire_statistics", args=[questionnaire.pk])
    texts = reverse("results:free_texts", args=[questionnaire.pk])
    return {
        "statistics": statistics,
        "statistics-public": statistics + "?vue=public",
        "statistics-filtered": statistics + "?profil=aucun&departement=75",
        "free-texts": texts,
        "free-texts-search": texts + "?q=culture",
    }


def test_statistics_pages_have_no_axe_violation(site, questionnaire, analyst_page, axe_js):
    failures = []
    for name, path in pages(questionnaire).items():
        response = analyst_page.goto(site + path)
        assert response is not None and response.status == 200, (name, response.status)
        if name == "statistics":
            assert analyst_page.locator("svg.results-chart").count() > 3
        violations = run_axe(analyst_page, axe_js)
        if violations:
            from .test_accessibility import _format_violations

            failures.append(f"[{name}] " + _format_violations(path, violations))
    assert not failures, "\n\n".join(failures)


def test_figures_are_reached_with_the_keyboard(site, questionnaire, analyst_page):
    analyst_page.goto(site + pages(questionnaire)["statistics"])
    # The filters, then each data table (scrollable regions take the focus).
    tab_to(analyst_page, "input[type=submit]")
    tab_to(analyst_page, ".results-table[tabindex='0']")
    label = analyst_page.evaluate("() => document.activeElement.getAttribute('aria-labelledby')")
    assert label and analyst_page.locator(f"#{label}").inner_text()


def test_statistics_reflow_at_200_percent_zoom(site, questionnaire, analyst_page):
    analyst_page.set_viewport_size({"width": 640, "height": 800})
    try:
        analyst_page.goto(site + pages(questionnaire)["statistics"])
        overflow = analyst_page.evaluate(OVERFLOW_JS)
    finally:
        analyst_page.set_viewport_size({"width": 1280, "height": 800})
    assert overflow["scroll"] <= overflow["width"], overflow
