"""Decisions and the roadmap in a real browser: axe-core on every public decision page and
on the staff import page (with its report of rejected lines), and filters without JavaScript."""

from __future__ import annotations

import pytest

from .conftest import SLUG
from .test_accessibility import AXE_TAGS, _format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PASSWORD = "mot-de-passe-de-test-assez-long"
ROADMAP = f"/consultations/{SLUG}/decisions/"


def run_axe(page, axe_js) -> list[dict]:
    page.add_script_tag(path=str(axe_js))
    return page.evaluate(
        """(tags) => axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
        }).then((r) => r.violations)""",
        AXE_TAGS,
    )


@pytest.fixture(scope="module")
def decision_paths(site, django_db_blocker) -> list[str]:
    from concerto.decisions.models import Decision

    with django_db_blocker.unblock():
        return [d.get_absolute_url() for d in Decision.objects.published().order_by("pk")]


def test_roadmap_and_decision_pages_have_no_axe_violation(site, page, axe_js, decision_paths):
    assert len(decision_paths) == 3
    paths = [
        ROADMAP,
        ROADMAP + "?thematique=metavers&statut=in_progress",
        ROADMAP + "?statut=inconnu",
        "/en" + ROADMAP,
        *decision_paths,
        "/en" + decision_paths[0],
    ]
    failures = []
    for path in paths:
        response = page.goto(site + path)
        assert response is not None and response.status == 200, path
        violations = run_axe(page, axe_js)
        if violations:
            failures.append(_format_violations(path, violations))
    assert not failures, "\n\n".join(failures)


def test_the_roadmap_filters_without_javascript(site, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(site + "/")
    page.get_by_role("link", name="Ce que le ministère a décidé").click()
    page.get_by_label("Statut").select_option(label="Non retenue")
    page.get_by_role("button", name="Filtrer").click()
    assert "statut=rejected" in page.url
    assert page.get_by_role("heading", name="1 décision correspond à vos filtres").is_visible()
    page.get_by_role("link", name="Un métavers public du ministère de la Culture").click()
    assert page.get_by_role("heading", name="Ce que vous nous avez dit").is_visible()


@pytest.fixture(scope="module")
def consultation_id(site, django_db_blocker) -> int:
    """A superuser committed for the module (the server thread must see it)."""
    from django.contrib.auth import get_user_model

    from concerto.consultations.models import Consultation

    with django_db_blocker.unblock():
        get_user_model().objects.create_superuser("feuille", "f@example.org", PASSWORD)
        return Consultation.objects.get(slug=SLUG).pk


def test_the_import_page_and_its_report_have_no_axe_violation(
    site, page, axe_js, consultation_id, tmp_path
):
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "feuille")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit], button[type=submit]").first.click()
    path = f"/admin/decisions/decision/avancement/{consultation_id}/"
    response = page.goto(site + path)
    assert response.status == 200, (page.url, page.content()[:2000])
    violations = run_axe(page, axe_js)
    assert not violations, _format_violations(path, violations)

    bad = tmp_path / "avancement.csv"
    bad.write_text("id;avancement\n999999;20\n", encoding="utf-8")
    page.set_input_files("input[type=file]", str(bad))
    with page.expect_navigation():
        page.get_by_role("button", name="Importer").click()
    assert page.get_by_role("table", name="Lignes refusées").is_visible()
    violations = run_axe(page, axe_js)
    assert not violations, _format_violations(path + " (report)", violations)
