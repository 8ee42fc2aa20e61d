"""The signed links of the e-mails: confirm an address, stop a subscription.

A link carries identifiers and the follower's random key, signed with the site's secret:
nothing to store, nothing to guess. The confirmation link expires
(``settings.FOLLOWING_CONFIRMATION_HOURS``); the unsubscribe link does not, since it must
work from any message ever sent (RFC 8058).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from .models import Follower, Subscription

CONFIRM_SALT = "concerto.following.confirm"
UNSUBSCRIBE_SALT = "concerto.following.unsubscribe"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def confirmation_validity() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.FOLLOWING_CONFIRMATION_HOURS)


def confirmation_token(follower: Follower) -> str:
    return signing.dumps({"f": follower.pk, "k": follower.key}, salt=CONFIRM_SALT)


def unsubscribe_token(follower: Follower, subscription: Subscription | None = None) -> str:
    """Stops one subscription, or, without one, every subscription of the address."""
    return signing.dumps(
        {"f": follower.pk, "k": follower.key, "s": subscription.pk if subscription else None},
        salt=UNSUBSCRIBE_SALT,
    )


def _follower(payload) -> Follower | None:
    if not isinstance(payload, dict) or not isinstance(payload.get("f"), int):
        raise LinkInvalid
    follower = Follower.objects.filter(pk=payload["f"]).first()
    if follower is not None and follower.key != payload.get("k"):
        raise LinkInvalid
    return follower


def read_confirmation(token: str) -> Follower | None:
    """The follower the link confirms; None when it was deleted meanwhile."""
    try:
        payload = signing.loads(
            token, salt=CONFIRM_SALT, max_age=confirmation_validity().total_seconds()
        )
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
    return _follower(payload)


@dataclass
class UnsubscribeLink:
    follower: Follower | None
    subscription_id: int | None


def read_unsubscribe(token: str) -> UnsubscribeLink:
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise LinkInvalid from None
    subscription_id = payload.get("s") if isinstance(payload, dict) else None
    if subscription_id is not None and not isinstance(subscription_id, int):
        raise LinkInvalid
    return UnsubscribeLink(follower=_follower(payload), subscription_id=subscription_id)
