"""The e-mail policy's two rules that are not about one participant.

- An address is named in tasks and logs only by its keyed digest.
- One confirmation e-mail per address per period, whoever asks for it (a script switching a
  stranger's address on and off makes us send one message, not hundreds). The mark lives in
  Django's cache (Redis in production).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core import signing
from django.core.cache import cache

CONFIRMATION_SALT = "concerto.participation.confirm-email"
CONFIRMATION_MAX_AGE = 7 * 86400


def email_digest(email: str) -> str:
    key = hashlib.sha256(b"concerto.email:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


def claim_confirmation(email: str) -> bool:
    """True if no confirmation went to ``email`` during the period (and marks it sent)."""
    period = settings.CONFIRMATION_EMAIL_PERIOD_SECONDS
    return bool(cache.add(f"mail:confirm:{email_digest(email)}", 1, timeout=period))


def confirmation_token(participant_id: int, digest: str) -> str:
    return signing.dumps({"p": participant_id, "e": digest}, salt=CONFIRMATION_SALT, compress=True)


def read_confirmation_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
        return int(data["p"]), str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
