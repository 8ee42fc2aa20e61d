"""The questionnaire builder: every change goes through the survey engine's staff actions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concerto.core.models import AuditEvent
from concerto.surveys.models import Choice, DisplayCondition, Question, Questionnaire, Section
from tests.surveys.conftest import respond

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"workspace:{name}", args=args)


def builder(client, questionnaire, **params):
    response = client.get(url("builder", questionnaire.pk), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_builder_shows_sections_and_questions_in_order(team_client, kit):
    page = builder(team_client, kit)
    positions = [
        page.index(q.label[:30]) for q in kit.questions.order_by("section__order", "order")
    ]
    assert positions == sorted(positions)
    for section in kit.sections.all():
        assert f"Section {section.order} : {section.title}" in page


def test_a_questionnaire_is_built_from_scratch(team_client, theme, team_manager):
    response = team_client.post(url("questionnaire_add", theme.pk), {"title": "Nos usages"})
    questionnaire = Questionnaire.objects.get(title="Nos usages")
    assert not questionnaire.is_published
    assert response.status_code == 302
    team_client.post(url("section_add", questionnaire.pk), {"section-title": "Vous"})
    section = questionnaire.sections.get()
    team_client.post(
        url("question_add", questionnaire.pk, section.pk),
        {"nouvelle-kind": "likert", "nouvelle-label": "Le numérique aide la culture."},
    )
    likert = questionnaire.questions.get()
    # Likert levels are made for the manager, with their scores.
    assert [(c.code, c.score) for c in likert.choices.order_by("order")] == [
        (str(n), n) for n in range(1, 6)
    ]
    team_client.post(
        url("question_add", questionnaire.pk, section.pk),
        {"nouvelle-kind": "single_choice", "nouvelle-label": "Votre secteur ?"},
    )
    single = questionnaire.questions.get(kind="single_choice")
    team_client.post(
        url("choices_change", questionnaire.pk, single.pk),
        {"ajouter": "- Musées\n\n- Spectacle vivant\n• Livre\n"},
    )
    assert [c.label for c in single.choices.order_by("order")] == [
        "Musées",
        "Spectacle vivant",
        "Livre",
    ]
    # A condition picks an earlier question and its actual choices.
    page = builder(team_client, questionnaire, modifier=single.pk, source=likert.pk)
    assert "Tout à fait d’accord" in page
    response = team_client.post(
        url("condition_add", questionnaire.pk, single.pk),
        {
            "condition-depends_on": likert.pk,
            "condition-operator": "any_of",
            "condition-values": ["4", "5"],
        },
    )
    assert response.status_code == 302
    condition = DisplayCondition.objects.get(question=single)
    assert (condition.depends_on, condition.values) == (likert, ["4", "5"])
    page = builder(team_client, questionnaire)
    assert "Aucun problème" in page
    team_client.post(url("publish", questionnaire.pk), {"published": "1"})
    questionnaire.refresh_from_db()
    assert questionnaire.is_published
    actions = set(AuditEvent.objects.filter(actor=team_manager).values_list("action", flat=True))
    assert {
        "questionnaire.create",
        "section.create",
        "question.create",
        "choices.change",
        "condition.create",
        "questionnaire.publish",
    } <= actions


def test_only_the_fields_of_the_kind_are_offered(team_client, kit):
    text = kit.questions.get(code="usage-detail")
    page = builder(team_client, kit, modifier=text.pk)
    assert 'name="question-max_length"' in page
    assert 'name="question-min_choices"' not in page
    assert 'name="question-has_other"' not in page
    multiple = kit.questions.get(code="domaines")
    page = builder(team_client, kit, modifier=multiple.pk)
    assert 'name="question-min_choices"' in page
    assert 'name="question-has_other"' in page
    assert 'name="question-max_length"' not in page
    yes_no = kit.questions.get(code="usage")
    page = builder(team_client, kit, modifier=yes_no.pk)
    assert 'name="ajouter"' not in page  # fixed levels: relabelled, never added


def test_a_question_is_edited_in_place(team_client, kit):
    question = kit.questions.get(code="usage-detail")
    response = team_client.post(
        url("question_change", kit.pk, question.pk),
        {
            "question-kind": "short_text",
            "question-code": "outils",
            "question-label": "Quels outils ?",
            "question-max_length": "80",
            "question-required": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#question-{question.pk}")
    question.refresh_from_db()
    assert (question.code, question.label, question.max_length) == ("outils", "Quels outils ?", 80)
    assert question.required


def test_a_kind_change_drops_the_limits_the_new_kind_does_not_use(team_client, kit):
    question = kit.questions.get(code="usage-detail")  # short text, max_length 50
    team_client.post(
        url("question_change", kit.pk, question.pk),
        {"question-kind": "likert", "question-code": question.code, "question-label": "Accord ?"},
    )
    question.refresh_from_db()
    assert question.kind == "likert"
    assert question.max_length is None
    assert question.choices.count() == 5


def test_questions_move_up_and_down_and_across_sections(team_client, kit):
    first_section, second_section = kit.sections.order_by("order")[:2]
    last = first_section.questions.order_by("order").last()
    team_client.post(url("question_move", kit.pk, last.pk), {"offset": "1"})
    last.refresh_from_db()
    assert last.section == second_section
    assert second_section.questions.order_by("order").first() == last
    team_client.post(url("question_move", kit.pk, last.pk), {"offset": "-1"})
    last.refresh_from_db()
    assert last.section == first_section
    assert first_section.questions.order_by("order").last() == last


def test_a_move_beyond_the_ends_is_refused_in_french(team_client, kit):
    first = kit.questions.order_by("section__order", "order").first()
    before = list(kit.questions.order_by("section__order", "order").values_list("pk", flat=True))
    response = team_client.post(
        url("question_move", kit.pk, first.pk), {"offset": "-1"}, follow=True
    )
    assert "est déjà la première question de l’enquête" in response.content.decode()
    after = list(kit.questions.order_by("section__order", "order").values_list("pk", flat=True))
    assert before == after
    last_section = kit.sections.order_by("order").last()
    response = team_client.post(
        url("section_move", kit.pk, last_section.pk), {"offset": "1"}, follow=True
    )
    assert "est déjà la dernière" in response.content.decode()
    assert (
        team_client.post(url("question_move", kit.pk, first.pk), {"offset": "5"}).status_code == 404
    )


def test_a_move_that_would_break_a_condition_is_refused(team_client, kit):
    source = kit.questions.get(code="usage")
    dependent = kit.questions.get(code="usage-detail")  # shown when « usage » is « oui »
    response = team_client.post(
        url("question_move", kit.pk, dependent.pk), {"offset": "-1"}, follow=True
    )
    assert (
        "une condition ne peut porter que sur une question précédente" in response.content.decode()
    )
    dependent.refresh_from_db()
    source.refresh_from_db()
    assert dependent.order > source.order


def test_a_question_is_duplicated_right_after_itself(team_client, kit):
    question = kit.questions.get(code="domaines")
    team_client.post(url("question_duplicate", kit.pk, question.pk))
    copy = kit.questions.get(code="domaines-copie")
    assert copy.section == question.section and copy.order == question.order + 1
    assert sorted(copy.choices.values_list("code", flat=True)) == sorted(
        question.choices.values_list("code", flat=True)
    )


def test_an_answered_question_is_protected_and_the_page_says_why(team_client, kit):
    respond(kit, {"usage": "oui", "usage-detail": "Un outil", "accord": "4"})
    question = kit.questions.get(code="usage")
    page = builder(team_client, kit, modifier=question.pk)
    assert "Cette question a reçu des réponses" in page
    response = team_client.post(url("question_delete", kit.pk, question.pk), follow=True)
    assert "ne peut pas être supprimée" in response.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()
    response = team_client.post(
        url("question_change", kit.pk, question.pk),
        {"question-kind": "short_text", "question-code": "usage", "question-label": "Autre"},
    )
    question.refresh_from_db()
    assert question.kind == "yes_no"


def test_an_unanswered_question_is_deleted(team_client, kit):
    question = kit.questions.get(code="commentaire")
    team_client.post(url("question_delete", kit.pk, question.pk))
    assert not Question.objects.filter(pk=question.pk).exists()
    assert AuditEvent.objects.filter(action="question.delete").exists()


def test_ids_of_another_questionnaire_are_not_found(team_client, kit, sibling):
    foreign_question = sibling.questions.get(code="usage")
    foreign_section = sibling.sections.first()
    for name, args in [
        ("question_move", (kit.pk, foreign_question.pk)),
        ("question_delete", (kit.pk, foreign_question.pk)),
        ("question_duplicate", (kit.pk, foreign_question.pk)),
        ("choices_change", (kit.pk, foreign_question.pk)),
        ("section_delete", (kit.pk, foreign_section.pk)),
        ("section_move", (kit.pk, foreign_section.pk)),
    ]:
        assert team_client.post(url(name, *args), {"offset": "1"}).status_code == 404, name
    assert Question.objects.filter(pk=foreign_question.pk).exists()
    assert Section.objects.filter(pk=foreign_section.pk).exists()


def test_a_forged_choice_id_changes_nothing(team_client, kit, sibling):
    foreign = sibling.questions.get(code="region").choices.first()
    question = kit.questions.get(code="region")
    own = question.choices.first()
    response = team_client.post(
        url("choices_change", kit.pk, question.pk),
        {f"libelle-{own.pk}": "Changé", f"libelle-{foreign.pk}": "Détourné", "ajouter": "Nouveau"},
        follow=True,
    )
    assert "n’appartient pas à cette question" in response.content.decode()
    own.refresh_from_db()
    foreign.refresh_from_db()
    assert own.label != "Changé" and foreign.label != "Détourné"
    assert not Choice.objects.filter(label="Nouveau").exists()


def test_a_condition_on_a_later_question_or_another_questionnaire_is_refused(
    team_client, kit, sibling
):
    early = kit.questions.get(code="usage")
    later = kit.questions.get(code="region")
    response = team_client.post(
        url("condition_add", kit.pk, early.pk),
        {"condition-depends_on": later.pk, "condition-operator": "answered"},
        follow=True,
    )
    assert "ne vient pas avant" in response.content.decode()
    response = team_client.post(
        url("condition_add", kit.pk, later.pk),
        {
            "condition-depends_on": sibling.questions.get(code="usage").pk,
            "condition-operator": "answered",
        },
        follow=True,
    )
    assert "n’appartient pas à cette enquête" in response.content.decode()
    assert (
        not DisplayCondition.objects.filter(question__in=[early, later])
        .exclude(pk__in=DisplayCondition.objects.filter(question__questionnaire=kit).values("pk"))
        .exists()
    )
    assert DisplayCondition.objects.filter(question=early).count() == 0


def test_a_condition_value_that_is_not_a_choice_is_refused(team_client, kit):
    source = kit.questions.get(code="region")
    target = kit.questions.get(code="frequence")
    response = team_client.post(
        url("condition_add", kit.pk, target.pk),
        {
            "condition-depends_on": source.pk,
            "condition-operator": "equals",
            "condition-values": ["lune"],
        },
    )
    assert response.status_code == 400
    assert not DisplayCondition.objects.filter(question=target).exists()


def test_publishing_checks_are_listed_beside_the_questionnaire(team_client, kit):
    question = kit.questions.get(code="region")
    question.choices.all().delete()
    page = builder(team_client, kit)
    assert "Avant de publier" in page
    assert "Aucun choix n’est proposé" in page
    assert f'href="#question-{question.pk}"' in page
    response = team_client.post(url("publish", kit.pk), {"published": "1"}, follow=True)
    kit.refresh_from_db()
    assert "corrigez d’abord" in response.content.decode()


def test_nul_bytes_and_empty_labels_are_handled(team_client, kit):
    section = kit.sections.first()
    response = team_client.post(
        url("question_add", kit.pk, section.pk),
        {"nouvelle-kind": "short_text", "nouvelle-label": "Avec\x00nul"},
    )
    assert response.status_code == 302
    assert kit.questions.filter(label="Avecnul").exists()
    response = team_client.post(
        url("question_add", kit.pk, section.pk), {"nouvelle-kind": "fusee", "nouvelle-label": ""}
    )
    assert response.status_code == 400
    assert "Ce type de question n’existe pas" in response.content.decode()


def test_the_builder_page_costs_the_same_queries_whatever_its_size(
    team_client, kit, django_assert_max_num_queries
):
    builder(team_client, kit)
    with django_assert_max_num_queries(16):
        builder(team_client, kit)
    question = kit.questions.get(code="domaines")
    with django_assert_max_num_queries(22):
        builder(team_client, kit, modifier=question.pk, source=kit.questions.get(code="usage").pk)


def test_the_preview_runs_the_conditions_page_by_page(team_client, kit):
    preview = url("preview", kit.pk)
    page = team_client.get(preview).content.decode()
    assert "Lesquels ?" in page  # shown in the page, hidden there by the script until « oui »
    response = team_client.post(
        preview + "?etape=1",
        {"q-usage": "non", "q-region": "", "q-frequence": "jour"},
    )
    assert response.status_code == 302
    page = team_client.get(response["Location"]).content.decode()
    # « usage » is « non »: the budget question (not_equals « non ») is hidden on step 2.
    assert "Budget annuel" not in page.split("Masquées par les réponses")[0]
    assert "Depuis quand ?" not in page.split("Masquées par les réponses")[0]
