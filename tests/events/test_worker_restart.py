"""The real task worker sends the reminders, each exactly once, across a kill and a restart.

Runs ``manage.py db_worker`` in a subprocess on the test's PostgreSQL database: two events a
few seconds apart, each with a reminder one hour before; the worker is killed (SIGKILL, no
chance to clean up) after the first reminder went out, the second one falls due while it is
down, and the restarted worker sends it. Each registrant gets exactly one reminder.
"""

from __future__ import annotations

import datetime
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from concerto.events import actions
from concerto.events.models import ReminderSent
from tests.factories import manager as make_manager

from .kit import event_with_profiles

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the worker subprocess shares PostgreSQL"
    ),
]


def start_worker(mail_log: Path) -> subprocess.Popen:
    settings_dict = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.events.worker_settings",
        "DATABASE_URL": (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
            f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
        ),
        "CONCERTO_TEST_MAIL_LOG": str(mail_log),
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}",
    }
    if settings_dict.get("PASSWORD"):
        env["DATABASE_URL"] = env["DATABASE_URL"].replace(
            f"//{settings_dict['USER']}@", f"//{settings_dict['USER']}:{settings_dict['PASSWORD']}@"
        )
    return subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "db_worker",
            "--queue-name",
            "default",
            "--interval",
            "0.2",
            "--no-startup-delay",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def reminders_in(mail_log: Path) -> list[tuple[str, str]]:
    if not mail_log.exists():
        return []
    lines = [json.loads(line) for line in mail_log.read_text().splitlines()]
    return [(m["to"][0], m["subject"]) for m in lines if m["subject"].startswith("Rappel")]


def mail_lines(mail_log: Path) -> list[dict]:
    if not mail_log.exists():
        return []
    return [json.loads(line) for line in mail_log.read_text().splitlines()]


def sent_for(event) -> bool:
    return ReminderSent.objects.filter(registration__event=event, skipped=False).exists()


def test_each_reminder_goes_exactly_once_across_a_worker_kill(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    mail_log = tmp_path / "mail.jsonl"
    soon = timezone.now() + datetime.timedelta(hours=1)
    first, (profile_one, _) = event_with_profiles(
        starts_at=soon + datetime.timedelta(seconds=6), reminder_offsets=[60]
    )
    second, (profile_two, _) = event_with_profiles(
        starts_at=soon + datetime.timedelta(seconds=30), reminder_offsets=[60]
    )
    staff = make_manager(of=[first.consultation, second.consultation])
    with django_capture_on_commit_callbacks(execute=True):
        for event, profile, email in [
            (first, profile_one, "premier@example.org"),
            (second, profile_two, "second@example.org"),
        ]:
            actions.save_event(event=event, actor=staff, changed=[], created=True)
            registration = actions.register(event=event, name="X", email=email, profile=profile)
            actions.confirm(key=registration.key)

    worker = start_worker(mail_log)
    try:
        wait_for(lambda: sent_for(first), 30, "the first reminder")
        # The registration e-mails go through the same worker (queued without a time, they
        # may come after the reminder that was due).
        wait_for(lambda: len(mail_lines(mail_log)) >= 5, 20, "the registration e-mails")
        os.kill(worker.pid, signal.SIGKILL)  # between the two reminders
        worker.wait(timeout=10)
        assert not sent_for(second)
        # The second reminder falls due while no worker runs.
        time.sleep(
            max(
                0.0,
                (second.starts_at - datetime.timedelta(hours=1) - timezone.now()).total_seconds(),
            )
            + 1
        )
        assert not sent_for(second)

        worker = start_worker(mail_log)
        wait_for(lambda: sent_for(second), 30, "the second reminder after the restart")
        time.sleep(1.5)  # let the restarted worker run whatever else it would
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()

    # The confirmation requests and confirmations went through the same worker.
    subjects = [line["subject"] for line in mail_lines(mail_log)]
    assert sum(s.startswith("Confirmez votre inscription") for s in subjects) == 2
    assert sum(s.startswith("Inscription confirmée") for s in subjects) == 2
    reminders = reminders_in(mail_log)
    assert sorted(to for to, _ in reminders) == ["premier@example.org", "second@example.org"]
    assert ReminderSent.objects.count() == 2
