"""The analysts' pages of a free-text analysis, in the workspace (``/gestion/analyse/``).

Views parse a form, fetch what the URL names for this user (``pages``: unknown → 404,
another team's consultation → 403), call one action of ``actions`` (the only door for
writes) and redirect, or render the page again with the form's errors (status 400) so that
nothing typed is lost. An action's ``ValidationError`` is shown in French on the form;
its ``PermissionDenied`` is a 403.

Every page works without JavaScript: the progress of a run is in the page (with an
« Actualiser » link); ``static/freetext/progress.js`` polls ``progress`` to keep it current.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from concerto.workspace.views import staff_page

from . import actions, agreement, pages, selectors
from .forms import (
    AnswersForm,
    CandidatesForm,
    CodingForm,
    DiscoveryForm,
    MergeForm,
    ThemeForm,
    add_refusal,
)
from .models import RunKind

SAMPLE_SIZE = 20
DOUBLE_SAMPLE_SIZE = 30


def _analysis_url(question, anchor: str = "") -> str:
    return reverse("freetext:analysis", args=[question.pk]) + (f"#{anchor}" if anchor else "")


def _theme_url(theme, anchor: str = "", page: str | None = None) -> str:
    url = reverse("freetext:theme", args=[theme.pk])
    if _id(page) and page != "1":
        url += f"?page={page}"
    return url + (f"#{anchor}" if anchor else "")


def _id(value: str | None) -> int | None:
    """A row id sent by the browser, or None for anything else (never a database error)."""
    if value and value.isascii() and value.isdecimal() and len(value) <= 18:
        return int(value)
    return None


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _common(question) -> dict:
    questionnaire = question.questionnaire
    return {
        "question": question,
        "questionnaire": questionnaire,
        "consultation": questionnaire.theme.consultation,
    }


# --- a questionnaire's analysable questions -------------------------------------------------


@require_safe
@staff_page
def questionnaire(request, pk: int):
    questionnaire = pages.questionnaire_for(request.user, pk)
    questions = selectors.analysable_questions(questionnaire)
    return render(
        request,
        "freetext/questionnaire.html",
        {
            "questionnaire": questionnaire,
            "consultation": questionnaire.theme.consultation,
            "rows": pages.questionnaire_overview(questionnaire, questions),
        },
    )


# --- a question's analysis --------------------------------------------------------------------


def _analysis_context(request, question, **forms) -> dict:
    analysis = pages.analysis_of(question)
    runs = pages.runs_of(analysis)
    discovery = runs.last_done(RunKind.DISCOVER)
    candidates = pages.candidate_rows(discovery)
    open_candidates = [c for c in candidates if c.validated_as_id is None]
    last = runs.last_done()
    themes = pages.theme_rows(analysis)
    return {
        **_common(question),
        "analysis": analysis,
        "run": runs.current,
        "state": pages.run_state(runs.current),
        "active": runs.active,
        "discovery": discovery,
        "coding": runs.last_done(RunKind.CODE),
        "candidates": candidates,
        "open_candidates": open_candidates,
        "themes": themes,
        "answers": pages.answer_counts(question, last.queued_at if last else None),
        "reviews": pages.review_counts(analysis, request.user),
        "machine_agreement": pages.agreement_view(
            agreement.machine_agreement(analysis) if analysis else None
        ),
        "analyst_agreement": pages.agreement_view(
            agreement.analyst_agreement(analysis) if analysis else None
        ),
        "min_agreement_n": pages.MIN_AGREEMENT_N,
        "discovery_form": forms.get("discovery_form")
        or DiscoveryForm(
            initial={
                "min_themes": analysis.min_themes if analysis else 3,
                "max_themes": analysis.max_themes if analysis else 15,
            }
        ),
        "candidates_form": forms.get("candidates_form")
        or CandidatesForm(candidates=open_candidates),
        "theme_form": forms.get("theme_form") or ThemeForm(prefix="nouveau"),
        "progress_url": reverse("freetext:progress", args=[question.pk]),
    }


def _render_analysis(request, question, status=200, **forms):
    context = _analysis_context(request, question, **forms)
    return render(request, "freetext/analysis.html", context, status=status)


@require_safe
@staff_page
def analysis(request, pk: int):
    question = pages.question_for(request.user, pk)
    return _render_analysis(request, question)


@require_safe
@staff_page
def progress(request, pk: int):
    """The current run's state, for the page's script (the page itself says the same)."""
    question = pages.question_for(request.user, pk)
    state = pages.run_state(pages.runs_of(pages.analysis_of(question)).current)
    return JsonResponse(state)


@require_POST
@staff_page
def discover(request, pk: int):
    question = pages.question_for(request.user, pk)
    form = DiscoveryForm(request.POST)
    if form.is_valid():
        try:
            actions.start_discovery(
                actor=request.user,
                question=question,
                min_themes=form.cleaned_data["min_themes"],
                max_themes=form.cleaned_data["max_themes"],
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(
                request,
                _("La découverte des thèmes est lancée : son avancement s’affiche ci-dessous."),
            )
            return HttpResponseRedirect(_analysis_url(question, "traitement"))
    return _render_analysis(request, question, status=400, discovery_form=form)


@require_POST
@staff_page
def validate(request, pk: int):
    question, analysis = pages.analysis_for(request.user, pk)
    discovery = pages.last_discovery(analysis)
    offered = [
        c for c in pages.candidate_rows(discovery) if c.validated_as_id is None
    ]  # the boxes the page showed
    form = CandidatesForm(request.POST, candidates=offered)
    if form.is_valid():
        chosen = [c for c in offered if c.pk in set(form.cleaned_data["candidates"])]
        try:
            themes = actions.validate_candidates(actor=request.user, candidates=chosen)
        except ValidationError as error:
            add_refusal(form, error, field="candidates")
        else:
            messages.success(
                request,
                ngettext(
                    "Thème validé : %(labels)s.", "%(n)s thèmes validés : %(labels)s.", len(themes)
                )
                % {"n": len(themes), "labels": ", ".join(f"« {t.label} »" for t in themes)},
            )
            return HttpResponseRedirect(_analysis_url(question, "themes-valides"))
    return _render_analysis(request, question, status=400, candidates_form=form)


@require_POST
@staff_page
def theme_add(request, pk: int):
    question = pages.question_for(request.user, pk)
    form = ThemeForm(request.POST, prefix="nouveau")
    analysis = pages.analysis_of(question)
    if form.is_valid():
        if analysis is None:
            form.add_error(
                None, _("Lancez d’abord l’analyse de cette question, puis ajoutez vos thèmes.")
            )
        else:
            try:
                theme = actions.create_theme(
                    actor=request.user,
                    analysis=analysis,
                    label=form.cleaned_data["label"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as error:
                add_refusal(form, error, field="label")
            else:
                messages.success(request, _("Thème « %(label)s » ajouté.") % {"label": theme.label})
                return HttpResponseRedirect(_analysis_url(question, "themes-valides"))
    return _render_analysis(request, question, status=400, theme_form=form)


@require_POST
@staff_page
def code(request, pk: int):
    """« Coder les autres réponses »: a coding run from the validated themes and reviews."""
    question, analysis = pages.analysis_for(request.user, pk)
    try:
        actions.start_coding(actor=request.user, analysis=analysis)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Le codage des autres réponses est lancé : son avancement s’affiche ci-dessous."),
        )
    return HttpResponseRedirect(_analysis_url(question, "traitement"))


# --- a validated theme --------------------------------------------------------------------------


def _theme_context(request, theme, **forms) -> dict:
    analysis = theme.analysis
    question = analysis.question
    others = [t for t in analysis.themes.all() if t.pk != theme.pk]
    number = request.POST.get("page") or request.GET.get("page")
    page = pages.theme_answers_page(theme, selectors.answers_of_theme(theme), number)
    return {
        **_common(question),
        "analysis": analysis,
        "theme": theme,
        "others": others,
        "page": page,
        "rename_form": forms.get("rename_form")
        or ThemeForm(
            prefix="theme", initial={"label": theme.label, "description": theme.description}
        ),
        "answers_form": forms.get("answers_form") or AnswersForm(themes=others),
        "merge_form": forms.get("merge_form") or MergeForm(themes=others),
        # The boxes ticked before an error stay ticked.
        "chosen": {pk for pk in map(_id, request.POST.getlist("answers")) if pk},
    }


def _render_theme(request, theme, status=200, **forms):
    return render(
        request, "freetext/theme.html", _theme_context(request, theme, **forms), status=status
    )


@require_safe
@staff_page
def theme(request, pk: int):
    return _render_theme(request, pages.theme_for(request.user, pk))


@require_POST
@staff_page
def theme_change(request, pk: int):
    theme = pages.theme_for(request.user, pk)
    form = ThemeForm(request.POST, prefix="theme")
    if form.is_valid():
        try:
            actions.rename_theme(
                actor=request.user,
                theme=theme,
                label=form.cleaned_data["label"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_refusal(form, error, field="label")
        else:
            messages.success(request, _("Thème enregistré."))
            return HttpResponseRedirect(_theme_url(theme))
    theme.refresh_from_db()
    return _render_theme(request, theme, status=400, rename_form=form)


@require_POST
@staff_page
def theme_answers(request, pk: int):
    """The answers ticked on the page: moved to another theme, or split into a new one."""
    theme = pages.theme_for(request.user, pk)
    others = [t for t in theme.analysis.themes.all() if t.pk != theme.pk]
    ticked = [pk for pk in map(_id, request.POST.getlist("answers")) if pk]
    answers = {a.pk: a for a in selectors.answers_of_theme(theme).filter(pk__in=ticked)}
    form = AnswersForm(request.POST, answer_ids=answers, themes=others)
    if form.is_valid():
        chosen = [answers[pk] for pk in form.cleaned_data["answers"]]
        try:
            if form.cleaned_data["operation"] == AnswersForm.SPLIT:
                new = actions.split_theme(
                    actor=request.user,
                    theme=theme,
                    answers=chosen,
                    label=form.cleaned_data["label"],
                )
                message = ngettext(
                    "%(n)s réponse déplacée vers le nouveau thème « %(label)s ».",
                    "%(n)s réponses déplacées vers le nouveau thème « %(label)s ».",
                    len(chosen),
                ) % {"n": len(chosen), "label": new.label}
            else:
                target = next(t for t in others if t.pk == form.cleaned_data["to_theme"])
                moved = actions.move_answers(
                    actor=request.user, answers=chosen, from_theme=theme, to_theme=target
                )
                message = ngettext(
                    "%(n)s réponse déplacée vers « %(label)s ».",
                    "%(n)s réponses déplacées vers « %(label)s ».",
                    moved,
                ) % {"n": moved, "label": target.label}
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, message)
            return HttpResponseRedirect(_theme_url(theme, "reponses", request.POST.get("page")))
    return _render_theme(request, theme, status=400, answers_form=form)


@require_POST
@staff_page
def theme_merge(request, pk: int):
    theme = pages.theme_for(request.user, pk)
    others = [t for t in theme.analysis.themes.all() if t.pk != theme.pk]
    form = MergeForm(request.POST, themes=others)
    if form.is_valid():
        sources = [t for t in others if t.pk in set(form.cleaned_data["sources"])]
        try:
            actions.merge_themes(actor=request.user, target=theme, sources=sources)
        except ValidationError as error:
            add_refusal(form, error, field="sources")
        else:
            messages.success(
                request,
                _("Fusionnés dans « %(label)s » : %(sources)s.")
                % {"label": theme.label, "sources": ", ".join(f"« {t.label} »" for t in sources)},
            )
            return HttpResponseRedirect(_theme_url(theme))
    return _render_theme(request, theme, status=400, merge_form=form)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
def theme_delete(request, pk: int):
    """A confirmation page, then the deletion (the answers keep their other themes)."""
    theme = pages.theme_for(request.user, pk)
    question = theme.analysis.question
    if request.method == "POST":
        label = theme.label
        try:
            actions.delete_theme(actor=request.user, theme=theme)
        except ValidationError as error:
            _refused(request, error)
            return HttpResponseRedirect(_theme_url(theme))
        messages.success(request, _("Thème « %(label)s » supprimé.") % {"label": label})
        return HttpResponseRedirect(_analysis_url(question, "themes-valides"))
    counts = pages.theme_rows(theme.analysis)
    theme_counts = next((t for t in counts if t.pk == theme.pk), theme)
    return render(
        request,
        "freetext/theme_delete.html",
        {**_common(question), "analysis": theme.analysis, "theme": theme_counts},
    )


# --- coding by hand ------------------------------------------------------------------------------


def _coding(request, pk: int, *, double: bool):
    """One answer at a time of the analyst's sample; saving codes it and shows the next."""
    question, analysis = pages.analysis_for(request.user, pk)
    themes = list(analysis.themes.all())
    url_name = "freetext:double" if double else "freetext:sample"
    here = reverse(url_name, args=[question.pk])
    skip = _id(request.GET.get("passer")) or 0
    form = None
    if request.method == "POST":
        form = CodingForm(request.POST, themes=themes)
        answer = None
        if form.is_valid():
            answer = pages.answers_of_question(question, [form.cleaned_data["answer"]]).get(
                form.cleaned_data["answer"]
            )
            if answer is None:
                form.add_error(None, _("Cette réponse n’appartient pas à cette question."))
        if answer is not None and form.is_valid():
            chosen = [t for t in themes if t.pk in set(form.cleaned_data["themes"])]
            try:
                actions.code_answer(actor=request.user, answer=answer, themes=chosen, double=double)
            except ValidationError as error:
                add_refusal(form, error, field="themes")
            else:
                if chosen:
                    messages.success(
                        request,
                        _("Réponse codée : %(labels)s.")
                        % {"labels": ", ".join(f"« {t.label} »" for t in chosen)},
                    )
                else:
                    messages.success(request, _("Réponse codée : aucun de ces thèmes."))
                # The coded answer leaves the sample: the same position shows the next one.
                return HttpResponseRedirect(here + (f"?passer={skip}" if skip else ""))
    if double:
        sample = agreement.double_coding_sample(analysis, request.user, size=DOUBLE_SAMPLE_SIZE)
    else:
        sample = selectors.sample_for_coding(analysis, request.user, size=SAMPLE_SIZE)
    current = sample[skip] if skip < len(sample) else None
    if form is not None and form.errors:
        # The answer that was being coded stays on screen, whatever the sample says now.
        posted = _id(request.POST.get("answer"))
        if posted:
            current = pages.answers_of_question(question, [posted]).get(posted, current)
    if form is None and current is not None:
        form = CodingForm(initial={"answer": current.pk}, themes=themes)
    counts = pages.review_counts(analysis, request.user)
    return render(
        request,
        "freetext/coding.html",
        {
            **_common(question),
            "analysis": analysis,
            "themes": themes,
            "double": double,
            "sample": sample,
            "answer": current,
            "position": skip + 1,
            "next_skip": skip + 1 if skip + 1 < len(sample) else None,
            "form": form,
            "here": here,
            "coded": counts["mine_double"] if double else counts["mine"],
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
def sample(request, pk: int):
    return _coding(request, pk, double=False)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page
def double(request, pk: int):
    return _coding(request, pk, double=True)


# --- campaigns -----------------------------------------------------------------------------------


@require_safe
@staff_page
def campaigns(request, pk: int):
    question, analysis = pages.analysis_for(request.user, pk)
    run = pages.last_discovery(analysis)
    page, totals = pages.campaigns_page(run, request.GET.get("page"))
    return render(
        request,
        "freetext/campaigns.html",
        {**_common(question), "analysis": analysis, "run": run, "page": page, **totals},
    )
