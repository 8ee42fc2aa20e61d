"""The demo shows a few people following themes, with reserved example addresses."""

import io

import pytest
from django.core.management import call_command

from concerto.following.models import Follower, Subscription

pytestmark = pytest.mark.django_db


def test_the_demo_has_confirmed_subscriptions_to_example_addresses_only():
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # again: nothing added twice
    assert Subscription.objects.count() == 7
    assert not Subscription.objects.filter(confirmed_at__isnull=True).exists()
    domains = {
        email.rsplit("@", 1)[1] for email in Follower.objects.values_list("email", flat=True)
    }
    assert domains <= {"example.org", "example.net", "example.com"}
    assert Subscription.objects.filter(theme__slug="innovation").count() == 2
