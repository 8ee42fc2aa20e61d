"""The workspace in a real browser: the benchmark questionnaire (15 questions, 3 sections,
display conditions) built with the keyboard alone, then answered by a participant; and
axe-core on every workspace page.

« Keyboard alone »: no click anywhere. Fields and buttons are reached with the Tab key
(``tab_to``), options chosen with the arrow keys, boxes ticked with Space, forms sent with
Enter, as someone without a mouse does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from concerto.surveys.builders import create_questionnaire
from concerto.surveys.models import Question, Questionnaire, Response, ResponseStatus
from concerto.surveys.structure import load
from tests.factories import ParticipantProfileFactory, ThemeFactory, manager
from tests.surveys.kit import SPEC, build_questionnaire

from .test_survey_journey import check_axe, choose_radio, select_option, tick, type_into

pytestmark = pytest.mark.browser

PASSWORD = "mot-de-passe-de-test-assez-long"
SAMPLE_LSS = Path(__file__).parents[1] / "workspace" / "data" / "sample.lss"
LIMIT = 800  # Tab presses: the builder of 15 questions is a long page


def tab_to(page, selector):
    for _ in range(LIMIT):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def press(page, text):
    """Tab to the submit button or link labelled ``text`` and press Enter on it."""
    for _ in range(LIMIT):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(t) => document.activeElement.matches('button[type=submit], a')"
            " && document.activeElement.textContent.replace(/\\s+/g, ' ').trim() === t",
            text,
        ):
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError(f"{text!r} cannot be reached with the Tab key")


def choose(page, selector, value):
    """A closed select: the arrow keys move through its options."""
    tab_to(page, selector)
    for _ in range(40):
        if page.evaluate("() => document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError((selector, value))


def replace_text(page, selector, text):
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


@pytest.fixture
def team(transactional_db):
    theme = ThemeFactory(title="Thématique de l’équipe")
    ParticipantProfileFactory(consultation=theme.consultation, label="Citoyen ou citoyenne")
    ParticipantProfileFactory(
        consultation=theme.consultation, label="Institution culturelle", is_organisation=True
    )
    user = manager(of=theme.consultation, username="gestionnaire")
    user.set_password(PASSWORD)
    user.save()
    return theme, user


def sign_in(page, base):
    page.goto(base + "/admin/login/?next=/gestion/")
    page.fill("#id_username", "gestionnaire")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/gestion/"), page.url


def new_question_id(questionnaire) -> int:
    return Question.objects.filter(questionnaire=questionnaire).order_by("-pk").first().pk


def build_with_the_keyboard(page, base, theme) -> Questionnaire:
    page.goto(base + f"/gestion/consultations/{theme.consultation_id}/")
    press(page, "Nouvelle enquête — " + theme.title)
    tab_to(page, "#id_title")
    page.keyboard.type(SPEC["title"])
    press(page, "Créer l’enquête en brouillon")
    questionnaire = Questionnaire.objects.get(title=SPEC["title"])
    codes: dict[str, int] = {}
    for number, section_spec in enumerate(SPEC["sections"], start=1):
        tab_to(page, "#id_section-title")
        page.keyboard.type(section_spec["title"])
        press(page, "Ajouter la section")
        section_id = questionnaire.sections.order_by("-pk").first().pk
        for spec in section_spec["questions"]:
            choose(page, f"#nouvelle-{section_id}-kind", spec["kind"])
            tab_to(page, f"#nouvelle-{section_id}-label")
            page.keyboard.type(spec["label"])
            press(page, f"Ajouter la question à la section {number}")
            pk = new_question_id(questionnaire)
            codes[spec["code"]] = pk
            # The question's own fields: those of its kind only.
            replace_text(page, "#id_question-code", spec["code"])
            if spec.get("required"):
                tab_to(page, "#id_question-required")
                page.keyboard.press("Space")
            for name in ("max_length", "min_choices", "max_choices", "min_value", "max_value"):
                if spec.get(name) is not None:
                    replace_text(page, f"#id_question-{name}", str(spec[name]))
            if spec.get("has_other"):
                tab_to(page, "#id_question-has_other")
                page.keyboard.press("Space")
            press(page, "Enregistrer la question")
            kind = Question.objects.get(pk=pk).kind_def
            if spec.get("choices") and not kind.fixed_levels:
                tab_to(page, f"#ajouter-choix-{pk}")
                page.keyboard.type("\n".join(c["label"] for c in spec["choices"]))
                press(page, "Enregistrer les choix")
            if spec.get("rows"):
                tab_to(page, f"#ajouter-lignes-{pk}")
                page.keyboard.type("\n".join(c["label"] for c in spec["rows"]))
                press(page, "Enregistrer les lignes")
            for condition in spec.get("conditions", []):
                choose(page, f"#source-{pk}", str(codes[condition["depends_on"]]))
                press(page, "Choisir cette question")
                choose_radio(page, "condition-operator", condition["operator"])
                for value in condition.get("values", []):
                    tick_value(page, value)
                press(page, "Ajouter la condition")
                assert "Condition d’affichage ajoutée" in page.inner_text("main")
    return questionnaire


def tick_value(page, value):
    selector = f'input[type=checkbox][name="condition-values"][value="{value}"]'
    tab_to(page, selector)
    page.keyboard.press("Space")
    assert page.is_checked(selector)


def shape(questionnaire) -> list:
    """What a participant meets, whatever the wording of fixed levels: sections, then each
    question's code, kind, limits, option codes and conditions."""
    definition = load(questionnaire.pk)
    return [
        (
            definition.sections[q.section].title,
            q.code,
            q.kind,
            q.required,
            q.max_length,
            q.min_choices,
            q.max_choices,
            q.min_value,
            q.max_value,
            q.has_other,
            [(c.code, c.is_row, c.is_other) for c in q.choices],
            [(c.depends_on, c.operator, tuple(c.values)) for c in q.conditions],
        )
        for q in definition.questions
    ]


def test_the_benchmark_questionnaire_is_built_with_the_keyboard_then_answered(
    live_server, new_page, axe_js, team
):
    theme, _user = team
    page = new_page()
    sign_in(page, live_server.url)
    questionnaire = build_with_the_keyboard(page, live_server.url, theme)
    assert questionnaire.questions.count() == 15

    # The same structure as the kit's, built by the survey engine's builder.
    reference = build_questionnaire(ThemeFactory(), slug="reference")
    assert shape(questionnaire) == shape(reference)

    page.goto(live_server.url + f"/gestion/enquetes/{questionnaire.pk}/")
    assert "Aucun problème" in page.inner_text("#verifications")
    check_axe(page, axe_js, "builder, built")
    press(page, "Publier l’enquête")
    assert "L’enquête est publiée" in page.inner_text("main")
    questionnaire.refresh_from_db()
    assert questionnaire.is_published

    # A participant answers it.
    visitor = new_page()
    visitor.goto(live_server.url + questionnaire.get_absolute_url())
    press(visitor, "Commencer")
    citizen = visitor.get_attribute("label:has-text('Citoyen ou citoyenne')", "for")
    choose_radio(visitor, "profile", citizen.removeprefix("profil-"))
    press(visitor, "Continuer")
    assert "Étape 1 sur 3" in visitor.inner_text("main")
    choose_radio(visitor, "q-usage", "oui")
    type_into(visitor, "q-usage-detail", "Une tablette")
    tick(visitor, "q-domaines", "musique")
    select_option(visitor, "q-region", "bretagne")
    choose_radio(visitor, "q-frequence", "semaine")
    press(visitor, "Suivant")
    choose_radio(visitor, "q-accord", "2")
    type_into(visitor, "q-pourquoi", "Parce que.")
    type_into(visitor, "q-budget", "1500")
    press(visitor, "Suivant")
    choose_radio(visitor, "q-tableau-formation", "pour")
    choose_radio(visitor, "q-tableau-financement", "contre")
    press(visitor, "Vérifier mes réponses")
    press(visitor, "Envoyer mes réponses")
    assert "Merci, vos réponses sont bien envoyées" in visitor.inner_text("h1")
    response = Response.objects.get(questionnaire=questionnaire)
    assert response.status == ResponseStatus.SUBMITTED


def test_every_workspace_page_passes_axe(live_server, new_page, axe_js, team):
    theme, _user = team
    questionnaire = create_questionnaire(theme=theme, spec=SPEC)
    draft = ThemeFactory(consultation=theme.consultation, title="Brouillon", is_published=False)
    base = live_server.url
    page = new_page()
    sign_in(page, base)
    multiple = questionnaire.questions.get(code="domaines")
    matrix = questionnaire.questions.get(code="tableau")
    usage = questionnaire.questions.get(code="usage")
    builder = f"/gestion/enquetes/{questionnaire.pk}/"
    pages = {
        "home": "/gestion/",
        "dashboard": f"/gestion/consultations/{theme.consultation_id}/",
        "builder": builder,
        "builder, question open": f"{builder}?modifier={multiple.pk}&source={usage.pk}",
        "builder, matrix open": f"{builder}?modifier={matrix.pk}",
        "builder, section open": f"{builder}?section={questionnaire.sections.first().pk}",
        "preview": f"{builder}apercu/",
        "new questionnaire": f"/gestion/thematiques/{draft.pk}/nouvelle-enquete/",
        "import": f"/gestion/thematiques/{theme.pk}/importer/",
    }
    for label, path in pages.items():
        response = page.goto(base + path)
        assert response is not None and response.status == 200, (label, response.status)
        check_axe(page, axe_js, label)

    # Pages in error: an empty question, a preview step with a missing answer, a bad file.
    page.goto(base + builder)
    tab_to(page, "[name='nouvelle-label']")
    press(page, "Ajouter la question à la section 1")
    assert "Ce formulaire n’est pas enregistré" in page.inner_text("main")
    check_axe(page, axe_js, "builder, error")
    page.goto(base + f"{builder}apercu/")
    press(page, "Étape suivante")
    assert "à corriger" in page.inner_text("main")
    check_axe(page, axe_js, "preview, error")
    page.goto(base + f"/gestion/thematiques/{theme.pk}/importer/")
    page.set_input_files(
        "#id_file", files=[{"name": "x.json", "mimeType": "application/json", "buffer": b"{"}]
    )
    press(page, "Importer")
    assert "mal formé" in page.inner_text("main")
    check_axe(page, axe_js, "import, error")
    page.set_input_files("#id_file", str(SAMPLE_LSS))
    press(page, "Importer")
    assert "Rapport d’import" in page.inner_text("h1")
    check_axe(page, axe_js, "import report")
    assert re.search(r"repartition", page.inner_text("main"))


def test_the_builder_works_without_javascript(live_server, new_page, team):
    theme, _user = team
    questionnaire = create_questionnaire(theme=theme, spec=SPEC)
    page = new_page(java_script_enabled=False)
    sign_in(page, live_server.url)
    page.goto(live_server.url + f"/gestion/enquetes/{questionnaire.pk}/")
    last = questionnaire.questions.get(code="commentaire")
    tab_to(page, f"#monter-{last.pk}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "déplacée" in page.inner_text("main")
    last.refresh_from_db()
    assert last.order == 2
