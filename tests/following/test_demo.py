"""The demo shows a few people following themes, with reserved example addresses."""

import pytest

from concerto.consultations.demo import load_demo
from concerto.following.demo import load_demo_following
from concerto.following.models import Follower, Subscription

pytestmark = pytest.mark.django_db


def test_the_demo_has_confirmed_subscriptions_to_example_addresses_only():
    consultation = load_demo()
    load_demo_following(consultation)
    load_demo_following(consultation)  # again: nothing added twice
    assert Subscription.objects.count() == 7
    assert not Subscription.objects.filter(confirmed_at__isnull=True).exists()
    domains = {
        email.rsplit("@", 1)[1] for email in Follower.objects.values_list("email", flat=True)
    }
    assert domains <= {"example.org", "example.net", "example.com"}
    assert Subscription.objects.filter(theme__slug="innovation").count() == 2
