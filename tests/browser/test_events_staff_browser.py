"""The manager's pages of an event (registrations, questions, message) through axe-core."""

from __future__ import annotations

import pytest
from django.urls import reverse

from . import test_staff_accessibility as staff_module
from .test_accessibility import _format_violations

# The staff module's fixtures: a superuser and one signed-in page for this module.
staff = staff_module.staff
staff_page = staff_module.staff_page
run_axe = staff_module.run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_event_staff_pages_have_no_axe_violation(site, staff_page, axe_js, django_db_blocker):
    from concerto.events.models import Event

    with django_db_blocker.unblock():
        event = Event.objects.filter(replay_published_at__isnull=False).order_by("pk").first()
    for name in ["registrations", "questions", "message"]:
        path = reverse(f"admin:events_event_{name}", args=[event.pk])
        response = staff_page.goto(site + path)
        assert response is not None and response.status == 200, path
        violations = run_axe(staff_page, axe_js)
        assert not violations, _format_violations(path, violations)
