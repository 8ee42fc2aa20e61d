"""Staff pages (the back office at /admin/) in a real browser: axe-core on every one of them,
and no sideways scrolling at 200 % zoom (RGAA 10.11).

Every model the back office registers is visited: its list, its add form and the change
form of one object, plus the staff pages that are not model pages. A model added later is
checked without touching this file.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import TEXT_200_PERCENT_JS, inject_axe

from .test_accessibility import AXE_TAGS, _format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PASSWORD = "mot-de-passe-de-test-assez-long"


def staff_pages(user) -> dict[str, str]:
    """Every staff page of the demo ``user`` may open, by name, from the admin's registry."""
    from django.contrib import admin
    from django.test import RequestFactory
    from django.urls import reverse

    request = RequestFactory().get("/admin/")
    request.user = user

    pages = {
        "index": reverse("admin:index"),
        "password-change": reverse("admin:password_change"),
    }
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        pages[f"{info}-list"] = reverse(f"admin:{info}_changelist")
        if model_admin.has_add_permission(request):
            pages[f"{info}-add"] = reverse(f"admin:{info}_add")
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages[f"{info}-change"] = reverse(f"admin:{info}_change", args=[obj.pk])
        pages[f"{info}-app"] = reverse("admin:app_list", args=[model._meta.app_label])
    from concerto.surveys.models import Questionnaire

    questionnaire = Questionnaire.objects.order_by("pk").first()
    pages["questionnaire-history"] = reverse(
        "admin:surveys_questionnaire_history", args=[questionnaire.pk]
    )
    pages["questionnaire-delete"] = reverse(
        "admin:surveys_questionnaire_delete", args=[questionnaire.pk]
    )
    pages["questionnaire-preview"] = reverse("surveys:preview", args=[questionnaire.pk])
    pages["questionnaire-exports"] = reverse(
        "admin:surveys_questionnaire_exports", args=[questionnaire.pk]
    )
    return pages


@pytest.fixture(scope="module")
def staff(site, django_db_blocker):
    """A superuser (who sees every staff page), the demo's responses, and the pages to visit."""
    from django.contrib.auth import get_user_model

    from concerto.surveys.models import Questionnaire
    from concerto.surveys.synthetic import generate

    with django_db_blocker.unblock():
        user = get_user_model().objects.create_superuser("equipe", "e@example.org", PASSWORD)
        generate(3, questionnaires=Questionnaire.objects.all(), seed=1)
        pages = staff_pages(user)
    return pages


@pytest.fixture(scope="module")
def staff_page(browser, site, staff, django_db_blocker):
    """One signed-in browser page for the module (the server needs the database open)."""
    from .conftest import _new_page

    context, page = _new_page(browser)
    with django_db_blocker.unblock():
        page.goto(site + "/admin/login/")
        page.fill("#id_username", "equipe")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.locator("input[type=submit], button[type=submit]").first.click()
    assert "/admin/login/" not in page.url
    yield page
    context.close()
    from .conftest import assert_no_csp_violation

    assert_no_csp_violation(context)


def run_axe(page, axe_js) -> list[dict]:
    inject_axe(page, axe_js)
    return page.evaluate(
        """(tags) => axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
        }).then((r) => r.violations)""",
        AXE_TAGS,
    )


def test_login_page_has_no_axe_violation(site, page, axe_js):
    page.goto(site + "/admin/login/")
    violations = run_axe(page, axe_js)
    assert not violations, _format_violations("/admin/login/", violations)


def test_every_staff_page_has_no_axe_violation(site, staff, staff_page, axe_js):
    failures = []
    for name, path in staff.items():
        response = staff_page.goto(site + path)
        assert response is not None and response.status == 200, (name, path, response.status)
        violations = run_axe(staff_page, axe_js)
        if violations:
            failures.append(f"[{name}] " + _format_violations(path, violations))
    assert len(staff) > 20, staff
    assert not failures, "\n\n".join(failures)


OVERFLOW_JS = """() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
    culprits: [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
        .slice(0, 8).map((el) => `${el.tagName}.${el.className}#${el.id}`),
})"""
STAFF_FORMS = [
    "surveys_questionnaire-change",
    "surveys_question-change",
    "consultations_theme-list",
]


@pytest.mark.parametrize("name", STAFF_FORMS)
def test_staff_page_reflows_at_200_percent_zoom(site, staff, staff_page, name):
    """1280 CSS px at 200 % zoom is a 640 px wide layout: nothing may scroll sideways."""
    staff_page.set_viewport_size({"width": 640, "height": 800})
    try:
        staff_page.goto(site + staff[name])
        overflow = staff_page.evaluate(OVERFLOW_JS)
    finally:
        staff_page.set_viewport_size({"width": 1280, "height": 800})
    assert overflow["scroll"] <= overflow["width"], overflow


@pytest.mark.parametrize("name", STAFF_FORMS)
def test_staff_page_keeps_to_the_screen_with_text_at_200_percent(site, staff, staff_page, name):
    """The browser's text size doubled (its default font size, what rem and % follow)."""
    staff_page.goto(site + staff[name])
    staff_page.evaluate(TEXT_200_PERCENT_JS)
    overflow = staff_page.evaluate(OVERFLOW_JS)
    assert overflow["scroll"] <= overflow["width"], overflow
