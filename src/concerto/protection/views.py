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
