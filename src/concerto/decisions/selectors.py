"""Reads of decisions as the public may see them: published decisions of published
consultations, and of their evidence only what has been published.

Figures and quotes are shown only when the results of their theme are published
(``concerto.publication.selectors.published_results``), and only those the manager chose to
publish there; until the publication app is installed, no figure and no quote is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.http import Http404

from concerto.consultations.models import Consultation, Theme

from .models import Decision, DecisionStatus, DecisionUpdate, Evidence

# What a progress bar is coloured by (a CSS class), beside its text.
STATUS_TONE = {
    DecisionStatus.STUDY: "info",
    DecisionStatus.ADOPTED: "new",
    DecisionStatus.IN_PROGRESS: "warning",
    DecisionStatus.DONE: "success",
    DecisionStatus.REJECTED: "error",
}


def public_decisions(consultation: Consultation) -> QuerySet[Decision]:
    return (
        Decision.objects.published()
        .filter(consultation=consultation)
        .prefetch_related(
            Prefetch(
                "themes",
                queryset=Theme.objects.select_related("consultation").order_by("order", "pk"),
            )
        )
    )


@dataclass
class RoadmapSummary:
    total: int
    by_status: list[tuple[str, str, int]]  # (value, label, count)
    mean_progress: int | None  # over the decisions not rejected


def roadmap_summary(consultation: Consultation) -> RoadmapSummary:
    """Counts by status and the mean progress of the whole roadmap, in one query."""
    figures = (
        Decision.objects.published()
        .filter(consultation=consultation)
        .aggregate(
            mean=Avg("progress", filter=~Q(status=DecisionStatus.REJECTED)),
            **{value: Count("pk", filter=Q(status=value)) for value in DecisionStatus.values},
        )
    )
    counts = {value: figures[value] for value in DecisionStatus.values}
    mean = figures["mean"]
    return RoadmapSummary(
        total=sum(counts.values()),
        by_status=[(value, label, counts.get(value, 0)) for value, label in DecisionStatus.choices],
        mean_progress=None if mean is None else round(mean),
    )


def get_public_decision(consultation: Consultation, pk: int) -> Decision:
    decision = (
        public_decisions(consultation)
        .prefetch_related(
            Prefetch("updates", queryset=DecisionUpdate.objects.order_by("-date", "-pk"))
        )
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise Http404
    return decision


def decisions_for_theme(theme: Theme) -> list[Decision]:
    """The published decisions a theme led to, for its results page (one query)."""
    return list(
        Decision.objects.published()
        .filter(themes=theme)
        .select_related("consultation")
        .order_by("order", "pk")
    )


@dataclass
class ThemeEvidence:
    """What participants said in one theme that the decision answers."""

    theme: Theme
    published: bool
    results_url: str = ""
    questions: list[Evidence] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    quotes: list = field(default_factory=list)


def _publication():
    try:
        from concerto.publication import selectors as publication
    except ImportError:  # the publication app is not there: nothing is published
        return None
    return publication


def public_evidence(decision: Decision) -> list[ThemeEvidence]:
    """The decision's evidence grouped by theme, keeping only what is published.

    The questions asked are public (the questionnaire is); a figure or a quote is shown only
    when its theme's results are published and the manager chose it there.
    """
    evidence = list(
        decision.evidence.select_related("question__questionnaire__theme").order_by("order", "pk")
    )
    publication = _publication()
    groups: dict[int, ThemeEvidence] = {}
    themes = {theme.pk: theme for theme in decision.themes.all()}
    for item in evidence:
        question = item.question
        if question is None or question.questionnaire.theme_id not in themes:
            continue
        theme = themes[question.questionnaire.theme_id]
        group = groups.get(theme.pk)
        if group is None:
            results = publication.published_results(theme) if publication else None
            group = groups[theme.pk] = ThemeEvidence(
                theme=theme,
                published=results is not None,
                results_url=_results_url(theme) if results is not None else "",
            )
        group.questions.append(item)
    return [groups[pk] for pk in themes if pk in groups]


def _results_url(theme: Theme) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(
            "publication:theme_results",
            kwargs={"slug": theme.consultation.slug, "theme_slug": theme.slug},
        )
    except NoReverseMatch:
        return ""
