"""A participant's journey through HTTP: profile, pages, back and next, submit, edit, withdraw."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concerto.surveys.answers import current_answers
from concerto.surveys.models import (
    Participant,
    Questionnaire,
    Response,
    ResponseStatus,
    Section,
)
from concerto.surveys.structure import load
from tests.surveys.kit import VALID_PAGES, build_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire():
    return build_questionnaire()


def url(questionnaire, name, **kwargs):
    return reverse(
        f"surveys:{name}",
        kwargs={
            "slug": questionnaire.theme.consultation.slug,
            "theme_slug": questionnaire.theme.slug,
            "questionnaire_slug": questionnaire.slug,
            **kwargs,
        },
    )


def begin(client, questionnaire, *, email="", profile_label="Citoyen ou citoyenne"):
    """Start and give a profile, as a participant would; returns the first step's URL."""
    response = client.post(questionnaire.get_absolute_url())
    assert response.status_code == 302
    profile = questionnaire.theme.consultation.profiles.get(label=profile_label)
    response = client.post(
        url(questionnaire, "profile"),
        {
            "profile": profile.pk,
            "organisation_name": "",
            "departement": "29",
            "email": email,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == url(questionnaire, "step", number=1)
    return response["Location"]


def confirmation_link(message) -> str:
    line = next(line for line in message.body.splitlines() if "/confirmer-adresse/" in line)
    return line.strip().replace("http://testserver", "")


def answer_all(client, questionnaire):
    for number, data in VALID_PAGES.items():
        response = client.post(url(questionnaire, "step", number=number), {**data, "next": "1"})
        assert response.status_code == 302, response.content.decode()[:3000]
    return client.post(url(questionnaire, "review"))


def stored(questionnaire):
    """The participant's answers by code: the draft while answering, the typed rows once sent."""
    response = Response.objects.get(questionnaire=questionnaire)
    return {code: a.value for code, a in current_answers(response, load(questionnaire.pk)).items()}


def other_text(questionnaire, code):
    response = Response.objects.get(questionnaire=questionnaire)
    return current_answers(response, load(questionnaire.pk))[code].other


def test_complete_journey_stores_every_answer_and_sends_a_receipt(
    client, questionnaire, django_capture_on_commit_callbacks
):
    # E-mails leave after commit (transaction.on_commit): run those callbacks as a commit would.
    with django_capture_on_commit_callbacks(execute=True):
        begin(client, questionnaire, email="camille@example.org")
    assert len(mail.outbox) == 1  # the confirmation link, nothing else to an unconfirmed address
    assert "/reprendre/" not in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirmation_link(mail.outbox[0]))
    assert len(mail.outbox) == 2 and "/reprendre/" in mail.outbox[1].body  # now confirmed
    with django_capture_on_commit_callbacks(execute=True):
        result = answer_all(client, questionnaire)
    assert result["Location"] == url(questionnaire, "confirmation")
    response = Response.objects.get(questionnaire=questionnaire)
    assert response.status == ResponseStatus.SUBMITTED and response.submitted_at
    answers = stored(questionnaire)
    assert answers["domaines"] == ["musique", "autre"]
    assert answers["budget"] == 1500.5
    assert answers["classement"] == ["creation", "acces", "patrimoine"]
    assert answers["tableau"] == {"formation": "pour", "financement": "contre"}
    assert other_text(questionnaire, "domaines") == "Cinéma"
    receipt = mail.outbox[-1]
    assert receipt.to == ["camille@example.org"]
    assert "Accusé de réception" in receipt.subject and "Tablette" in receipt.body
    page = client.get(url(questionnaire, "confirmation")).content.decode()
    assert "Merci, vos réponses sont bien envoyées" in page
    participant = Participant.objects.get()
    assert participant.token in page  # the resume link is shown
    assert participant.departement == "29"


def test_progress_indicator_and_announced_limits(client, questionnaire):
    first = begin(client, questionnaire)
    page = client.get(first).content.decode()
    assert "Étape 1 sur 3" in page
    assert "50 caractères maximum." in page  # said before any error
    assert "Cochez entre 1 et 2 réponses." in page
    client.post(first, {**VALID_PAGES[1], "next": "1"})
    page = client.get(url(questionnaire, "step", number=2)).content.decode()
    assert "Étape 2 sur 3" in page and "Un nombre entre 0 et 100000." in page


def test_errors_are_shown_next_to_fields_and_keep_what_was_typed(client, questionnaire):
    first = begin(client, questionnaire)
    response = client.post(
        first,
        {
            "q-usage": "oui",
            "q-usage-detail": "x" * 60,
            "q-domaines": ["musique", "musees", "livre"],
            "next": "1",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Le formulaire contient 2 erreurs" in page
    assert "Votre réponse fait 60 caractères ; 50 caractères au maximum." in page
    assert "Cochez au plus 2 réponses." in page
    assert 'value="' + "x" * 60 + '"' in page
    assert page.count("checked") >= 4  # oui + the three boxes
    assert "<title>Erreur : " in page
    # The valid answer was saved; the invalid ones were not.
    assert stored(questionnaire) == {"usage": "oui"}


def test_back_and_next_keep_every_answer(client, questionnaire):
    begin(client, questionnaire)
    client.post(url(questionnaire, "step", number=1), {**VALID_PAGES[1], "next": "1"})
    # Going back from page 2 with a half-filled page keeps what was typed there.
    response = client.post(url(questionnaire, "step", number=2), {"q-note": "9", "previous": "1"})
    assert response["Location"] == url(questionnaire, "step", number=1)
    page1 = client.get(url(questionnaire, "step", number=1)).content.decode()
    assert 'value="Tablette"' in page1 and 'value="Cinéma"' in page1
    page2 = client.get(url(questionnaire, "step", number=2)).content.decode()
    assert 'id="q-note-9" name="q-note" value="9" checked' in page2


def test_going_back_does_not_require_required_answers(client, questionnaire):
    begin(client, questionnaire)
    client.post(url(questionnaire, "step", number=1), {**VALID_PAGES[1], "next": "1"})
    response = client.post(url(questionnaire, "step", number=2), {"previous": "1"})
    assert response.status_code == 302


def test_answers_of_hidden_questions_are_never_stored(client, questionnaire):
    begin(client, questionnaire)
    client.post(url(questionnaire, "step", number=1), {**VALID_PAGES[1], "next": "1"})
    assert stored(questionnaire)["usage-detail"] == "Tablette"
    # Changing "oui" to "non" hides "Lesquels ?": its stored answer goes, and a posted one
    # for the hidden question is ignored.
    data = {**VALID_PAGES[1], "q-usage": "non", "next": "1"}
    assert client.post(url(questionnaire, "step", number=1), data).status_code == 302
    assert "usage-detail" not in stored(questionnaire)
    # "Budget" on page 2 depends on the same answer: posted, it is ignored as well.
    client.post(url(questionnaire, "step", number=2), {**VALID_PAGES[2], "next": "1"})
    assert "budget" not in stored(questionnaire)
    assert "budget" not in client.get(url(questionnaire, "step", number=2)).content.decode()


def test_unknown_fields_and_forged_values_change_nothing(client, questionnaire):
    begin(client, questionnaire)
    client.post(url(questionnaire, "step", number=1), {**VALID_PAGES[1], "next": "1"})
    before = stored(questionnaire)
    response = client.post(
        url(questionnaire, "step", number=1),
        {
            **VALID_PAGES[1],
            "q-frequence": "999",
            "q-accord": "5",
            "q-nope": "x",
            "next": "1",
        },
    )
    assert response.status_code == 400
    assert "Ce choix n’existe pas" in response.content.decode()
    assert stored(questionnaire) == before  # "accord" belongs to page 2: not taken from page 1


def test_oversized_post_gets_a_message_not_a_500(client, questionnaire):
    begin(client, questionnaire)
    response = client.post(
        url(questionnaire, "step", number=2),
        {"q-pourquoi": "é" * 200_000, "q-accord": "1", "next": "1"},
    )
    assert response.status_code == 400
    assert "caractères au maximum" in response.content.decode()


def test_submission_is_idempotent(client, questionnaire, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        begin(client, questionnaire, email="a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirmation_link(mail.outbox[0]))
    with django_capture_on_commit_callbacks(execute=True):
        answer_all(client, questionnaire)
    submitted_at = Response.objects.get().submitted_at
    outbox = len(mail.outbox)
    assert outbox == 3  # confirmation, resume link, receipt
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url(questionnaire, "review"))  # refresh / double click / replay
    assert again.status_code == 302
    assert Response.objects.count() == 1
    assert Response.objects.get().submitted_at == submitted_at
    assert len(mail.outbox) == outbox  # no second receipt


def test_two_tabs_share_one_response(questionnaire):
    client = Client()
    begin(client, questionnaire)
    other_tab = Client()
    other_tab.cookies = client.cookies
    client.post(url(questionnaire, "step", number=1), {**VALID_PAGES[1], "next": "1"})
    other_tab.post(url(questionnaire, "step", number=1), {**VALID_PAGES[1], "next": "1"})
    assert Response.objects.count() == 1


def test_incomplete_response_cannot_be_submitted(client, questionnaire):
    begin(client, questionnaire)
    client.post(url(questionnaire, "step", number=1), {**VALID_PAGES[1], "next": "1"})
    response = client.post(url(questionnaire, "review"))
    assert response["Location"] == url(questionnaire, "step", number=2)
    assert Response.objects.get().status == ResponseStatus.IN_PROGRESS
    page = client.get(response["Location"]).content.decode()
    assert "Il manque des réponses obligatoires" in page


def test_resume_link_reopens_answers_on_another_device(client, questionnaire):
    begin(client, questionnaire)
    client.post(url(questionnaire, "step", number=1), {**VALID_PAGES[1], "next": "1"})
    token = Participant.objects.get().token
    elsewhere = Client()
    page = elsewhere.get(reverse("surveys:resume", args=[token])).content.decode()
    assert questionnaire.title in page and "En cours" in page
    elsewhere.post(questionnaire.get_absolute_url())
    step1 = elsewhere.get(url(questionnaire, "step", number=1)).content.decode()
    assert 'value="Tablette"' in step1
    assert elsewhere.get(reverse("surveys:resume", args=["not-a-token"])).status_code == 404


def test_profile_is_asked_once_per_consultation(client, questionnaire):
    begin(client, questionnaire)
    other = Questionnaire.objects.create(
        theme=questionnaire.theme, title="Autre", slug="autre", is_published=True
    )
    Section.objects.create(questionnaire=other, title="Unique")
    response = client.post(other.get_absolute_url())
    assert response["Location"] == url(other, "step", number=1)


def test_organisation_profile_needs_its_name(client, questionnaire):
    client.post(questionnaire.get_absolute_url())
    profile = questionnaire.theme.consultation.profiles.get(is_organisation=True)
    response = client.post(url(questionnaire, "profile"), {"profile": profile.pk})
    assert response.status_code == 400
    assert "Indiquez le nom de l’organisation" in response.content.decode()
    response = client.post(url(questionnaire, "profile"), {"profile": 999999})
    assert "Ce profil n’existe pas" in response.content.decode()


def test_required_email_policy(client):
    questionnaire = build_questionnaire(email_policy="required")
    client.post(questionnaire.get_absolute_url())
    profile = questionnaire.theme.consultation.profiles.first()
    response = client.post(url(questionnaire, "profile"), {"profile": profile.pk, "email": ""})
    assert "Indiquez votre adresse électronique" in response.content.decode()
    response = client.post(
        url(questionnaire, "profile"), {"profile": profile.pk, "email": "pas-une-adresse"}
    )
    assert "Saisissez une adresse électronique valide" in response.content.decode()


def test_verified_email_policy_waits_for_the_link(client, django_capture_on_commit_callbacks):
    questionnaire = build_questionnaire(email_policy="verified")
    profile = questionnaire.theme.consultation.profiles.first()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(questionnaire, "profile"), {"profile": profile.pk, "email": "v@example.org"}
        )
    assert response["Location"] == url(questionnaire, "verify")
    assert client.get(url(questionnaire, "step", number=1)).status_code == 302
    link = confirmation_link(mail.outbox[0])

    # Opening the link (as a mail scanner would) confirms nothing...
    page = client.get(link).content.decode()
    assert "Confirmer mon adresse" in page
    assert Participant.objects.get().email_verified_at is None
    # ...the participant's click does, and leads back to the questionnaire.
    response = client.post(link)
    assert response["Location"] == questionnaire.get_absolute_url()
    assert Participant.objects.get().email_verified_at is not None
    assert client.post(questionnaire.get_absolute_url())["Location"] == url(
        questionnaire, "step", number=1
    )


def test_resume_link_never_leads_off_site(client, questionnaire):
    begin(client, questionnaire, email="x@example.org")
    token = Participant.objects.get().token
    page = client.get(f"/reprendre/{token}/?suivant=https://evil.example/").content.decode()
    assert 'href="https://evil.example/"' not in page


def test_edit_after_submission_then_withdraw(
    client, questionnaire, django_capture_on_commit_callbacks
):
    begin(client, questionnaire, email="camille@example.org")
    Participant.objects.update(email_verified_at=timezone.now())  # receipts: confirmed only
    answer_all(client, questionnaire)
    # An edit starts from the review page, works on a draft, and counts once sent.
    edit = client.post(url(questionnaire, "edit"), {"etape": "3"})
    assert edit["Location"] == url(questionnaire, "step", number=3)
    data = {**VALID_PAGES[3], "q-commentaire": "Finalement, autre chose.", "next": "1"}
    assert client.post(url(questionnaire, "step", number=3), data).status_code == 302
    response = Response.objects.get()
    assert response.is_editing and response.status == ResponseStatus.SUBMITTED
    assert submitted_text(response, "commentaire") == "Merci."  # still the sent answer
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(questionnaire, "review"))
    response.refresh_from_db()
    assert response.edited_at and not response.is_editing
    assert submitted_text(response, "commentaire") == "Finalement, autre chose."
    assert "modifications" in mail.outbox[-1].subject  # a new receipt
    assert "modifiées le" in client.get(url(questionnaire, "review")).content.decode()
    # Withdrawal asks first, on its own page; the POST withdraws.
    page = client.get(url(questionnaire, "withdraw"))
    assert "Retirer mes réponses ?" in page.content.decode()
    assert Response.objects.get().status == ResponseStatus.SUBMITTED
    client.post(url(questionnaire, "withdraw"))
    response = Response.objects.get()
    assert response.status == ResponseStatus.WITHDRAWN
    assert not response.choices.exists() and not response.values.exists() and not response.draft
    # Answering again undoes the withdrawal, from an empty questionnaire.
    start = client.get(questionnaire.get_absolute_url()).content.decode()
    assert "Répondre à nouveau" in start and "Reprendre mes réponses" not in start
    client.post(questionnaire.get_absolute_url())
    assert Response.objects.get().status == ResponseStatus.IN_PROGRESS


def submitted_text(response, code):
    from concerto.surveys.answers import submitted_answers

    return submitted_answers(response, load(response.questionnaire_id))[code].value


def test_editing_can_be_forbidden(client):
    questionnaire = build_questionnaire(allow_editing=False)
    begin(client, questionnaire)
    answer_all(client, questionnaire)
    response = client.post(url(questionnaire, "step", number=3), {**VALID_PAGES[3], "next": "1"})
    assert response["Location"] == url(questionnaire, "review")
    assert "Retirer" not in client.get(url(questionnaire, "review")).content.decode()
    # The rule holds on the server, not only in the page: no edit, no withdrawal by POST.
    assert client.post(url(questionnaire, "edit"), {"etape": "3"}).status_code == 403
    assert client.post(url(questionnaire, "withdraw")).status_code == 403
    assert Response.objects.get().status == ResponseStatus.SUBMITTED


def test_closed_questionnaire_says_so_and_takes_no_answer(client, questionnaire):
    begin(client, questionnaire)
    client.post(url(questionnaire, "step", number=1), {**VALID_PAGES[1], "next": "1"})
    before = stored(questionnaire)
    theme = questionnaire.theme
    theme.closes_at = timezone.now() + datetime.timedelta(hours=1)
    theme.save()
    later = theme.closes_at + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        page = client.get(questionnaire.get_absolute_url()).content.decode()
        assert "Cette enquête est close" in page and "Commencer" not in page
        response = client.post(
            url(questionnaire, "step", number=1), {**VALID_PAGES[1], "q-usage": "non", "next": "1"}
        )
        assert response.status_code == 403
        assert client.post(url(questionnaire, "review")).status_code == 403
    assert stored(questionnaire) == before


def test_not_yet_open_questionnaire_says_when(client, questionnaire):
    theme = questionnaire.theme
    theme.opens_at = timezone.now() + datetime.timedelta(days=3)
    theme.save()
    page = client.get(questionnaire.get_absolute_url()).content.decode()
    assert "Cette enquête n’est pas encore ouverte" in page and "Elle ouvrira le" in page
    assert client.post(questionnaire.get_absolute_url()).status_code == 403
    assert not Participant.objects.exists()


def test_missing_csrf_token_is_refused_in_french(questionnaire):
    client = Client(enforce_csrf_checks=True)
    response = client.post(questionnaire.get_absolute_url())
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()
    assert not Participant.objects.exists()


def test_unpublished_questionnaire_is_not_found(client, questionnaire):
    questionnaire.is_published = False
    questionnaire.save()
    assert client.get(questionnaire.get_absolute_url()).status_code == 404


def test_theme_page_links_to_its_questionnaire(client, questionnaire):
    page = client.get(questionnaire.theme.get_absolute_url()).content.decode()
    assert questionnaire.get_absolute_url() in page


def test_sections_whose_questions_are_all_hidden_are_skipped(client):
    from concerto.surveys.models import DisplayCondition, Question

    questionnaire = build_questionnaire()
    s1, s2, _s3 = questionnaire.sections.all()
    usage = Question.objects.get(section=s1, code="usage")
    # Every question of section 2 now depends on "usage" being "oui".
    for question in s2.questions.all():
        question.conditions.all().delete()
        DisplayCondition.objects.create(
            question=question, depends_on=usage, operator="equals", values=["oui"]
        )
    begin(client, questionnaire)
    response = client.post(
        url(questionnaire, "step", number=1), {**VALID_PAGES[1], "q-usage": "non", "next": "1"}
    )
    assert response["Location"] == url(questionnaire, "step", number=3)
    response = client.post(url(questionnaire, "step", number=3), {"previous": "1"})
    assert response["Location"] == url(questionnaire, "step", number=1)


def test_participants_without_email_see_their_resume_link(client, questionnaire):
    first = begin(client, questionnaire)
    token = Participant.objects.get().token
    assert f"/reprendre/{token}/" in client.get(first).content.decode()


def test_an_empty_profile_post_shows_the_errors(client, questionnaire):
    client.post(questionnaire.get_absolute_url())
    response = client.post(url(questionnaire, "profile"), {})
    assert response.status_code == 400
    assert "Indiquez à quel titre vous répondez." in response.content.decode()


def test_nobody_is_recorded_before_giving_a_profile(client, questionnaire):
    page = client.get(questionnaire.get_absolute_url()).content.decode()
    assert f'href="{url(questionnaire, "profile")}"' in page  # "Commencer" is a plain link
    assert client.post(questionnaire.get_absolute_url())["Location"] == url(
        questionnaire, "profile"
    )
    client.get(url(questionnaire, "profile"))
    client.post(url(questionnaire, "profile"), {})  # invalid
    assert not Participant.objects.exists()
    begin(client, questionnaire)
    assert Participant.objects.count() == 1


def test_an_email_address_left_empty_is_erased(client, questionnaire):
    begin(client, questionnaire, email="c@example.org")
    assert Participant.objects.get().email == "c@example.org"
    profile = questionnaire.theme.consultation.profiles.get(label="Citoyen ou citoyenne")
    client.post(url(questionnaire, "profile"), {"profile": profile.pk, "email": ""})
    assert Participant.objects.get().email == ""
