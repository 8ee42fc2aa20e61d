"""The demo's closed theme: answers, a synthesis, quotes, and results a visitor can read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concerto.consultations.models import Consultation
from concerto.publication.demo import load_demo_results
from concerto.publication.models import Quote, ResultsState

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_a_closed_theme_visitors_can_read(
    client, demo_clock, django_capture_on_commit_callbacks
):
    consultation = Consultation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        results = load_demo_results(consultation, responses=60)
    assert results.state == ResultsState.PUBLISHED
    assert results.theme.status == "closed"
    assert Quote.objects.filter(results=results).exists()
    kwargs = {"slug": consultation.slug, "theme_slug": results.theme.slug}
    page = client.get(reverse("publication:theme_results", kwargs=kwargs))
    assert page.status_code == 200
    assert "Ce qui ressort" in page.content.decode()
    assert client.get(reverse("publication:theme_results_pdf", kwargs=kwargs)).status_code == 200

    # loading again changes nothing
    again = load_demo_results(consultation, responses=60)
    assert again.publications.count() == 1
