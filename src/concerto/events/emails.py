"""The e-mails of the events, composed on the worker from the database as it is then.

Every e-mail about a registration names the event, its date and time in Paris, its place
or how to join, and ends with the one-click-then-confirm cancellation link. Nothing typed
by a visitor or staff goes raw into a header (``header_safe``).
"""

from __future__ import annotations

import datetime

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import ical, tokens
from .models import MessageSent, Registration, RegistrationStatus
from .text import absolute, header_safe, moment, plain, when

SUBJECTS = {
    "confirm": lambda: _("Confirmez votre inscription : %(title)s"),
    "registered": lambda: _("Inscription confirmée : %(title)s"),
    "waiting": lambda: _("Liste d’attente : %(title)s"),
    "promoted": lambda: _("Une place s’est libérée : %(title)s"),
    "cancelled": lambda: _("Désinscription enregistrée : %(title)s"),
    "reminder": lambda: _("Rappel : %(title)s, %(when)s"),
    "changed": lambda: _("Changement d’horaire ou de lieu : %(title)s"),
    "event_cancelled": lambda: _("Événement annulé : %(title)s"),
}
WITH_INVITATION = {"registered", "promoted", "changed", "event_cancelled"}


def waiting_rank(registration: Registration) -> int:
    ahead = registration.event.registrations.filter(
        status=RegistrationStatus.WAITING, waiting_since__lt=registration.waiting_since
    ).count()
    return ahead + 1


def join_link_visible(registration: Registration, now: datetime.datetime | None = None) -> bool:
    """The joining link is shown only to confirmed people holding a place, from the set time."""
    event = registration.event
    now = now or timezone.now()
    return (
        bool(event.joining_url)
        and registration.is_confirmed
        and registration.status == RegistrationStatus.REGISTERED
        and not event.is_cancelled
        and now >= event.starts_at - datetime.timedelta(minutes=event.join_link_shown_before)
        and now < event.ends_at
    )


def context_for(registration: Registration) -> dict:
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "title": plain(event.title),
        "when": when(event.starts_at, event.ends_at),
        "place": plain(event.place),
        "event_url": absolute(event.get_absolute_url()),
        "confirm_url": tokens.link(registration, tokens.CONFIRM),
        "cancel_url": tokens.link(registration, tokens.CANCEL),
        "page_url": tokens.link(registration, tokens.ACCESS),
        "show_join": join_link_visible(registration),
        "join_from": moment(
            event.starts_at - datetime.timedelta(minutes=event.join_link_shown_before)
        ),
        "rank": waiting_rank(registration)
        if registration.status == RegistrationStatus.WAITING and registration.waiting_since
        else None,
        "consultation": plain(event.consultation.title),
    }


def registration_email(kind: str, registration: Registration) -> EmailMessage:
    context = context_for(registration)
    subject = SUBJECTS[kind]() % {"title": context["title"], "when": context["when"]}
    message = EmailMessage(
        subject=header_safe(subject),
        body=render_to_string(f"events/email/{kind}.txt", context),
        to=[registration.email],
    )
    if kind in WITH_INVITATION:
        message.attach("invitation.ics", ical.invitation(registration.event), "text/calendar")
    return message


def staff_message(message: MessageSent, registration: Registration) -> EmailMessage:
    context = context_for(registration)
    context["message"] = message
    return EmailMessage(
        subject=header_safe(f"{context['title']} : {message.subject}"),
        body=render_to_string("events/email/staff_message.txt", context),
        to=[registration.email],
    )
