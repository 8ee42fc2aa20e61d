#!/usr/bin/env python
"""Where a request's CPU goes: cProfile over repeated requests of one page, in process.

    .venv/bin/python bench/profile_request.py [home|theme|step-get|step-post] [N]

Production settings on the bench database (bench/pages.py's setup must have run, e.g. by
bench/fast_pages.py or bench/submissions.py), whole-page cache off (a visitor with a
session). Prints the functions with the most cumulative and own time. Needs only the
project's venv.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import secrets
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]

import pages  # noqa: E402


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "step-get"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    env = pages.django_env()
    env.update(
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        DJANGO_SETTINGS_MODULE="concerto.settings.production",
        PAGE_CACHE_ENABLED="false",
    )
    os.environ.update(env)
    import django

    django.setup()
    import submissions
    from django.test import Client

    from concerto.participation.models import ParticipantProfile

    client = Client(HTTP_HOST="127.0.0.1")
    slug = "strategie-numerique-culturelle"
    if what in ("home", "theme"):
        url = "/" if what == "home" else f"/consultations/{slug}/thematiques/metavers/"

        def send():
            return client.get(url)
    else:
        profile = ParticipantProfile.objects.filter(
            consultation__slug=slug, is_organisation=False
        ).first()
        data = submissions.profile_data(profile.pk, 0)
        data["cle"] = secrets.token_urlsafe(24)
        client.get(submissions.PATHS["profile"])
        client.post(submissions.PATHS["profile"], data)
        step = submissions.PATHS["step1"]
        page = {**submissions.PAGE_DATA[1], "next": "1"}

        def send():
            return client.get(step) if what == "step-get" else client.post(step, page)

    for _ in range(20):
        send()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        send()
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
