"""Staff see how many people follow each theme, never who, on consultations they manage."""

from __future__ import annotations

import pytest
from django.utils import timezone

from concerto.following.models import Follower, Subscription, SubscriptionKind
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

COUNTS = "/admin/following/subscription/"


def _subscribe(theme, email, kind, confirmed=True):
    follower, _ = Follower.objects.get_or_create(email=email, defaults={"site_url": "http://x/"})
    return Subscription.objects.create(
        follower=follower,
        kind=kind,
        consultation=theme.consultation,
        theme=None if kind == SubscriptionKind.CONSULTATION else theme,
        confirmed_at=timezone.now() if confirmed else None,
    )


@pytest.fixture
def followed(upcoming_theme, open_theme):
    for n in range(3):
        _subscribe(upcoming_theme, f"o{n}@example.org", SubscriptionKind.OPENING)
    _subscribe(upcoming_theme, "attente@example.org", SubscriptionKind.OPENING, confirmed=False)
    _subscribe(open_theme, "r@example.org", SubscriptionKind.RESULTS)
    _subscribe(open_theme, "c@example.org", SubscriptionKind.CONSULTATION)
    return upcoming_theme.consultation


def test_managers_see_the_counts_and_no_address(manager_client, followed, upcoming_theme):
    page = manager_client.get(COUNTS)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<th scope="row">{upcoming_theme.title}</th><td>3</td><td>0</td>' in html
    assert "<td>0</td><td>1</td>" in html  # the open theme: one waits for its results
    assert "1 personne suit toute la consultation" in html
    assert "1 demande attend sa confirmation" in html
    assert "@example.org" not in html
    one = manager_client.get(f"{COUNTS}consultation/{followed.pk}/")
    assert one.status_code == 200
    assert followed.title in one.content.decode()


def test_the_counts_page_costs_the_same_whatever_the_numbers(manager_client, followed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ThemeFactory

    with CaptureQueriesContext(connection) as few:
        manager_client.get(COUNTS)
    for n in range(5):
        theme = ThemeFactory(consultation=followed)
        _subscribe(theme, f"plus{n}@example.org", SubscriptionKind.RESULTS)
    with CaptureQueriesContext(connection) as more:
        manager_client.get(COUNTS)
    assert len(more) == len(few) <= 12


def test_staff_who_may_not_manage_the_consultation_are_refused(client, followed):
    client.force_login(StaffUserFactory())
    assert client.get(COUNTS).status_code == 403
    assert client.get(f"{COUNTS}consultation/{followed.pk}/").status_code == 403


def test_visitors_are_sent_to_the_login_page(client, followed):
    response = client.get(COUNTS)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
