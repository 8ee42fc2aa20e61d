"""Nothing is mailed to an unconfirmed address but its confirmation, once per period, and the
e-mail tasks carry identifiers only — checked through the real task worker."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from concerto.participation import actions as participation
from concerto.surveys.models import Participant
from tests.surveys.kit import VALID_PAGES, build_questionnaire

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


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


def run_worker():
    call_command("db_worker", batch=True, queue_name="default", interval=0)


@pytest.mark.django_db(transaction=True)
def test_an_unconfirmed_address_gets_its_confirmation_only_through_the_worker(client, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    questionnaire = build_questionnaire()
    profile = questionnaire.theme.consultation.profiles.get(label="Citoyen ou citoyenne")
    victim = "inconnu@example.org"

    # The abuse: switching a stranger's address on and off, then submitting a text.
    for email in [victim, "", victim, "", victim]:
        client.post(url(questionnaire, "profile"), {"profile": profile.pk, "email": email})
    for number, data in VALID_PAGES.items():
        client.post(url(questionnaire, "step", number=number), {**data, "next": "1"})
    assert client.post(url(questionnaire, "review"))["Location"].endswith("/confirmation/")
    assert mail.outbox == []  # nothing leaves inside a request
    run_worker()

    assert len(mail.outbox) == 1  # one confirmation for the period, no receipt
    message = mail.outbox[0]
    assert message.to == [victim] and "Confirmez votre adresse" in message.subject
    assert "/reprendre/" not in message.body and "Tablette" not in message.body

    # What the task queue keeps: identifiers, never the address, a token or an answer.
    stored = json.dumps(list(DBTaskResult.objects.values("args_kwargs", "return_value")))
    participant = Participant.objects.get()
    assert victim not in stored and participant.token not in stored and "Tablette" not in stored

    # Another participant naming the same address within the period: no second message.
    other = client.__class__()
    other.post(url(questionnaire, "profile"), {"profile": profile.pk, "email": victim})
    run_worker()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_once_confirmed_the_resume_link_and_receipts_follow(client, settings):
    settings.TASKS = DATABASE_TASKS
    questionnaire = build_questionnaire()
    profile = questionnaire.theme.consultation.profiles.get(label="Citoyen ou citoyenne")
    client.post(url(questionnaire, "profile"), {"profile": profile.pk, "email": "c@example.org"})
    run_worker()
    link = next(
        line.strip().replace("http://testserver", "")
        for line in mail.outbox[0].body.splitlines()
        if "/confirmer-adresse/" in line
    )
    assert client.get(link).status_code == 200  # a mail scanner opening it confirms nothing
    run_worker()
    assert Participant.objects.get().email_verified_at is None and len(mail.outbox) == 1

    client.post(link)
    run_worker()
    assert Participant.objects.get().email_verified_at is not None
    assert "/reprendre/" in mail.outbox[1].body and mail.outbox[1].to == ["c@example.org"]

    for number, data in VALID_PAGES.items():
        client.post(url(questionnaire, "step", number=number), {**data, "next": "1"})
    client.post(url(questionnaire, "review"))
    run_worker()
    assert "Accusé de réception" in mail.outbox[2].subject and "Tablette" in mail.outbox[2].body


@pytest.mark.django_db
def test_a_confirmation_link_is_void_once_the_address_changed(
    client, django_capture_on_commit_callbacks
):
    questionnaire = build_questionnaire()
    profile = questionnaire.theme.consultation.profiles.get(label="Citoyen ou citoyenne")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url(questionnaire, "profile"), {"profile": profile.pk, "email": "a@example.org"}
        )
    link = next(
        line.strip().replace("http://testserver", "")
        for line in mail.outbox[0].body.splitlines()
        if "/confirmer-adresse/" in line
    )
    client.post(url(questionnaire, "profile"), {"profile": profile.pk, "email": "b@example.org"})
    assert client.post(link).status_code == 404
    assert Participant.objects.get().email_verified_at is None
    assert client.get("/confirmer-adresse/forged-token/").status_code == 404


@pytest.mark.django_db
def test_the_purge_deletes_finished_email_task_results(settings):
    from django_tasks_db.models import DBTaskResult

    from concerto.core.tasks import send_email

    settings.TASKS = DATABASE_TASKS
    old = send_email.enqueue(subject="S", body="texte", to=["x@example.org"])
    DBTaskResult.objects.filter(id=old.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - datetime.timedelta(days=30)
    )
    fresh = send_email.enqueue(subject="S", body="texte", to=["y@example.org"])
    participation.purge_expired_personal_data()
    assert [str(i) for i in DBTaskResult.objects.values_list("id", flat=True)] == [str(fresh.id)]
