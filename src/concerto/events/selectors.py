"""Reads of events, scoped to what visitors may see, and the figures staff and the results
pages use. Each page's number of queries does not grow with the number of events or
registrations."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from concerto.consultations.models import Consultation, Theme

from .actions import CONFIRMATION_VALIDITY, holding_places
from .models import Event, Registration, RegistrationStatus


def public_events(consultation: Consultation | None = None):
    events = Event.objects.published().select_related("consultation")
    if consultation is not None:
        events = events.filter(consultation=consultation)
    return events


def _with_places(events, now):
    """Annotate each event with the places taken (one query for the whole list)."""
    return events.annotate(
        taken=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.REGISTERED)
            & (
                Q(registrations__confirmed_at__isnull=False)
                | Q(registrations__created_at__gt=now - CONFIRMATION_VALIDITY)
            ),
        )
    )


def _finish(events: list[Event]) -> list[Event]:
    for event in events:
        event.places_left = None if event.capacity is None else max(event.capacity - event.taken, 0)
    return events


@dataclass
class Agenda:
    upcoming: list[Event]
    past: list[Event]


def agenda(consultation: Consultation, now=None) -> Agenda:
    """Upcoming events first (soonest first), then past ones (latest first)."""
    now = now or timezone.now()
    events = _with_places(public_events(consultation), now).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.only("pk", "title", "slug", "consultation_id"))
    )
    return Agenda(
        upcoming=_finish(list(events.upcoming(now))),
        past=_finish(list(events.past(now))),
    )


def next_events(consultation: Consultation, *, limit: int = 3, now=None) -> list[Event]:
    now = now or timezone.now()
    events = _with_places(public_events(consultation), now).filter(cancelled_at__isnull=True)
    return _finish(list(events.upcoming(now)[:limit]))


def theme_events(theme: Theme, now=None) -> Agenda:
    now = now or timezone.now()
    events = _with_places(public_events().filter(themes=theme), now)
    return Agenda(
        upcoming=_finish(list(events.upcoming(now))), past=_finish(list(events.past(now)))
    )


def get_public_event(consultation: Consultation, event_slug: str, now=None) -> Event:
    now = now or timezone.now()
    event = (
        _with_places(public_events(consultation), now)
        .prefetch_related("themes")
        .filter(slug=event_slug)
        .first()
    )
    if event is None:
        raise Http404
    return _finish([event])[0]


def registration_by_key(key: str) -> Registration | None:
    return (
        Registration.objects.select_related("event__consultation", "profile")
        .filter(key=key)
        .first()
    )


def confirmed_count(event: Event) -> int:
    return event.registrations.filter(
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
        confirmed_at__isnull=False,
    ).count()


def registrations_for_staff(event: Event) -> dict:
    now = timezone.now()
    rows = list(
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("profile")
        .order_by("created_at", "pk")
    )
    holding = set(event.registrations.filter(holding_places(now)).values_list("pk", flat=True))
    registered = [r for r in rows if r.pk in holding]
    waiting = sorted(
        (r for r in rows if r.status == RegistrationStatus.WAITING),
        key=lambda r: (r.waiting_since, r.pk),
    )
    expired = [r for r in rows if r.status == RegistrationStatus.REGISTERED and r.pk not in holding]
    return {
        "registered": registered,
        "waiting": waiting,
        "expired": expired,
        "cancelled_count": event.registrations.filter(status=RegistrationStatus.CANCELLED).count(),
        "places_left": None if event.capacity is None else max(event.capacity - len(registered), 0),
        "by_profile": counts_by_profile(event=event),
        "questions_count": sum(1 for r in rows if r.questions),
    }


def attendee_rows(event: Event):
    """Rows of the attendees' CSV: people holding a place, then the waiting list in order."""
    registrations = (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("profile")
        .order_by("status", "waiting_since", "created_at", "pk")
    )
    rank = 0
    for registration in registrations.iterator(chunk_size=500):
        waiting = registration.status == RegistrationStatus.WAITING
        if waiting:
            rank += 1
        yield [
            registration.name,
            registration.email,
            registration.profile.label,
            registration.organisation_name,
            registration.get_status_display(),
            "oui" if registration.confirmed_at else "non",
            rank if waiting else "",
            {True: "oui", False: "non"}.get(registration.attended, ""),
            registration.accessibility_need,
            timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
        ]


def questions_by_theme(event: Event) -> OrderedDict:
    """Questions sent in advance, grouped by the event's themes (each question appears
    under each theme of the event; an event without theme groups them under its title)."""
    themes = list(event.themes.all())
    questions = list(
        event.registrations.exclude(questions="")
        .exclude(status=RegistrationStatus.CANCELLED)
        .filter(confirmed_at__isnull=False)
        .select_related("profile")
        .order_by("created_at", "pk")
    )
    groups: OrderedDict = OrderedDict()
    for theme in themes or [None]:
        groups[theme.title if theme else event.title] = questions
    return groups


@dataclass(frozen=True)
class ProfileCount:
    profile: str
    registered: int
    attended: int


def counts_by_profile(
    *, event: Event | None = None, theme: Theme | None = None
) -> list[ProfileCount]:
    """Registrations (confirmed, holding a place) and attendance by profile, for an event or
    for all the events of a theme: for the results pages and the staff pages."""
    registrations = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED, confirmed_at__isnull=False
    )
    if event is not None:
        registrations = registrations.filter(event=event)
    if theme is not None:
        registrations = registrations.filter(event__themes=theme, event__is_published=True)
    rows = (
        registrations.values("profile__label", "profile__order")
        .annotate(registered=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
        .order_by("profile__order", "profile__label")
    )
    return [ProfileCount(r["profile__label"], r["registered"], r["attended"]) for r in rows]
