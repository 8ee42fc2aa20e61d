"""Registering to an event, confirming by e-mail, cancelling, and the waiting list."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from concerto.events import actions, tokens
from concerto.events.models import Registration, RegistrationStatus

from .kit import event_with_profiles, link_to, path_of, register, registered, sent_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    return event_with_profiles(capacity=2)


def form_data(profile, **overrides):
    return {
        "name": "Camille Martin",
        "email": "camille@example.org",
        "profile": profile.pk,
        "organisation_name": "",
        "accessibility_need": "Sous-titrage",
        "questions": "Quel calendrier pour l’archivage ?",
        **overrides,
    }


def test_a_visitor_registers_confirms_and_gets_the_invitation(client, setup, send_now):
    event, (profile, _) = setup
    response = send_now(client.post, event.get_absolute_url(), form_data(profile))

    assert response.status_code == 302
    [request] = mail.outbox
    assert request.to == ["camille@example.org"]
    assert "Confirmez votre inscription" in request.subject
    assert "heure de Paris" in request.body
    assert not request.attachments  # no invitation before the address is confirmed
    confirm_link = link_to(request, "/webinaires/confirmer/")
    assert confirm_link.startswith("http://127.0.0.1:8000/")

    page = client.get(path_of(confirm_link))  # a mail scanner opening the link confirms nothing
    assert page.status_code == 200
    assert Registration.objects.get().confirmed_at is None

    response = send_now(client.post, path_of(confirm_link))
    assert response.status_code == 302
    assert Registration.objects.get().confirmed_at is not None
    page = client.get(response["Location"])
    assert "Votre inscription est confirmée" in page.content.decode()

    confirmation = mail.outbox[-1]
    assert "Inscription confirmée" in confirmation.subject
    [(name, content, kind)] = confirmation.attachments
    assert (name, kind) == ("invitation.ics", "text/calendar")
    [vevent] = Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["url"]).endswith(event.get_absolute_url())
    assert event.get_absolute_url() in confirmation.body
    assert "/webinaires/annuler/" in confirmation.body


def test_the_same_address_twice_gets_a_clear_message_and_no_second_email(client, setup, send_now):
    event, (profile, _) = setup
    send_now(client.post, event.get_absolute_url(), form_data(profile))
    response = send_now(
        client.post, event.get_absolute_url(), form_data(profile, email="Camille@Example.org ")
    )

    assert response.status_code == 409
    assert "déjà inscrite à cet événement" in response.content.decode()
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_address_gets_at_most_a_few_confirmation_requests_an_hour(settings, send_now):
    settings.EVENTS_CONFIRMATIONS_PER_HOUR = 2
    events = [event_with_profiles()[0] for _ in range(4)]
    for event in events:
        profile = event.consultation.profiles.first()
        send_now(register, event, profile, email="cible@example.org")

    assert Registration.objects.count() == 4
    assert len(sent_to("cible@example.org")) == 2


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"cancelled_at": timezone.now()}, "annulé"),
        ({"registration_deadline": timezone.now() - datetime.timedelta(minutes=1)}, "closes"),
    ],
)
def test_no_registration_to_a_cancelled_event_or_after_the_deadline(
    client, setup, change, expected
):
    event, (profile, _) = setup
    for field, value in change.items():
        setattr(event, field, value)
    event.save()

    response = client.post(event.get_absolute_url(), form_data(profile))

    assert response.status_code == 409
    assert expected in response.content.decode()
    assert not Registration.objects.exists()
    with pytest.raises(actions.RegistrationRefused) as refused:
        register(event, profile)
    assert expected in refused.value.message


def test_a_profile_of_another_consultation_is_refused(client, setup):
    event, _ = setup
    other = event_with_profiles()[1][0]
    response = client.post(event.get_absolute_url(), form_data(other))
    assert response.status_code == 400
    assert "Choisissez le profil" in response.content.decode()
    assert not Registration.objects.exists()


def test_nul_bytes_and_bad_input_give_french_messages_not_errors(client, setup):
    event, (profile, _) = setup
    response = client.post(
        event.get_absolute_url(),
        form_data(profile, name="Ca\x00mille", email="pas-une-adresse", questions="a\x00b"),
    )
    assert response.status_code == 400
    assert "adresse électronique valide" in response.content.decode()
    assert not Registration.objects.exists()


def test_forged_and_expired_links_change_nothing(client, setup, send_now):
    event, (profile, _) = setup
    registration = send_now(register, event, profile)
    good = tokens.make(registration, tokens.CONFIRM)

    forged = good[:-3] + ("aaa" if not good.endswith("aaa") else "bbb")
    response = client.post(f"/webinaires/confirmer/{forged}/")
    assert response.status_code == 400
    assert "n’est pas valide" in response.content.decode()
    cancel_as_confirm = tokens.make(registration, tokens.CONFIRM)
    assert client.post(f"/webinaires/annuler/{cancel_as_confirm}/").status_code == 400

    with time_machine.travel(timezone.now() + datetime.timedelta(days=4)):
        response = client.post(f"/webinaires/confirmer/{good}/")
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()
    registration.refresh_from_db()
    assert registration.confirmed_at is None
    assert registration.status == RegistrationStatus.REGISTERED


def test_cancellation_is_one_click_then_confirm_and_promotes_the_waiting_list_in_order(
    client, setup, send_now
):
    event, (profile, _) = setup
    first = send_now(registered, event, profile, "premiere@example.org")
    send_now(registered, event, profile, "deuxieme@example.org")
    waiting_one = send_now(registered, event, profile, "attente1@example.org")
    waiting_two = send_now(registered, event, profile, "attente2@example.org")
    assert (waiting_one.status, waiting_two.status) == (RegistrationStatus.WAITING,) * 2
    assert "rang 1" in sent_to("attente1@example.org")[-1].body
    assert "rang 2" in sent_to("attente2@example.org")[-1].body

    cancel_link = link_to(sent_to("premiere@example.org")[-1], "/webinaires/annuler/")
    page = client.get(path_of(cancel_link))
    assert page.status_code == 200
    assert "Annuler votre inscription ?" in page.content.decode()
    first.refresh_from_db()
    assert first.status == RegistrationStatus.REGISTERED  # the GET changed nothing

    mail.outbox.clear()
    response = send_now(client.post, path_of(cancel_link))
    assert response.status_code == 200
    assert "Inscription annulée" in response.content.decode()

    first.refresh_from_db()
    waiting_one.refresh_from_db()
    waiting_two.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert waiting_one.status == RegistrationStatus.REGISTERED
    assert waiting_two.status == RegistrationStatus.WAITING
    [promotion] = sent_to("attente1@example.org")
    assert "Une place s’est libérée" in promotion.subject
    assert promotion.attachments[0][0] == "invitation.ics"
    assert "Désinscription enregistrée" in sent_to("premiere@example.org")[0].subject
    assert sent_to("attente2@example.org") == []

    # Twice: nothing more happens, nothing more is sent.
    mail.outbox.clear()
    send_now(client.post, path_of(cancel_link))
    assert mail.outbox == []
    assert Registration.objects.filter(status=RegistrationStatus.REGISTERED).count() == 2


def test_an_unconfirmed_person_on_the_list_is_not_promoted_before_confirming(setup, send_now):
    event, (profile, _) = setup
    first = send_now(registered, event, profile, "a@example.org")
    send_now(registered, event, profile, "b@example.org")
    unconfirmed = send_now(register, event, profile, email="c@example.org")
    confirmed_later = send_now(registered, event, profile, "d@example.org")

    send_now(actions.cancel, key=first.key)

    unconfirmed.refresh_from_db()
    confirmed_later.refresh_from_db()
    assert unconfirmed.status == RegistrationStatus.WAITING
    assert confirmed_later.status == RegistrationStatus.REGISTERED


def test_an_unconfirmed_place_is_released_when_its_link_expires(setup, send_now):
    event, (profile, _) = setup
    send_now(register, event, profile, email="oublie@example.org")
    send_now(registered, event, profile, "b@example.org")
    waiting = send_now(registered, event, profile, "c@example.org")
    assert waiting.status == RegistrationStatus.WAITING

    with time_machine.travel(timezone.now() + datetime.timedelta(days=3, minutes=1)):
        send_now(actions.fill_places, event=event)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    assert "Une place s’est libérée" in sent_to("c@example.org")[-1].subject


def test_the_event_page_shows_remaining_places_and_the_full_state(client, setup, send_now):
    event, (profile, _) = setup
    assert "2 places restantes" in client.get(event.get_absolute_url()).content.decode()
    send_now(registered, event, profile, "a@example.org")
    assert "1 place restante" in client.get(event.get_absolute_url()).content.decode()
    send_now(registered, event, profile, "b@example.org")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Rejoindre la liste d’attente" in page
    assert "Complet" in page


def test_the_joining_link_shows_only_to_confirmed_registrants_from_the_set_time(
    client, setup, send_now
):
    event, (profile, _) = setup
    event.starts_at = timezone.now() + datetime.timedelta(hours=3)
    event.ends_at = event.starts_at + datetime.timedelta(hours=1)
    event.join_link_shown_before = 60
    event.save()
    confirmed = send_now(registered, event, profile, "a@example.org")
    unconfirmed = send_now(register, event, profile, email="b@example.org")

    def page_of(registration):
        token = tokens.make(registration, tokens.ACCESS)
        return client.get(f"/webinaires/inscription/{token}/").content.decode()

    assert event.joining_url not in client.get(event.get_absolute_url()).content.decode()
    assert event.joining_url not in page_of(confirmed)
    with time_machine.travel(event.starts_at - datetime.timedelta(minutes=59)):
        assert event.joining_url in page_of(confirmed)
        assert event.joining_url not in page_of(unconfirmed)
        assert event.joining_url not in client.get(event.get_absolute_url()).content.decode()


def test_a_filled_honeypot_registers_nobody(client, setup):
    event, (profile, _) = setup
    response = client.post(event.get_absolute_url(), form_data(profile, site_web="http://spam"))
    assert response.status_code == 400
    assert "n’a pas pu être accepté" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_flood_from_one_client_is_stopped_with_a_french_429(client, setup, settings, send_now):
    settings.PROTECTION_RATE_LIMITS = {**settings.PROTECTION_RATE_LIMITS, "email": {"ip": "3/h"}}
    event, (profile, _) = setup
    statuses = [
        send_now(
            client.post, event.get_absolute_url(), form_data(profile, email=f"p{n}@example.org")
        ).status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert Registration.objects.count() == 3
    assert len(mail.outbox) == 3


def test_pages_with_a_form_or_a_token_are_private(client, setup, send_now):
    event, (profile, _) = setup
    registration = send_now(register, event, profile)
    for url in [
        event.get_absolute_url(),
        f"/webinaires/confirmer/{tokens.make(registration, tokens.CONFIRM)}/",
        f"/webinaires/annuler/{tokens.make(registration, tokens.CANCEL)}/",
        f"/webinaires/inscription/{tokens.make(registration, tokens.ACCESS)}/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
