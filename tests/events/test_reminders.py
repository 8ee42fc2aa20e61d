"""Reminders: when they go, what they say, never twice, and rescheduled when an event moves."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from concerto.events import actions
from concerto.events.models import ReminderSent
from concerto.events.tasks import send_due_reminders
from tests.factories import manager as make_manager

from .kit import event_with_profiles, paris, register, registered, sent_to

pytestmark = pytest.mark.django_db


def sweep() -> int:
    return send_due_reminders.call()


@pytest.fixture
def event_on_9_march(send_now):
    with time_machine.travel(paris(2023, 3, 1, 9, 0), tick=False):
        event, (profile, _) = event_with_profiles(
            starts_at=paris(2023, 3, 9, 11, 30),
            ends_at=paris(2023, 3, 9, 12, 30),
            place="",
        )
        send_now(registered, event, profile, "a@example.org")
        send_now(register, event, profile, email="unconfirmed@example.org")
    mail.outbox.clear()
    return event, profile


def test_the_day_before_and_the_hour_before_each_once_with_date_time_and_link(event_on_9_march):
    event, _ = event_on_9_march
    with time_machine.travel(paris(2023, 3, 8, 11, 0), tick=False):
        assert sweep() == 0  # nothing due yet
    with time_machine.travel(paris(2023, 3, 8, 11, 31), tick=False):
        assert sweep() == 1
        assert sweep() == 0  # a second sweep sends nothing again
    [day_before] = mail.outbox
    assert day_before.to == ["a@example.org"]
    assert "Rappel" in day_before.subject
    assert "le 9 mars 2023 de 11h30 à 12h30" in day_before.subject
    assert "Le 9 mars 2023 de 11h30 à 12h30 (heure de Paris)" in day_before.body
    # A day before, the joining link is not shown yet: the registrant's page will show it.
    assert event.joining_url not in day_before.body
    assert "/webinaires/inscription/" in day_before.body
    assert "/webinaires/annuler/" in day_before.body

    with time_machine.travel(paris(2023, 3, 9, 10, 31), tick=False):
        assert sweep() == 1
    hour_before = mail.outbox[-1]
    assert event.joining_url in hour_before.body
    assert sent_to("unconfirmed@example.org") == []
    assert ReminderSent.objects.filter(skipped=False).count() == 2


def test_after_downtime_only_the_nearest_reminder_goes_out(event_on_9_march):
    with time_machine.travel(paris(2023, 3, 9, 11, 0), tick=False):
        assert sweep() == 1
    [only] = mail.outbox
    assert "visio.culture.gouv.fr" in only.body
    assert ReminderSent.objects.filter(skipped=True).count() == 1
    with time_machine.travel(paris(2023, 3, 9, 11, 35), tick=False):
        assert sweep() == 0  # started: nothing more


def test_a_moved_event_is_reminded_at_its_new_time(event_on_9_march, send_now):
    event, _ = event_on_9_march
    with time_machine.travel(paris(2023, 3, 8, 11, 31), tick=False):
        sweep()
        event.starts_at = paris(2023, 3, 10, 11, 30)
        event.ends_at = paris(2023, 3, 10, 12, 30)
        send_now(
            actions.save_event, event=event, actor=make_manager(), changed=["starts_at", "ends_at"]
        )
    changed = mail.outbox[-1]
    assert "Changement d’horaire" in changed.subject
    assert "le 10 mars 2023 de 11h30 à 12h30".capitalize() in changed.body
    assert changed.attachments[0][0] == "invitation.ics"
    mail.outbox.clear()

    with time_machine.travel(paris(2023, 3, 9, 10, 31), tick=False):
        assert sweep() == 0  # the old time: nothing
    with time_machine.travel(paris(2023, 3, 9, 11, 31), tick=False):
        assert sweep() == 1
    assert "10 mars 2023" in mail.outbox[-1].body


def test_no_reminder_for_a_cancelled_event_or_registration(event_on_9_march, send_now):
    event, profile = event_on_9_march
    with time_machine.travel(paris(2023, 3, 2, 9, 0), tick=False):
        other = send_now(registered, event, profile, "b@example.org")
        send_now(actions.cancel, key=other.key)
    with time_machine.travel(paris(2023, 3, 8, 11, 31), tick=False):
        assert sweep() == 1
        send_now(actions.cancel_event, event=event, actor=make_manager(), reason="Grève")
    assert "Événement annulé" in mail.outbox[-1].subject
    with time_machine.travel(paris(2023, 3, 9, 10, 31), tick=False):
        assert sweep() == 0


def test_someone_registering_after_a_reminder_time_is_not_sent_it_late(event_on_9_march, send_now):
    event, profile = event_on_9_march
    with time_machine.travel(paris(2023, 3, 9, 8, 0), tick=False):
        send_now(registered, event, profile, "late@example.org")
        mail.outbox.clear()
        sweep()
    assert sent_to("late@example.org") == []
    with time_machine.travel(paris(2023, 3, 9, 10, 31), tick=False):
        sweep()
    assert len(sent_to("late@example.org")) == 1


def test_the_manager_sets_the_reminders(event_on_9_march):
    event, _ = event_on_9_march
    event.reminder_offsets = [15]
    event.save()
    with time_machine.travel(paris(2023, 3, 8, 11, 31), tick=False):
        assert sweep() == 0
    with time_machine.travel(paris(2023, 3, 9, 11, 16), tick=False):
        assert sweep() == 1


def test_reminders_are_scheduled_on_the_database_queue(
    settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    event, _ = event_with_profiles(starts_at=timezone.now() + datetime.timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_event(event=event, actor=make_manager(), changed=[], created=True)

    scheduled = sorted(
        DBTaskResult.objects.filter(task_path__endswith="send_due_reminders").values_list(
            "run_after", flat=True
        )
    )
    assert scheduled == [
        event.starts_at - datetime.timedelta(days=1),
        event.starts_at - datetime.timedelta(hours=1),
    ]


def test_the_operator_command_catches_up_once(event_on_9_march):
    import io

    from django.core.management import call_command

    with time_machine.travel(paris(2023, 3, 9, 10, 45), tick=False):
        out = io.StringIO()
        call_command("send_due_reminders", stdout=out)
        assert "1 reminder(s) sent." in out.getvalue()
        call_command("send_due_reminders", stdout=out)
    assert len(mail.outbox) == 1
