"""Invitations and feeds, parsed back: valid RFC 5545, Paris times on both sides of the end
of March, the event's address on the platform."""

from __future__ import annotations

import datetime

import pytest
from icalendar import Calendar

from concerto.events import ical

from .kit import EventFactory, event_with_profiles, paris

pytestmark = pytest.mark.django_db


def parsed(content: bytes) -> Calendar:
    calendar = Calendar.from_ical(content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    return calendar


@pytest.fixture
def across_march():
    """Two webinars at 11h30 Paris: before (UTC+1) and after (UTC+2) the change of 26 March."""
    before, _ = event_with_profiles(
        title="Webinaire « Langue française »",
        starts_at=paris(2023, 3, 17, 11, 30),
        ends_at=paris(2023, 3, 17, 12, 30),
    )
    after = EventFactory(
        consultation=before.consultation,
        title="Webinaire « Innovation »",
        starts_at=paris(2023, 4, 3, 11, 30),
        ends_at=paris(2023, 4, 3, 12, 30),
    )
    after.themes.add(before.themes.first())
    return before, after


def test_the_feed_holds_every_published_event_at_its_paris_time(client, across_march):
    before, after = across_march
    EventFactory(consultation=before.consultation, is_published=False, title="Brouillon")

    response = client.get(f"/consultations/{before.consultation.slug}/webinaires.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = parsed(response.content)
    [timezone_component] = calendar.walk("VTIMEZONE")
    assert timezone_component["TZID"] == "Europe/Paris"
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [before.title, after.title]
    for event, item in zip([before, after], events, strict=True):
        start = item.decoded("DTSTART")
        assert item["DTSTART"].params["TZID"] == "Europe/Paris"
        assert (start.hour, start.minute) == (11, 30)
        assert start == event.starts_at
        assert item.decoded("DTEND") - start == datetime.timedelta(hours=1)
        assert str(item["URL"]) == "http://127.0.0.1:8000" + event.get_absolute_url()
        assert str(item["UID"]).startswith(f"event-{event.pk}@")
    # 11h30 in Paris is 10h30 UTC in winter and 9h30 UTC in summer.
    assert events[0].decoded("DTSTART").astimezone(datetime.UTC).hour == 10
    assert events[1].decoded("DTSTART").astimezone(datetime.UTC).hour == 9
    raw = response.content.decode()
    assert "\r\n" in raw and all(len(line.encode()) <= 75 for line in raw.split("\r\n"))


def test_a_theme_feed_holds_only_its_events(client, across_march):
    before, after = across_march
    EventFactory(consultation=before.consultation, title="Autre sujet")
    theme = before.themes.first()

    response = client.get(
        f"/consultations/{before.consultation.slug}/thematiques/{theme.slug}/webinaires.ics"
    )

    titles = [str(e["SUMMARY"]) for e in parsed(response.content).walk("VEVENT")]
    assert titles == [before.title, after.title]


def test_an_invitation_of_a_cancelled_event_cancels_the_calendar_entry(across_march):
    before, _ = across_march
    first = parsed(ical.invitation(before)).walk("VEVENT")[0]
    assert first["STATUS"] == "CONFIRMED"
    before.cancelled_at = before.starts_at - datetime.timedelta(days=1)
    before.sequence += 1
    before.save()
    again = parsed(ical.invitation(before)).walk("VEVENT")[0]
    assert again["STATUS"] == "CANCELLED"
    assert again["UID"] == first["UID"]
    assert int(again["SEQUENCE"]) > int(first["SEQUENCE"])


def test_the_public_invitation_never_carries_the_joining_link(client, across_march):
    before, _ = across_march
    response = client.get(before.get_absolute_url() + "invitation.ics")
    assert response.status_code == 200
    assert before.joining_url.encode() not in response.content
    assert parsed(response.content).walk("VEVENT")
