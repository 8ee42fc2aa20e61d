"""Asking to be told, and the double opt-in: nothing but the confirmation before it."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from concerto.following.models import Follower, Subscription, SubscriptionKind

from .conftest import ask, confirm_everything, confirm_link, theme_url

pytestmark = pytest.mark.django_db


def test_the_theme_page_offers_what_fits_its_state(client, upcoming_theme, open_theme):
    upcoming = client.get(upcoming_theme.get_absolute_url()).content.decode()
    assert "Me prévenir à l’ouverture" in upcoming
    assert f'action="{theme_url(upcoming_theme)}"' in upcoming
    assert "Aucun compte n’est créé" in upcoming  # why and for how long, next to the field
    opened = client.get(open_theme.get_absolute_url()).content.decode()
    assert "Me prévenir de la publication des résultats" in opened
    assert "Me prévenir à l’ouverture" not in opened
    home = client.get(upcoming_theme.consultation.get_absolute_url()).content.decode()
    assert "Suivre la consultation" in home


def test_the_embedded_form_keeps_the_theme_page_the_same_for_everyone(client, upcoming_theme):
    page = client.get(upcoming_theme.get_absolute_url())
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert "csrftoken" not in page.cookies


def test_double_opt_in_confirms_only_when_the_button_is_pressed(client, outbox, upcoming_theme):
    response = ask(client, upcoming_theme)
    assert response.status_code == 200
    assert "Confirmez votre adresse électronique" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert subscription.kind == SubscriptionKind.OPENING
    [message] = outbox
    assert message.to == ["camille@example.org"]
    assert message.subject == "Confirmez votre demande « Me prévenir »"
    assert "l’ouverture de la thématique « Innovation »" in message.body
    assert "48 heures" in message.body

    # A mail scanner opening the link confirms nothing.
    page = client.get(confirm_link(message))
    assert page.status_code == 200
    assert "Innovation" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None

    confirmed = confirm_everything(client, message)
    assert confirmed.status_code == 200
    assert "Demande confirmée" in confirmed.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert len(outbox) == 1  # no other message


def test_the_confirmation_post_is_protected_against_forgery(outbox, upcoming_theme):
    client = Client(enforce_csrf_checks=True)
    ask(client, upcoming_theme)
    subscription = Subscription.objects.get()
    response = client.post(confirm_link(outbox[0]), {"subscriptions": [subscription.pk]})
    assert response.status_code == 403
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_one_confirmation_per_address_and_interval(client, outbox, upcoming_theme, open_theme):
    ask(client, upcoming_theme)
    again = ask(client, upcoming_theme)
    other = ask(client, open_theme, kind="results", email=" Camille@Example.org ")
    assert "il y a quelques minutes" in other.content.decode()
    assert len(outbox) == 1
    assert Follower.objects.count() == 1
    assert Subscription.objects.count() == 2
    assert again.status_code == 200
    # The link already sent offers both requests.
    page = client.get(confirm_link(outbox[0])).content.decode()
    assert "Innovation" in page and "Métavers" in page

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        ask(client, open_theme, kind="results")
    assert len(outbox) == 2


def test_an_address_already_confirmed_gets_no_new_message(client, outbox, upcoming_theme):
    ask(client, upcoming_theme)
    confirm_everything(client, outbox[0])
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        response = ask(client, upcoming_theme)
    assert "a déjà confirmé" in response.content.decode()
    assert len(outbox) == 1


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Indiquez votre adresse électronique."),
        ("pas-une-adresse", "L’adresse électronique n’est pas valide"),
        ("nul\x00@example.org", "Null characters are not allowed."),
    ],
)
def test_bad_addresses_are_refused_with_a_message(client, outbox, upcoming_theme, email, message):
    response = ask(client, upcoming_theme, email=email)
    assert response.status_code == 400
    assert message in response.content.decode() or "caractère" in response.content.decode()
    assert not Subscription.objects.exists()
    assert outbox == []


def test_a_request_that_no_longer_fits_the_theme_is_refused(client, outbox, open_theme):
    # A page kept from before the opening posts « opening » on an open theme.
    response = ask(client, open_theme, kind="opening")
    assert response.status_code == 409
    assert "déjà ouverte" in response.content.decode()
    assert not Follower.objects.exists()
    assert outbox == []


def test_a_post_from_another_site_is_refused(client, outbox, upcoming_theme):
    response = ask(client, upcoming_theme, HTTP_ORIGIN="https://ailleurs.example")
    assert response.status_code == 403
    assert not Subscription.objects.exists()
    assert outbox == []


def test_a_flood_from_one_client_is_throttled(client, outbox, upcoming_theme, settings):
    settings.PROTECTION_RATE_LIMITS = {
        **settings.PROTECTION_RATE_LIMITS,
        "following": {"ip": "3/10m"},
    }
    for n in range(3):
        assert ask(client, upcoming_theme, email=f"personne{n}@example.org").status_code == 200
    refused = ask(client, upcoming_theme, email="encore@example.org")
    assert refused.status_code == 429
    assert "Trop de demandes en peu de temps" in refused.content.decode()
    assert not Follower.objects.filter(email="encore@example.org").exists()
    other_client = ask(client, upcoming_theme, email="voisin@example.org", REMOTE_ADDR="192.0.2.7")
    assert other_client.status_code == 200


def test_the_subscription_page_works_without_the_theme_page(client, upcoming_theme):
    page = client.get(theme_url(upcoming_theme))
    assert page.status_code == 200
    assert "no-cache" in page["Cache-Control"]
    assert 'name="email"' in page.content.decode()


def test_an_unpublished_consultation_cannot_be_followed(client, upcoming_theme):
    upcoming_theme.consultation.is_published = False
    upcoming_theme.consultation.save()
    assert ask(client, upcoming_theme).status_code == 404
    assert not Subscription.objects.exists()


def test_the_english_pages_offer_it_in_english_and_the_mail_follows(client, outbox, upcoming_theme):
    page = client.get(f"/en{upcoming_theme.get_absolute_url()}").content.decode()
    assert "Notify me when it opens" in page
    client.post(f"/en{theme_url(upcoming_theme)}", {"email": "sam@example.org", "kind": "opening"})
    [message] = outbox
    assert message.subject == "Confirm your “Notify me” request"
    assert "http://testserver/en/suivre/confirmer/" in message.body


def test_the_pages_cost_a_fixed_number_of_queries(
    client, outbox, consultation, upcoming_theme, open_theme, django_assert_max_num_queries
):
    from tests.factories import ThemeFactory

    for _ in range(5):
        ThemeFactory(consultation=consultation)
    client.get(theme_url(upcoming_theme))  # per-process content (menu, site) loaded once
    with django_assert_max_num_queries(QUERIES["form"]):
        client.get(theme_url(upcoming_theme))
    with django_assert_max_num_queries(QUERIES["form"] + 1):  # results published or not
        client.get(theme_url(open_theme))
    ask(client, upcoming_theme)
    ask(client, open_theme, kind="results", email="camille@example.org")
    with django_assert_max_num_queries(QUERIES["confirm"]):
        client.get(confirm_link(outbox[0]))  # lists two requests


QUERIES = {"form": 5, "confirm": 5}
