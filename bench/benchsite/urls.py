"""concerto.urls plus two bench-only views: a bare view and a one-row insert (the floors).

Used only by the benchmarks in bench/ (gunicorn --pythonpath src,bench, settings
benchsite.settings). The product's URLs (concerto.urls) are not modified.
"""

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from concerto.urls import *  # noqa: F403  (handler400..500)
from concerto.urls import urlpatterns as product_urlpatterns

# Created by bench/submissions.py with raw SQL before gunicorn starts (no Django app, no
# migration): CREATE TABLE IF NOT EXISTS bench_floor (id bigserial primary key,
# created_at timestamptz default now(), payload text)
FLOOR_TABLE = "bench_floor"


def bare_view(request: HttpRequest) -> HttpResponse:
    """No database, no template: only the middleware stack and URL resolution."""
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
@require_POST
def floor_view(request: HttpRequest) -> HttpResponse:
    """The write floor: insert one row, answer 201 only once the insert has committed.

    Same gunicorn, WSGI handler, middleware stack and URL resolver as the questionnaire
    views; no session access, no CSRF check, no template.
    """
    payload = request.POST.get("payload", "")
    # COMMIT happens on leaving the atomic block, before the response is built.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FLOOR_TABLE} (payload) VALUES (%s)", [payload])
    return HttpResponse("created", status=201, content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare_view),
    path("bench/floor/", floor_view),
    *product_urlpatterns,
]
