"""The back office's exports page of a questionnaire, and the download of a file.

Both are served inside the admin (``QuestionnaireAdmin.get_urls`` wraps them in
``admin_view``: staff only, anonymous visitors sent to the login page).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from concerto.consultations.access import can_analyse
from concerto.surveys.models import Questionnaire

from .actions import can_export, record_download, request_export
from .forms import ExportRequestForm
from .models import Export, ExportStatus


def exportable_questionnaire(request, questionnaire_id: int) -> Questionnaire:
    """The questionnaire whose responses this user may export: 403 or 404 otherwise."""
    if not can_export(request.user):
        raise PermissionDenied
    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("theme__consultation"), pk=questionnaire_id
    )
    if not can_analyse(request.user, questionnaire.theme.consultation):
        # Another team's questionnaire: as if it did not exist.
        raise Http404
    return questionnaire


def questionnaire_exports(request, questionnaire_id: int):
    questionnaire = exportable_questionnaire(request, questionnaire_id)
    here = reverse("admin:surveys_questionnaire_exports", args=[questionnaire.pk])
    form = ExportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        export = request_export(
            questionnaire=questionnaire, fmt=form.cleaned_data["format"], actor=request.user
        )
        messages.success(
            request,
            _("Export n° %(number)s demandé : il apparaît ci-dessous dès qu’il est prêt.")
            % {"number": export.pk},
        )
        return HttpResponseRedirect(here)
    exports = list(
        Export.objects.filter(questionnaire=questionnaire)
        .select_related("requested_by")
        .order_by("-created_at", "-pk")
    )
    for export in exports:
        export.questionnaire = questionnaire  # its file's name, without a query per row
    context = {
        **admin.site.each_context(request),
        "title": _("Exports des réponses"),
        "subtitle": str(questionnaire),
        "opts": Questionnaire._meta,
        "questionnaire": questionnaire,
        "form": form,
        "exports": exports,
        "pending": any(export.is_pending for export in exports),
        "retention_days": settings.EXPORT_RETENTION_DAYS,
        "here": here,
    }
    response = TemplateResponse(request, "exports/questionnaire_exports.html", context)
    add_never_cache_headers(response)
    return response


def download(request, questionnaire_id: int, export_id: int):
    questionnaire = exportable_questionnaire(request, questionnaire_id)
    export = get_object_or_404(
        Export.objects.select_related("questionnaire"),
        pk=export_id,
        questionnaire=questionnaire,
        status=ExportStatus.DONE,
    )
    if export.expires_at <= timezone.now() or not export.file:
        raise Http404
    record_download(export=export, actor=request.user)
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.download_name,
        content_type=export.content_type,
    )
    add_never_cache_headers(response)
    return response
