"""concerto.urls plus a bare view returning a constant string (benchmark baseline)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from concerto.urls import *  # noqa: F403  (handler400..500)
from concerto.urls import urlpatterns as product_urlpatterns


def bare_view(request: HttpRequest) -> HttpResponse:
    """No database, no template: only the middleware stack and URL resolution."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare_view), *product_urlpatterns]
