"""The themes of open questions' answers in published results (issue 10).

At each publication or correction, the validated themes of every analysed question of the
theme's published questionnaires are frozen (``PublishedAnalysis``, ``PublishedTheme``),
counted as the staff pages count them (``concerto.freetext.selectors``) with the small-cell
rule already applied: a count under ``RESULTS_MIN_CELL`` is never stored. Quotes follow the
publication's own rules: a theme shows only quotes published with it, so only answers of
questionnaires that told participants they could be quoted. An analysis done after the
publication shows nothing until a correction.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .models import PublishedAnalysis, PublishedQuote, PublishedTheme


def freeze_themes(publication, questionnaires) -> int:
    """Copy the validated themes of the questionnaires' analysed questions into
    ``publication`` (whose quotes are already frozen); the number of themes copied."""
    from concerto.freetext.selectors import effective_assignments, questionnaire_analyses
    from concerto.results.statistics import consultation_profiles
    from concerto.results.themes import themes_figure

    threshold = settings.RESULTS_MIN_CELL
    quoted = dict(
        PublishedQuote.objects.filter(publication=publication).values_list("quote__answer_id", "pk")
    )
    order = copied = 0
    labels = None
    for questionnaire in questionnaires:
        analyses = questionnaire_analyses(questionnaire)
        if not analyses:
            continue
        if labels is None:  # the theme's questionnaires share their consultation's profiles
            labels = consultation_profiles(questionnaire)
        for analysis in analyses:
            analysis.question.questionnaire = questionnaire
            figure = themes_figure(analysis, threshold=threshold, labels=labels, with_quotes=False)
            frozen = PublishedAnalysis.objects.create(
                publication=publication,
                questionnaire=questionnaire,
                question_code=analysis.question.code,
                question_label=analysis.question.label,
                base=figure.base,
                groups=[{"label": str(g.label), "base": g.answered} for g in figure.groups[1:]],
                order=order,
            )
            order += 1
            themes = {}
            for position, row in enumerate(figure.rows):
                themes[row.theme_id] = PublishedTheme.objects.create(
                    analysis=frozen,
                    theme_id=row.theme_id,
                    label=row.label,
                    description=row.description,
                    count=row.total.count,
                    share=row.total.percent,
                    by_profile=[None if cell.hidden else cell.count for cell in row.cells[1:]],
                    order=position,
                )
            copied += len(themes)
            # The publication's rules already keep out what may not be quoted; checked again.
            answers = list(quoted) if questionnaire.quotes_allowed else []
            if not answers:
                continue
            links = [
                PublishedTheme.quotes.through(
                    publishedtheme_id=themes[theme_id].pk, publishedquote_id=quoted[answer_id]
                )
                for theme_id, answer_id in effective_assignments(analysis)
                .filter(answer_id__in=answers)
                .values_list("theme_id", "answer_id")
                if theme_id in themes
            ]
            PublishedTheme.quotes.through.objects.bulk_create(links)
    return copied


def published_themes(publication) -> dict[int, list]:
    """The publication's themes as figures (``concerto.results.themes.ThemesFigure``), by
    questionnaire id: one query when there are none, three otherwise."""
    from concerto.results.statistics import ALL, Group, Share
    from concerto.results.themes import ThemeQuote, ThemeRow, ThemesFigure, with_chart

    analyses = PublishedAnalysis.objects.filter(publication=publication).prefetch_related(
        Prefetch(
            "themes",
            queryset=PublishedTheme.objects.order_by("order", "pk").prefetch_related(
                Prefetch(
                    "quotes",
                    queryset=PublishedQuote.objects.select_related(
                        "quote__answer__profile"
                    ).order_by("order", "pk"),
                )
            ),
        )
    )
    figures: dict[int, list] = defaultdict(list)
    for analysis in analyses.order_by("order", "pk"):
        groups = (
            Group(ALL, _("Ensemble"), None, analysis.base, analysis.base, analysis.base is None),
            *(
                Group(f"profile-{i}", g["label"], None, g["base"], g["base"], g["base"] is None)
                for i, g in enumerate(analysis.groups)
            ),
        )
        bases = [g.answered for g in groups]
        rows = []
        for theme in analysis.themes.all():
            counts = [theme.count, *theme.by_profile]
            cells = tuple(
                Share(count=None, base=base, hidden=True)
                if count is None or base is None
                else Share.of(count, base)
                for count, base in zip(counts, bases, strict=False)
            )
            rows.append(
                ThemeRow(
                    label=theme.label,
                    description=theme.description,
                    cells=cells,
                    quotes=tuple(
                        ThemeQuote(
                            quote.text,
                            quote.quote.answer.profile.label if quote.quote.answer.profile else "",
                        )
                        for quote in theme.quotes.all()
                    ),
                    theme_id=theme.theme_id,
                )
            )
        figures[analysis.questionnaire_id].append(
            with_chart(
                ThemesFigure(
                    ident=f"themes-{analysis.questionnaire_id}-{analysis.question_code}",
                    code=analysis.question_code,
                    label=analysis.question_label,
                    groups=groups,
                    rows=tuple(rows),
                )
            )
        )
    return dict(figures)
