"""Pages of published results: the public « Résultats » pages and PDF, and the managers'
pages (hosted in the back office, as the exports are) to prepare and publish them.

Public views answer 404 for results that are not published, whatever else exists.
Staff views answer 403 when ``can_manage`` says no; they only parse and call ``actions``.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from concerto.consultations import selectors as consultation_selectors
from concerto.consultations.access import can_manage
from concerto.consultations.models import Theme
from concerto.core.pagecache import public_page
from concerto.surveys.models import Question

from . import actions, selectors
from .figures import available_figures, theme_questionnaires
from .forms import AnswerSearchForm, CorrectForm, DraftForm, PublishForm, QuoteForm
from .models import Publication, Quote, ThemeResults

# --- Public pages ------------------------------------------------------------------------


@require_safe
@public_page
def consultation_results(request, slug: str):
    consultation = consultation_selectors.get_public_consultation(slug)
    published = {r.theme_id: r for r in selectors.consultation_results(consultation)}
    themes = [(theme, published.get(theme.pk)) for theme in consultation.themes.visible()]
    return render(
        request,
        "publication/consultation_results.html",
        {"consultation": consultation, "themes": themes, "any_published": bool(published)},
    )


def _public_theme_results(slug: str, theme_slug: str) -> ThemeResults:
    consultation = consultation_selectors.get_public_consultation(slug)
    theme = consultation_selectors.get_public_theme(consultation, theme_slug)
    results = selectors.get_public_results(theme)
    results.theme = theme
    return results


@require_safe
@public_page
def theme_results(request, slug: str, theme_slug: str):
    results = _public_theme_results(slug, theme_slug)
    context = selectors.publication_page_data(results.current)
    return render(request, "publication/theme_results.html", context)


@require_safe
def theme_results_pdf(request, slug: str, theme_slug: str):
    results = _public_theme_results(slug, theme_slug)
    publication = Publication.objects.get(pk=results.current_id)
    if not publication.pdf:
        raise Http404
    try:
        handle = publication.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = f"resultats-{results.theme.consultation.slug}-{results.theme.slug}.pdf"
    return FileResponse(handle, filename=name, as_attachment=False, content_type="application/pdf")


# --- Staff pages -------------------------------------------------------------------------


def managed_theme(request, theme_id: int) -> Theme:
    """The theme whose results this user may prepare and publish: 404 or 403 otherwise."""
    theme = get_object_or_404(Theme.objects.select_related("consultation"), pk=theme_id)
    if not can_manage(request.user, theme.consultation):
        raise PermissionDenied
    return theme


def _staff_context(request, title: str, theme: Theme, **extra) -> dict:
    return {
        **admin.site.each_context(request),
        "title": title,
        "subtitle": str(theme),
        "opts": ThemeResults._meta,
        "theme": theme,
        **extra,
    }


def _never_cached(response):
    add_never_cache_headers(response)
    return response


def results_list(request):
    """Every theme of the consultations this user manages, with its results' state."""
    from concerto.consultations.access import managed_consultations

    consultations = managed_consultations(request.user)
    if not consultations.exists():
        raise PermissionDenied
    themes = list(
        Theme.objects.filter(consultation__in=consultations)
        .select_related("consultation", "results")
        .order_by("consultation__title", "order", "pk")
    )
    context = {
        **admin.site.each_context(request),
        "title": _("Résultats des thématiques"),
        "opts": ThemeResults._meta,
        "themes": themes,
    }
    return _never_cached(TemplateResponse(request, "publication/staff/results_list.html", context))


def results_edit(request, theme_id: int):
    theme = managed_theme(request, theme_id)
    results = actions.results_for(theme)
    results.theme = theme
    here = reverse("admin:publication_themeresults_edit", args=[theme.pk])
    questionnaires = theme_questionnaires(theme)
    options = [o for o in available_figures(theme, questionnaires) if ":" not in o.key]
    titles = {q.pk: q.title for q in questionnaires}
    figure_choices = [
        (o.ref, f"{titles[o.questionnaire_id]} — {o.key} — {o.label}") for o in options
    ]
    quotes = list(
        Quote.objects.filter(results=results)
        .select_related("answer__question", "answer__profile", "edited_by")
        .order_by("order", "pk")
    )
    quote_choices = [(q.pk, q.text) for q in quotes]
    chosen = [f"{item['questionnaire']}/{item['key']}" for item in results.figures]
    draft = DraftForm(
        request.POST if request.POST.get("do") == "save" else None,
        initial={
            "synthesis": results.synthesis,
            "figures": chosen,
            "quotes": [q.pk for q in quotes if q.is_selected],
        },
        figure_choices=figure_choices,
        quote_choices=quote_choices,
    )
    publish = PublishForm(request.POST if request.POST.get("do") == "publish" else None)
    correct = CorrectForm(request.POST if request.POST.get("do") == "correct" else None)
    if request.method == "POST":
        done = _staff_post(request, results, draft, publish, correct)
        if done:
            return HttpResponseRedirect(here)
    context = _staff_context(
        request,
        _("Résultats de la thématique"),
        theme,
        results=results,
        here=here,
        draft=draft,
        publish=publish,
        correct=correct,
        quotes=quotes,
        figure_count=len(options),
        quotable=[q for q in questionnaires if q.quotes_allowed],
        analysed_questions=_analysed_questions(questionnaires),
        publications=list(
            Publication.objects.filter(results=results).select_related("by").order_by("-at", "-pk")
        ),
    )
    return _never_cached(TemplateResponse(request, "publication/staff/results_edit.html", context))


def _analysed_questions(questionnaires) -> list:
    """The open questions whose validated themes the next publication will freeze."""
    from concerto.freetext.selectors import questionnaire_analyses

    return [
        analysis.question
        for questionnaire in questionnaires
        for analysis in questionnaire_analyses(questionnaire)
    ]


def _staff_post(request, results, draft, publish, correct) -> bool:
    """Run the action the form asked for; True when done (the page redirects)."""
    do = request.POST.get("do")
    try:
        if do == "save":
            if not draft.is_valid():
                return False
            actions.save_draft(
                results=results,
                synthesis=draft.cleaned_data["synthesis"],
                figures=draft.cleaned_data["figures"],
                selected_quotes=draft.cleaned_data["quotes"],
                actor=request.user,
            )
            messages.success(
                request, _("Brouillon enregistré. Rien n’a changé sur le site public.")
            )
        elif do == "publish":
            if not publish.is_valid():
                return False
            actions.publish_results(
                results=results, actor=request.user, early=publish.cleaned_data["early"]
            )
            messages.success(request, _("Résultats publiés. Le PDF est en cours de production."))
        elif do == "correct":
            if not correct.is_valid():
                return False
            actions.correct_results(
                results=results, note=correct.cleaned_data["note"], actor=request.user
            )
            messages.success(
                request, _("Correction publiée : elle est signalée, datée, sur la page publique.")
            )
        elif do == "unpublish":
            actions.unpublish_results(results=results, actor=request.user)
            messages.success(request, _("Résultats retirés du site public (pages et PDF)."))
        else:
            return False
    except actions.PublicationRefused as refused:
        messages.error(request, refused.message)
        return do != "save"
    return True


def _theme_quote(request, theme_id: int, quote_id: int) -> tuple[Theme, Quote]:
    theme = managed_theme(request, theme_id)
    quote = get_object_or_404(
        Quote.objects.select_related("results", "answer__question"),
        pk=quote_id,
        results__theme=theme,
    )
    quote.results.theme = theme
    return theme, quote


def quote_edit(request, theme_id: int, quote_id: int):
    theme, quote = _theme_quote(request, theme_id, quote_id)
    back = reverse("admin:publication_themeresults_edit", args=[theme.pk])
    form = QuoteForm(
        request.POST if request.POST.get("do") == "edit" else None, initial={"text": quote.text}
    )
    if request.method == "POST":
        try:
            if request.POST.get("do") == "restore":
                actions.restore_quote(quote=quote, actor=request.user)
                messages.success(
                    request, _("Citation rétablie telle que le participant l’a écrite.")
                )
                return HttpResponseRedirect(back)
            if form.is_valid():
                actions.edit_quote(quote=quote, text=form.cleaned_data["text"], actor=request.user)
                messages.success(request, _("Citation modifiée ; la modification est journalisée."))
                return HttpResponseRedirect(back)
        except actions.PublicationRefused as refused:
            form.add_error("text", refused.message)
    context = _staff_context(
        request, _("Modifier une citation"), theme, quote=quote, form=form, back=back
    )
    return _never_cached(TemplateResponse(request, "publication/staff/quote_edit.html", context))


ANSWERS_PER_PAGE = 25


def answers(request, theme_id: int):
    """Browse and search the free-text answers of the theme's quotable questionnaires, and
    quote one."""
    theme = managed_theme(request, theme_id)
    results = actions.results_for(theme)
    results.theme = theme
    here = reverse("admin:publication_themeresults_answers", args=[theme.pk])
    if request.method == "POST":
        try:
            answer_id = int(request.POST.get("answer", ""))
        except ValueError:
            answer_id = 0
        try:
            actions.add_quote(results=results, answer_id=answer_id, actor=request.user)
            messages.success(request, _("Réponse ajoutée aux citations retenues (brouillon)."))
        except actions.PublicationRefused as refused:
            messages.error(request, refused.message)
        query = request.POST.get("back", "")
        return HttpResponseRedirect(here + (f"?{query}" if query else ""))
    candidates = actions.quotable_answers(theme)
    questions = list(
        Question.objects.filter(
            questionnaire__theme=theme,
            questionnaire__quotes_allowed=True,
            kind__in=actions.QUOTABLE_KINDS,
        ).order_by("questionnaire__order", "section__order", "order", "pk")
    )
    form = AnswerSearchForm(
        request.GET or None, question_choices=[(q.pk, f"{q.code} — {q.label}") for q in questions]
    )
    if form.is_valid():
        if form.cleaned_data.get("question"):
            candidates = candidates.filter(question_id=form.cleaned_data["question"])
        if form.cleaned_data.get("q"):
            candidates = candidates.filter(Q(text__icontains=form.cleaned_data["q"]))
    quoted = set(Quote.objects.filter(results=results).values_list("answer_id", flat=True))
    page = Paginator(
        candidates.select_related("question", "profile").order_by("-response__submitted_at", "pk"),
        ANSWERS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = _staff_context(
        request,
        _("Réponses libres citables"),
        theme,
        form=form,
        page=page,
        quoted=quoted,
        here=here,
        query=params.urlencode(),
        back=reverse("admin:publication_themeresults_edit", args=[theme.pk]),
        no_questionnaire=not questions,
    )
    return _never_cached(TemplateResponse(request, "publication/staff/answers.html", context))


def preview(request, theme_id: int):
    """The public page as it would be with the current draft (staff only, never cached)."""
    theme = managed_theme(request, theme_id)
    results = actions.results_for(theme)
    results.theme = theme
    context = selectors.draft_page_data(results)
    context["edit_url"] = reverse("admin:publication_themeresults_edit", args=[theme.pk])
    return _never_cached(render(request, "publication/theme_results.html", context))
