"""What a participant types never crashes a page nor loses what they typed.

Run on PostgreSQL by CI: PostgreSQL refuses a NUL character in a text (SQLite stores it),
so these tests are the ones that would have seen the 500s.
"""

import pytest
from django.test import Client

from concerto.participation.session import SESSION_KEY
from concerto.surveys.models import Participant, Response
from tests.surveys.kit import VALID_PAGES, build_questionnaire
from tests.surveys.test_flow import answer_all, begin, other_text, stored, url

pytestmark = pytest.mark.django_db


def test_a_nul_character_in_a_text_answer_is_dropped_not_a_500(client):
    questionnaire = build_questionnaire()
    first = begin(client, questionnaire)
    data = {**VALID_PAGES[1], "q-usage-detail": "Tab\x00lette", "next": "1"}
    assert client.post(first, data).status_code == 302
    answer_all(client, questionnaire)
    assert stored(questionnaire)["usage-detail"] == "Tablette"


def test_a_nul_character_in_an_other_text_is_dropped(client):
    questionnaire = build_questionnaire()
    first = begin(client, questionnaire)
    data = {**VALID_PAGES[1], "q-domaines-autre": "Ciné\x00ma\x07", "next": "1"}
    assert client.post(first, data).status_code == 302
    answer_all(client, questionnaire)
    assert other_text(questionnaire, "domaines") == "Cinéma"


def test_a_nul_character_in_a_resume_token_is_a_404(client):
    assert client.get("/reprendre/abc%00def/").status_code == 404


def test_a_nul_character_in_the_organisation_name_gets_a_message(client):
    questionnaire = build_questionnaire()
    client.post(questionnaire.get_absolute_url())
    profile = questionnaire.theme.consultation.profiles.get(label="Institution culturelle")
    response = client.post(
        url(questionnaire, "profile"),
        {"profile": profile.pk, "organisation_name": "Musée\x00", "departement": ""},
    )
    assert response.status_code == 400
    assert "Le caractère nul n’est pas autorisé." in response.content.decode()
    assert not Participant.objects.exists()


def test_text_typed_in_a_dependent_question_survives_an_error_elsewhere_on_the_page(client):
    # Métavers, step 1: too many project types ticked, a description typed below them.
    spec_page = {
        "title": "Vos projets",
        "questions": [
            {
                "code": "types",
                "kind": "multiple_choice",
                "label": "Types de projets",
                "max_choices": 2,
                "choices": [
                    {"code": "jeu", "label": "Jeu"},
                    {"code": "expo", "label": "Exposition"},
                    {"code": "concert", "label": "Concert"},
                ],
            },
            {
                "code": "description",
                "kind": "long_text",
                "label": "Décrivez votre projet",
                "conditions": [
                    {"depends_on": "types", "operator": "any_of", "values": ["jeu", "expo"]}
                ],
            },
        ],
    }
    questionnaire = build_questionnaire(title="Projets", slug="projets", sections=[spec_page])
    first = begin(client, questionnaire)
    response = client.post(
        first,
        {
            "q-types": ["jeu", "expo", "concert"],
            "q-description": "Une exposition immersive",
            "next": "1",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Cochez au plus 2 réponses." in page
    assert "Une exposition immersive" in page  # what was typed is still there


def test_a_double_click_on_the_profile_form_creates_one_participant():
    questionnaire = build_questionnaire()
    first_tab = Client()
    page = first_tab.get(url(questionnaire, "profile")).content.decode()
    key = page.split('name="cle" value="')[1].split('"')[0]
    profile = questionnaire.theme.consultation.profiles.get(label="Citoyen ou citoyenne")
    data = {"profile": profile.pk, "organisation_name": "", "departement": "", "cle": key}
    # Two posts of the same form, the second before the first's cookie came back.
    second_tab = Client()
    second_tab.cookies = first_tab.cookies
    assert first_tab.post(url(questionnaire, "profile"), data).status_code == 302
    second_tab.cookies = Client().cookies  # a session that does not know the participant yet
    assert second_tab.post(url(questionnaire, "profile"), data).status_code == 302
    assert Participant.objects.count() == 1
    assert Response.objects.count() == 1
    token = Participant.objects.get().token
    for tab in (first_tab, second_tab):
        assert token in tab.session[SESSION_KEY].values()
