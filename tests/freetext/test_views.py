"""The analysts' pages of a free-text analysis: who may open them, what each shows, what
each form does with good and bad input (a French message, nothing lost, never a 500), and
what each page costs in queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concerto.core.models import AuditEvent
from concerto.freetext import actions
from concerto.freetext.models import (
    Analysis,
    Assignment,
    CampaignGroup,
    Review,
    Run,
    RunKind,
    RunStatus,
    Source,
    ValidatedTheme,
)
from tests.factories import ConsultationFactory, StaffUserFactory, ThemeFactory, UserFactory
from tests.factories import analyst as make_analyst
from tests.factories import manager as make_manager
from tests.surveys.kit import build_questionnaire

from .pages_kit import CAMPAIGN, answer, answer_all, finish_coding, finish_discovery, set_progress

pytestmark = pytest.mark.django_db


# --- the team, its questionnaire, its answers ------------------------------------------------


@pytest.fixture
def kit(db):
    theme = ThemeFactory(consultation=ConsultationFactory(title="Culture pour tous"))
    return build_questionnaire(theme)


@pytest.fixture
def question(kit):
    return kit.questions.get(code="pourquoi")


@pytest.fixture
def team_manager(kit):
    return make_manager(of=kit.theme.consultation, username="gestionnaire")


@pytest.fixture
def team_analyst(kit):
    return make_analyst(of=kit.theme.consultation, username="analyste")


@pytest.fixture
def second_analyst(kit):
    return make_analyst(of=kit.theme.consultation, username="analyste-bis")


@pytest.fixture
def outsider(db):
    """A manager of another consultation."""
    other = build_questionnaire(ThemeFactory(consultation=ConsultationFactory(title="Autre")))
    return make_manager(of=other.theme.consultation, username="autre-equipe")


@pytest.fixture
def answers(kit):
    return answer_all(kit)


@pytest.fixture
def discovered(question, answers, team_analyst):
    """A discovery run done: four proposals (one off-topic) and a campaign."""
    run = actions.start_discovery(actor=team_analyst, question=question)
    finish_discovery(run, answers)
    return run


@pytest.fixture
def themes(discovered, team_analyst):
    """The first three proposals validated (the off-topic one left)."""
    candidates = list(discovered.candidates.filter(is_off_topic=False).order_by("position"))
    return actions.validate_candidates(actor=team_analyst, candidates=candidates)


@pytest.fixture
def analyst_client(client, team_analyst):
    client.force_login(team_analyst)
    return client


def page_text(response) -> str:
    return response.content.decode()


def every_url(question, theme) -> list[tuple[str, str]]:
    get = [
        reverse("freetext:questionnaire", args=[question.questionnaire_id]),
        reverse("freetext:analysis", args=[question.pk]),
        reverse("freetext:progress", args=[question.pk]),
        reverse("freetext:sample", args=[question.pk]),
        reverse("freetext:double", args=[question.pk]),
        reverse("freetext:campaigns", args=[question.pk]),
        reverse("freetext:theme", args=[theme.pk]),
        reverse("freetext:theme_delete", args=[theme.pk]),
    ]
    post = [
        reverse("freetext:discover", args=[question.pk]),
        reverse("freetext:validate", args=[question.pk]),
        reverse("freetext:theme_add", args=[question.pk]),
        reverse("freetext:code", args=[question.pk]),
        reverse("freetext:sample", args=[question.pk]),
        reverse("freetext:double", args=[question.pk]),
        reverse("freetext:theme_change", args=[theme.pk]),
        reverse("freetext:theme_answers", args=[theme.pk]),
        reverse("freetext:theme_merge", args=[theme.pk]),
        reverse("freetext:theme_delete", args=[theme.pk]),
    ]
    return [("get", u) for u in get] + [("post", u) for u in post]


POSTED = {
    "min_themes": "3",
    "max_themes": "5",
    "label": "Intrus",
    "nouveau-label": "Intrus",
    "theme-label": "Intrus",
    "operation": "scinder",
}


# --- who may open them ------------------------------------------------------------------------


def test_visitors_are_sent_to_the_login_and_see_no_analysis(client, question, themes):
    for method, address in every_url(question, themes[0]):
        response = getattr(client, method)(address, POSTED)
        assert response.status_code == 302, (method, address)
        assert "/admin/login/" in response["Location"], (method, address)
        assert "Prix des places" not in page_text(response)


def test_participants_and_staff_of_other_teams_are_refused_and_change_nothing(
    client, question, themes, outsider
):
    before = (AuditEvent.objects.count(), Run.objects.count(), ValidatedTheme.objects.count())
    for user in (UserFactory(), outsider, StaffUserFactory()):
        client.force_login(user)
        for method, address in every_url(question, themes[0]):
            response = getattr(client, method)(address, POSTED)
            assert response.status_code == 403, (user, method, address, response.status_code)
            assert "Prix des places" not in page_text(response)
    after = (AuditEvent.objects.count(), Run.objects.count(), ValidatedTheme.objects.count())
    assert after == before


@pytest.mark.parametrize("who", ["team_manager", "team_analyst"])
def test_managers_and_analysts_open_every_page(client, request, who, question, themes):
    client.force_login(request.getfixturevalue(who))
    for method, address in every_url(question, themes[0]):
        if method == "get":
            response = client.get(address)
            assert response.status_code == 200, (who, address)
            assert (
                "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
            )


def test_unknown_or_not_analysable_questions_are_not_found(analyst_client, kit):
    region = kit.questions.get(code="region")  # a choice question: nothing to analyse
    assert analyst_client.get(reverse("freetext:analysis", args=[region.pk])).status_code == 404
    assert analyst_client.get(reverse("freetext:analysis", args=[999_999])).status_code == 404
    assert analyst_client.get(reverse("freetext:theme", args=[999_999])).status_code == 404


def test_pages_that_need_an_analysis_are_not_found_before_it_starts(analyst_client, question):
    for name in ("sample", "double", "campaigns"):
        assert (
            analyst_client.get(reverse(f"freetext:{name}", args=[question.pk])).status_code == 404
        )
    response = analyst_client.post(reverse("freetext:code", args=[question.pk]))
    assert response.status_code == 404


# --- links in -----------------------------------------------------------------------------------


def test_the_dashboard_and_the_free_texts_page_lead_to_the_analysis(
    analyst_client, kit, question, answers
):
    dashboard = analyst_client.get(
        reverse("workspace:consultation", args=[kit.theme.consultation_id])
    )
    assert reverse("freetext:questionnaire", args=[kit.pk]) in page_text(dashboard)
    texts = analyst_client.get(
        reverse("results:free_texts", args=[kit.pk]), {"question": "pourquoi"}
    )
    assert texts.status_code == 200
    assert reverse("freetext:analysis", args=[question.pk]) in page_text(texts)
    assert reverse("freetext:questionnaire", args=[kit.pk]) in page_text(texts)


# --- the questionnaire's page -----------------------------------------------------------------


def test_the_questionnaire_page_lists_the_open_questions_and_their_state(
    analyst_client, kit, discovered, themes
):
    text = page_text(analyst_client.get(reverse("freetext:questionnaire", args=[kit.pk])))
    for code in ("usage-detail", "pourquoi", "commentaire"):
        assert reverse("freetext:analysis", args=[kit.questions.get(code=code).pk]) in text
    region = kit.questions.get(code="region")
    assert reverse("freetext:analysis", args=[region.pk]) not in text
    assert "Analyse non lancée" in text  # the two other questions
    assert "Découverte des thèmes : terminée" in text
    pk = kit.questions.get(code="pourquoi").pk
    row = text.split(f'id="question-{pk}"')[1].split("</tr>")[0]
    assert "<td>15</td>" in row  # answers
    assert "<td>3</td>" in row  # validated themes


def test_the_questionnaire_page_costs_the_same_whatever_the_analyses(
    analyst_client, kit, team_analyst, django_assert_max_num_queries
):
    url = reverse("freetext:questionnaire", args=[kit.pk])
    with django_assert_max_num_queries(10):
        analyst_client.get(url)
    for code in ("pourquoi", "commentaire"):
        question = kit.questions.get(code=code)
        answers = answer_all(kit) if code == "pourquoi" else {"x": answer(kit, ["Oui."], code)}
        run = actions.start_discovery(actor=team_analyst, question=question)
        if code == "pourquoi":
            finish_discovery(run, answers)
    with django_assert_max_num_queries(10):
        assert analyst_client.get(url).status_code == 200


# --- the analysis's page ----------------------------------------------------------------------


def test_before_any_run_the_page_offers_to_start(analyst_client, question, answers):
    response = analyst_client.get(reverse("freetext:analysis", args=[question.pk]))
    text = page_text(response)
    assert "Aucun traitement lancé pour cette question." in text
    assert 'role="status"' in text
    assert "Lancer la découverte des thèmes" in text
    assert "15 réponses à analyser" in text
    assert "Aucune proposition pour l’instant" in text


def test_starting_discovery_queues_a_run_shown_with_its_progress(analyst_client, question, answers):
    url = reverse("freetext:discover", args=[question.pk])
    response = analyst_client.post(url, {"min_themes": "4", "max_themes": "8"})
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("freetext:analysis", args=[question.pk]) + "#traitement"
    )
    run = Run.objects.get(analysis__question=question)
    assert run.kind == RunKind.DISCOVER and run.status == RunStatus.QUEUED
    analysis = Analysis.objects.get(question=question)
    assert (analysis.min_themes, analysis.max_themes) == (4, 8)
    page = analyst_client.get(reverse("freetext:analysis", args=[question.pk]))
    text = page_text(page)
    assert "La découverte des thèmes est lancée" in text
    assert "Découverte des thèmes : en attente" in text
    assert "<progress" in text and "Actualiser" in text
    assert "Un traitement est en cours" in text
    assert "Relancer la découverte des thèmes" not in text

    set_progress(run, stage="embed", progress=40)
    state = analyst_client.get(reverse("freetext:progress", args=[question.pk])).json()
    assert state["active"] is True and state["progress"] == 40
    assert "lecture des réponses" in state["text"] and "40 %" in state["text"]


def test_the_progress_endpoint_says_when_nothing_runs_and_when_a_run_failed(
    analyst_client, question, answers, team_analyst
):
    url = reverse("freetext:progress", args=[question.pk])
    assert analyst_client.get(url).json() == {
        "status": "none",
        "active": False,
        "progress": 0,
        "text": "Aucun traitement lancé pour cette question.",
    }
    run = actions.start_discovery(actor=team_analyst, question=question)
    run.status, run.error = RunStatus.FAILED, "Le calcul a manqué de mémoire."
    run.save()
    state = analyst_client.get(url).json()
    assert state["active"] is False and state["status"] == "failed"
    assert "Le calcul a manqué de mémoire." in state["text"]
    assert "Le calcul a manqué de mémoire." in page_text(
        analyst_client.get(reverse("freetext:analysis", args=[question.pk]))
    )


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"min_themes": "8", "max_themes": "4"}, "doit être au moins égal au nombre minimal"),
        ({"min_themes": "trois", "max_themes": "4"}, "Indiquez un nombre entier."),
        ({"min_themes": "", "max_themes": "4"}, "Indiquez un nombre minimal de thèmes."),
        ({"min_themes": "1", "max_themes": "4"}, "supérieure ou égale à 2"),
    ],
)
def test_bad_theme_bounds_are_explained_and_start_nothing(
    analyst_client, question, answers, posted, message
):
    response = analyst_client.post(reverse("freetext:discover", args=[question.pk]), posted)
    assert response.status_code == 400
    text = page_text(response)
    assert message in text
    assert "Ce formulaire n’est pas enregistré" in text
    assert f'value="{posted["max_themes"]}"' in text  # what was typed stays
    assert not Run.objects.exists()


def test_a_refused_start_is_explained(analyst_client, question):
    # No answer yet: the action refuses, the page says why.
    response = analyst_client.post(
        reverse("freetext:discover", args=[question.pk]), {"min_themes": "3", "max_themes": "5"}
    )
    assert response.status_code == 400
    assert "Ce formulaire n’est pas enregistré" in page_text(response)
    assert not Run.objects.exists()


def test_a_second_run_is_refused_while_one_is_active(
    analyst_client, question, answers, team_analyst
):
    actions.start_discovery(actor=team_analyst, question=question)
    response = analyst_client.post(
        reverse("freetext:discover", args=[question.pk]), {"min_themes": "3", "max_themes": "5"}
    )
    assert response.status_code == 400
    assert Run.objects.count() == 1


def test_the_machines_proposals_are_shown_with_their_evidence(analyst_client, question, discovered):
    text = page_text(analyst_client.get(reverse("freetext:analysis", args=[question.pk])))
    assert "Thèmes proposés par la machine" in text
    for label in ("Prix des places", "Culture près de chez soi", "Culture en ligne"):
        assert label in text
    assert "prix, tarif, billet" in text  # key terms
    assert "4 réponses" in text and "6 réponses" in text  # counts (campaign included)
    assert "Les places de concert sont beaucoup trop chères" in text  # a quote
    assert "hors sujet ou vide" in text  # the off-topic group marked
    assert text.index("Culture en ligne") < text.index("Hors sujet ou vide")
    assert text.count('name="candidates"') == 4
    assert "Valider les thèmes cochés" in text
    assert reverse("freetext:campaigns", args=[question.pk]) in text
    assert "Découverte des thèmes : terminée" in text


def test_validating_nothing_is_explained(analyst_client, question, discovered):
    response = analyst_client.post(reverse("freetext:validate", args=[question.pk]), {})
    assert response.status_code == 400
    assert "Cochez au moins un thème proposé à valider." in page_text(response)
    assert not ValidatedTheme.objects.exists()


def test_validating_an_unknown_proposal_is_explained(analyst_client, question, discovered):
    response = analyst_client.post(
        reverse("freetext:validate", args=[question.pk]), {"candidates": ["999999"]}
    )
    assert response.status_code == 400
    assert "Ce thème proposé n’existe plus ou est déjà validé." in page_text(response)


def test_validated_proposals_become_themes_with_the_machines_answers(
    analyst_client, question, discovered
):
    prix = discovered.candidates.get(label="Prix des places")
    online = discovered.candidates.get(label="Culture en ligne")
    response = analyst_client.post(
        reverse("freetext:validate", args=[question.pk]), {"candidates": [prix.pk, online.pk]}
    )
    assert response.status_code == 302
    assert sorted(ValidatedTheme.objects.values_list("label", flat=True)) == [
        "Culture en ligne",
        "Prix des places",
    ]
    text = page_text(analyst_client.get(response["Location"]))
    assert "2 thèmes validés" in text
    table = text.split("Thèmes validés et réponses codées")[1].split("</table>")[0]
    assert "Prix des places" in table
    assert "<td>0</td><td>4</td>" in table  # by analysts, by the machine
    # Proposals already validated are shown as such, without a box.
    assert text.count('name="candidates"') == 2
    assert "voir le thème « Prix des places »" in text


def test_answers_arrived_since_the_last_run_are_counted(analyst_client, kit, question, discovered):
    url = reverse("freetext:analysis", args=[question.pk])
    assert "Aucune nouvelle réponse depuis le dernier traitement." in page_text(
        analyst_client.get(url)
    )
    answer(kit, ["Des horaires d’ouverture plus larges le soir."])
    text = page_text(analyst_client.get(url))
    assert "1 réponse est arrivée ou a été modifiée depuis le dernier traitement." in text
    assert "16 réponses à analyser" in text


def test_a_theme_is_added_by_hand(analyst_client, question, discovered):
    response = analyst_client.post(
        reverse("freetext:theme_add", args=[question.pk]),
        {"nouveau-label": "Horaires", "nouveau-description": "Ouvrir plus tard, le dimanche."},
    )
    assert response.status_code == 302
    theme = ValidatedTheme.objects.get(label="Horaires")
    assert theme.description == "Ouvrir plus tard, le dimanche."
    assert "Thème « Horaires » ajouté." in page_text(analyst_client.get(response["Location"]))


@pytest.mark.parametrize(
    ("label", "message"),
    [("", "Donnez un libellé au thème."), ("   ", "Donnez un libellé au thème.")],
)
def test_an_empty_label_is_refused(analyst_client, question, discovered, label, message):
    response = analyst_client.post(
        reverse("freetext:theme_add", args=[question.pk]),
        {"nouveau-label": label, "nouveau-description": "Gardée"},
    )
    assert response.status_code == 400
    text = page_text(response)
    assert message in text and "Gardée" in text
    assert not ValidatedTheme.objects.exists()


def test_a_duplicate_label_is_refused_with_the_text_kept(analyst_client, question, themes):
    response = analyst_client.post(
        reverse("freetext:theme_add", args=[question.pk]),
        {"nouveau-label": "Prix des places", "nouveau-description": "Encore"},
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "Ce formulaire n’est pas enregistré" in text
    assert "Encore" in text
    assert ValidatedTheme.objects.filter(label="Prix des places").count() == 1


def test_coding_the_rest_needs_validated_themes(analyst_client, question, discovered):
    response = analyst_client.post(reverse("freetext:code", args=[question.pk]), follow=True)
    assert response.status_code == 200
    assert "fr-alert--error" in page_text(response)
    assert not Run.objects.filter(kind=RunKind.CODE).exists()


def test_coding_the_rest_queues_a_coding_run(analyst_client, question, themes):
    response = analyst_client.post(reverse("freetext:code", args=[question.pk]), follow=True)
    assert "Le codage des autres réponses est lancé" in page_text(response)
    assert Run.objects.get(kind=RunKind.CODE).status == RunStatus.QUEUED
    assert "Codage des réponses : en attente" in page_text(response)


def test_the_agreement_panel_says_plainly_when_there_is_too_little(
    analyst_client, question, themes, team_analyst
):
    url = reverse("freetext:analysis", args=[question.pk])
    text = page_text(analyst_client.get(url))
    assert "Pas encore de mesure" in text
    assert "Trop peu de réponses pour mesurer l’accord : 0 pour l’instant" in text
    run = actions.start_coding(actor=team_analyst, analysis=themes[0].analysis)
    finish_coding(run, {"mean": 0.5, "low": 0.1, "high": 0.9, "n": 4})
    text = page_text(analyst_client.get(url))
    assert "Trop peu de réponses pour mesurer l’accord : 4 pour l’instant" in text
    assert "0,50" not in text


def test_the_agreement_panel_shows_the_mean_its_interval_and_n(
    analyst_client, question, themes, team_analyst
):
    run = actions.start_coding(actor=team_analyst, analysis=themes[0].analysis)
    finish_coding(run, {"mean": 0.724, "low": 0.651, "high": 0.788, "n": 40})
    text = page_text(analyst_client.get(reverse("freetext:analysis", args=[question.pk])))
    panel = text.split('id="accord"')[1]
    assert "<strong>0,72</strong>" in panel
    assert "0,65 à 0,79" in panel
    assert "sur 40 réponses" in panel


def test_the_analysis_page_costs_the_same_whatever_the_answers(
    analyst_client, kit, question, themes, team_analyst, django_assert_max_num_queries
):
    url = reverse("freetext:analysis", args=[question.pk])
    analyst_client.get(url)
    with django_assert_max_num_queries(20):
        analyst_client.get(url)
    answer_all(kit, campaign=10)
    actions.create_theme(actor=team_analyst, analysis=themes[0].analysis, label="Horaires")
    with django_assert_max_num_queries(20):
        assert analyst_client.get(url).status_code == 200


# --- a validated theme ------------------------------------------------------------------------


@pytest.fixture
def prix(themes):
    return next(t for t in themes if t.label == "Prix des places")


@pytest.fixture
def online(themes):
    return next(t for t in themes if t.label == "Culture en ligne")


def test_a_themes_page_shows_its_answers_and_who_put_them_there(
    analyst_client, prix, answers, team_analyst
):
    first = answers["prix"][0]
    actions.code_answer(actor=team_analyst, answer=first, themes=[prix])
    text = page_text(analyst_client.get(reverse("freetext:theme", args=[prix.pk])))
    assert "4 réponses dans ce thème" in text
    assert "Les places de concert sont beaucoup trop chères" in text
    assert "Machine" in text
    assert "Analyste : analyste" in text
    assert text.count('name="answers"') == 4
    assert "Déplacer les réponses cochées" in text
    assert "Créer le thème avec les réponses cochées" in text
    assert "Fusionner dans ce thème" in text


def test_a_double_coding_is_not_shown_on_the_themes_page(
    client, prix, answers, team_analyst, second_analyst
):
    coded = answers["prix"][0]
    actions.code_answer(actor=team_analyst, answer=coded, themes=[prix])
    actions.code_answer(actor=second_analyst, answer=coded, themes=[prix], double=True)
    client.force_login(team_analyst)
    text = page_text(client.get(reverse("freetext:theme", args=[prix.pk])))
    assert "Analyste : analyste<" in text.replace("</span>", "<")
    assert "analyste-bis" not in text


def test_a_theme_is_renamed_and_described(analyst_client, prix):
    response = analyst_client.post(
        reverse("freetext:theme_change", args=[prix.pk]),
        {"theme-label": "Coût des sorties", "theme-description": "Billets, tarifs, pass."},
    )
    assert response.status_code == 302
    prix.refresh_from_db()
    assert (prix.label, prix.description) == ("Coût des sorties", "Billets, tarifs, pass.")


@pytest.mark.parametrize("label", ["", "Culture en ligne"])
def test_a_bad_rename_is_explained_and_changes_nothing(analyst_client, prix, online, label):
    response = analyst_client.post(
        reverse("freetext:theme_change", args=[prix.pk]),
        {"theme-label": label, "theme-description": "Texte gardé"},
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "Ce formulaire n’est pas enregistré" in text and "Texte gardé" in text
    prix.refresh_from_db()
    assert prix.label == "Prix des places"


def test_chosen_answers_move_to_another_theme(analyst_client, prix, online, answers):
    chosen = answers["prix"][:2]
    response = analyst_client.post(
        reverse("freetext:theme_answers", args=[prix.pk]),
        {"answers": [a.pk for a in chosen], "to_theme": online.pk, "operation": "deplacer"},
    )
    assert response.status_code == 302
    assert "2 réponses déplacées vers « Culture en ligne »." in page_text(
        analyst_client.get(response["Location"])
    )
    moved = Assignment.objects.filter(theme=online, answer__in=chosen, source=Source.ANALYST)
    assert moved.count() == 2


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"operation": "deplacer"}, "Cochez au moins une réponse."),
        ({"operation": "deplacer", "answers": "FIRST"}, "Choisissez le thème vers lequel"),
        ({"operation": "scinder", "answers": "FIRST"}, "Donnez un libellé au nouveau thème."),
        (
            {"operation": "deplacer", "answers": "999999", "to_theme": "ONLINE"},
            "plus dans ce thème",
        ),
        ({"operation": "deplacer", "answers": "abc", "to_theme": "ONLINE"}, "plus dans ce thème"),
        ({"operation": "deplacer", "answers": "9" * 30, "to_theme": "ONLINE"}, "plus dans ce"),
        ({"operation": "deplacer", "answers": "²", "to_theme": "ONLINE"}, "plus dans ce thème"),
        (
            {"operation": "deplacer", "answers": "FIRST", "to_theme": "999999"},
            "Ce thème n’existe plus",
        ),
        (
            {"operation": "scinder", "answers": "FIRST", "label": "Culture en ligne"},
            "n’est pas enregistré",
        ),
    ],
)
def test_bad_moves_and_splits_are_explained_and_change_nothing(
    analyst_client, prix, online, answers, posted, message
):
    values = {"FIRST": str(answers["prix"][0].pk), "ONLINE": str(online.pk)}
    data = {k: values.get(v, v) for k, v in posted.items()}
    before = list(Assignment.objects.order_by("pk").values_list("pk", "theme_id"))
    response = analyst_client.post(reverse("freetext:theme_answers", args=[prix.pk]), data)
    assert response.status_code == 400
    assert message in page_text(response)
    assert list(Assignment.objects.order_by("pk").values_list("pk", "theme_id")) == before
    assert ValidatedTheme.objects.count() == 3


def test_a_label_typed_without_a_destination_splits(analyst_client, prix, answers):
    # Enter in the new theme's label sends the form's first button (« Déplacer »).
    chosen = answers["prix"][2:]
    response = analyst_client.post(
        reverse("freetext:theme_answers", args=[prix.pk]),
        {"answers": [a.pk for a in chosen], "label": "Pass culture", "operation": "deplacer"},
    )
    assert response.status_code == 302
    new = ValidatedTheme.objects.get(label="Pass culture")
    assert set(Assignment.objects.filter(theme=new).values_list("answer_id", flat=True)) == {
        a.pk for a in chosen
    }


def test_themes_are_merged_into_this_one(analyst_client, prix, online):
    response = analyst_client.post(
        reverse("freetext:theme_merge", args=[prix.pk]), {"sources": [online.pk]}
    )
    assert response.status_code == 302
    assert not ValidatedTheme.objects.filter(pk=online.pk).exists()
    assert "Fusionnés dans « Prix des places » : « Culture en ligne »." in page_text(
        analyst_client.get(response["Location"])
    )


@pytest.mark.parametrize(
    ("sources", "message"),
    [([], "Cochez au moins un thème à fusionner"), (["999999"], "Ce thème n’existe plus")],
)
def test_a_merge_with_nothing_valid_is_explained(analyst_client, prix, sources, message):
    response = analyst_client.post(
        reverse("freetext:theme_merge", args=[prix.pk]), {"sources": sources}
    )
    assert response.status_code == 400
    assert message in page_text(response)
    assert ValidatedTheme.objects.count() == 3


def test_a_theme_is_deleted_after_a_confirmation(analyst_client, question, prix):
    url = reverse("freetext:theme_delete", args=[prix.pk])
    confirmation = page_text(analyst_client.get(url))
    assert "Supprimer le thème « Prix des places » ?" in confirmation
    assert (
        "Les 0 attributions faites par des analystes et les 4 faites par la machine" in confirmation
    )
    assert ValidatedTheme.objects.filter(pk=prix.pk).exists()
    response = analyst_client.post(url)
    assert response["Location"].endswith(
        reverse("freetext:analysis", args=[question.pk]) + "#themes-valides"
    )
    assert not ValidatedTheme.objects.filter(pk=prix.pk).exists()


def test_a_themes_page_costs_the_same_whatever_its_answers(
    analyst_client, kit, prix, team_analyst, django_assert_max_num_queries
):
    url = reverse("freetext:theme", args=[prix.pk])
    analyst_client.get(url)
    with django_assert_max_num_queries(14):
        analyst_client.get(url)
    more = answer(kit, [f"Les tarifs réduits n° {n} sont introuvables." for n in range(60)])
    for one in more[:55]:
        actions.code_answer(actor=team_analyst, answer=one, themes=[prix])
    with django_assert_max_num_queries(14):
        response = analyst_client.get(url)
    assert "59 réponses dans ce thème" in page_text(response)
    assert "Page suivante" in page_text(response)
    assert analyst_client.get(url + "?page=2").status_code == 200


# --- coding by hand ------------------------------------------------------------------------------


def test_a_sample_is_coded_one_answer_at_a_time(analyst_client, question, prix, online):
    url = reverse("freetext:sample", args=[question.pk])
    page = page_text(analyst_client.get(url))
    assert "Réponse 1 sur" in page
    assert "Vous n’avez encore codé aucune réponse de cette question." in page
    assert "aucun de ces thèmes" in page
    assert page.count('name="themes"') == 3
    answer_id = int(page.split('name="answer" value="')[1].split('"')[0])
    response = analyst_client.post(url, {"answer": answer_id, "themes": [prix.pk, online.pk]})
    assert response.status_code == 302
    first = Review.objects.get(answer_id=answer_id)
    assert not first.is_double
    assert set(
        Assignment.objects.filter(answer_id=answer_id, source=Source.ANALYST).values_list(
            "theme_id", flat=True
        )
    ) == {prix.pk, online.pk}
    page = page_text(analyst_client.get(response["Location"]))
    assert "Réponse codée : « Prix des places », « Culture en ligne »." in page
    assert "Vous avez codé 1 réponse de cette question." in page
    second = int(page.split('name="answer" value="')[1].split('"')[0])
    assert second != answer_id
    # Nothing ticked: « aucun de ces thèmes ».
    analyst_client.post(url, {"answer": second})
    assert Review.objects.filter(answer_id=second).exists()
    assert not Assignment.objects.filter(answer_id=second, source=Source.ANALYST).exists()
    assert "Réponse codée : aucun de ces thèmes." in page_text(analyst_client.get(url))


def test_an_answer_can_be_skipped(analyst_client, question, themes):
    url = reverse("freetext:sample", args=[question.pk])
    for odd in ("abc", "-1", "9" * 30):
        assert "Réponse 1 sur" in page_text(analyst_client.get(url, {"passer": odd}))
    first = page_text(analyst_client.get(url)).split('name="answer" value="')[1].split('"')[0]
    skipped = page_text(analyst_client.get(url + "?passer=1"))
    assert "Réponse 2 sur" in skipped
    assert skipped.split('name="answer" value="')[1].split('"')[0] != first
    assert not Review.objects.exists()


def test_coding_an_answer_of_another_question_is_refused(
    analyst_client, kit, question, themes, answers
):
    elsewhere = answer(kit, ["Un autre sujet"], code="commentaire")[0]
    url = reverse("freetext:sample", args=[question.pk])
    for posted in ({"answer": elsewhere.pk}, {"answer": "abc"}, {"answer": "9" * 30}, {}):
        response = analyst_client.post(url, posted)
        assert response.status_code == 400, posted
        assert "Ce formulaire n’est pas enregistré" in page_text(response)
    response = analyst_client.post(url, {"answer": answers["prix"][0].pk, "themes": ["999999"]})
    assert response.status_code == 400
    assert "Ce thème n’existe plus" in page_text(response)
    assert not Review.objects.exists()


def test_the_sample_page_says_when_there_is_no_theme_yet(analyst_client, question, discovered):
    text = page_text(analyst_client.get(reverse("freetext:sample", args=[question.pk])))
    assert "Aucun thème validé" in text
    assert 'name="answer"' not in text


def test_double_coding_is_blind_and_marked(client, question, prix, team_analyst, second_analyst):
    url = reverse("freetext:sample", args=[question.pk])
    client.force_login(team_analyst)
    for _ in range(3):
        page = page_text(client.get(url))
        answer_id = page.split('name="answer" value="')[1].split('"')[0]
        client.post(url, {"answer": answer_id, "themes": [prix.pk]})
    coded = set(Review.objects.values_list("answer_id", flat=True))

    client.force_login(second_analyst)
    double = reverse("freetext:double", args=[question.pk])
    page = page_text(client.get(double))
    assert "Double codage à l’aveugle" in page
    assert "son codage ne vous est pas montré" in page
    answer_id = int(page.split('name="answer" value="')[1].split('"')[0])
    assert answer_id in coded
    assert "checked" not in page.split('id="themes-legende"')[1].split("</fieldset>")[0]
    response = client.post(double, {"answer": answer_id})
    assert response.status_code == 302
    review = Review.objects.get(answer_id=answer_id, analyst=second_analyst)
    assert review.is_double
    assert "Vous avez codé 1 réponse en double codage." in page_text(client.get(double))


def test_the_coding_page_costs_the_same_whatever_the_answers(
    analyst_client, kit, question, themes, django_assert_max_num_queries
):
    url = reverse("freetext:sample", args=[question.pk])
    analyst_client.get(url)
    with django_assert_max_num_queries(14):
        analyst_client.get(url)
    answer_all(kit, campaign=20)
    with django_assert_max_num_queries(14):
        assert analyst_client.get(url).status_code == 200


# --- campaigns -----------------------------------------------------------------------------------


def test_campaigns_show_their_signatures_and_text(
    analyst_client, question, discovered, django_assert_max_num_queries
):
    url = reverse("freetext:campaigns", args=[question.pk])
    with django_assert_max_num_queries(12):
        response = analyst_client.get(url)
    text = page_text(response)
    assert "1 campagne, 3 signatures en tout." in text
    assert "3 signatures" in text
    assert CAMPAIGN in text
    assert text.count(CAMPAIGN[:40]) >= 4  # the representative, then the first members


def test_the_campaigns_page_costs_the_same_whatever_the_groups(
    analyst_client, kit, question, discovered, django_assert_max_num_queries
):
    for n in range(25):
        copies = answer(kit, [f"Texte de campagne n° {n}, signé par tous."] * 8)
        group = CampaignGroup.objects.create(run=discovered, size=8, representative=copies[0])
        group.answers.set(copies)
    url = reverse("freetext:campaigns", args=[question.pk])
    with django_assert_max_num_queries(12):
        text = page_text(analyst_client.get(url))
    assert "26 campagnes, 203 signatures en tout." in text
    assert "Page suivante" in text
    assert analyst_client.get(url, {"page": "2"}).status_code == 200


def test_under_en_the_participants_french_is_marked_as_such(analyst_client, question, themes):
    response = analyst_client.get("/en" + reverse("freetext:analysis", args=[question.pk]))
    assert response.status_code == 200
    text = page_text(response)
    assert '<html lang="en"' in text
    assert '<li lang="fr">« Les places de concert sont beaucoup trop chères' in text
