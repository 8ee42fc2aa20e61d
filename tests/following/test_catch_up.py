"""The catch-up runs by itself through the task queue, one chain at a time, and starts again
after the worker was down."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from concerto.following import actions
from concerto.following.models import CatchUpClock
from concerto.following.tasks import catch_up

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queue(settings):
    settings.TASKS = DATABASE_TASKS
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects


def catch_ups(queue):
    return list(queue.filter(task_path="concerto.following.tasks.catch_up").order_by("enqueued_at"))


def test_one_chain_at_a_time(queue):
    assert actions.ensure_catch_up() is True
    assert actions.ensure_catch_up() is False
    assert len(catch_ups(queue)) == 1
    # The worker runs it: it schedules the next run, a period later.
    clock = CatchUpClock.objects.get()
    catch_up.call(clock.next_run_at.isoformat())
    runs = catch_ups(queue)
    assert len(runs) == 2
    assert runs[1].run_after == CatchUpClock.objects.get().next_run_at
    assert runs[1].run_after - timezone.now() > datetime.timedelta(minutes=4)


def test_a_worker_back_from_downtime_keeps_one_chain(queue):
    actions.ensure_catch_up()
    stale_due = CatchUpClock.objects.get().next_run_at
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        # The worker was down: the chain is overdue, the command starts a new one.
        assert actions.ensure_catch_up() is True
        assert actions.ensure_catch_up() is False
        # The old chain's task finally runs: it no longer holds the clock and stops.
        assert actions.rearm_catch_up(stale_due) is False
        new_due = CatchUpClock.objects.get().next_run_at
        assert actions.rearm_catch_up(new_due) is True
