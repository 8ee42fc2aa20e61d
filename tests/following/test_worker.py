"""The whole path through the real task worker (``manage.py db_worker`` in a subprocess):
confirmation, scheduled opening notice, a worker stopped between two sends, the catch-up.
Each address gets each message exactly once."""

from __future__ import annotations

import datetime
import email
import email.policy
import io
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from concerto.following.models import Notification, Subscription
from tests import subprocesses

from .conftest import LINK, ask

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker process needs a database it can share (PostgreSQL)",
    ),
]


def run_worker(mail_dir: Path, *extra: str) -> None:
    subprocesses.run_worker(
        "tests.following.worker_settings", *extra, env={"CONCERTO_TEST_MAIL_DIR": str(mail_dir)}
    )


def sent(mail_dir: Path) -> list[email.message.EmailMessage]:
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(
                    email.message_from_bytes(chunk.strip(), policy=email.policy.default)
                )
    return messages


def notices(mail_dir: Path) -> list[email.message.EmailMessage]:
    return [m for m in sent(mail_dir) if "est ouverte" in str(m["Subject"])]


def test_notices_go_through_the_worker_once_even_when_it_stops_between_two_sends(
    client, settings, tmp_path
):
    from tests.factories import ConsultationFactory, ThemeFactory

    settings.TASKS = subprocesses.DATABASE_TASKS
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    now = timezone.now()
    theme = ThemeFactory(
        consultation=ConsultationFactory(slug="strategie"),
        title="Innovation",
        slug="innovation",
        opens_at=now + datetime.timedelta(seconds=30),
        closes_at=now + datetime.timedelta(days=30),
    )
    for address in ("camille@example.org", "dominique@example.org"):
        assert ask(client, theme, email=address).status_code == 200
    assert sent(mail_dir) == []  # nothing in the request: the worker sends

    run_worker(mail_dir)
    confirmations = sent(mail_dir)
    assert sorted(m["To"] for m in confirmations) == [
        "camille@example.org",
        "dominique@example.org",
    ]
    for message in confirmations:
        [link] = [x for x in LINK.findall(message.get_content()) if "confirmer" in x]
        pending = Subscription.objects.get(follower__email=message["To"])
        client.post(link, {"subscriptions": [pending.pk]})
    assert Subscription.objects.confirmed().count() == 2

    # The opening was scheduled (run_after) when they confirmed; the worker is down when it
    # comes, then starts again and is stopped right after its first notice.
    while timezone.now() < theme.opens_at:
        time.sleep(0.5)
    for _attempt in range(10):
        run_worker(mail_dir, "--max-tasks", "1")
        if notices(mail_dir):
            break
    assert len(notices(mail_dir)) == 1
    assert Notification.objects.filter(sent_at__isnull=False).count() == 1

    # The catch-up finds nothing new to queue; the next worker sends the second, once.
    call_command("send_due_notifications", stdout=io.StringIO())
    run_worker(mail_dir)
    call_command("send_due_notifications", stdout=io.StringIO())
    run_worker(mail_dir)

    assert sorted(m["To"] for m in notices(mail_dir)) == [
        "camille@example.org",
        "dominique@example.org",
    ]
    for message in notices(mail_dir):
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert (
            message["List-Unsubscribe"]
            .strip()
            .startswith("<http://testserver/suivre/desabonnement/")
        )
    assert Notification.objects.filter(sent_at__isnull=False).count() == 2
