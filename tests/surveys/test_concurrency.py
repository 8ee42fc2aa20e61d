"""On PostgreSQL, concurrent submissions of one participant end in exactly one submission."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from concerto.participation import actions as participation
from concerto.surveys import actions
from concerto.surveys.models import Response, ResponseStatus
from concerto.surveys.structure import load
from tests.surveys.kit import VALID_PAGES, build_questionnaire
from tests.surveys.test_flow import begin, url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are exercised on PostgreSQL only"
    ),
]


def run_together(count, target):
    """Start ``count`` threads on ``target`` at the same instant; collect results or errors."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def test_concurrent_submit_calls_submit_once():
    questionnaire = build_questionnaire()
    client = Client()
    begin(client, questionnaire)
    for number, data in VALID_PAGES.items():
        client.post(url(questionnaire, "step", number=number), {**data, "next": "1"})
    response = Response.objects.get()
    definition = load(questionnaire.pk)
    participant = response.participant

    results = run_together(
        8,
        lambda: actions.submit_response(
            participant=participant, response=response, definition=definition
        ),
    )

    assert sorted(results) == [False] * 7 + [True]
    assert Response.objects.filter(status=ResponseStatus.SUBMITTED).count() == 1


def test_concurrent_http_submissions_from_two_tabs_make_one():
    questionnaire = build_questionnaire()
    client = Client()
    begin(client, questionnaire)
    for number, data in VALID_PAGES.items():
        client.post(url(questionnaire, "step", number=number), {**data, "next": "1"})
    cookies = client.cookies

    def submit():
        tab = Client()
        tab.cookies = cookies
        return tab.post(url(questionnaire, "review")).status_code

    statuses = run_together(6, submit)
    assert statuses == [302] * 6
    assert Response.objects.count() == 1
    assert Response.objects.get().status == ResponseStatus.SUBMITTED


def test_concurrent_starts_create_one_response():
    questionnaire = build_questionnaire()
    participant = participation.create_participant(consultation=questionnaire.theme.consultation)

    results = run_together(
        6,
        lambda: actions.start_response(questionnaire=questionnaire, participant=participant).pk,
    )
    assert len(set(results)) == 1
    assert Response.objects.count() == 1
