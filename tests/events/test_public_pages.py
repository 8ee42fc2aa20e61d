"""The agenda, the event page, the home page and a theme's page, as a visitor sees them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from concerto.events.text import when

from .kit import EventFactory, event_with_profiles, paris, registered

pytestmark = pytest.mark.django_db


def test_dates_read_as_the_seed_writes_them_on_both_sides_of_daylight_saving():
    assert when(paris(2023, 3, 9, 11, 30), paris(2023, 3, 9, 12, 30)) == (
        "le 9 mars 2023 de 11h30 à 12h30"
    )
    # Stored in UTC: 9h30 UTC on 3 April is 11h30 in Paris (summer time).
    april = datetime.datetime(2023, 4, 3, 9, 30, tzinfo=datetime.UTC)
    assert when(april, april + datetime.timedelta(hours=1)) == "le 3 avril 2023 de 11h30 à 12h30"
    assert when(paris(2023, 3, 25, 22, 0), paris(2023, 3, 26, 10, 0)) == (
        "du 25 mars 2023 à 22h00 au 26 mars 2023 à 10h00"
    )


def test_the_agenda_lists_upcoming_first_then_past(client, django_assert_max_num_queries):
    event, _ = event_with_profiles(title="Prochain")
    consultation = event.consultation
    later = EventFactory(
        consultation=consultation,
        title="Plus tard",
        starts_at=timezone.now() + datetime.timedelta(days=20),
    )
    past = EventFactory(
        consultation=consultation,
        title="Atelier d’hier",
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    older = EventFactory(
        consultation=consultation,
        title="Atelier du mois dernier",
        starts_at=timezone.now() - datetime.timedelta(days=30),
    )
    EventFactory(consultation=consultation, title="Brouillon", is_published=False)
    for extra in range(5):
        EventFactory(
            consultation=consultation,
            starts_at=timezone.now() + datetime.timedelta(days=40 + extra),
        ).themes.add(event.themes.first())

    with django_assert_max_num_queries(12):
        page = client.get(f"/consultations/{consultation.slug}/webinaires/")
    text = page.content.decode()
    positions = [
        text.index(title)
        for title in ["Prochain", "Plus tard", "Atelier d’hier", "Atelier du mois dernier"]
    ]
    assert positions == sorted(positions)
    assert text.index("À venir") < positions[0] and text.index("Passés") < positions[2]
    assert "Brouillon" not in text
    assert later and past and older


def test_the_event_page_says_what_when_for_whom_and_how(client, send_now):
    event, (profile, _) = event_with_profiles(
        starts_at=paris(2030, 3, 9, 11, 30),
        ends_at=paris(2030, 3, 9, 12, 30),
        has_captions=True,
        has_sign_language=True,
        capacity=10,
    )
    send_now(registered, event, profile, "a@example.org")
    text = client.get(event.get_absolute_url()).content.decode()
    assert "Le 9 mars 2030 de 11h30 à 12h30" in text
    assert "En ligne" in text
    assert "Tout public" in text
    assert "Archivage numérique" in text
    assert "Sous-titrage en direct" in text
    assert "langue des signes française (LSF)" in text
    assert "9 places restantes" in text
    assert event.joining_url not in text


def test_an_unpublished_event_is_not_found(client):
    event, _ = event_with_profiles(is_published=False)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_the_event_page_is_never_cached_the_agenda_may_be(client):
    event, _ = event_with_profiles()
    detail = client.get(event.get_absolute_url())
    assert "no-cache" in detail["Cache-Control"] or "max-age=0" in detail["Cache-Control"]
    agenda = client.get(f"/consultations/{event.consultation.slug}/webinaires/")
    assert "csrftoken" not in agenda.cookies


def test_home_and_theme_pages_show_the_events(client):
    event, _ = event_with_profiles(title="Webinaire à la une")
    event.consultation.is_featured = True
    event.consultation.save()
    assert "Webinaire à la une" in client.get("/").content.decode()
    theme = event.themes.first()
    page = client.get(theme.get_absolute_url()).content.decode()
    assert "Webinaires de la thématique" in page and "Webinaire à la une" in page
    assert f"/thematiques/{theme.slug}/webinaires.ics" in page


def test_the_agenda_is_in_the_menu_and_served_from_the_page_cache(client):
    event, _ = event_with_profiles(title="Webinaire en cache")
    url = f"/consultations/{event.consultation.slug}/webinaires/"
    page = client.get(event.consultation.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page
    first, second = client.get(url), client.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    event.title = "Webinaire renommé"
    event.save()
    assert "Webinaire renommé" in client.get(url).content.decode()
