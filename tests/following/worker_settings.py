"""Settings of the task worker started by the integration test: the test's database, its
tasks in the database, e-mails written to files the test reads back."""

import os

from concerto.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["CONCERTO_TEST_MAIL_DIR"]
