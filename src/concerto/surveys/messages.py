"""The engine's messages, translated into the reader's language and formatted for it."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from .engine.messages import Label, Message


def render(message: Message | None) -> str | None:
    if message is None:
        return None
    if message.plural is not None:
        text = ngettext(message.text, message.plural, message.count or 0)
    else:
        text = gettext(message.text)
    params = {key: _format(value) for key, value in message.params.items()}
    if params:
        text = text % params
    return text


def _format(value):
    if isinstance(value, Decimal):
        return number_format(value.normalize())
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 1000:
        return number_format(value, force_grouping=True)
    if isinstance(value, Label):
        return gettext(value)
    return value
