"""Reads of published results, scoped to what the public may see."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404

from concerto.consultations.models import Consultation, Theme

from .models import Publication, PublicationKind, PublishedQuote, ResultsState, ThemeResults


def published_results(theme: Theme) -> ThemeResults | None:
    """The theme's results if the public may see them (with ``current``, the version shown),
    else None."""
    return (
        ThemeResults.objects.filter(theme=theme, state=ResultsState.PUBLISHED)
        .select_related("current")
        .first()
    )


def published_theme_ids(consultation: Consultation) -> set[int]:
    return set(
        ThemeResults.objects.filter(
            theme__consultation=consultation, state=ResultsState.PUBLISHED
        ).values_list("theme_id", flat=True)
    )


def consultation_results(consultation: Consultation) -> list[ThemeResults]:
    """The consultation's published theme results, in the themes' order."""
    return list(
        ThemeResults.objects.filter(theme__consultation=consultation, state=ResultsState.PUBLISHED)
        .select_related("theme", "current")
        .order_by("theme__order", "theme__pk")
    )


def get_public_results(theme: Theme) -> ThemeResults:
    results = published_results(theme)
    if results is None:
        raise Http404
    return results


def corrections(results: ThemeResults) -> list[Publication]:
    """The corrections made since the results were (last) published, newest first."""
    return list(
        Publication.objects.filter(
            results=results, kind=PublicationKind.CORRECTION, at__gte=results.published_at
        ).order_by("-at", "-pk")
    )


def published_quotes(publication: Publication) -> list[PublishedQuote]:
    return list(
        PublishedQuote.objects.filter(publication=publication)
        .select_related("quote__answer__profile")
        .order_by("order", "pk")
    )


def publication_page_data(publication: Publication) -> dict:
    """Everything a theme's public results page (and its PDF) shows, in a fixed number of
    queries."""
    from .figures import public_figures

    publication = (
        Publication.objects.select_related("results__theme__consultation")
        .prefetch_related(Prefetch("figures"))
        .get(pk=publication.pk)
    )
    results = publication.results
    theme = results.theme
    figures, participation = public_figures(publication)
    return {
        "consultation": theme.consultation,
        "theme": theme,
        "results": results,
        "publication": publication,
        "corrections": corrections(results),
        "figures": figures,
        "participation": participation,
        "quotes": published_quotes(publication),
    }
