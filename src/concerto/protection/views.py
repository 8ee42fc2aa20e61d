from __future__ import annotations

import datetime
import math

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .headers import mark_private
from .ratelimit import RateLimited


def too_many_requests(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    """429, in French: when to try again, in minutes and as a time of day."""
    retry_at = timezone.localtime(timezone.now() + datetime.timedelta(seconds=exc.retry_after))
    response = render(
        request,
        "protection/too_many_requests.html",
        {
            "retry_after": exc.retry_after,
            "retry_minutes": max(1, math.ceil(exc.retry_after / 60)),
            "retry_at": retry_at,
        },
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return mark_private(response)


def campaign_signals(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    """Staff page (in the back office): signs of a campaign on one questionnaire."""
    from django.conf import settings
    from django.contrib import admin
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404
    from django.template.response import TemplateResponse
    from django.utils.translation import gettext as _

    from concerto.consultations.access import can_analyse
    from concerto.surveys.models import Questionnaire

    from . import campaign

    questionnaire = get_object_or_404(
        Questionnaire.objects.select_related("theme__consultation"), pk=questionnaire_id
    )
    if not can_analyse(request.user, questionnaire.theme.consultation):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": _("Signaux de campagne"),
        "subtitle": str(questionnaire),
        "opts": Questionnaire._meta,
        "questionnaire": questionnaire,
        "sources": campaign.busy_sources(questionnaire),
        "texts": campaign.identical_texts(questionnaire),
        "source_min": settings.CAMPAIGN_SOURCE_MIN_PER_HOUR,
        "text_min": settings.CAMPAIGN_IDENTICAL_TEXT_MIN,
        "text_length": settings.CAMPAIGN_TEXT_MIN_LENGTH,
        "retention_days": settings.CAMPAIGN_SIGNAL_RETENTION_DAYS,
    }
    return mark_private(TemplateResponse(request, "protection/campaign_signals.html", context))
