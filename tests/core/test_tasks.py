"""Background work goes through the database task queue that `make run` and production use."""

import pytest
from django.core import mail
from django.core.management import call_command

from concerto.core.tasks import send_email

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)
def test_an_enqueued_email_waits_for_the_worker_and_is_sent_by_it(settings):
    settings.TASKS = DATABASE_TASKS
    from django_tasks_db.models import DBTaskResult

    result = send_email.enqueue(subject="Objet", body="Corps", to=["a@example.org"])

    assert mail.outbox == []  # nothing is sent inside the request
    assert DBTaskResult.objects.filter(id=result.id).exists()

    call_command("db_worker", batch=True, queue_name="default", interval=0)

    assert [m.subject for m in mail.outbox] == ["Objet"]
    result.refresh()
    assert result.status.name == "SUCCESSFUL"
