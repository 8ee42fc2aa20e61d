"""The demo's closed theme « priorites » has an analysis of its open question: validated
themes counted on the staff pages and in the published results, cited by a decision."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concerto.consultations.models import Consultation
from concerto.decisions.demo import load_demo_decisions
from concerto.decisions.models import EvidenceKind
from concerto.freetext import demo_content, selectors
from concerto.freetext.demo import themes_of
from concerto.freetext.models import Analysis
from concerto.publication.demo import load_demo_results
from concerto.publication.models import PublishedTheme

pytestmark = pytest.mark.django_db


def test_keywords_theme_the_synthetic_sentences():
    labels = [t["label"] for t in demo_content.THEMES]
    found = themes_of("Il faudrait des formations courtes, concrètes. Des outils mutualisés.")
    assert [labels[i] for i in found] == ["Former les équipes", "Mutualiser des outils libres"]
    assert themes_of("Merci d’organiser cette consultation.") == []


def test_the_demo_shows_themes_to_staff_visitors_and_decisions(
    client, demo_clock, django_capture_on_commit_callbacks
):
    consultation = Consultation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        results = load_demo_results(consultation)
    analysis = Analysis.objects.get(question__questionnaire__theme=results.theme)
    counts = selectors.theme_counts(analysis)
    assert len(counts) == len(demo_content.THEMES)
    assert sum(c.count for c in counts) > 0
    assert any(c.quotes for c in counts)
    assert analysis.reviews.exists()  # some answers coded by an analyst

    published = PublishedTheme.objects.filter(analysis__publication=results.current)
    assert published.count() == len(demo_content.THEMES)
    kwargs = {"slug": consultation.slug, "theme_slug": results.theme.slug}
    html = client.get(reverse("publication:theme_results", kwargs=kwargs)).content.decode()
    assert "Ce qui ressort des réponses écrites" in html and "Former les équipes" in html

    decisions = load_demo_decisions(consultation)
    cited = [
        e for d in decisions for e in d.evidence.all() if e.kind == EvidenceKind.FREE_TEXT_THEME
    ]
    assert len(cited) == 2
    assert "Former les équipes" in client.get(decisions[0].get_absolute_url()).content.decode()

    # Loading again changes nothing.
    load_demo_results(consultation)
    assert Analysis.objects.count() == 1
