"""A manager builds and publishes a questionnaire in the back office: every structure write
goes through its action (checks, audit event with the acting user), and the manager reads
what is wrong in French, next to the field concerned."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from concerto.core.models import AuditEvent
from concerto.surveys.models import (
    DisplayCondition,
    Question,
    QuestionKind,
    Questionnaire,
)
from concerto.surveys.staff_actions import duplicate_questionnaire
from tests.surveys.conftest import (
    QuestionFactory,
    QuestionnaireFactory,
    SectionFactory,
    add_choices,
    respond,
)
from tests.surveys.test_admin import (
    QUESTION_CHANGE_QUERIES,
    QUESTIONNAIRE_CHANGE_QUERIES,
    change_url,
    question_form,
    with_new_condition,
)

pytestmark = pytest.mark.django_db


def events(action: str | None = None):
    """What staff did (the fixtures build questionnaires through the actions, as nobody)."""
    found = AuditEvent.objects.filter(actor__isnull=False).order_by("pk")
    return found.filter(action=action) if action else found


def questionnaire_url(questionnaire: Questionnaire) -> str:
    return reverse("admin:surveys_questionnaire_change", args=[questionnaire.pk])


def questionnaire_form(questionnaire: Questionnaire, **overrides) -> dict:
    sections = list(questionnaire.sections.order_by("order", "pk"))
    data = {
        "theme": questionnaire.theme_id,
        "title": questionnaire.title,
        "slug": questionnaire.slug,
        "order": questionnaire.order,
        "introduction": questionnaire.introduction,
        "estimated_minutes": questionnaire.estimated_minutes or "",
        "sections-TOTAL_FORMS": len(sections),
        "sections-INITIAL_FORMS": len(sections),
        "sections-MIN_NUM_FORMS": 0,
        "sections-MAX_NUM_FORMS": 1000,
        "_continue": "Enregistrer et continuer",
    }
    if questionnaire.is_published:
        data["is_published"] = "on"
    for i, section in enumerate(sections):
        data.update(
            {
                f"sections-{i}-id": section.pk,
                f"sections-{i}-questionnaire": questionnaire.pk,
                f"sections-{i}-title": section.title,
                f"sections-{i}-description": section.description,
                f"sections-{i}-order": section.order,
            }
        )
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def draft(db) -> Questionnaire:
    """An unpublished questionnaire with two problems: a Likert without its levels, and an
    empty section."""
    questionnaire = QuestionnaireFactory(title="Brouillon", slug="brouillon", is_published=False)
    first = SectionFactory(questionnaire=questionnaire, title="Première", order=1)
    SectionFactory(questionnaire=questionnaire, title="Vide", order=2)
    QuestionFactory(section=first, code="accord", kind=QuestionKind.LIKERT, required=True)
    QuestionFactory(section=first, code="nom", kind=QuestionKind.SHORT_TEXT)
    return questionnaire


DRAFT_PROBLEMS = [
    "La section « Vide » n’a aucune question.",
    "Une question « Échelle de 1 à 5 » doit proposer exactement les niveaux 1, 2, 3, 4, 5, "
    "dans cet ordre ; elle en propose —.",
]


@pytest.fixture
def clean_draft(draft) -> Questionnaire:
    draft.sections.get(title="Vide").delete()
    accord = Question.objects.get(code="accord")
    add_choices(accord, [(str(n), f"Niveau {n}") for n in range(1, 6)])
    return draft


# --- publishing ------------------------------------------------------------------------------


def test_publishing_a_questionnaire_with_problems_shows_each_next_to_the_field(
    manager_client, draft
):
    response = manager_client.post(
        questionnaire_url(draft), questionnaire_form(draft, is_published="on")
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["is_published"]
    assert errors == ["L’enquête ne peut pas être publiée :", *DRAFT_PROBLEMS]
    page = response.content.decode()
    assert "La section « Vide » n’a aucune question." in page
    draft.refresh_from_db()
    assert not draft.is_published
    assert not events("questionnaire.publish").exists()


def test_a_clean_questionnaire_is_published_and_the_act_recorded(
    manager_client, manager, clean_draft
):
    response = manager_client.post(
        questionnaire_url(clean_draft), questionnaire_form(clean_draft, is_published="on")
    )

    assert response.status_code == 302
    clean_draft.refresh_from_db()
    assert clean_draft.is_published
    event = events("questionnaire.publish").get()
    assert (event.actor, event.target_id) == (manager, clean_draft.pk)

    response = manager_client.post(
        questionnaire_url(clean_draft), questionnaire_form(clean_draft, is_published=None)
    )

    assert response.status_code == 302
    clean_draft.refresh_from_db()
    assert not clean_draft.is_published
    event = events("questionnaire.unpublish").get()
    assert (event.actor, event.target_id) == (manager, clean_draft.pk)


def test_a_new_questionnaire_cannot_be_published_before_it_has_questions(manager_client, draft):
    data = questionnaire_form(draft, is_published="on", slug="nouvelle", title="Nouvelle")
    data.update({"sections-TOTAL_FORMS": 0, "sections-INITIAL_FORMS": 0})

    response = manager_client.post(reverse("admin:surveys_questionnaire_add"), data)

    assert response.status_code == 200
    assert "Enregistrez d’abord l’enquête" in response.content.decode()
    assert not Questionnaire.objects.filter(slug="nouvelle").exists()


def test_the_questionnaire_page_lists_its_problems(
    manager_client, draft, django_assert_num_queries
):
    manager_client.get(questionnaire_url(draft))  # the session and content types
    with django_assert_num_queries(QUESTIONNAIRE_CHANGE_QUERIES):
        page = manager_client.get(questionnaire_url(draft)).content.decode()

    assert "Ces problèmes empêchent de publier l’enquête :" in page
    for problem in DRAFT_PROBLEMS:
        assert f"<li>{problem}</li>" in page.replace("&#x27;", "'")


def test_a_questionnaire_without_problems_says_so(manager_client, clean_draft):
    page = manager_client.get(questionnaire_url(clean_draft)).content.decode()

    assert "Aucun problème : l’enquête peut être publiée." in page


def test_publish_and_unpublish_from_the_list_go_through_the_checks(
    manager_client, manager, draft, clean_draft
):
    broken = QuestionnaireFactory(title="Cassée", slug="cassee", is_published=False)
    changelist = reverse("admin:surveys_questionnaire_changelist")

    response = manager_client.post(
        changelist,
        {"action": "publish", "_selected_action": [clean_draft.pk, broken.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "« Cassée » n’est pas publiée :" in page
    assert "L’enquête n’a aucune question." in page
    assert "1 enquête publiée." in page
    clean_draft.refresh_from_db()
    broken.refresh_from_db()
    assert clean_draft.is_published and not broken.is_published
    assert [(e.action, e.actor, e.target_id) for e in events()] == [
        ("questionnaire.publish", manager, clean_draft.pk)
    ]

    manager_client.post(
        changelist, {"action": "unpublish", "_selected_action": [clean_draft.pk]}, follow=True
    )

    clean_draft.refresh_from_db()
    assert not clean_draft.is_published
    assert events().last().action == "questionnaire.unpublish"


def test_section_changes_record_who_made_them(manager_client, manager, clean_draft):
    data = questionnaire_form(clean_draft)
    data["sections-0-title"] = "Première partie"

    response = manager_client.post(questionnaire_url(clean_draft), data)

    assert response.status_code == 302
    event = events("questionnaire.change").get()
    assert (event.actor, event.details) == (manager, {"changed": ["sections"]})


# --- deletions -------------------------------------------------------------------------------


def test_deleting_a_section_records_it(manager_client, manager, draft):
    empty = draft.sections.get(title="Vide")
    data = questionnaire_form(draft)
    data["sections-1-DELETE"] = "on"

    response = manager_client.post(questionnaire_url(draft), data)

    assert response.status_code == 302
    assert not draft.sections.filter(pk=empty.pk).exists()
    event = events("section.delete").get()
    assert (event.actor, event.target_id, event.target_repr) == (manager, empty.pk, "Vide")


def test_a_section_with_answered_questions_cannot_be_deleted(manager_client, survey):
    respond(survey, {"usage": "oui"})
    data = questionnaire_form(survey)
    data["sections-0-DELETE"] = "on"

    response = manager_client.post(questionnaire_url(survey), data)

    assert response.status_code == 200
    assert "contient des questions qui ont déjà reçu des réponses" in response.content.decode()
    assert survey.sections.count() == 2
    assert not events("section.delete").exists()


def test_deleting_an_unanswered_questionnaire_records_it(manager_client, manager, draft):
    delete_url = reverse("admin:surveys_questionnaire_delete", args=[draft.pk])

    response = manager_client.post(delete_url, {"post": "yes"})

    assert response.status_code == 302
    assert not Questionnaire.objects.filter(pk=draft.pk).exists()
    event = events("questionnaire.delete").get()
    assert (event.actor, event.target_id, event.target_repr) == (manager, draft.pk, "Brouillon")


def test_an_answered_questionnaire_is_not_deleted(manager_client, survey):
    respond(survey, {"usage": "oui"})
    delete_url = reverse("admin:surveys_questionnaire_delete", args=[survey.pk])

    manager_client.post(delete_url, {"post": "yes"})

    assert Questionnaire.objects.filter(pk=survey.pk).exists()
    assert not events("questionnaire.delete").exists()


def test_deleting_a_question_records_it(manager_client, manager, survey):
    question = Question.objects.get(code="commentaire")
    delete_url = reverse("admin:surveys_question_delete", args=[question.pk])

    response = manager_client.post(delete_url, {"post": "yes"})

    assert response.status_code == 302
    event = events("question.delete").get()
    assert (event.actor, event.target_id, event.details["code"]) == (
        manager,
        question.pk,
        "commentaire",
    )


def test_deleting_questions_from_the_list_records_each(manager_client, manager, survey):
    respond(survey, {"commentaire": "Merci"})
    unanswered = [Question.objects.get(code=code) for code in ("visite", "age")]
    answered = Question.objects.get(code="commentaire")
    changelist = reverse("admin:surveys_question_changelist")

    response = manager_client.post(
        changelist,
        {
            "action": "delete_selected",
            "_selected_action": [q.pk for q in unanswered],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert sorted(e.details["code"] for e in events("question.delete")) == ["age", "visite"]
    assert all(e.actor == manager for e in events("question.delete"))
    # An answered question among them: nothing is deleted (its answers protect it).
    response = manager_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [answered.pk], "post": "yes"},
    )
    assert Question.objects.filter(pk=answered.pk).exists()
    assert events("question.delete").count() == 2


def test_deleting_a_choice_or_a_condition_records_it(manager_client, manager, survey):
    question = Question.objects.get(code="usage_detail")
    form = question_form(question)
    form["conditions-0-DELETE"] = "on"

    assert manager_client.post(change_url(question), form).status_code == 302

    assert not question.conditions.exists()
    event = events("condition.delete").get()
    assert (event.actor, event.details["depends_on"]) == (manager, "usage")

    lieux = Question.objects.get(code="lieux")
    cinema = lieux.choices.get(code="cinema")
    choices = list(lieux.choices.filter(is_other=False))
    form = question_form(lieux)
    form[f"choices-{choices.index(cinema)}-DELETE"] = "on"

    assert manager_client.post(change_url(lieux), form).status_code == 302

    event = events("choice.delete").get()
    assert (event.actor, event.target_id, event.details) == (
        manager,
        cinema.pk,
        {"question": "lieux", "code": "cinema"},
    )


def test_question_changes_and_copies_record_who_made_them(manager_client, manager, survey):
    question = Question.objects.get(code="commentaire")

    manager_client.post(change_url(question), question_form(question, label="Un mot ?"))

    event = events("question.change").get()
    assert (event.actor, event.target_id, event.details["code"]) == (
        manager,
        question.pk,
        "commentaire",
    )
    copy = duplicate_questionnaire(questionnaire=survey, by_user=manager)
    event = events("questionnaire.duplicate").get()
    assert (event.actor, event.target_id, event.details) == (
        manager,
        copy.pk,
        {"source": survey.pk},
    )


def test_the_audit_trail_is_read_only(manager_client, manager, survey):
    duplicate_questionnaire(questionnaire=survey, by_user=manager)
    event = events().get()
    manager.is_superuser = True  # even a superuser cannot edit it
    manager.save(update_fields=["is_superuser"])

    assert manager_client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    change = reverse("admin:core_auditevent_change", args=[event.pk])
    page = manager_client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert manager_client.post(change, {"action": "forged"}).status_code == 403
    assert manager_client.get(reverse("admin:core_auditevent_add")).status_code == 403
    delete = reverse("admin:core_auditevent_delete", args=[event.pk])
    assert manager_client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.action == "questionnaire.duplicate"


# --- display conditions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "source", "operator", "values", "field", "message"),
    [
        (
            "commentaire",
            "frequence",
            "equals",
            "souvent, rarement",
            "values",
            "« Est égal à » compare une seule valeur ; pour plusieurs, choisissez « est l’un de ».",
        ),
        (
            "commentaire",
            "age",
            "equals",
            "12",
            "operator",
            "« est égal à » n’est pas possible sur une question « Nombre » ; choisissez : « a "
            "reçu une réponse ».",
        ),
        (
            "commentaire",
            "grille",
            "any_of",
            "bien",
            "operator",
            "« est l’un de » n’est pas possible sur une question « Tableau (un choix par "
            "ligne) » ; choisissez : « a reçu une réponse ».",
        ),
        (
            "satisfaction",
            "commentaire",
            "answered",
            "",
            "depends_on",
            "« commentaire » ne vient pas avant cette question : une condition ne peut porter "
            "que sur une question précédente (déplacez l’une ou l’autre).",
        ),
    ],
    ids=["equals-several", "number-equals", "matrix-any-of", "later"],
)
def test_condition_refused_in_french(
    manager_client, survey, code, source, operator, values, field, message
):
    question = Question.objects.get(code=code)
    form = with_new_condition(question, Question.objects.get(code=source), operator, values)

    response = manager_client.post(change_url(question), form)

    assert response.status_code == 200
    formset = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "conditions"
    )
    assert formset.formset.forms[-1].errors[field] == [message]
    assert not question.conditions.exists()


def test_a_condition_on_the_question_itself_is_refused(manager_client, survey):
    question = Question.objects.get(code="age")
    form = with_new_condition(question, question, "answered", "")

    response = manager_client.post(change_url(question), form)

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not question.conditions.exists()


def test_moving_a_question_before_its_source_is_refused(manager_client, survey):
    # usage_detail depends on usage; moving it first would put the condition after.
    question = Question.objects.get(code="usage_detail")

    response = manager_client.post(change_url(question), question_form(question, order=0))

    assert response.status_code == 200
    assert "« usage » ne vient pas avant cette question" in response.content.decode()
    question.refresh_from_db()
    assert question.order != 0


@pytest.mark.parametrize(
    ("sources", "saving"),
    [(("usage",), 31), (("usage", "frequence", "lieux", "region"), 40)],
)
def test_question_page_query_count_does_not_grow_with_conditions(
    manager_client, survey, django_assert_num_queries, sources, saving
):
    """The page reads the questions to choose from once; saving validates each condition
    (the form's own lookups of the question chosen: three per row)."""
    question = Question.objects.get(code="commentaire")
    for source in sources:
        DisplayCondition.objects.create(
            question=question, depends_on=Question.objects.get(code=source), operator="answered"
        )
    manager_client.get(change_url(question))
    with django_assert_num_queries(QUESTION_CHANGE_QUERIES):
        assert manager_client.get(change_url(question)).status_code == 200
    with django_assert_num_queries(saving):
        response = manager_client.post(change_url(question), question_form(question))
    assert response.status_code == 302


# --- fixed choices and « Autre » --------------------------------------------------------------


def new_question(section, kind: str, code: str, **fields) -> dict:
    data = {
        "section": section.pk,
        "kind": kind,
        "code": code,
        "label": f"Libellé {code}",
        "help_text": "",
        "order": 50,
        "choices-TOTAL_FORMS": 0,
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 1000,
        "_save": "Enregistrer",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            QuestionKind.LIKERT,
            [
                ("1", "Pas du tout d’accord", Decimal(1)),
                ("2", "Plutôt pas d’accord", Decimal(2)),
                ("3", "Ni d’accord ni pas d’accord", Decimal(3)),
                ("4", "Plutôt d’accord", Decimal(4)),
                ("5", "Tout à fait d’accord", Decimal(5)),
            ],
        ),
        (QuestionKind.YES_NO, [("oui", "Oui", Decimal(1)), ("non", "Non", Decimal(0))]),
        (QuestionKind.SCALE_0_10, [(str(n), str(n), Decimal(n)) for n in range(11)]),
    ],
)
def test_a_new_fixed_scale_gets_its_levels_with_scores(
    manager_client, manager, draft, kind, expected
):
    section = draft.sections.get(title="Vide")

    response = manager_client.post(
        reverse("admin:surveys_question_add"), new_question(section, kind, "nouvelle")
    )

    assert response.status_code == 302
    question = Question.objects.get(code="nouvelle")
    assert [(c.code, c.label, c.score) for c in question.choices.all()] == expected
    event = events("question.create").get()
    assert (event.actor, event.target_id) == (manager, question.pk)


def test_a_likert_typed_with_its_own_labels_keeps_them_and_gets_scores(manager_client, draft):
    section = draft.sections.get(title="Vide")
    data = new_question(section, QuestionKind.LIKERT, "accord2", **{"choices-TOTAL_FORMS": 5})
    for i in range(5):
        data.update(
            {
                f"choices-{i}-label": f"Niveau {i + 1}",
                f"choices-{i}-code": str(i + 1),
                f"choices-{i}-order": i,
            }
        )

    assert manager_client.post(reverse("admin:surveys_question_add"), data).status_code == 302

    question = Question.objects.get(code="accord2")
    assert [(c.label, c.score) for c in question.choices.all()] == [
        (f"Niveau {n}", Decimal(n)) for n in range(1, 6)
    ]


def test_switching_an_unanswered_choice_question_to_yes_no_gives_its_levels(
    manager_client, manager, survey
):
    frequence = Question.objects.get(code="frequence")  # souvent, rarement, « Autre »
    form = question_form(frequence, kind=QuestionKind.YES_NO)

    assert manager_client.post(change_url(frequence), form).status_code == 302

    assert [(c.code, c.score, c.is_other) for c in frequence.choices.all()] == [
        ("oui", Decimal(1), False),
        ("non", Decimal(0), False),
    ]
    event = events("question.change").get()
    assert event.details["previous_kind"] == "single_choice"
    assert event.details["removed"] == ["autre", "rarement", "souvent"]


def test_switching_to_a_text_keeps_the_choices_and_the_check_points_at_them(manager_client, survey):
    region = Question.objects.get(code="region")

    assert (
        manager_client.post(
            change_url(region), question_form(region, kind=QuestionKind.SHORT_TEXT)
        ).status_code
        == 302
    )

    assert region.choices.count() == 2
    page = manager_client.get(questionnaire_url(survey)).content.decode()
    assert (
        "Une question « Texte court » ne propose pas de choix : supprimez ceux qui restent (idf, bre)."
        in page
    )


def test_other_option_ticked_creates_the_choice_and_unticked_removes_it(manager_client, survey):
    region = Question.objects.get(code="region")

    assert (
        manager_client.post(change_url(region), question_form(region, has_other="on")).status_code
        == 302
    )
    other = region.choices.get(is_other=True)
    assert (other.code, other.label) == ("autre", "Autre")

    region.refresh_from_db()
    form = question_form(region)
    form.pop("has_other")
    assert manager_client.post(change_url(region), form).status_code == 302
    assert not region.choices.filter(is_other=True).exists()


def test_other_option_answered_stays(manager_client, survey):
    frequence = Question.objects.get(code="frequence")
    respond(survey, {"frequence": "autre"}, other_texts={"frequence": "L’été"})
    form = question_form(frequence)
    form.pop("has_other")

    response = manager_client.post(change_url(frequence), form)

    assert response.status_code == 200
    assert frequence.choices.filter(is_other=True).exists()


# --- text typed by managers ----------------------------------------------------------------


def test_control_characters_are_removed_from_what_managers_type(manager_client, clean_draft):
    data = questionnaire_form(
        clean_draft, title="Brouil\x00lon\r\nd’été\x07", introduction="Ligne 1\r\nLigne\x00 2"
    )
    data["sections-0-title"] = "Pre\x00mière\nsection"
    data["sections-0-description"] = "Une\x00\r\ndescription"

    response = manager_client.post(questionnaire_url(clean_draft), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    clean_draft.refresh_from_db()
    assert clean_draft.title == "Brouillon d’été"
    assert clean_draft.introduction == "Ligne 1\nLigne 2"
    section = clean_draft.sections.get()
    assert (section.title, section.description) == ("Première section", "Une\ndescription")

    question = Question.objects.get(code="accord")
    form = question_form(
        question, label="Êtes-vous\x00 d’accord ?\x1b", help_text="Aide\x00\r\nici"
    )
    form["choices-0-label"] = "Pas\x00 du tout\r\nd’accord"
    assert manager_client.post(change_url(question), form).status_code == 302
    question.refresh_from_db()
    assert (question.label, question.help_text) == ("Êtes-vous d’accord ?", "Aide\nici")
    assert question.choices.get(code="1").label == "Pas du tout d’accord"


def test_a_nul_in_the_search_box_is_not_an_error(manager_client, survey):
    # Django's search form refuses it (a message) rather than sending it to PostgreSQL.
    response = manager_client.get(
        reverse("admin:surveys_questionnaire_changelist"), {"q": "us\x00ages"}
    )

    assert response.status_code == 200
