from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from tests.factories import ConsultationFactory, ThemeFactory

LINK = re.compile(r"http://testserver(/\S+/)")


@pytest.fixture(autouse=True)
def _commit_at_once(request, monkeypatch):
    """Each request and task of these tests commits in production, and its e-mails and
    tasks leave then: inside the test's transaction, run them at once instead. Tests marked
    ``transaction=True`` (the worker's) keep the real commit."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or marker.kwargs.get("transaction"):
        return
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def consultation(db):
    return ConsultationFactory(title="Stratégie numérique culturelle", slug="strategie")


@pytest.fixture
def upcoming_theme(consultation):
    now = timezone.now()
    return ThemeFactory(
        consultation=consultation,
        title="Innovation",
        slug="innovation",
        opens_at=now + datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=60),
    )


@pytest.fixture
def open_theme(consultation):
    return ThemeFactory(consultation=consultation, title="Métavers", slug="metavers")


def theme_url(theme) -> str:
    return f"/suivre/consultations/{theme.consultation.slug}/thematiques/{theme.slug}/"


def ask(client, theme, email="camille@example.org", kind="opening", **extra):
    return client.post(theme_url(theme), {"email": email, "kind": kind}, **extra)


def links(message) -> list[str]:
    return LINK.findall(message.body)


def confirm_link(message) -> str:
    return next(link for link in links(message) if "/suivre/confirmer/" in link)


def confirm_everything(client, message):
    """The person opens the confirmation link and presses « Confirmer »."""
    url = confirm_link(message)
    page = client.get(url)
    ids = re.findall(r'name="subscriptions" value="(\d+)"', page.content.decode())
    return client.post(url, {"subscriptions": ids})


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox
