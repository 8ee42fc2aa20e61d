"""Decisions and the roadmap in a real browser: axe-core on every public decision page and
on the staff import page (with its report of rejected lines), and filters without JavaScript."""

from __future__ import annotations

import pytest

from .conftest import SLUG, inject_axe
from .test_accessibility import AXE_TAGS, _format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PASSWORD = "mot-de-passe-de-test-assez-long"
ROADMAP = f"/consultations/{SLUG}/decisions/"


def run_axe(page, axe_js) -> list[dict]:
    inject_axe(page, axe_js)
    return page.evaluate(
        """(tags) => axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
        }).then((r) => r.violations)""",
        AXE_TAGS,
    )


@pytest.fixture(scope="module")
def decision_paths(site, django_db_blocker) -> list[str]:
    """The demo's decisions on its closed theme, with published results: figures and quotes
    are on their pages."""
    from django.contrib.auth import get_user_model

    from concerto.consultations.models import Consultation
    from concerto.decisions.demo import load_demo_decisions
    from concerto.decisions.models import Decision
    from concerto.publication.demo import DEMO_EDITOR, load_demo_results

    with django_db_blocker.unblock():
        consultation = Consultation.objects.get(slug=SLUG)
        get_user_model().objects.create_superuser(DEMO_EDITOR, "r@example.org", PASSWORD)
        results = load_demo_results(consultation, responses=80)
        results.theme.is_published = True
        results.theme.save(update_fields=["is_published"])
        Decision.objects.all().delete()
        decisions = load_demo_decisions(consultation)
        assert any(d.evidence.filter(quote__isnull=False).exists() for d in decisions)
        return [d.get_absolute_url() for d in decisions]


def test_roadmap_and_decision_pages_have_no_axe_violation(site, page, axe_js, decision_paths):
    assert len(decision_paths) == 3
    paths = [
        ROADMAP,
        ROADMAP + "?thematique=priorites&statut=in_progress",
        ROADMAP + "?statut=inconnu",
        "/en" + ROADMAP,
        *decision_paths,
        "/en" + decision_paths[0],
    ]
    failures = []
    page.goto(site + decision_paths[0])
    assert page.locator("blockquote").count() >= 1  # a published quote is there
    assert "% des répondants" in page.content()  # and a published figure
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
    page.get_by_role(
        "link", name="Un fonds de fonctionnement numérique pour toutes les structures"
    ).click()
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
