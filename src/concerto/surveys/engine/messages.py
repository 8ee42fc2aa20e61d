"""Messages for people, kept as data until the caller translates them.

The engine imports nothing from Django, so it cannot translate: it returns a ``Message``
holding the French message id (with its plural and parameters), and the web layer
translates it into the participant's language at render time (``surveys.messages``).

The two marker functions only tag strings for ``makemessages``, which extracts every call
named ``gettext_noop`` and ``ngettext_lazy`` whatever module defines it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def gettext_noop(message: str) -> str:
    return message


def ngettext_lazy(singular: str, plural: str, number: int = 0) -> tuple[str, str]:
    return singular, plural


class Label(str):
    """A parameter that is itself a message id (a kind's name), translated with the message."""


@dataclass(frozen=True)
class Message:
    text: str
    plural: str | None = None
    count: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str, **params: Any) -> Message:
        return cls(text=text, params=params)

    @classmethod
    def counted(cls, forms: tuple[str, str], number: int, /, **params: Any) -> Message:
        return cls(text=forms[0], plural=forms[1], count=number, params=params)

    def render_plain(self) -> str:
        """The French text, for logs and tests that run without translation."""
        text = self.text if self.plural is None or self.count == 1 else self.plural
        return text % self.params if self.params else text
