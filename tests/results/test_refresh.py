"""The summary is refreshed shortly after answers change, once per burst, and becomes
final once the questionnaire has closed."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from concerto.results import tasks
from concerto.results.models import SummaryState
from concerto.results.refresh import refresh_summary
from concerto.results.statistics import Audience, questionnaire_statistics

from .kit import submit, withdraw

pytestmark = pytest.mark.django_db


class FakeTask:
    """Stands for the queued task: records what is enqueued, runs nothing."""

    def __init__(self):
        self.enqueued = []

    def get_backend(self):
        return type("Backend", (), {"supports_defer": False})()

    def enqueue(self, questionnaire_id):
        self.enqueued.append(questionnaire_id)


def test_submission_and_withdrawal_queue_a_refresh_after_commit(
    survey, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(tasks, "request_refresh", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(survey, {"usage": "oui"})
    assert queued == [survey.pk]
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(response)
    assert queued == [survey.pk, survey.pk]


def test_a_burst_of_answers_queues_one_refresh(survey, monkeypatch):
    fake = FakeTask()
    enqueued = fake.enqueued
    real = tasks.refresh_statistics
    monkeypatch.setattr(tasks, "refresh_statistics", fake)
    assert tasks.request_refresh(survey.pk)
    assert not tasks.request_refresh(survey.pk)
    assert not tasks.request_refresh(survey.pk)
    assert enqueued == [survey.pk]
    # The refresh clears the mark first: an answer arriving meanwhile queues the next one.
    monkeypatch.setattr(tasks, "refresh_summary", lambda questionnaire: SummaryState())
    real.call(survey.pk)
    assert tasks.request_refresh(survey.pk)
    assert enqueued == [survey.pk, survey.pk]


def test_a_lost_request_does_not_block_refreshes_forever(survey, monkeypatch):
    fake = FakeTask()
    enqueued = fake.enqueued
    monkeypatch.setattr(tasks, "refresh_statistics", fake)
    SummaryState.objects.create(
        questionnaire=survey, requested_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert tasks.request_refresh(survey.pk)
    assert enqueued == [survey.pk]


def test_the_page_says_how_fresh_and_figures_become_final_after_closing(
    survey, django_capture_on_commit_callbacks
):
    submit(survey, {"usage": "oui"})
    refresh_summary(survey)
    first = questionnaire_statistics(survey, audience=Audience.STAFF)
    assert first.fresh_as_of is not None and not first.exact
    submit(survey, {"usage": "non"})  # not yet in the summary (its refresh is queued)
    assert questionnaire_statistics(survey, audience=Audience.STAFF).participation.total == 1
    theme = survey.theme
    theme.closes_at = timezone.now() + datetime.timedelta(minutes=5)
    theme.save(update_fields=["closes_at"])
    with time_machine.travel(theme.closes_at + datetime.timedelta(minutes=1)):
        # Read after closing: a refresh is queued (run at once by the tests' task backend).
        with django_capture_on_commit_callbacks(execute=True):
            closed = questionnaire_statistics(survey, audience=Audience.STAFF)
        after = questionnaire_statistics(survey, audience=Audience.STAFF)
    assert not closed.exact
    assert after.exact and after.participation.total == 2
