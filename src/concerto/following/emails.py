"""The messages of « Me prévenir », built by the worker when it sends them.

Every message but the confirmation goes to a confirmed subscription only, names what it is
about (theme, consultation, dates and times in Europe/Paris), links to the page, and ends
with a one-click unsubscribe link, also given to mail clients in the ``List-Unsubscribe``
and ``List-Unsubscribe-Post`` headers (RFC 2369, RFC 8058). Subjects quote titles typed by
staff, folded to one line; nothing a visitor typed ever reaches a header.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.translation import gettext as _

from concerto.surveys.engine.text import clean_text

from . import sources
from .models import Follower, Notification, Subscription, SubscriptionKind
from .tokens import confirmation_token, unsubscribe_token

PARIS = ZoneInfo("Europe/Paris")


def one_line(text: str, limit: int = 120) -> str:
    """Text fit for an e-mail subject: one line, no control character, not too long."""
    text = " ".join(clean_text(str(text), multiline=False).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def moment(value: datetime.datetime) -> str:
    """« 3 avril 2026 à 00h00 », in Paris time whatever the server's zone."""
    return formats.date_format(value.astimezone(PARIS), "DATETIME_FORMAT")


def site_url(follower: Follower) -> str:
    """The address the person used (its host checked against ``ALLOWED_HOSTS`` when they
    asked), else the site's configured one."""
    return (follower.site_url or settings.CONCERTO_SITE_URL).rstrip("/")


def absolute(follower: Follower, path: str) -> str:
    return site_url(follower) + path


def unsubscribe_url(follower: Follower, subscription: Subscription | None = None) -> str:
    return absolute(
        follower,
        reverse(
            "following:unsubscribe", kwargs={"token": unsubscribe_token(follower, subscription)}
        ),
    )


def _message(follower: Follower, subject: str, body: str, unsubscribe: str) -> EmailMessage:
    footer = _(
        "\n\n-- \nVous recevez ce message parce que cette adresse a été donnée sur %(site)s. "
        "Pour ne plus rien recevoir à ce sujet, en un clic : %(link)s"
    ) % {"site": site_url(follower), "link": unsubscribe}
    return EmailMessage(
        subject=one_line(subject, limit=150),
        body=body + footer,
        to=[follower.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def describe(subscription: Subscription) -> str:
    """One line saying what the subscription asks for, as the person chose it."""
    consultation = one_line(subscription.consultation.title)
    if subscription.kind == SubscriptionKind.CONSULTATION:
        return _(
            "les nouveautés de la consultation « %(consultation)s » : thématiques qui ouvrent, "
            "webinaires annoncés, résultats publiés"
        ) % {"consultation": consultation}
    theme = one_line(subscription.theme.title)
    if subscription.kind == SubscriptionKind.OPENING:
        text = _("l’ouverture de la thématique « %(theme)s » (consultation « %(consultation)s »)")
        text %= {"theme": theme, "consultation": consultation}
        if subscription.theme.opens_at:
            text += _(", prévue le %(date)s") % {"date": moment(subscription.theme.opens_at)}
        return text
    return _(
        "la publication des résultats de la thématique « %(theme)s » "
        "(consultation « %(consultation)s »)"
    ) % {"theme": theme, "consultation": consultation}


def confirmation_message(follower: Follower, subscriptions: list[Subscription]) -> EmailMessage:
    link = absolute(
        follower,
        reverse("following:confirm", kwargs={"token": confirmation_token(follower)}),
    )
    hours = settings.FOLLOWING_CONFIRMATION_HOURS
    body = _(
        "Bonjour,\n\nVous avez demandé à être prévenu par courriel de :\n%(items)s\n\n"
        "Pour le confirmer, ouvrez ce lien dans les %(hours)s heures, puis cliquez sur "
        "« Confirmer » :\n%(link)s\n\n"
        "Sans confirmation, nous ne vous écrirons pas et votre adresse sera supprimée. Si "
        "vous n’êtes pas à l’origine de cette demande, ignorez simplement ce message."
    ) % {
        "items": "\n".join(f"- {describe(s)}" for s in subscriptions),
        "hours": hours,
        "link": link,
    }
    return _message(
        follower,
        _("Confirmez votre demande « Me prévenir »"),
        body,
        unsubscribe_url(follower),
    )


def _results_url(theme) -> str:
    try:
        return reverse(
            "publication:theme_results",
            kwargs={"slug": theme.consultation.slug, "theme_slug": theme.slug},
        )
    except NoReverseMatch:
        return theme.get_absolute_url()


def notification_message(notification: Notification) -> EmailMessage | None:
    """The message for this sent-log row, or None when there is nothing to say any more
    (the theme or event was deleted)."""
    subscription = notification.subscription
    follower = subscription.follower
    what, _sep, ident = notification.topic.partition(":")
    unsubscribe = unsubscribe_url(follower, subscription)
    if what in ("opened", "results"):
        theme = (
            subscription.consultation.themes.filter(pk=int(ident))
            .select_related("consultation")
            .first()
        )
        if theme is None:
            return None
        values = {
            "theme": one_line(theme.title),
            "consultation": one_line(theme.consultation.title),
        }
        if what == "opened":
            values["opens"] = moment(theme.opens_at)
            values["link"] = absolute(follower, theme.get_absolute_url())
            body = (
                _(
                    "Bonjour,\n\nLa thématique « %(theme)s » de la consultation « %(consultation)s » "
                    "est ouverte aux contributions depuis le %(opens)s (heure de Paris)."
                )
                % values
            )
            if theme.closes_at:
                body += _(" Vous pouvez donner votre avis jusqu’au %(closes)s.") % {
                    "closes": moment(theme.closes_at)
                }
            body += _("\n\nPour participer : %(link)s") % values
            subject = _("La thématique « %(theme)s » est ouverte") % values
        else:
            published_at = sources.results_published_at(theme)
            if published_at is None:
                return None
            values["published"] = moment(published_at)
            values["link"] = absolute(follower, _results_url(theme))
            body = (
                _(
                    "Bonjour,\n\nLes résultats de la thématique « %(theme)s » de la consultation "
                    "« %(consultation)s » ont été publiés le %(published)s (heure de Paris).\n\n"
                    "Pour les lire : %(link)s"
                )
                % values
            )
            subject = _("Résultats publiés : « %(theme)s »") % values
        return _message(follower, subject, body, unsubscribe)
    if what == "event":
        event = sources.get_event(int(ident))
        if event is None:
            return None
        values = {
            "title": one_line(event.title),
            "consultation": one_line(event.consultation.title),
            "starts": moment(event.starts_at),
            "ends": formats.time_format(event.ends_at.astimezone(PARIS), "TIME_FORMAT"),
            "format": event.get_format_display(),
            "link": absolute(follower, event.get_absolute_url()),
        }
        body = (
            _(
                "Bonjour,\n\nUn nouvel événement de la consultation « %(consultation)s » est "
                "annoncé : « %(title)s », le %(starts)s, jusqu’à %(ends)s (heure de Paris), "
                "%(format)s."
            )
            % values
        )
        if getattr(event, "place", ""):
            body += _("\nLieu : %(place)s") % {"place": one_line(event.place, limit=300)}
        body += _("\n\nPour le découvrir et vous inscrire : %(link)s") % values
        subject = _("Nouvel événement : « %(title)s »") % values
        return _message(follower, subject, body, unsubscribe)
    return None
