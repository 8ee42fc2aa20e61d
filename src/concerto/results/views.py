"""Staff pages of a questionnaire's statistics and free-text answers (back office).

Permission: ``concerto.consultations.access.can_analyse`` on the questionnaire's
consultation (403 otherwise, 404 for an unknown questionnaire). Views parse the filters,
call one selector and render; every figure comes from ``statistics.questionnaire_statistics``.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from concerto.consultations.access import can_analyse
from concerto.surveys.models import Questionnaire
from concerto.surveys.structure import questionnaire_def

from .forms import NO_PROFILE, StatisticsFilterForm, TextSearchForm
from .search import free_texts
from .statistics import Audience, Filters, consultation_profiles, questionnaire_statistics
from .themes import themes_figure

TEXTS_PER_PAGE = 50


def analysable_questionnaire(request, questionnaire_id: int) -> Questionnaire:
    """The questionnaire whose answers this user may analyse: 404 or 403 otherwise."""
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("theme__consultation"), pk=questionnaire_id
    )
    if not can_analyse(request.user, questionnaire.theme.consultation):
        raise PermissionDenied
    return questionnaire


def _context(request, questionnaire, title):
    return {
        **admin.site.each_context(request),
        "title": title,
        "subtitle": str(questionnaire),
        "opts": Questionnaire._meta,
        "questionnaire": questionnaire,
    }


def _themes(
    questionnaire, *, filters, profiles, public, campaigns_once, only=None, link=True
) -> dict:
    """The validated themes of the questionnaire's analysed questions, by question code."""
    from django.conf import settings

    from concerto.freetext.selectors import questionnaire_analyses

    figures = {}
    for analysis in questionnaire_analyses(questionnaire):
        if only is not None and analysis.question_id != only:
            continue
        analysis.question.questionnaire = questionnaire
        figures[analysis.question.code] = themes_figure(
            analysis,
            threshold=settings.RESULTS_MIN_CELL if public else 0,
            campaigns_once=campaigns_once,
            profiles=filters.profiles or None,
            departements=filters.departements,
            labels=profiles,
            # The public sees only the quotes chosen and published in the results.
            with_quotes=not public,
        )
        if link:
            figures[analysis.question.code] = replace(
                figures[analysis.question.code],
                analysis_url=reverse("freetext:analysis", args=[analysis.question_id]),
            )
    return figures


def questionnaire_statistics_page(request, questionnaire_id: int):
    questionnaire = analysable_questionnaire(request, questionnaire_id)
    profiles = consultation_profiles(questionnaire)
    form = StatisticsFilterForm(request.GET or None, profiles=profiles)
    public = request.GET.get("vue") == "public"
    filters = form.filters()
    statistics = questionnaire_statistics(
        questionnaire,
        audience=Audience.PUBLIC if public else Audience.STAFF,
        filters=filters,
        profiles=profiles,
    )
    themes = _themes(
        questionnaire,
        filters=filters,
        profiles=profiles,
        public=public,
        campaigns_once=form.campaigns_once(),
    )
    context = {
        **_context(request, questionnaire, _("Statistiques")),
        "form": form,
        "statistics": statistics,
        "themes": themes,
        "questions": [(q, themes.get(q.code)) for q in statistics.questions],
        "public_preview": public,
        "texts_url": reverse("results:free_texts", args=[questionnaire.pk]),
        "here": reverse("results:questionnaire_statistics", args=[questionnaire.pk]),
    }
    response = TemplateResponse(request, "results/questionnaire_statistics.html", context)
    add_never_cache_headers(response)
    return response


def free_texts_page(request, questionnaire_id: int):
    questionnaire = analysable_questionnaire(request, questionnaire_id)
    definition = questionnaire_def(questionnaire)
    questions = [
        q for q in definition.answerable if "texts" in q.kind_def.figures or q.other_enabled
    ]
    profiles = consultation_profiles(questionnaire)
    data = request.GET.copy()
    if questions and not data.get("question"):
        data["question"] = questions[0].code
    form = TextSearchForm(
        data,
        questions=[(q.code, q.label) for q in questions],
        profiles=profiles,
    )
    page = None
    question = None
    if questions and form.is_valid():
        question = definition.by_code[form.cleaned_data["question"]]
        profile = form.cleaned_data.get("profil")
        chosen = () if not profile else ((None,) if profile == NO_PROFILE else (int(profile),))
        texts = free_texts(question.id, query=form.cleaned_data["q"], profiles=chosen)
        page = Paginator(texts, TEXTS_PER_PAGE).get_page(request.GET.get("page"))
        labels = dict(profiles)
        for row in page.object_list:
            row["profile_label"] = labels.get(row["profile_id"], _("Profil non renseigné"))
    themes = None
    analysable = question is not None and "texts" in question.kind_def.figures
    if analysable:
        themes = _themes(
            questionnaire,
            filters=Filters(profiles=chosen),
            profiles=profiles,
            public=False,
            campaigns_once=form.cleaned_data.get("campagnes", False),
            only=question.id,
            link=False,  # the block links to the analysis already
        ).get(question.code)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **_context(request, questionnaire, _("Réponses libres")),
        "form": form,
        "questions": questions,
        "question": question,
        "themes": themes,
        "analysable": analysable,
        "page": page,
        "query_string": query.urlencode(),
        "statistics_url": reverse("results:questionnaire_statistics", args=[questionnaire.pk]),
    }
    response = TemplateResponse(request, "results/free_texts.html", context)
    add_never_cache_headers(response)
    return response
