"""Building questionnaires and reading responses in the back office, as a manager does."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concerto.surveys.models import (
    Choice,
    DisplayCondition,
    Question,
    QuestionKind,
    Questionnaire,
    ResponseStatus,
)
from concerto.surveys.staff_actions import (
    check_question_change,
    choice_has_answers,
    duplicate_questionnaire,
)
from tests.factories import StaffUserFactory
from tests.surveys.conftest import (
    FULL_ANSWERS,
    FULL_OTHER_TEXTS,
    QuestionFactory,
    QuestionnaireFactory,
    SectionFactory,
    respond,
)

pytestmark = pytest.mark.django_db


def structure(questionnaire: Questionnaire) -> list:
    """Everything a copy must reproduce, without primary keys."""
    return [
        (
            section.title,
            section.order,
            [
                (
                    q.code,
                    q.kind,
                    q.label,
                    q.required,
                    q.has_other,
                    [(c.code, c.label, c.is_row, c.order) for c in q.choices.all()],
                    [(c.depends_on.code, c.operator, c.values) for c in q.conditions.all()],
                )
                for q in section.questions.order_by("order", "pk")
            ],
        )
        for section in questionnaire.sections.order_by("order", "pk")
    ]


# --- Duplicating ---------------------------------------------------------------------------


def test_duplicate_copies_the_whole_questionnaire_unpublished(survey, manager):
    respond(survey, FULL_ANSWERS, other_texts=FULL_OTHER_TEXTS)

    copy = duplicate_questionnaire(questionnaire=survey, by_user=manager)

    assert copy.pk != survey.pk
    assert copy.theme == survey.theme
    assert copy.slug == "usages-copie"
    assert copy.title == "Vos usages culturels (copie)"
    assert not copy.is_published
    assert structure(copy) == structure(survey)
    assert not copy.responses.exists()
    survey.refresh_from_db()
    assert survey.is_published and survey.slug == "usages"
    assert LogEntry.objects.filter(
        user=manager, object_id=str(copy.pk), action_flag=ADDITION
    ).exists()


def test_duplicated_conditions_point_to_the_copied_questions(survey, manager):
    copy = duplicate_questionnaire(questionnaire=survey, by_user=manager)

    condition = DisplayCondition.objects.get(question__section__questionnaire=copy)
    assert condition.question.code == "usage_detail"
    assert condition.depends_on.code == "usage"
    assert condition.depends_on.section.questionnaire == copy
    # The original's condition is untouched.
    original = DisplayCondition.objects.get(question__section__questionnaire=survey)
    assert original.depends_on.section.questionnaire == survey


def test_each_copy_gets_its_own_slug(survey, manager):
    first = duplicate_questionnaire(questionnaire=survey, by_user=manager)
    second = duplicate_questionnaire(questionnaire=survey, by_user=manager)

    assert (first.slug, second.slug) == ("usages-copie", "usages-copie-2")


def test_manager_duplicates_from_the_list(manager_client, survey):
    response = manager_client.post(
        reverse("admin:surveys_questionnaire_changelist"),
        {"action": "duplicate", "_selected_action": [survey.pk]},
        follow=True,
    )

    assert response.status_code == 200
    copy = Questionnaire.objects.get(slug="usages-copie")
    assert "Copie créée, non publiée" in response.content.decode()
    assert Question.objects.filter(section__questionnaire=copy).count() == 14


# --- Protecting answers ----------------------------------------------------------------


def question_form(question: Question, **overrides) -> dict:
    data = {
        "section": question.section_id,
        "kind": question.kind,
        "code": question.code,
        "label": question.label,
        "help_text": question.help_text,
        "order": question.order,
        "max_length": "",
        "min_choices": "",
        "max_choices": "",
        "min_value": "",
        "max_value": "",
        "_save": "Enregistrer",
    }
    if question.required:
        data["required"] = "on"
    if question.has_other:
        data["has_other"] = "on"
    choices = list(question.choices.filter(is_other=False))  # « Autre » is the option's
    data.update(
        {
            "choices-TOTAL_FORMS": len(choices),
            "choices-INITIAL_FORMS": len(choices),
            "choices-MIN_NUM_FORMS": 0,
            "choices-MAX_NUM_FORMS": 1000,
        }
    )
    for i, choice in enumerate(choices):
        data.update(
            {
                f"choices-{i}-id": choice.pk,
                f"choices-{i}-question": question.pk,
                f"choices-{i}-label": choice.label,
                f"choices-{i}-code": choice.code,
                f"choices-{i}-order": choice.order,
                f"choices-{i}-score": "" if choice.score is None else str(choice.score),
            }
        )
        if choice.is_row:
            data[f"choices-{i}-is_row"] = "on"
    conditions = list(question.conditions.all())
    data.update(
        {
            "conditions-TOTAL_FORMS": len(conditions),
            "conditions-INITIAL_FORMS": len(conditions),
            "conditions-MIN_NUM_FORMS": 0,
            "conditions-MAX_NUM_FORMS": 1000,
        }
    )
    for i, condition in enumerate(conditions):
        data.update(
            {
                f"conditions-{i}-id": condition.pk,
                f"conditions-{i}-question": question.pk,
                f"conditions-{i}-depends_on": condition.depends_on_id,
                f"conditions-{i}-operator": condition.operator,
                f"conditions-{i}-values": ", ".join(map(str, condition.values)),
            }
        )
    data.update(overrides)
    return data


def change_url(question: Question) -> str:
    return reverse("admin:surveys_question_change", args=[question.pk])


def test_kind_of_an_answered_question_cannot_change(survey):
    question = Question.objects.get(code="commentaire")
    respond(survey, {"commentaire": "Merci"})

    with pytest.raises(ValidationError) as refused:
        check_question_change(question, QuestionKind.LONG_TEXT)

    assert "déjà reçu des réponses" in refused.value.message_dict["kind"][0]
    # Keeping the kind is fine.
    check_question_change(question, QuestionKind.SHORT_TEXT)


def test_kind_of_an_unanswered_question_can_change(survey):
    question = Question.objects.get(code="commentaire")
    respond(survey, {"usage": "non"})

    check_question_change(question, QuestionKind.LONG_TEXT)


def test_manager_is_told_in_french_why_the_kind_cannot_change(manager_client, survey):
    question = Question.objects.get(code="frequence")
    respond(survey, {"frequence": "souvent"})

    response = manager_client.post(
        change_url(question), question_form(question, kind=QuestionKind.MULTIPLE_CHOICE)
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "son type ne peut plus être changé" in errors["kind"][0]
    assert "son type ne peut plus être changé" in response.content.decode()
    question.refresh_from_db()
    assert question.kind == QuestionKind.SINGLE_CHOICE


def test_manager_fixes_the_wording_of_an_answered_question(manager_client, survey):
    question = Question.objects.get(code="frequence")
    respond(survey, {"frequence": "souvent"})
    souvent = question.choices.get(code="souvent")
    form = question_form(question, label="À quelle fréquence sortez-vous ?")
    index = list(question.choices.all()).index(souvent)
    form[f"choices-{index}-label"] = "Souvent (chaque semaine)"

    response = manager_client.post(change_url(question), form)

    assert response.status_code == 302, response.context["adminform"].form.errors
    question.refresh_from_db()
    souvent.refresh_from_db()
    assert question.label == "À quelle fréquence sortez-vous ?"
    assert souvent.label == "Souvent (chaque semaine)"


@pytest.mark.parametrize(
    ("code", "answers", "used", "unused"),
    [
        ("frequence", {"frequence": "souvent"}, "souvent", "rarement"),
        ("lieux", {"lieux": ["musee", "theatre"]}, "theatre", "cinema"),
        ("accord", {"accord": "4"}, "4", "5"),
    ],
)
def test_choice_has_answers_when_an_answer_holds_its_code(survey, code, answers, used, unused):
    respond(survey, answers)
    question = Question.objects.get(code=code)

    assert choice_has_answers(question.choices.get(code=used))
    assert not choice_has_answers(question.choices.get(code=unused))


def test_matrix_rows_and_columns_are_both_checked(survey):
    respond(survey, {"grille": {"bib": "bien"}})
    grille = Question.objects.get(code="grille")

    assert choice_has_answers(grille.choices.get(code="bib", is_row=True))
    assert not choice_has_answers(grille.choices.get(code="mus", is_row=True))
    assert choice_has_answers(grille.choices.get(code="bien", is_row=False))
    assert not choice_has_answers(grille.choices.get(code="mal", is_row=False))


def test_answers_of_another_question_do_not_count(survey):
    # The same code in another question's answers must not block this one.
    other = QuestionFactory(section=survey.sections.first(), kind=QuestionKind.SINGLE_CHOICE)
    Choice.objects.create(question=other, code="souvent", label="Souvent")
    respond(survey, {other.code: "souvent"})

    frequence = Question.objects.get(code="frequence")
    assert not choice_has_answers(frequence.choices.get(code="souvent"))


def test_answered_choice_cannot_be_deleted_in_the_back_office(manager_client, survey):
    question = Question.objects.get(code="lieux")
    respond(survey, {"lieux": ["musee"]})
    choices = list(question.choices.filter(is_other=False))
    form = question_form(question)
    form[f"choices-{choices.index(question.choices.get(code='musee'))}-DELETE"] = "on"

    response = manager_client.post(change_url(question), form)

    # Refused on the page (the database protects answered choices: PROTECT).
    assert response.status_code == 200
    assert "Musée" in response.content.decode() and "protégés" in response.content.decode()
    assert question.choices.filter(code="musee").exists()


def test_unanswered_choice_can_be_deleted(manager_client, survey):
    question = Question.objects.get(code="lieux")
    respond(survey, {"lieux": ["musee"]})
    choices = list(question.choices.filter(is_other=False))
    form = question_form(question)
    form[f"choices-{choices.index(question.choices.get(code='cinema'))}-DELETE"] = "on"

    response = manager_client.post(change_url(question), form)

    assert response.status_code == 302
    assert not question.choices.filter(code="cinema").exists()


def test_answered_choice_cannot_be_recoded(manager_client, survey):
    question = Question.objects.get(code="lieux")
    respond(survey, {"lieux": ["musee"]})
    choices = list(question.choices.filter(is_other=False))
    form = question_form(question)
    form[f"choices-{choices.index(question.choices.get(code='musee'))}-code"] = "musees"

    response = manager_client.post(change_url(question), form)

    assert response.status_code == 200
    assert "son code ne peut plus être modifié" in response.content.decode()
    assert question.choices.filter(code="musee").exists()


def test_other_option_cannot_be_removed_once_chosen(manager_client, survey):
    question = Question.objects.get(code="frequence")
    respond(survey, {"frequence": "autre"}, other_texts={"frequence": "L’été"})
    form = question_form(question)
    del form["has_other"]

    response = manager_client.post(change_url(question), form)

    assert response.status_code == 200
    assert "Autre (précisez)" in response.context["adminform"].form.errors["has_other"][0]


def test_answered_question_cannot_be_deleted(manager_client, survey):
    question = Question.objects.get(code="commentaire")
    respond(survey, {"commentaire": "Merci"})
    delete_url = reverse("admin:surveys_question_delete", args=[question.pk])

    response = manager_client.post(delete_url, {"post": "yes"}, follow=True)

    assert "a déjà reçu des réponses : elle ne peut pas être supprimée" in (
        response.content.decode()
    )
    assert Question.objects.filter(pk=question.pk).exists()


def test_unanswered_question_can_be_deleted(manager_client, survey):
    question = Question.objects.get(code="commentaire")
    delete_url = reverse("admin:surveys_question_delete", args=[question.pk])

    response = manager_client.post(delete_url, {"post": "yes"})

    assert response.status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()


def test_question_code_is_unique_within_the_questionnaire(manager_client, survey):
    question = Question.objects.get(code="commentaire")  # second section

    response = manager_client.post(change_url(question), question_form(question, code="usage"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["code"] == [
        "Une autre question de cette enquête utilise déjà ce code."
    ]


# --- Questionnaire list and page ----------------------------------------------------------


def test_list_counts_responses_by_status_in_one_query(manager_client, survey):
    changelist = reverse("admin:surveys_questionnaire_changelist")
    respond(survey, {"usage": "oui"})
    respond(survey, {"usage": "non"})
    respond(survey, {"usage": "non"}, status=ResponseStatus.IN_PROGRESS)
    manager_client.get(changelist)  # warm the session and content types

    with CaptureQueriesContext(connection) as few:
        response = manager_client.get(changelist)
    row = response.context["cl"].result_list.get(pk=survey.pk)
    assert (row.n_submitted, row.n_in_progress, row.n_withdrawn) == (2, 1, 0)

    for _ in range(5):
        respond(QuestionnaireFactory(theme=survey.theme), {})
    with CaptureQueriesContext(connection) as many:
        manager_client.get(changelist)
    assert len(many) == len(few)


def test_questionnaire_page_shows_counts_and_preview(manager_client, survey):
    respond(survey, {"usage": "oui"})
    respond(survey, {"usage": "non"}, status=ResponseStatus.IN_PROGRESS)

    page = manager_client.get(
        reverse("admin:surveys_questionnaire_change", args=[survey.pk])
    ).content.decode()

    assert "1 envoyée · 1 en cours · 0 retirée" in page
    assert reverse("surveys:preview", args=[survey.pk]) in page
    age = Question.objects.get(code="age")
    assert reverse("admin:surveys_question_change", args=[age.pk]) in page


# --- Responses --------------------------------------------------------------------------


def test_response_page_shows_every_answer_with_its_labels(manager_client, survey, profile):
    response = respond(
        survey,
        FULL_ANSWERS,
        other_texts=FULL_OTHER_TEXTS,
        profile=profile,
        email="marie.curie@exemple.fr",
    )

    page = manager_client.get(
        reverse("admin:surveys_response_change", args=[response.pk])
    ).content.decode()

    for expected in [
        "Particulier",
        "Je lis beaucoup.",
        "Musée",
        "Théâtre",
        "Autre : Festival",
        "Autre : Chaque été",
        "Niveau 4",
        "Bretagne",
        "1. Prix",
        "2. Accès",
        "Bibliothèques : Mal",
        "Musées : Bien",
        "14/03/2026",
        "Libellé commentaire",
    ]:
        assert expected in page, expected
    assert response.participant.token not in page
    assert "marie.curie" not in page


def test_unanswered_questions_are_shown_as_such(manager_client, survey):
    response = respond(survey, {"usage": "non"})

    page = manager_client.get(
        reverse("admin:surveys_response_change", args=[response.pk])
    ).content.decode()

    assert "Libellé usage_detail" in page
    assert "sans réponse" in page


def test_responses_are_read_only(manager_client, survey):
    response = respond(survey, {"commentaire": "Merci"})
    url = reverse("admin:surveys_response_change", args=[response.pk])

    assert manager_client.post(url, {"status": "withdrawn"}).status_code == 403
    assert manager_client.get(reverse("admin:surveys_response_add")).status_code == 403
    delete = reverse("admin:surveys_response_delete", args=[response.pk])
    assert manager_client.post(delete, {"post": "yes"}).status_code == 403
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED


def test_response_list_filters_by_questionnaire_and_shows_profiles(manager_client, survey, profile):
    respond(survey, {"usage": "oui"}, profile=profile)
    other = QuestionnaireFactory(theme=survey.theme)
    respond(other, {})

    page = manager_client.get(
        reverse("admin:surveys_response_changelist"), {"questionnaire__id__exact": survey.pk}
    )

    assert [r.questionnaire_id for r in page.context["cl"].result_list] == [survey.pk]
    assert "Particulier" in page.content.decode()


def test_staff_without_permission_cannot_see_responses(client, survey):
    response = respond(survey, {"usage": "oui"})
    client.force_login(StaffUserFactory())

    url = reverse("admin:surveys_response_change", args=[response.pk])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    "url_name", ["admin:surveys_questionnaire_add", "admin:surveys_question_add"]
)
def test_add_pages_open(manager_client, survey, url_name):
    section = survey.sections.first()

    response = manager_client.get(reverse(url_name), {"section": section.pk})

    assert response.status_code == 200
    # Sections are listed with their questionnaire, so that homonyms are told apart.
    if url_name == "admin:surveys_question_add":
        assert f"Vos usages culturels — {section.title}" in response.content.decode()


# --- Display conditions in the back office -----------------------------------------------


def with_new_condition(question: Question, depends_on: Question, operator: str, values: str):
    form = question_form(question)
    index = form["conditions-TOTAL_FORMS"]
    form["conditions-TOTAL_FORMS"] = index + 1
    form.update(
        {
            f"conditions-{index}-question": question.pk,
            f"conditions-{index}-depends_on": depends_on.pk,
            f"conditions-{index}-operator": operator,
            f"conditions-{index}-values": values,
        }
    )
    return form


def test_manager_types_condition_values_as_codes(manager_client, survey):
    question = Question.objects.get(code="commentaire")
    frequence = Question.objects.get(code="frequence")

    response = manager_client.post(
        change_url(question), with_new_condition(question, frequence, "any_of", "souvent, autre")
    )

    assert response.status_code == 302
    assert question.conditions.get().values == ["souvent", "autre"]


@pytest.mark.parametrize(
    ("source", "operator", "values", "message"),
    [
        (
            "frequence",
            "equals",
            "parfois",
            "ne sont pas des réponses possibles à « frequence » : parfois",
        ),
        ("usage", "equals", "peut-être", "Valeurs possibles : oui, non"),
        ("usage", "answered", "oui", "« A reçu une réponse » ne prend pas de valeur."),
        ("usage", "equals", "", "Indiquez au moins une valeur à comparer."),
    ],
)
def test_impossible_condition_values_are_refused_in_french(
    manager_client, survey, source, operator, values, message
):
    question = Question.objects.get(code="commentaire")
    depends_on = Question.objects.get(code=source)

    response = manager_client.post(
        change_url(question), with_new_condition(question, depends_on, operator, values)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not question.conditions.exists()


# --- Pages at a million responses: what each costs must not grow with the answers --------


def test_question_list_says_which_questions_have_answers_in_fixed_queries(manager_client, survey):
    url = reverse("admin:surveys_question_changelist")
    respond(survey, {"usage": "oui", "commentaire": "Merci"})
    manager_client.get(url)  # warm the session and content types

    with CaptureQueriesContext(connection) as few:
        page = manager_client.get(url)
    answered = {q.code: q.has_answers for q in page.context["cl"].result_list}
    # A choice (usage), a text (commentaire); nothing for the others.
    assert answered["usage"] and answered["commentaire"]
    assert not answered["lieux"] and not answered["age"] and not answered["intro"]

    other = QuestionnaireFactory(theme=survey.theme)
    for _ in range(5):
        QuestionFactory(section=SectionFactory(questionnaire=other))
    respond(survey, FULL_ANSWERS, other_texts=FULL_OTHER_TEXTS)
    with CaptureQueriesContext(connection) as many:
        manager_client.get(url)
    assert len(many) == len(few) == QUESTION_LIST_QUERIES


def test_questionnaire_pages_take_a_fixed_number_of_queries(
    manager_client, survey, django_assert_num_queries
):
    changelist = reverse("admin:surveys_questionnaire_changelist")
    change = reverse("admin:surveys_questionnaire_change", args=[survey.pk])
    for _ in range(3):
        respond(survey, FULL_ANSWERS, other_texts=FULL_OTHER_TEXTS)
    manager_client.get(changelist)  # warm the session and the process's caches
    manager_client.get(change)

    with django_assert_num_queries(QUESTIONNAIRE_LIST_QUERIES):
        manager_client.get(changelist)
    with django_assert_num_queries(QUESTIONNAIRE_CHANGE_QUERIES):
        page = manager_client.get(change)
    assert "3 envoyées · 0 en cours · 0 retirée" in page.content.decode()


def test_question_page_takes_a_fixed_number_of_queries(
    manager_client, survey, django_assert_num_queries
):
    grille = Question.objects.get(questionnaire=survey, code="grille")
    url = reverse("admin:surveys_question_change", args=[grille.pk])
    for _ in range(3):
        respond(survey, FULL_ANSWERS, other_texts=FULL_OTHER_TEXTS)
    manager_client.get(url)

    with django_assert_num_queries(QUESTION_CHANGE_QUERIES):
        page = manager_client.get(url)
    assert "Des réponses sont enregistrées" in page.content.decode()


QUESTION_LIST_QUERIES = 8  # the session comes from the cache
QUESTIONNAIRE_LIST_QUERIES = 9  # the session comes from the cache
QUESTIONNAIRE_CHANGE_QUERIES = 15
QUESTION_CHANGE_QUERIES = 10  # the condition inline reads its questions once, without a COUNT
