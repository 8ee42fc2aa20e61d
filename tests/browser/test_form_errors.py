"""Fields in error as a screen reader meets them: each says it is invalid and which message
explains it (RGAA 11.10), the summary's links put the focus on the field to fix (11.11),
and personal fields say what they hold (11.13)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# The state of a form control, as assistive technologies are told it.
CONTROL_JS = """(el) => ({
    id: el.id,
    invalid: el.getAttribute('aria-invalid'),
    described: (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
        .map((id) => (document.getElementById(id) || {}).textContent || `missing #${id}`)
        .join(' ').trim(),
})"""


@pytest.fixture(scope="module")
def questionnaire_url(site, django_db_blocker) -> str:
    """The kit questionnaire (every kind of question, « Autre » included), once per module."""
    from tests.surveys.kit import build_questionnaire

    with django_db_blocker.unblock():
        return site + build_questionnaire().get_absolute_url()


def controls(page, selector: str) -> list[dict]:
    return [element.evaluate(CONTROL_JS) for element in page.locator(selector).all()]


def summary_targets(page) -> list[str]:
    return [
        href.removeprefix("#")
        for href in page.locator("#erreurs a").evaluate_all("(a) => a.map((x) => x.hash)")
    ]


def follow_summary_link(page, index: int) -> dict:
    """Press Enter on a link of the error summary; where is the focus then?"""
    link = page.locator("#erreurs a").nth(index)
    link.focus()
    page.keyboard.press("Enter")
    target = link.evaluate("(a) => a.hash.slice(1)")
    page.wait_for_function("(h) => location.hash === '#' + h", arg=target)
    return page.evaluate(
        """() => ({id: document.activeElement.id,
                   tag: document.activeElement.tagName.toLowerCase()})"""
    )


def submit(page, label: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def pick(page, control_id: str) -> None:
    """Tick or choose through the visible label (DSFR hides the native control)."""
    page.locator(f"label[for='{control_id}']").click()


def assert_summary_leads_to(page, expected: list[str]) -> None:
    assert summary_targets(page) == expected
    for index, target in enumerate(expected):
        focus = follow_summary_link(page, index)
        assert focus["id"] == target, (target, focus)
        assert focus["tag"] in ("input", "select", "textarea"), focus


def test_profile_errors_are_announced_and_lead_to_the_field(questionnaire_url, page):
    page.goto(questionnaire_url)
    page.get_by_role("link", name="Commencer").click()
    page.wait_for_url("**/profil/")

    # Personal fields say what they hold, for autofill and assistive technologies.
    assert page.get_attribute("[name=organisation_name]", "autocomplete") == "organization"
    assert page.get_attribute("[name=email]", "autocomplete") == "email"

    submit(page, "Continuer")
    radios = controls(page, "input[name=profile]")
    assert radios and all(r["invalid"] == "true" for r in radios), radios
    assert_summary_leads_to(page, [radios[0]["id"]])

    # An organisation without its name: the text field is in error, not the profile.
    institution = page.get_attribute("label:has-text('Institution culturelle')", "for")
    pick(page, institution)
    page.fill("[name=email]", "pas-une-adresse")
    submit(page, "Continuer")
    assert all(r["invalid"] is None for r in controls(page, "input[name=profile]"))
    organisation, email = controls(page, "[name=organisation_name], [name=email]")
    for control in (organisation, email):
        assert control["invalid"] == "true", control
        assert control["described"], control
    assert "nom de l’organisation" in organisation["described"]
    assert_summary_leads_to(page, [organisation["id"], email["id"]])


def test_question_errors_are_announced_and_lead_to_the_field_to_fix(questionnaire_url, page):
    page.goto(questionnaire_url)
    page.get_by_role("link", name="Commencer").click()
    page.wait_for_url("**/profil/")
    pick(page, page.get_attribute("label:has-text('Citoyen ou citoyenne')", "for"))
    submit(page, "Continuer")
    assert "/etape/1/" in page.url

    # A required radio group left empty: every radio says so.
    submit(page, "Suivant")
    usage = controls(page, "input[name=q-usage]")
    assert usage and all(r["invalid"] == "true" for r in usage), usage
    assert_summary_leads_to(page, [usage[0]["id"]])

    # Too many boxes ticked: every box of the group says so.
    pick(page, "q-usage-non")
    for code in ("musique", "musees", "livre"):
        pick(page, f"q-domaines-{code}")
    submit(page, "Suivant")
    boxes = controls(page, "input[name=q-domaines]")
    assert boxes and all(b["invalid"] == "true" for b in boxes), boxes
    assert all(r["invalid"] is None for r in controls(page, "input[name=q-usage]"))
    assert_summary_leads_to(page, [boxes[0]["id"]])

    # « Autre » ticked without saying what: the text field is the one in error.
    for code in ("musees", "livre"):
        pick(page, f"q-domaines-{code}")
    pick(page, "q-domaines-autre")
    submit(page, "Suivant")
    (other,) = controls(page, "#q-domaines-autre-texte")
    assert other["invalid"] == "true", other
    assert other["described"], other
    assert all(b["invalid"] is None for b in controls(page, "input[name=q-domaines]"))
    assert_summary_leads_to(page, ["q-domaines-autre-texte"])
