"""Notices: sent when the theme actually opens, once, to confirmed addresses only, with what
matters and a one-click unsubscribe; a worker that was down catches up."""

from __future__ import annotations

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from concerto.following import actions
from concerto.following.models import Follower, Notification, Subscription
from concerto.following.tasks import dispatch_theme_opening, send_notification

from .conftest import LINK, ask, confirm_everything

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def follow(client, theme, outbox, email="camille@example.org", kind="opening"):
    ask(client, theme, email=email, kind=kind)
    confirm_everything(client, outbox[-1])
    outbox.clear()


@pytest.fixture
def theme_opening_in_summer(upcoming_theme):
    # 3 July 2031 at 9:30 in Paris is 7:30 UTC: the message must say 9h30.
    upcoming_theme.opens_at = datetime.datetime(2031, 7, 3, 9, 30, tzinfo=PARIS)
    upcoming_theme.closes_at = datetime.datetime(2031, 10, 31, 18, 0, tzinfo=PARIS)
    upcoming_theme.save()
    return upcoming_theme


def test_the_opening_notice_goes_out_once_when_the_theme_opens(
    client, outbox, theme_opening_in_summer
):
    theme = theme_opening_in_summer
    follow(client, theme, outbox)
    assert actions.notify_due() == 0  # not yet open
    assert outbox == []

    with time_machine.travel(theme.opens_at + datetime.timedelta(minutes=1)):
        # The worker was down at the opening: the catch-up sends it now.
        assert actions.notify_due() == 1
        assert actions.notify_due() == 0  # run again: nothing more
        dispatch_theme_opening.enqueue(theme.pk)  # the scheduled task, late: nothing more
        notification = Notification.objects.get()
        assert send_notification.call(notification.pk) == 0  # the same task run twice

    [message] = outbox
    assert message.to == ["camille@example.org"]
    assert message.subject == "La thématique « Innovation » est ouverte"
    assert "depuis le 3 juillet 2031 à 09h30 (heure de Paris)" in message.body
    assert "jusqu’au 31 octobre 2031 à 18h00" in message.body
    assert f"http://testserver{theme.get_absolute_url()}" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://testserver/suivre/desabonnement/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in message.body  # and visible in the text
    notification.refresh_from_db()
    assert notification.sent_at is not None


def test_nothing_is_sent_to_an_unconfirmed_address(client, outbox, theme_opening_in_summer):
    theme = theme_opening_in_summer
    ask(client, theme)  # never confirmed
    outbox.clear()
    with time_machine.travel(theme.opens_at + datetime.timedelta(hours=1)):
        assert actions.notify_due() == 0
        assert actions.notify_theme_opened(theme) == 0
    assert outbox == []
    assert not Notification.objects.exists()


def test_a_claimed_row_of_an_unconfirmed_subscription_sends_nothing(client, outbox, upcoming_theme):
    ask(client, upcoming_theme)
    outbox.clear()
    subscription = Subscription.objects.get()
    row = Notification.objects.create(subscription=subscription, topic="opened:1")
    assert send_notification.call(row.pk) == 0
    assert outbox == []


def test_an_opening_postponed_is_notified_at_its_new_date(client, outbox, upcoming_theme):
    follow(client, upcoming_theme, outbox)
    first_date = upcoming_theme.opens_at
    upcoming_theme.opens_at = first_date + datetime.timedelta(days=7)
    upcoming_theme.save()
    with time_machine.travel(first_date + datetime.timedelta(minutes=1)):
        assert dispatch_theme_opening.call(upcoming_theme.pk) == 0
        assert actions.notify_due() == 0
    assert outbox == []
    with time_machine.travel(upcoming_theme.opens_at + datetime.timedelta(minutes=1)):
        assert actions.notify_due() == 1
    assert len(outbox) == 1


def test_a_theme_closed_before_the_worker_came_back_is_not_announced_as_open(
    client, outbox, upcoming_theme
):
    follow(client, upcoming_theme, outbox)
    with time_machine.travel(upcoming_theme.closes_at + datetime.timedelta(days=1)):
        assert actions.notify_due() == 0
    assert outbox == []


def test_consultation_followers_hear_of_themes_opening_after_they_asked(
    client, outbox, consultation, upcoming_theme, open_theme
):
    ask(client, upcoming_theme, kind="consultation")  # wrong kind for a theme
    assert not Subscription.objects.exists()
    client.post(
        f"/suivre/consultations/{consultation.slug}/",
        {"email": "dominique@example.org", "kind": "consultation"},
    )
    confirm_everything(client, outbox[-1])
    outbox.clear()
    with time_machine.travel(upcoming_theme.opens_at + datetime.timedelta(minutes=5)):
        assert actions.notify_due() == 1  # the theme already open when they asked: not news
    [message] = outbox
    assert "Innovation" in message.subject


def test_subject_lines_never_carry_a_line_break(client, outbox, upcoming_theme):
    follow(client, upcoming_theme, outbox)
    # Written around the admin (whose fields fold lines): the message still folds it.
    upcoming_theme.title = "Innovation\r\nBcc: victime@example.org"
    upcoming_theme.save()
    with time_machine.travel(upcoming_theme.opens_at + datetime.timedelta(minutes=1)):
        actions.notify_due()
    [message] = outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.message()["Bcc"] is None


def test_a_failed_send_is_sent_later_by_the_catch_up(client, outbox, upcoming_theme, settings):
    follow(client, upcoming_theme, outbox)
    settings.EMAIL_BACKEND = "tests.following.failing_backend.Backend"
    with time_machine.travel(upcoming_theme.opens_at + datetime.timedelta(minutes=1)):
        actions.notify_due()  # the task fails (its result says why); the claim is released
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    row = Notification.objects.get()
    assert row.claimed_at is None and row.sent_at is None
    with time_machine.travel(upcoming_theme.opens_at + datetime.timedelta(minutes=30)):
        assert actions.notify_due() == 1
        assert actions.notify_due() == 0
    assert len(outbox) == 1


# --- unsubscribe ------------------------------------------------------------------------


def _unsubscribe_link(message) -> str:
    return message.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")


def test_one_click_unsubscribe_as_mail_clients_do_it(client, outbox, upcoming_theme):
    follow(client, upcoming_theme, outbox)
    with time_machine.travel(upcoming_theme.opens_at + datetime.timedelta(minutes=1)):
        actions.notify_due()
    link = _unsubscribe_link(outbox[0])

    # Opening the link (a scanner, a preview) only shows a button.
    page = client.get(link)
    assert page.status_code == 200
    assert "Me désabonner" in page.content.decode()
    assert Subscription.objects.exists()

    # The mail client's one-click POST: no cookie, no CSRF token (RFC 8058).
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        link,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert not Follower.objects.exists()  # the address follows nothing: erased
    again = mail_client.post(link, "List-Unsubscribe=One-Click", content_type="text/plain")
    assert again.status_code == 200
    assert "vous ne recevrez plus rien" in again.content.decode()


def test_unsubscribing_from_one_thing_keeps_the_others(
    client, outbox, upcoming_theme, open_theme, settings
):
    settings.FOLLOWING_CONFIRMATION_INTERVAL_MINUTES = 0
    follow(client, upcoming_theme, outbox)
    follow(client, open_theme, outbox, kind="results")
    opening = Subscription.objects.get(kind="opening")
    from concerto.following.emails import unsubscribe_url

    link = unsubscribe_url(opening.follower, opening).removeprefix("http://testserver")
    client.post(link)
    assert list(Subscription.objects.values_list("kind", flat=True)) == ["results"]


def test_forged_and_expired_links_get_a_clear_message(client, outbox, upcoming_theme):
    ask(client, upcoming_theme)
    [confirm] = [link for link in LINK.findall(outbox[0].body) if "confirmer" in link]
    forged = confirm[:-3] + "xx/"
    response = client.get(forged)
    assert response.status_code == 400
    assert "Ce lien n’est pas valable" in response.content.decode()
    assert client.post(forged, {"subscriptions": ["1"]}).status_code == 400
    assert client.post("/suivre/desabonnement/abc/").status_code == 400

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=49)):
        expired = client.get(confirm)
        assert expired.status_code == 400
        assert "Ce lien de confirmation a expiré" in expired.content.decode()
        client.post(confirm, {"subscriptions": [Subscription.objects.get().pk]})
    assert Subscription.objects.get().confirmed_at is None


def test_a_link_of_another_address_cannot_stop_someone_else(client, outbox, upcoming_theme):
    follow(client, upcoming_theme, outbox, email="a@example.org")
    follow(client, upcoming_theme, outbox, email="b@example.org")
    a, b = Subscription.objects.order_by("pk")
    from django.core import signing

    from concerto.following.tokens import UNSUBSCRIBE_SALT

    # A's signed link edited to name B's subscription: the signature no longer matches.
    token = signing.dumps(
        {"f": a.follower_id, "k": a.follower.key, "s": a.pk}, salt=UNSUBSCRIBE_SALT
    )
    edited = signing.b64_encode(
        json.dumps({"f": a.follower_id, "k": a.follower.key, "s": b.pk}).encode()
    ).decode()
    tampered = ":".join([edited, *token.split(":")[1:]])
    assert client.post(f"/suivre/desabonnement/{tampered}/").status_code == 400
    assert Subscription.objects.filter(pk=b.pk).exists()


# --- retention --------------------------------------------------------------------------


def test_purge_erases_what_the_personal_data_page_says(client, outbox, upcoming_theme, open_theme):
    ask(client, open_theme, email="jamais@example.org", kind="results")  # never confirmed
    follow(client, upcoming_theme, outbox, email="servi@example.org")
    with time_machine.travel(upcoming_theme.opens_at + datetime.timedelta(minutes=1)):
        actions.notify_due()
        counts = actions.purge_followers()
    assert counts == {"unconfirmed": 1, "spent": 1, "retention": 0, "addresses": 2}
    assert not Follower.objects.exists()


def test_a_draft_theme_is_announced_to_nobody(client, outbox, consultation, upcoming_theme):
    client.post(
        f"/suivre/consultations/{consultation.slug}/",
        {"email": "dominique@example.org", "kind": "consultation"},
    )
    confirm_everything(client, outbox[-1])
    outbox.clear()
    upcoming_theme.is_published = False  # put back to draft before its dates came
    upcoming_theme.save()
    with time_machine.travel(upcoming_theme.opens_at + datetime.timedelta(minutes=1)):
        assert actions.notify_due() == 0
        assert actions.notify_theme_opened(upcoming_theme) == 0
    assert outbox == []
