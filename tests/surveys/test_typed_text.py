"""What managers type cannot break a page or an e-mail: NUL and control characters are
removed from titles and labels before they are stored (PostgreSQL refuses a NUL: the test
suite's PostgreSQL leg proves there is no error), and a title's line break cannot reach an
e-mail header."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from concerto.consultations.models import Consultation, Theme
from concerto.core.forms import SingleLineField
from concerto.surveys.models import Participant, Questionnaire
from tests.consultations.test_admin import theme_form
from tests.factories import ConsultationFactory
from tests.surveys.kit import build_questionnaire
from tests.surveys.test_admin_structure import questionnaire_form, questionnaire_url
from tests.surveys.test_flow import answer_all, begin

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_questionnaire_title_is_removed_not_an_error(manager_client):
    questionnaire = build_questionnaire()

    response = manager_client.post(
        questionnaire_url(questionnaire),
        questionnaire_form(questionnaire, title="Enquête\x00 complète"),
    )

    assert response.status_code == 302, connection.vendor
    questionnaire.refresh_from_db()
    assert questionnaire.title == "Enquête complète"


def test_a_nul_in_consultation_and_theme_titles_is_removed(manager_client):
    consultation = ConsultationFactory()
    url = reverse("admin:consultations_consultation_change", args=[consultation.pk])
    data = {
        "title": "Culture\x00 et\r\nnumérique\x1b",
        "slug": consultation.slug,
        "tagline": "Une\x00 accroche",
        "purpose": "Objet\x00\r\nsur deux lignes",
        "why_participate": "",
        "how_to_participate": "",
        "email_policy": consultation.email_policy,
        "personal_data_retention_months": "12",
        "challenge_fallback": "flag",
        "profiles-TOTAL_FORMS": "0",
        "profiles-INITIAL_FORMS": "0",
        "themes-TOTAL_FORMS": "0",
        "themes-INITIAL_FORMS": "0",
        "_save": "Enregistrer",
    }
    response = manager_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    consultation.refresh_from_db()
    assert consultation.title == "Culture et numérique"
    assert consultation.tagline == "Une accroche"
    assert consultation.purpose == "Objet\nsur deux lignes"

    response = manager_client.post(
        reverse("admin:consultations_theme_add"),
        theme_form(consultation, title="Patri\x00moine\nnumérique", summary="Ré\x00sumé"),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    theme = Theme.objects.get(consultation=consultation)
    assert (theme.title, theme.summary) == ("Patrimoine numérique", "Résumé")


def test_a_line_break_typed_in_a_title_is_folded(manager_client):
    questionnaire = build_questionnaire()

    manager_client.post(
        questionnaire_url(questionnaire),
        questionnaire_form(questionnaire, title="Enquête\r\nBcc: tous@exemple.fr"),
    )

    questionnaire.refresh_from_db()
    assert questionnaire.title == "Enquête Bcc: tous@exemple.fr"


def test_a_title_stored_with_a_line_break_cannot_split_the_receipt_header(
    client, django_capture_on_commit_callbacks
):
    # Written by another door than the back office (a shell, an import): the receipt
    # still makes it one line.
    questionnaire = build_questionnaire()
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        title="Enquête\r\nBcc: tous@exemple.fr\x00"
        if connection.vendor != "postgresql"
        else "Enquête\r\nBcc: tous@exemple.fr"
    )
    Consultation.objects.filter(pk=questionnaire.theme.consultation_id).update(
        title="Consultation\nsur deux lignes"
    )
    questionnaire.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        begin(client, questionnaire, email="camille@example.org")
        # Receipts go to confirmed addresses only.
        Participant.objects.update(email_verified_at=timezone.now())
        answer_all(client, questionnaire)

    receipt = mail.outbox[-1]
    assert receipt.subject == "Accusé de réception : « Enquête Bcc: tous@exemple.fr »"
    message = receipt.message()  # raises BadHeaderError on a line break
    assert str(make_header(decode_header(message["Subject"]))) == receipt.subject
    assert "Bcc" not in message
    assert "« Consultation sur deux lignes »" in receipt.body


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Titre\x00", "Titre"),
        ("  Titre\r\n  long  ", "Titre   long"),
        ("Ti\u2028tre", "Ti tre"),
        ("Ti\x85tre\x7f", "Ti tre"),
    ],
)
def test_single_line_field(typed, kept):
    assert SingleLineField().clean(typed) == kept
