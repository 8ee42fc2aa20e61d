"""Notices of published results (concerto.publication) and announced events
(concerto.events), through those apps' own actions."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from concerto.events import actions as events
from concerto.following import actions
from concerto.following.models import Subscription
from concerto.publication import actions as publication
from tests.events.kit import EventFactory, paris
from tests.publication.conftest import (
    kit,  # noqa: F401  (the fixture)
    ready_to_publish,
)

from .conftest import ask, confirm_everything, theme_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def results_follower(
    client,
    outbox,
    kit,  # noqa: F811
):
    theme = kit["theme"]
    ask(client, theme, email="claire@example.org", kind="results")
    confirm_everything(client, outbox[-1])
    outbox.clear()
    return theme


def test_results_notice_when_they_are_published_once(
    client,
    outbox,
    kit,  # noqa: F811
    manager,
    results_follower,
):
    theme = results_follower
    results, _quote = ready_to_publish(kit, manager)
    assert actions.notify_due() == 0  # a draft is not a publication
    publication.publish_results(results=results, actor=manager)  # calls on_results_published
    assert len(outbox) == 1
    assert actions.notify_due() == 0  # the catch-up finds it already sent

    [message] = outbox
    assert message.subject == f"Résultats publiés : « {theme.title} »"
    assert "(heure de Paris)" in message.body
    assert (
        f"http://testserver/consultations/{theme.consultation.slug}/thematiques/{theme.slug}/resultats/"
        in message.body
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Published: the theme page no longer offers to wait for them, the form refuses.
    assert (
        "Me prévenir de la publication" not in client.get(theme.get_absolute_url()).content.decode()
    )
    refused = client.post(theme_url(theme), {"email": "tard@example.org", "kind": "results"})
    assert refused.status_code == 409


def test_results_published_while_the_worker_was_down_are_caught_up(
    monkeypatch,
    outbox,
    kit,  # noqa: F811
    manager,
    results_follower,
):
    results, _quote = ready_to_publish(kit, manager)
    # The dispatch the publication queues is lost (the worker's queue emptied meanwhile).
    monkeypatch.setattr(actions, "on_results_published", lambda theme: None)
    publication.publish_results(results=results, actor=manager)
    assert outbox == []
    assert actions.notify_due() == 1
    assert actions.notify_due() == 0
    assert len(outbox) == 1


def test_consultation_followers_hear_of_a_new_event_with_its_paris_time(
    client, outbox, consultation, manager
):
    client.post(
        f"/suivre/consultations/{consultation.slug}/",
        {"email": "dominique@example.org", "kind": "consultation"},
    )
    confirm_everything(client, outbox[-1])
    outbox.clear()
    with time_machine.travel(paris(2031, 3, 20, 9, 0)):
        # 30 March 2031 is after the change to summer time: 11h30 in Paris is 9h30 UTC.
        event = EventFactory(
            consultation=consultation,
            title="Webinaire Langue française",
            starts_at=paris(2031, 3, 30, 11, 30),
            ends_at=paris(2031, 3, 30, 12, 30),
            is_published=False,
        )
        assert actions.notify_due() == 0  # not published: not announced
        event.is_published = True
        events.save_event(event=event, actor=manager, changed=["is_published"])
        actions.on_event_announced(event)
        assert actions.notify_due() == 0
    [message] = outbox
    assert message.subject == "Nouvel événement : « Webinaire Langue française »"
    assert "le 30 mars 2031 à 11h30, jusqu’à 12h30 (heure de Paris)" in message.body
    assert f"http://testserver{event.get_absolute_url()}" in message.body


def test_an_event_announced_before_someone_followed_is_not_news_to_them(
    client, outbox, consultation, manager
):
    event = EventFactory(consultation=consultation, is_published=True)
    events.save_event(event=event, actor=manager, changed=["is_published"])
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        client.post(
            f"/suivre/consultations/{consultation.slug}/",
            {"email": "dominique@example.org", "kind": "consultation"},
        )
        confirm_everything(client, outbox[-1])
        outbox.clear()
        assert actions.notify_due() == 0
    assert Subscription.objects.confirmed().count() == 1
    assert outbox == []
