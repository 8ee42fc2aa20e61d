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


def consultation_results(consultation: Consultation) -> list[ThemeResults]:
    """The consultation's published theme results, in the themes' order."""
    return list(
        ThemeResults.objects.filter(
            theme__consultation=consultation,
            theme__is_published=True,
            state=ResultsState.PUBLISHED,
        )
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
    from .themes import published_themes

    publication = (
        Publication.objects.select_related("results__theme__consultation")
        .prefetch_related(Prefetch("figures"))
        .get(pk=publication.pk)
    )
    results = publication.results
    theme = results.theme
    figures = public_figures(theme, list(publication.figures.all()))
    themes = published_themes(publication)
    for group in figures:
        group.themes = themes.get(group.questionnaire.pk, [])
    return {
        "consultation": theme.consultation,
        "theme": theme,
        "results": results,
        "publication": publication,
        "corrections": corrections(results),
        "figures": figures,
        "quotes": published_quotes(publication),
        "breadcrumb": _breadcrumb(theme),
    }


def _breadcrumb(theme: Theme) -> list[tuple[str, str]]:
    return [*theme.consultation.breadcrumb, (theme.title, theme.get_absolute_url())]


def draft_page_data(results: ThemeResults) -> dict:
    """The results page as it would be published now, for the managers' preview."""
    from types import SimpleNamespace

    from concerto.core.templatetags.concerto import render_markdown

    from .figures import FigureOption, public_figures
    from .models import Quote

    theme = results.theme
    chosen = [
        FigureOption(item.get("questionnaire"), item.get("key"), "") for item in results.figures
    ]
    quotes = list(
        Quote.objects.filter(results=results, is_selected=True)
        .select_related("answer__profile")
        .order_by("order", "pk")
    )
    figures = public_figures(theme, chosen)
    _draft_themes(figures, {quote.answer_id: quote for quote in quotes})
    return {
        "consultation": theme.consultation,
        "theme": theme,
        "results": results,
        "publication": SimpleNamespace(
            synthesis_html=render_markdown(results.synthesis, 3), at=None, pdf=None
        ),
        "corrections": [],
        "figures": figures,
        "quotes": [SimpleNamespace(text=quote.text, quote=quote) for quote in quotes],
        "is_preview": True,
        "breadcrumb": _breadcrumb(theme),
    }


def _draft_themes(figures, quoted: dict) -> None:
    """The themes as the next publication would freeze them (small cells hidden), with the
    selected quotes that belong to each: the managers' preview."""
    from dataclasses import replace

    from django.conf import settings

    from concerto.freetext.selectors import effective_assignments, questionnaire_analyses
    from concerto.results.statistics import consultation_profiles
    from concerto.results.themes import ThemeQuote, themes_figure

    labels = None
    for group in figures:
        questionnaire = group.questionnaire
        for analysis in questionnaire_analyses(questionnaire):
            if labels is None:
                labels = consultation_profiles(questionnaire)
            analysis.question.questionnaire = questionnaire
            figure = themes_figure(
                analysis,
                threshold=settings.RESULTS_MIN_CELL,
                labels=labels,
                with_quotes=False,
            )
            by_theme: dict[int, list] = {}
            if questionnaire.quotes_allowed and quoted:
                # The quotes' texts as the managers cut them, never the original answers.
                for theme_id, answer_id in (
                    effective_assignments(analysis)
                    .filter(answer_id__in=list(quoted))
                    .values_list("theme_id", "answer_id")
                ):
                    quote = quoted[answer_id]
                    profile = quote.answer.profile
                    by_theme.setdefault(theme_id, []).append(
                        ThemeQuote(quote.text, profile.label if profile else "")
                    )
            group.themes.append(
                replace(
                    figure,
                    rows=tuple(
                        replace(row, quotes=tuple(by_theme.get(row.theme_id, ())))
                        for row in figure.rows
                    ),
                )
            )
