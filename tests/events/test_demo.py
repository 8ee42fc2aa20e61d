"""The demo's webinars: the seed's six, at its times, three past with replays, three to come."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from concerto.consultations.models import Consultation
from concerto.events import selectors
from concerto.events.demo import load_demo_events
from concerto.events.models import Event

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_the_six_webinars_of_the_seed(demo_clock):
    consultation = Consultation.objects.get()
    assert load_demo_events(consultation) == 6
    assert load_demo_events(consultation) == 0  # idempotent

    events = list(Event.objects.order_by("starts_at"))
    assert len(events) == 6
    for event in events:
        start, end = event.starts_at.astimezone(PARIS), event.ends_at.astimezone(PARIS)
        assert (start.hour, start.minute, end.hour, end.minute) == (11, 30, 12, 30)
    # The seed's spacing: launch, then 9, 10, 13, 15 and 17 March.
    days = [(e.starts_at - events[0].starts_at).days for e in events]
    assert days == [0, 14, 15, 18, 20, 22]
    assert events[3].themes.count() == 2

    agenda = selectors.agenda(consultation)
    assert len(agenda.past) == 3 and len(agenda.upcoming) == 3
    for past in agenda.past:
        assert past.has_replay and past.captions and past.transcript
        with past.captions.open("rb") as vtt:
            assert vtt.read().startswith(b"WEBVTT")
    lefts = sorted(e.places_left for e in agenda.upcoming)
    assert lefts[0] == 3  # one nearly full
    assert all(left > 0 for left in lefts)
    assert selectors.counts_by_profile(event=agenda.past[0])


def test_the_demo_pages_show_the_webinars(client, demo_clock):
    consultation = Consultation.objects.get()
    load_demo_events(consultation)
    home = client.get("/").content.decode()
    assert "Prochains webinaires" in home
    assert "le 12 mars 2026 de 11h30 à 12h30".capitalize() in home
    theme = client.get(f"/consultations/{consultation.slug}/thematiques/archivage-numerique/")
    assert "Webinaires de la thématique" in theme.content.decode()
    assert "Replay disponible" in theme.content.decode()
