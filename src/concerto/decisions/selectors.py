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
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concerto.consultations.models import Consultation, Theme

from .models import Decision, DecisionStatus, DecisionUpdate, Evidence, EvidenceKind

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
                queryset=Theme.objects.visible()
                .select_related("consultation")
                .order_by("order", "pk"),
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
class Figure:
    """One cited figure as the public reads it: a sentence from the published statistics."""

    text: str


@dataclass
class PublicQuote:
    text: str
    profile: str
    note: str


@dataclass
class PublicTheme:
    """A theme of the answers to an open question, as published with the results."""

    label: str
    question: str
    text: str  # its published count in words ("" when hidden, a small cell)
    note: str


@dataclass
class ThemeEvidence:
    """What participants said in one theme that the decision answers."""

    theme: Theme
    published: bool
    results_url: str = ""
    questions: list[Evidence] = field(default_factory=list)
    quotes: list[PublicQuote] = field(default_factory=list)
    free_text_themes: list[PublicTheme] = field(default_factory=list)


def _publication():
    try:
        from concerto.publication import selectors as publication
    except ImportError:  # the publication app is not there: nothing is published
        return None
    return publication


def public_evidence(decision: Decision) -> list[ThemeEvidence]:
    """The decision's evidence grouped by theme, keeping only what is published.

    The questions asked are public (the questionnaire is); a figure is shown only when its
    theme's results are published with that question's figures, a quote only when it is in
    the published results (its published text). Queries: one for the evidence, then a few
    per theme with published results, whatever the number of items.
    """
    evidence = list(
        decision.evidence.select_related(
            "question__questionnaire",
            "quote__results",
            "quote__answer__profile",
            "free_text_theme__analysis__question__questionnaire",
        ).order_by("order", "pk")
    )
    themes = {theme.pk: theme for theme in decision.themes.all()}
    by_theme: dict[int, list[Evidence]] = {}
    for item in evidence:
        if item.free_text_theme_id is not None:
            theme_id = item.free_text_theme.analysis.question.questionnaire.theme_id
        elif item.quote_id is not None:
            theme_id = item.quote.results.theme_id
        elif item.question is not None:
            theme_id = item.question.questionnaire.theme_id
        else:
            continue
        if theme_id in themes:
            by_theme.setdefault(theme_id, []).append(item)
    publication = _publication()
    groups = []
    for theme_id, theme in themes.items():
        items = by_theme.get(theme_id)
        if not items:
            continue
        results = publication.published_results(theme) if publication else None
        group = ThemeEvidence(theme=theme, published=results is not None)
        groups.append(group)
        figures = [i for i in items if i.kind == EvidenceKind.FIGURE or i.question_id]
        if results is None:
            # The questions asked are public; themes and quotes wait for the results.
            group.questions = figures
            for item in group.questions:
                item.figure = None
            continue
        group.results_url = _results_url(theme)
        _published_figures(results.current, figures, group)
        _published_quotes(results.current, [i for i in items if i.quote_id is not None], group)
        _published_themes(
            results.current, [i for i in items if i.free_text_theme_id is not None], group
        )
    return groups


def _published_themes(current, items: list[Evidence], group: ThemeEvidence) -> None:
    """The cited themes that the current publication holds, with their published counts
    (one query, none without such evidence). A theme validated after the publication, or
    whose results were never published, is not shown."""
    if not items:
        return
    from concerto.publication.models import PublishedTheme

    published = {
        theme.theme_id: theme
        for theme in PublishedTheme.objects.filter(
            analysis__publication=current, theme_id__in=[i.free_text_theme_id for i in items]
        ).select_related("analysis")
    }
    for item in items:
        theme = published.get(item.free_text_theme_id)
        if theme is None:
            continue
        text = ""
        if theme.count is not None and theme.analysis.base:
            text = ngettext(
                "%(count)s réponse écrite sur %(base)s relève de ce thème (%(percent)s %%).",
                "%(count)s réponses écrites sur %(base)s relèvent de ce thème (%(percent)s %%).",
                theme.count,
            ) % {
                "count": number_format(theme.count, force_grouping=True),
                "base": number_format(theme.analysis.base, force_grouping=True),
                "percent": number_format(round(100 * theme.count / theme.analysis.base)),
            }
        group.free_text_themes.append(
            PublicTheme(
                label=theme.label,
                question=theme.analysis.question_label,
                text=text,
                note=item.note,
            )
        )


def _published_figures(current, items: list[Evidence], group: ThemeEvidence) -> None:
    from concerto.publication.models import PublishedFigure
    from concerto.results.statistics import Audience, questionnaire_statistics

    published = set(
        PublishedFigure.objects.filter(publication=current).values_list("questionnaire_id", "key")
    )
    published_codes = {(q, key.split(":", 1)[0]) for q, key in published}
    statistics = {}
    for item in items:
        item.figure = None
        group.questions.append(item)
        question = item.question
        if not item.figure_key or (question.questionnaire_id, question.code) not in (
            published_codes
        ):
            continue
        if question.questionnaire_id not in statistics:
            statistics[question.questionnaire_id] = questionnaire_statistics(
                question.questionnaire, audience=Audience.PUBLIC
            )
        stats = statistics[question.questionnaire_id].by_key(item.figure_key)
        item.figure = _figure(stats, item.figure_key)


def _figure(stats, key: str) -> Figure | None:
    """The cited figure in words, or None when it is hidden (a small cell) or empty."""
    if stats is None or stats.hidden:
        return None
    if ":" not in key:
        return Figure(text=stats.summary) if stats.summary else None
    option = next((o for o in stats.options if o.key == key), None)
    if option is None or option.total.hidden or option.total.percent is None:
        return None
    share = option.total
    return Figure(
        text=_("« %(option)s » : %(percent)s %% des répondants (%(count)s sur %(base)s).")
        % {
            "option": option.label,
            "percent": number_format(share.percent, 0),
            "count": number_format(share.count, force_grouping=True),
            "base": number_format(share.base, force_grouping=True),
        }
    )


def _published_quotes(current, items: list[Evidence], group: ThemeEvidence) -> None:
    from concerto.publication.models import PublishedQuote

    texts = dict(
        PublishedQuote.objects.filter(
            publication=current, quote_id__in=[item.quote_id for item in items]
        ).values_list("quote_id", "text")
    )
    for item in items:
        text = texts.get(item.quote_id)
        if text is None:  # chosen as evidence, not (or no longer) published
            continue
        profile = item.quote.answer.profile
        group.quotes.append(
            PublicQuote(text=text, profile=profile.label if profile else "", note=item.note)
        )


def _results_url(theme: Theme) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(
            "publication:theme_results",
            kwargs={"slug": theme.consultation.slug, "theme_slug": theme.slug},
        )
    except NoReverseMatch:
        return ""
