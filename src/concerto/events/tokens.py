"""Signed links of a registration: confirm the address, cancel the registration.

A link carries the registration's random key, signed with the site's secret and stamped
with the time it was made: a forged or altered link fails the signature, an old
confirmation link fails its age, a link of a cancelled registration finds nothing to do.
"""

from __future__ import annotations

import datetime

from django.core import signing
from django.urls import reverse

from .models import Registration
from .text import absolute

CONFIRM = "confirm"
CANCEL = "cancel"
ACCESS = "access"
MAX_AGE = {
    CONFIRM: datetime.timedelta(days=3),
    # A cancellation link is good as long as the event has not taken place.
    CANCEL: datetime.timedelta(days=400),
    # The registrant's own page (status, joining link when it is time, cancellation).
    ACCESS: datetime.timedelta(days=400),
}
URL_NAMES = {CONFIRM: "events:confirm", CANCEL: "events:cancel", ACCESS: "events:registration"}


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def _signer(purpose: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"concerto.events.registration.{purpose}")


def make(registration: Registration, purpose: str) -> str:
    return _signer(purpose).sign(registration.key)


def read(token: str, purpose: str) -> str:
    """The registration key the token carries; raises LinkExpired or LinkInvalid."""
    try:
        return _signer(purpose).unsign(token, max_age=MAX_AGE[purpose])
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None


def link(registration: Registration, purpose: str) -> str:
    return absolute(reverse(URL_NAMES[purpose], kwargs={"token": make(registration, purpose)}))
