"""A participant who uses only the keyboard answers a questionnaire with every kind of
question, over several pages, error states included; axe-core checks every page they see."""

from __future__ import annotations

import pytest

from concerto.surveys.models import Response, ResponseStatus
from tests.browser.conftest import inject_axe
from tests.surveys.kit import build_questionnaire

from .test_accessibility import AXE_TAGS, _format_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def questionnaire(transactional_db):
    return build_questionnaire()


def check_axe(page, axe_js, label):
    inject_axe(page, axe_js)
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )
    assert not results["violations"], _format_violations(label, results["violations"])


def tab_to(page, selector, limit=200):
    """Press Tab until the focused element matches ``selector``: reachable by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def choose_radio(page, name, value):
    tab_to(page, f'input[type=radio][name="{name}"]')
    for _ in range(15):  # arrow keys move within a radio group
        if page.evaluate("() => document.activeElement.value") == value:
            page.keyboard.press("Space")
            break
        page.keyboard.press("ArrowDown")
    assert page.is_checked(f'input[name="{name}"][value="{value}"]'), (name, value)


def tick(page, name, value):
    tab_to(page, f'input[type=checkbox][name="{name}"][value="{value}"]')
    page.keyboard.press("Space")
    assert page.is_checked(f'input[name="{name}"][value="{value}"]')


def type_into(page, name, text):
    tab_to(page, f'[name="{name}"]')
    page.keyboard.type(text)


def select_option(page, name, value):
    tab_to(page, f'select[name="{name}"]')
    for _ in range(30):  # on a closed select, ArrowDown moves to the next option
        if page.evaluate("() => document.activeElement.value") == value:
            break
        page.keyboard.press("ArrowDown")
    assert page.eval_on_selector(f'select[name="{name}"]', "el => el.value") == value


def press_button(page, text, limit=200):
    """Tab to the button (or button-styled link) labelled ``text`` and press Enter on it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(t) => document.activeElement.matches('button[type=submit], a.fr-btn')"
            " && document.activeElement.innerText.trim() === t",
            text,
        ):
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError(f"button {text!r} cannot be reached with the Tab key")


def test_keyboard_only_participant_completes_a_multi_page_questionnaire(
    live_server, page, axe_js, questionnaire
):
    page.goto(live_server.url + questionnaire.get_absolute_url())
    check_axe(page, axe_js, "start")
    press_button(page, "Commencer")

    # Profile, first with nothing chosen: the errors must be accessible too.
    assert "Votre profil" in page.inner_text("h1")
    check_axe(page, axe_js, "profile")
    press_button(page, "Continuer")
    assert page.evaluate("() => document.activeElement.id") == "erreurs"
    assert "Indiquez à quel titre vous répondez." in page.inner_text("#erreurs")
    check_axe(page, axe_js, "profile with errors")
    citizen = page.get_attribute("label:has-text('Citoyen ou citoyenne')", "for")
    choose_radio(page, "profile", citizen.removeprefix("profil-"))
    select_option(page, "departement", "29")
    press_button(page, "Continuer")

    # Step 1, submitted empty first.
    assert "Étape 1 sur 3" in page.inner_text("main")
    check_axe(page, axe_js, "step 1")
    press_button(page, "Suivant")
    assert "Le formulaire contient 1 erreur" in page.inner_text("#erreurs")
    check_axe(page, axe_js, "step 1 with errors")
    assert not page.is_visible("#q-usage-detail")  # shown only once "Oui" is chosen
    page.focus("h1")
    choose_radio(page, "q-usage", "oui")
    assert page.is_visible("#q-usage-detail")
    type_into(page, "q-usage-detail", "Une tablette")
    tick(page, "q-domaines", "musique")
    tick(page, "q-domaines", "autre")
    type_into(page, "q-domaines-autre", "Cinéma")
    select_option(page, "q-region", "bretagne")
    choose_radio(page, "q-frequence", "semaine")
    press_button(page, "Suivant")

    # Step 2: Likert, 0-10 scale, long text shown by a condition, number, date.
    assert "Étape 2 sur 3" in page.inner_text("main")
    check_axe(page, axe_js, "step 2")
    choose_radio(page, "q-accord", "2")
    choose_radio(page, "q-note", "7")
    type_into(page, "q-pourquoi", "Parce que les outils manquent.")
    assert "30 / 300 caractères" in page.inner_text("#q-pourquoi-compteur")
    type_into(page, "q-budget", "1500,5")
    type_into(page, "q-depuis", "17052020")
    press_button(page, "Suivant")

    # Step 3: ranking without drag and drop, matrix; back once, then forward again.
    assert "Étape 3 sur 3" in page.inner_text("main")
    check_axe(page, axe_js, "step 3")
    select_option(page, "q-classement-creation", "1")
    select_option(page, "q-classement-acces", "2")
    select_option(page, "q-classement-patrimoine", "3")
    choose_radio(page, "q-tableau-formation", "pour")
    choose_radio(page, "q-tableau-financement", "contre")
    press_button(page, "Précédent")
    assert page.input_value("#q-budget") == "1500,5"  # kept
    press_button(page, "Suivant")
    assert page.eval_on_selector('select[name="q-classement-creation"]', "el => el.value") == "1"
    press_button(page, "Vérifier mes réponses")

    # Review, then submit.
    assert "Vérifiez vos réponses" in page.inner_text("h1")
    check_axe(page, axe_js, "review")
    assert "Autre : Cinéma" in page.inner_text("main")
    press_button(page, "Envoyer mes réponses")
    assert "Merci, vos réponses sont bien envoyées" in page.inner_text("h1")
    check_axe(page, axe_js, "confirmation")

    response = Response.objects.get(questionnaire=questionnaire)
    assert response.status == ResponseStatus.SUBMITTED
    from concerto.surveys.answers import submitted_answers
    from concerto.surveys.structure import load

    typed = submitted_answers(response, load(questionnaire.pk))
    answers = {code: a.value for code, a in typed.items()}
    assert answers["usage-detail"] == "Une tablette"
    assert answers["domaines"] == ["musique", "autre"]
    assert answers["budget"] == 1500.5
    assert answers["depuis"].isoformat() == "2020-05-17"
    assert answers["classement"] == ["creation", "acces", "patrimoine"]
    assert answers["tableau"] == {"formation": "pour", "financement": "contre"}
