"""iCalendar (RFC 5545) for events: one invitation, or a feed of many.

Times are written in Europe/Paris with its VTIMEZONE (so that a calendar shows 11h30 on
either side of a daylight-saving change), each event carries a stable UID and its address
on the platform (URL, and in the description), and a cancelled event is sent as
STATUS:CANCELLED with a higher SEQUENCE, so calendars update the entry they already hold.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Timezone, vCalAddress, vText
from icalendar import Event as VEvent

from .models import Event
from .text import absolute, plain

PARIS = ZoneInfo("Europe/Paris")
PRODID = "-//Concerto//Webinaires//FR"


def uid(event: Event) -> str:
    host = absolute("/").split("//", 1)[-1].strip("/").split("/")[0] or "concerto"
    return f"event-{event.pk}@{host}"


def _calendar(name: str, method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    return calendar


def _vevent(event: Event, *, with_link: bool = False) -> VEvent:
    url = absolute(event.get_absolute_url())
    item = VEvent()
    item.add("uid", uid(event))
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.starts_at.astimezone(PARIS))
    item.add("dtend", event.ends_at.astimezone(PARIS))
    item.add("summary", plain(event.title))
    description = [plain(event.description)[:2000], "", url]
    if with_link and event.joining_url:
        description[1:1] = ["", f"Lien de connexion : {event.joining_url}"]
    item.add("description", "\n".join(description).strip())
    item.add("url", url)
    location = event.place if event.place else ""
    if event.is_online and not event.place:
        location = "En ligne"
    if location:
        item.add("location", vText(plain(location)))
    item.add("sequence", event.sequence)
    item.add("last-modified", event.updated_at or timezone.now())
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("transp", "OPAQUE")
    organizer = vCalAddress(f"mailto:{_from_address()}")
    organizer.params["cn"] = vText(event.consultation.title[:100])
    item.add("organizer", organizer)
    return item


def _from_address() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    if "<" in sender:
        sender = sender.split("<", 1)[1].rstrip(">")
    return sender.strip()


def _with_timezone(calendar: Calendar, events) -> Calendar:
    """The VTIMEZONE of Europe/Paris, with the offsets of every date the events span."""
    if events:
        first = min(event.starts_at for event in events).astimezone(PARIS).date()
        last = max(event.ends_at for event in events).astimezone(PARIS).date()
        calendar.add_component(
            Timezone.from_tzid(
                "Europe/Paris",
                first_date=first - datetime.timedelta(days=1),
                last_date=last + datetime.timedelta(days=1),
            )
        )
    return calendar


def invitation(event: Event) -> bytes:
    """The .ics attached to a confirmation: one event, METHOD:PUBLISH (no RSVP asked)."""
    calendar = _with_timezone(_calendar(plain(event.title)[:100], method="PUBLISH"), [event])
    calendar.add_component(_vevent(event))
    return calendar.to_ical()


def feed(events, *, name: str) -> bytes:
    events = list(events)
    calendar = _with_timezone(_calendar(name[:100], method="PUBLISH"), events)
    for event in events:
        calendar.add_component(_vevent(event))
    return calendar.to_ical()
