"""Processes the integration tests start on the test's own PostgreSQL database: the real
task worker (``manage.py db_worker``), production web servers. The tests that use them are
PostgreSQL-only: another process must see what the test committed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
# What the test sets as ``settings.TASKS`` so that its requests queue rows the worker reads.
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def database_url(database: dict | None = None) -> str:
    """The test database's address (``DATABASE_URL``) for another process."""
    database = database or connection.settings_dict
    user = quote(database.get("USER") or "", safe="")
    password = quote(database.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{database['NAME']}"


def run_worker(
    settings_module: str, *extra: str, env: dict | None = None, timeout: int = 120
) -> None:
    """Run every task queued so far in a ``db_worker`` process, then return."""
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--interval",
            "0",
            "--no-startup-delay",
            "--no-reload",
            *extra,
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": database_url(),
            **(env or {}),
        },
        check=True,
        timeout=timeout,
        capture_output=True,
    )
