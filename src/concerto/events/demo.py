"""The demo's webinars: the six of the ministry's announcement, at 11h30–12h30 Paris time.

Dates are shifted as the demo's themes are (the seed's calendar moved to today), but anchored
so that today sits between the third and the fourth webinar (the seed's 11 March 2023): the
launch and the first two theme webinars have taken place, with their replays, captions and
reports; the three others are to come, with places left, one nearly full. Loading is
idempotent and never overwrites an event a manager has edited.
"""

from __future__ import annotations

import datetime
import unicodedata
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from concerto.consultations.models import Consultation

from . import actions, demo_content
from .models import Event, EventFormat, Registration, RegistrationStatus

PARIS = ZoneInfo("Europe/Paris")
SEED_TODAY = datetime.date(2023, 3, 11)
ASSETS = Path(__file__).resolve().parent / "demo_assets"


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@transaction.atomic
def load_demo_events(consultation: Consultation, today: datetime.date | None = None) -> int:
    """Create the demo's webinars that are missing; returns how many were created."""
    today = today or timezone.localdate()
    shift = today - SEED_TODAY
    now = timezone.now()
    profiles = list(consultation.profiles.all())
    themes = {theme.slug: theme for theme in consultation.themes.all()}
    created = 0
    for number, item in enumerate(demo_content.WEBINARS):
        if Event.objects.filter(consultation=consultation, slug=item["slug"]).exists():
            continue
        day = item["seed_date"] + shift
        starts = datetime.datetime.combine(day, datetime.time(11, 30), tzinfo=PARIS)
        ends = datetime.datetime.combine(day, datetime.time(12, 30), tzinfo=PARIS)
        past = ends <= now
        event = Event.objects.create(
            consultation=consultation,
            title=item["title"],
            slug=item["slug"],
            description=item["description"],
            audience=item["audience"],
            format=EventFormat.ONLINE,
            joining_url=f"https://webinaires.example.org/culture/{item['slug']}",
            starts_at=starts,
            ends_at=ends,
            capacity=item["capacity"],
            has_captions=True,
            has_sign_language=number == 0,
            is_published=True,
            announced_at=min(now, starts - datetime.timedelta(days=21)),
        )
        event.themes.set([themes[slug] for slug in item["themes"] if slug in themes])
        if profiles:
            _registrations(event, profiles, item["registrations"], past=past)
        if past:
            with (ASSETS / item["captions"]).open("rb") as captions:
                event.captions.save(item["captions"], File(captions), save=False)
            event.replay_url = f"https://video.example.org/culture/{item['slug']}"
            event.transcript = item["transcript"]
            event.replay_published_at = min(now, ends + datetime.timedelta(days=1))
            event.save()
        else:
            actions.schedule_reminders(event)
        created += 1
    if created:
        # The registrations were bulk-created (no signal): cached public pages must go.
        from concerto.core import pagecache

        transaction.on_commit(pagecache.content_changed)
    return created


def _registrations(event: Event, profiles, count: int, *, past: bool) -> None:
    first_names, last_names = demo_content.FIRST_NAMES, demo_content.LAST_NAMES
    rows = []
    for n in range(count):
        first = first_names[n % len(first_names)]
        last = last_names[(n * 7 + event.pk) % len(last_names)]
        profile = profiles[(n * 3 + n // 5) % len(profiles)]
        registered_at = event.starts_at - datetime.timedelta(days=20, minutes=-37 * n)
        rows.append(
            Registration(
                event=event,
                name=f"{first} {last}",
                email=f"{_ascii(first)}.{_ascii(last)}.{event.pk}-{n}@example.org",
                profile=profile,
                organisation_name=(
                    demo_content.ORGANISATIONS[n % len(demo_content.ORGANISATIONS)]
                    if profile.is_organisation
                    else ""
                ),
                questions=(
                    demo_content.QUESTIONS[n % len(demo_content.QUESTIONS)] if n % 9 == 0 else ""
                ),
                accessibility_need="Sous-titrage" if n % 23 == 0 else "",
                status=RegistrationStatus.REGISTERED,
                created_at=registered_at,
                confirmed_at=registered_at + datetime.timedelta(minutes=4),
                confirmation_sent_at=registered_at,
                # About three in four registrants attend.
                attended=(n % 4 != 0) if past else None,
            )
        )
    Registration.objects.bulk_create(rows)
