"""Personal data is kept for the stated time only, and never reaches what the public sees."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from concerto.participation import actions as services
from concerto.surveys.models import Participant
from tests.factories import StaffUserFactory, manager
from tests.surveys.kit import build_questionnaire

pytestmark = pytest.mark.django_db


def participant_with_email(questionnaire, email="p@example.org"):
    participant = services.create_participant(consultation=questionnaire.theme.consultation)
    participant.email = email
    participant.save()
    return participant


def test_emails_are_erased_after_the_stated_retention_only():
    questionnaire = build_questionnaire()
    consultation = questionnaire.theme.consultation
    consultation.personal_data_retention_months = 6
    consultation.save()
    participant = participant_with_email(questionnaire)
    closes = questionnaire.theme.closes_at

    assert services.purge_expired_personal_data(now=closes + datetime.timedelta(days=150)) == 0
    participant.refresh_from_db()
    assert participant.email == "p@example.org"

    assert services.purge_expired_personal_data(now=closes + datetime.timedelta(days=200)) == 1
    participant.refresh_from_db()
    assert participant.email == "" and participant.email_verified_at is None


def test_an_open_ended_theme_keeps_the_data():
    questionnaire = build_questionnaire()
    participant_with_email(questionnaire)
    theme = questionnaire.theme
    theme.closes_at = None
    theme.save()
    assert services.purge_expired_personal_data() == 0


def test_purge_command_reports_its_count(capsys):
    questionnaire = build_questionnaire()
    participant_with_email(questionnaire)
    theme = questionnaire.theme
    theme.opens_at = theme.opens_at - datetime.timedelta(days=1000)
    theme.closes_at = theme.opens_at + datetime.timedelta(days=10)
    theme.save()
    call_command("purge_personal_data")
    assert "E-mail addresses erased: 1" in capsys.readouterr().out
    assert not Participant.objects.exclude(email="").exists()


def test_preview_is_for_staff_and_shows_every_question(client):
    questionnaire = build_questionnaire()
    preview = reverse("surveys:preview", args=[questionnaire.pk])
    assert client.get(preview).status_code == 302  # to the back-office login
    client.force_login(StaffUserFactory())  # staff, but no role: nothing to see
    assert client.get(preview).status_code == 403
    client.force_login(manager())
    page = client.get(preview).content.decode()
    assert "Aperçu : rien n’est enregistré" in page
    for label in ["Lesquels ?", "Budget annuel (euros)", "Classez ces priorités"]:
        assert label in page  # conditional questions are shown too
    assert "Étape 3 : Vos priorités" in page
