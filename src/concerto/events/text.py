"""How an event's time and links are written, on pages, in e-mails and in calendars.

Times are stored in UTC and always written in Europe/Paris (the consultation's time, whatever
the server's), as the seed writes them: « le 9 mars 2023 de 11h30 à 12h30 ».
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

PARIS = ZoneInfo("Europe/Paris")


def when(starts_at, ends_at) -> str:
    """« le 9 mars 2023 de 11h30 à 12h30 » (or « du … au … » over several days), Paris time."""
    start, end = starts_at.astimezone(PARIS), ends_at.astimezone(PARIS)
    if start.date() == end.date():
        return _("le %(date)s de %(start)s à %(end)s") % {
            "date": formats.date_format(start, "DATE_FORMAT"),
            "start": formats.time_format(start, "TIME_FORMAT"),
            "end": formats.time_format(end, "TIME_FORMAT"),
        }
    return _("du %(start)s au %(end)s") % {
        "start": formats.date_format(start, "DATETIME_FORMAT"),
        "end": formats.date_format(end, "DATETIME_FORMAT"),
    }


def moment(value) -> str:
    """« 9 mars 2023 à 11h30 », Paris time."""
    return formats.date_format(value.astimezone(PARIS), "DATETIME_FORMAT")


def absolute(path: str) -> str:
    """The address of a page of the platform, for e-mails and calendars sent by the worker."""
    return settings.CONCERTO_SITE_URL.rstrip("/") + path


_MARKDOWN = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|^#+\s*|`)", re.M)
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def plain(text: str) -> str:
    """Markdown as readable plain text (e-mails, calendars), one line break kept per line."""
    text = _LINK.sub(r"\1 (\2)", text or "")
    return _MARKDOWN.sub("", text).strip()


def header_safe(text: str) -> str:
    """Text typed by someone, made fit for an e-mail header: one line, no control character."""
    cleaned = "".join(" " if ch in "\r\n\t\v\f\x85\u2028\u2029" else ch for ch in text)
    cleaned = "".join(ch for ch in cleaned if ch.isprintable())
    return " ".join(cleaned.split())[:150]
