"""Settings of the real task worker started by ``test_worker_restart`` in a subprocess: the
test's PostgreSQL database, the database task queue, e-mails logged one JSON line each."""

import os

from concerto.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
EMAIL_BACKEND = "tests.events.worker_settings.JsonLinesBackend"
MAIL_LOG = os.environ["CONCERTO_TEST_MAIL_LOG"]


def _backend():
    import json

    from django.core.mail.backends.base import BaseEmailBackend

    class JsonLinesBackend(BaseEmailBackend):
        def send_messages(self, messages):
            with open(MAIL_LOG, "a", encoding="utf-8") as log:
                for message in messages:
                    log.write(json.dumps({"to": message.to, "subject": message.subject}) + "\n")
            return len(messages)

    return JsonLinesBackend


def __getattr__(name):
    if name == "JsonLinesBackend":
        return _backend()
    raise AttributeError(name)
