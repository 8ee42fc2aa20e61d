"""Settings of the task worker started by test_worker.py: the test's database, its tasks in
the database."""

from concerto.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
