"""The demo: the Ministère de la Culture's consultation on its digital strategy.

Dates are shifted so that today sits where the real consultation's launch sat
(23 February 2023): the six first themes are open, the five others are announced.
Loading is idempotent and never overwrites what a manager has edited since.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files import File
from django.db import transaction
from django.utils import formats, timezone

from concerto.participation.models import ParticipantProfile

from . import demo_content
from .models import Consultation, Document, Theme

PARIS = ZoneInfo("Europe/Paris")
SEED_LAUNCH = datetime.date(2023, 2, 23)
SEED_END = datetime.datetime(2023, 7, 31, 23, 59, tzinfo=PARIS)
SEED_PROSPECTIVE_START = datetime.date(2022, 9, 1)
SEED_WEBINARS_END = datetime.date(2023, 3, 17)
# The seed does not date the five upcoming themes; they open during the semester.
SEED_UPCOMING_OPENINGS = {
    "innovation": datetime.date(2023, 4, 3),
    "recherche": datetime.date(2023, 4, 17),
    "territoires": datetime.date(2023, 5, 2),
    "formations-metiers": datetime.date(2023, 5, 15),
    "publics": datetime.date(2023, 6, 1),
}
ASSETS = Path(__file__).resolve().parent / "demo_assets"


class DemoCalendar:
    def __init__(self, today: datetime.date):
        self.shift = today - SEED_LAUNCH

    def date(self, seed_date: datetime.date) -> datetime.date:
        return seed_date + self.shift

    def start_of(self, seed_date: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(self.date(seed_date), datetime.time(0, 0), tzinfo=PARIS)

    def end(self) -> datetime.datetime:
        return SEED_END + self.shift

    def month(self, day: datetime.date) -> str:
        return formats.date_format(day, "F Y")

    def text_values(self) -> dict[str, str]:
        launch, end = self.date(SEED_LAUNCH), self.end().date()
        return {
            "prospective_start": f"en {self.month(self.date(SEED_PROSPECTIVE_START))}",
            "consultation_period": f"de {self.month(launch)} à {self.month(end)}",
            "consultation_end_month": self.month(end),
            "webinar_period": (
                f"du {formats.date_format(launch, 'j F Y')} "
                f"au {formats.date_format(self.date(SEED_WEBINARS_END), 'j F Y')}"
            ),
            "results_year": str(end.year),
        }


@transaction.atomic
def load_demo(today: datetime.date | None = None) -> Consultation:
    """Create what is missing of the demo consultation; leave existing rows untouched."""
    calendar = DemoCalendar(today or timezone.localdate())
    values = calendar.text_values()
    content = demo_content.CONSULTATION
    consultation, _created = Consultation.objects.get_or_create(
        slug=content["slug"],
        defaults={
            "title": content["title"],
            "tagline": content["tagline"],
            "purpose": content["purpose"].format_map(values),
            "why_participate": content["why_participate"].format_map(values),
            "how_to_participate": content["how_to_participate"].format_map(values),
            "is_published": True,
            "is_featured": not Consultation.objects.filter(is_featured=True).exists(),
        },
    )
    for order, profile in enumerate(demo_content.PROFILES, start=1):
        ParticipantProfile.objects.get_or_create(
            consultation=consultation,
            label=profile["label"],
            defaults={
                "description": profile["description"],
                "is_organisation": profile["is_organisation"],
                "order": order,
            },
        )
    for order, theme in enumerate(demo_content.THEMES, start=1):
        if theme["status"] == "open":
            opens_at = calendar.start_of(SEED_LAUNCH)
        else:
            opens_at = calendar.start_of(SEED_UPCOMING_OPENINGS[theme["slug"]])
        Theme.objects.get_or_create(
            consultation=consultation,
            slug=theme["slug"],
            defaults={
                "title": theme["title"],
                "summary": theme["summary"],
                "introduction": theme["introduction"],
                "opens_at": opens_at,
                "closes_at": calendar.end(),
                "order": order,
                "is_published": True,
            },
        )
    for order, document in enumerate(demo_content.DOCUMENTS, start=1):
        if consultation.documents.filter(title=document["title"]).exists():
            continue
        with (ASSETS / document["filename"]).open("rb") as handle:
            Document.objects.create(
                consultation=consultation,
                title=document["title"],
                description=document["description"],
                file=File(handle, name=document["filename"]),
                order=order,
                published_at=calendar.start_of(SEED_LAUNCH),
            )
    return consultation
