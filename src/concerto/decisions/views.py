"""The public roadmap and decision pages, and the staff page that imports progress (CSV).

The staff pages are served inside the admin (``DecisionAdmin.get_urls`` wraps them in
``admin_view``); who may use them is asked of ``concerto.consultations.access``.
"""

from __future__ import annotations

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from concerto.consultations import selectors as consultation_selectors
from concerto.consultations.access import can_manage, managed_consultations
from concerto.consultations.models import Consultation
from concerto.core.pagecache import public_page

from . import progress_csv, selectors
from .forms import ProgressImportForm, RoadmapFilterForm
from .models import Decision, DecisionStatus

# --- Public pages -------------------------------------------------------------------------


@require_safe
@public_page
def roadmap(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = consultation_selectors.get_public_consultation(slug)
    # The themes that led to a published decision: a filter never leads to an empty list.
    themes = list(
        consultation.themes.visible().filter(decisions__in=Decision.objects.published()).distinct()
    )
    form = RoadmapFilterForm(request.GET or None, themes=themes)
    decisions = selectors.public_decisions(consultation)
    chosen_theme = chosen_status = None
    if form.is_bound and form.is_valid():
        if form.cleaned_data["thematique"]:
            chosen_theme = next(t for t in themes if t.slug == form.cleaned_data["thematique"])
            decisions = decisions.filter(themes=chosen_theme)
        if form.cleaned_data["statut"]:
            chosen_status = DecisionStatus(form.cleaned_data["statut"])
            decisions = decisions.filter(status=chosen_status)
    decisions = list(decisions)
    for decision in decisions:
        decision.consultation = consultation  # its address, without a query per decision
        decision.tone = selectors.STATUS_TONE[decision.status]
    return render(
        request,
        "decisions/roadmap.html",
        {
            "consultation": consultation,
            "form": form,
            "decisions": decisions,
            "summary": selectors.roadmap_summary(consultation),
            "filtered": bool(chosen_theme or chosen_status),
            "chosen_theme": chosen_theme,
            "chosen_status": chosen_status,
        },
    )


@require_safe
@public_page
def decision_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    consultation = consultation_selectors.get_public_consultation(slug)
    decision = selectors.get_public_decision(consultation, pk)
    decision.consultation = consultation
    decision.tone = selectors.STATUS_TONE[decision.status]
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "consultation": consultation,
            "decision": decision,
            "evidence": selectors.public_evidence(decision),
            "updates": list(decision.updates.all()),
        },
    )


# --- Staff pages (inside the admin) -------------------------------------------------------


def _each_context(request, title: str) -> dict:
    return {
        **admin.site.each_context(request),
        "title": title,
        "opts": Decision._meta,
    }


def progress_import_choice(request: HttpRequest) -> HttpResponse:
    consultations = list(managed_consultations(request.user))
    if not consultations:
        raise PermissionDenied
    if len(consultations) == 1:
        return HttpResponseRedirect(
            reverse("admin:decisions_decision_import", args=[consultations[0].pk])
        )
    context = {
        **_each_context(request, _("Importer l’avancement des décisions")),
        "consultations": consultations,
    }
    response = TemplateResponse(request, "decisions/admin/import_choice.html", context)
    add_never_cache_headers(response)
    return response


def _managed_consultation(request, consultation_id: int) -> Consultation:
    consultation = get_object_or_404(Consultation, pk=consultation_id)
    if not can_manage(request.user, consultation):
        raise PermissionDenied
    return consultation


def progress_import(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _managed_consultation(request, consultation_id)
    here = reverse("admin:decisions_decision_import", args=[consultation.pk])
    form = ProgressImportForm(request.POST or None, request.FILES or None)
    report = error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > progress_csv.max_bytes():
            # Refused before reading it: a large upload stays on disk, never in memory.
            error = _("Le fichier pèse %(size)s ; la taille maximale est de %(limit)s.") % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(progress_csv.max_bytes()),
            }
        else:
            try:
                report = progress_csv.import_progress(
                    upload.read(), consultation=consultation, actor=request.user
                )
            except progress_csv.MalformedFile as exc:
                error = str(exc)
        if report is not None and report.ok:
            messages.success(
                request,
                _(
                    "Fichier importé : %(applied)s décision(s) mise(s) à jour, "
                    "%(unchanged)s ligne(s) sans changement."
                )
                % {"applied": report.applied, "unchanged": report.unchanged},
            )
            return HttpResponseRedirect(here)
    context = {
        **_each_context(request, _("Importer l’avancement des décisions")),
        "subtitle": consultation.title,
        "consultation": consultation,
        "form": form,
        "report": report,
        "error": error,
        "here": here,
        "template_url": reverse("admin:decisions_decision_import_template", args=[consultation.pk]),
        "max_bytes": progress_csv.max_bytes(),
        "max_lines": progress_csv.max_lines(),
        "statuses": DecisionStatus.labels,
        "decision_count": Decision.objects.filter(consultation=consultation).count(),
    }
    response = TemplateResponse(request, "decisions/admin/progress_import.html", context)
    if request.method == "POST":
        response.status_code = 400
    add_never_cache_headers(response)
    return response


def progress_template(request: HttpRequest, consultation_id: int) -> HttpResponse:
    """The model file: the consultation's decisions as they stand, ready to edit."""
    consultation = _managed_consultation(request, consultation_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="avancement-decisions-{consultation.slug}.csv"'
    )
    response.write("\ufeff")  # spreadsheets then read it as UTF-8
    writer = csv.writer(response, delimiter=";")
    for row in progress_csv.template_rows(consultation):
        # Titles stay texts in a spreadsheet, never formulas.
        title = row[1]
        if title[:1] in ("=", "+", "-", "@"):
            row[1] = "'" + title
        writer.writerow(row)
    add_never_cache_headers(response)
    return response
