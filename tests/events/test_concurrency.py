"""On PostgreSQL, concurrent registrations and cancellations never give more places than
there are, and the waiting list is served in order."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from concerto.events import actions
from concerto.events.models import Registration, RegistrationStatus

from .kit import event_with_profiles

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are exercised on PostgreSQL only"
    ),
]


def run_together(targets):
    """Start every target on its own thread at the same instant; collect results or errors."""
    barrier = threading.Barrier(len(targets))
    results, errors = [], []

    def worker(target):
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_twenty_people_at_once_for_five_places():
    event, (profile, _) = event_with_profiles(capacity=5)

    def registration_of(number):
        return lambda: actions.register(
            event=event, name=f"Personne {number}", email=f"p{number}@example.org", profile=profile
        )

    results, errors = run_together([registration_of(n) for n in range(20)])

    assert not errors, errors
    assert len(results) == 20
    statuses = Registration.objects.values_list("status", flat=True)
    assert list(statuses).count(RegistrationStatus.REGISTERED) == 5
    assert list(statuses).count(RegistrationStatus.WAITING) == 15


def test_the_same_address_at_once_registers_once():
    event, (profile, _) = event_with_profiles(capacity=5)

    results, errors = run_together(
        [
            lambda: actions.register(
                event=event, name="Camille", email="camille@example.org", profile=profile
            )
        ]
        * 6
    )

    assert len(results) == 1
    assert len(errors) == 5
    assert all(isinstance(e, actions.RegistrationRefused) for e in errors)
    assert Registration.objects.count() == 1


def test_cancellations_and_registrations_at_once_promote_in_order_without_overbooking():
    event, (profile, _) = event_with_profiles(capacity=3)
    holders = [
        actions.confirm(
            key=actions.register(
                event=event, name=f"H{n}", email=f"h{n}@example.org", profile=profile
            ).key
        )
        for n in range(3)
    ]
    waiting = [
        actions.confirm(
            key=actions.register(
                event=event, name=f"W{n}", email=f"w{n}@example.org", profile=profile
            ).key
        )
        for n in range(4)
    ]
    assert {w.status for w in waiting} == {RegistrationStatus.WAITING}

    targets = [lambda key=h.key: actions.cancel(key=key) for h in holders[:2]]
    targets += [
        lambda n=n: actions.register(
            event=event, name=f"N{n}", email=f"n{n}@example.org", profile=profile
        )
        for n in range(6)
    ]
    _results, errors = run_together(targets)

    assert not errors, errors
    registered = Registration.objects.filter(status=RegistrationStatus.REGISTERED)
    assert registered.count() == 3
    # The two places freed went to the first two of the list, in order.
    assert set(registered.values_list("email", flat=True)) == {
        "h2@example.org",
        "w0@example.org",
        "w1@example.org",
    }
    still_waiting = Registration.objects.filter(status=RegistrationStatus.WAITING).order_by(
        "waiting_since", "pk"
    )
    assert list(still_waiting.values_list("email", flat=True))[:2] == [
        "w2@example.org",
        "w3@example.org",
    ]
