"""Events for tests: an event of a consultation with its profiles, and helpers to register
through the same actions and links as a visitor."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import factory
from django.core import mail
from django.utils import timezone

from concerto.events import actions
from concerto.events.models import Event, Registration
from tests.factories import ConsultationFactory, ParticipantProfileFactory, ThemeFactory

PARIS = ZoneInfo("Europe/Paris")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    consultation = factory.SubFactory(ConsultationFactory)
    title = factory.Sequence(lambda n: f"Webinaire {n}")
    slug = factory.Sequence(lambda n: f"webinaire-{n}")
    description = "Présentation de la **démarche** et de ses thématiques."
    audience = "Tout public"
    joining_url = "https://visio.culture.gouv.fr/webinaire-lancement"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + datetime.timedelta(hours=1))
    capacity = 50
    is_published = True


def event_with_profiles(**kwargs) -> tuple[Event, list]:
    consultation = kwargs.pop("consultation", None) or ConsultationFactory()
    profiles = [
        ParticipantProfileFactory(consultation=consultation, label="Institution culturelle"),
        ParticipantProfileFactory(consultation=consultation, label="Citoyen ou citoyenne"),
    ]
    theme = ThemeFactory(consultation=consultation, title="Archivage numérique")
    event = EventFactory(consultation=consultation, **kwargs)
    event.themes.add(theme)
    return event, profiles


def paris(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=PARIS)


def register(event, profile, email="camille@example.org", name="Camille Martin", **kwargs):
    return actions.register(event=event, name=name, email=email, profile=profile, **kwargs)


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def link_to(message, fragment: str) -> str:
    found = [link for link in links_in(message) if fragment in link]
    assert found, f"no link with {fragment!r} in:\n{message.body}"
    return found[0]


def path_of(link: str) -> str:
    return "/" + link.split("//", 1)[1].split("/", 1)[1]


def sent_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def registered(event, profile, email, **kwargs) -> Registration:
    """A confirmed registration, made and confirmed through the actions."""
    registration = register(event, profile, email=email, **kwargs)
    return actions.confirm(key=registration.key)
