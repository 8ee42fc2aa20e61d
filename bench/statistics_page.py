#!/usr/bin/env python
"""Benchmark: a questionnaire's whole statistics page at a million responses.

One command, from the repository root, after bench/fill_million.py:

    .venv/bin/python bench/statistics_page.py [--repeat 9] [--refreshes 2] [--drop-caches]

Against the database bench/fill_million.py filled (``MILLION_DATABASE_URL``), with the
production settings, it:

1. refreshes the bench questionnaire's summary tables (``concerto.results.refresh``, what
   the background task runs after answers arrive) ``--refreshes`` times and reports each
   duration: how stale the figures can be, beyond the debounce delay;
2. requests the staff statistics page (every figure, breakdown by profile, participation,
   charts), a filtered page (one profile and one département), the public preview, and the
   free-text search page, with a ``django.test.Client`` logged in as a consultation
   manager: *cold* — a new database connection, the process's structure cache emptied, and
   with ``--drop-caches`` the kernel's page cache dropped and PostgreSQL's buffers evicted
   by a scan of an unrelated big table — then *warm*, ``--repeat`` times (median, min,
   max), each with its number of SQL queries and their time. Server-side time: the whole
   Django handler, no HTTP.

Printed, appended to bench/RESULTS.md (``BENCH_NO_APPEND=1`` to leave it alone), raw
figures in bench/out/statistics-page-last-run.json.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT), str(ROOT / "src")]

import fill_million  # noqa: E402  (its database)
import pages  # noqa: E402  (environment and machine helpers)

QUESTIONNAIRE = "banc-essai-15-questions"
AIM_MS = 1000


def log(msg: str) -> None:
    print(f"[statistics] {msg}", file=sys.stderr, flush=True)


def drop_caches() -> None:
    """Empty the kernel's page cache (root only) and push the summary tables out of
    PostgreSQL's shared buffers by reading a bigger, unrelated table."""
    subprocess.run(["sync"], check=False)
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError as exc:
        log(f"cannot drop the page cache: {exc}")
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM participation_participant WHERE email <> ''")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--refreshes", type=int, default=2)
    parser.add_argument("--drop-caches", action="store_true")
    parser.add_argument("--note", default="")
    parser.add_argument(
        "--no-setup", action="store_true", help="skip migrate and collectstatic (already run)"
    )
    args = parser.parse_args()

    pages.DATABASE_URL = fill_million.DATABASE_URL
    env = pages.django_env()
    env.update(
        DJANGO_SETTINGS_MODULE="concerto.settings.production",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
    )
    manage = [pages.PYTHON, str(ROOT / "manage.py")]
    if not args.no_setup:
        pages.run([*manage, "migrate", "--noinput", "-v", "0"], env)
        pages.run([*manage, "collectstatic", "--noinput", "-v", "0"], env)
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from concerto.core import roles
    from concerto.results.models import (
        ChoiceCount,
        NumberCount,
        QuestionCount,
        RespondentCount,
        SummaryState,
    )
    from concerto.results.refresh import refresh_summary
    from concerto.surveys.models import Question, Questionnaire, Response, ResponseStatus
    from concerto.surveys.structure import clear_cache

    questionnaire = Questionnaire.objects.select_related("theme").get(slug=QUESTIONNAIRE)
    submitted = Response.objects.filter(
        questionnaire=questionnaire, status=ResponseStatus.SUBMITTED
    ).count()
    log(f"{submitted} submitted responses")

    refreshes = []
    state = SummaryState.objects.filter(questionnaire=questionnaire).first()
    for _ in range(args.refreshes):
        t0 = time.perf_counter()
        state = refresh_summary(questionnaire)
        refreshes.append(time.perf_counter() - t0)
        log(f"refresh: {refreshes[-1]:.1f} s")
    summary_rows = {
        model.__name__: model.objects.filter(questionnaire=questionnaire).count()
        for model in (RespondentCount, QuestionCount, ChoiceCount, NumberCount)
    }

    user, _created = get_user_model().objects.get_or_create(
        username="bench-manager", defaults={"is_staff": True, "email": "bench@example.org"}
    )
    user.groups.add(Group.objects.get(name=roles.CONSULTATION_MANAGER))
    # A manager on the consultation's team (staff act only on their own consultations).
    from concerto.workspace.models import Membership, Role

    Membership.objects.get_or_create(
        consultation_id=questionnaire.theme.consultation_id,
        user=user,
        defaults={"role": Role.MANAGER},
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    page = reverse("results:questionnaire_statistics", args=[questionnaire.pk])
    profile_id = (
        Response.objects.filter(questionnaire=questionnaire, profile__isnull=False)
        .values_list("profile_id", flat=True)
        .first()
    )
    text_question = (
        Question.objects.filter(questionnaire=questionnaire, kind="long_text").first()
        or Question.objects.filter(questionnaire=questionnaire, kind="short_text").first()
    )
    urls = [
        ("statistics page (staff, everything)", page),
        (
            "statistics page, one profile and one département",
            f"{page}?profil={profile_id}&departement=75",
        ),
        ("statistics page, public preview (small cells hidden)", f"{page}?vue=public"),
    ]
    if text_question is not None:
        texts = reverse("results:free_texts", args=[questionnaire.pk])
        urls.append(
            (
                "free-text search (French full text, first page)",
                f"{texts}?question={text_question.code}&q=mus%C3%A9e",
            )
        )

    captured: list[tuple[str, float]] = []

    def record(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            captured.append((sql, time.perf_counter() - t0))

    # The process's own first-request costs (URL resolver, template and catalogue loading)
    # are paid once on an unrelated page: « cold » below is the figures' path, not Django's.
    assert client.get(reverse("admin:index")).status_code == 200
    load_before = Path("/proc/loadavg").read_text().split()[0]
    rows = []
    for name, url in urls:
        connection.close()
        clear_cache()
        if args.drop_caches:
            drop_caches()
            connection.close()
        captured.clear()
        t0 = time.perf_counter()
        with connection.execute_wrapper(record):
            first = client.get(url)
        cold = time.perf_counter() - t0
        assert first.status_code == 200, (url, first.status_code)
        cold_queries = len(captured)
        durations, sql_times = [], []
        with connection.cursor() as cur:
            cur.execute("select pg_backend_pid()")
            (backend,) = cur.fetchone()
        cpu, cpu_pg = time.process_time(), pages.backend_cpu(backend)
        for _ in range(args.repeat):
            captured.clear()
            t0 = time.perf_counter()
            with connection.execute_wrapper(record):
                response = client.get(url)
            durations.append(time.perf_counter() - t0)
            assert response.status_code == 200, (url, response.status_code)
            sql_times.append(sum(dt for _sql, dt in captured))
        cpu = (time.process_time() - cpu) / args.repeat
        cpu_pg = (pages.backend_cpu(backend) - cpu_pg) / args.repeat
        slowest = max(captured, key=lambda item: item[1])
        rows.append(
            {
                "name": name,
                "url": url,
                "cold_ms": cold * 1000,
                "cold_queries": cold_queries,
                "median_ms": statistics.median(durations) * 1000,
                "min_ms": min(durations) * 1000,
                "max_ms": max(durations) * 1000,
                "queries": len(captured),
                "sql_median_ms": statistics.median(sql_times) * 1000,
                "cpu_django_ms": cpu * 1000,
                "cpu_postgres_ms": cpu_pg * 1000,
                "slowest_query_ms": slowest[1] * 1000,
                "slowest_query": slowest[0][:300],
                "bytes": len(response.content),
            }
        )
        log(f"{name}: cold {cold * 1000:.0f} ms, warm median {rows[-1]['median_ms']:.0f} ms")
    load_after = Path("/proc/loadavg").read_text().split()[0]
    result = {
        "machine": pages.machine(),
        "database": fill_million.DATABASE_URL,
        "submitted": submitted,
        "refresh_s": refreshes,
        "refresh_ms_recorded": state.duration_ms if state else None,
        "summary_rows": summary_rows,
        "pages": rows,
        "loadavg": [load_before, load_after],
        "args": vars(args),
    }
    pages.publish("statistics-page", result, report(result))


def report(r: dict) -> str:
    info, a = r["machine"], r["args"]
    lines = [
        f"### Statistics run {info['date']} (`bench/statistics_page.py`)",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM; PostgreSQL "
        f"{info['postgres']} (default configuration), same machine; 1-minute load average "
        f"{r['loadavg'][0]} → {r['loadavg'][1]}.",
        f"- Command: `.venv/bin/python bench/statistics_page.py --repeat {a['repeat']} "
        f"--refreshes {a['refreshes']}{' --drop-caches' if a['drop_caches'] else ''}`; "
        f"database `{r['database'].rsplit('/', 1)[-1]}`, {r['submitted']:,} submitted "
        "responses to the bench questionnaire; production settings, django.test.Client "
        "logged in as a consultation manager, server-side time.",
        "- Summary refresh (the background task's work): "
        + (", ".join(f"{s:.1f} s" for s in r["refresh_s"]) or "not run this time")
        + "; rows kept: "
        + ", ".join(f"{k} {v:,}" for k, v in r["summary_rows"].items())
        + ".",
    ]
    if a.get("note"):
        lines.append(f"- Note: {a['note']}")
    lines += [
        "",
        f"| page | cold, ms | warm median (min–max), ms | under {AIM_MS} ms (cold and warm) | SQL queries | SQL time warm, ms | CPU per warm request, ms: Django / PostgreSQL | slowest query, ms | bytes |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for p in r["pages"]:
        ok = "yes" if max(p["cold_ms"], p["median_ms"]) < AIM_MS else "**no**"
        lines.append(
            f"| {p['name']} | {p['cold_ms']:.0f} | **{p['median_ms']:.0f}** "
            f"({p['min_ms']:.0f}–{p['max_ms']:.0f}) | {ok} | {p['queries']} | "
            f"{p['sql_median_ms']:.0f} | {p['cpu_django_ms']:.0f} / {p['cpu_postgres_ms']:.0f} | "
            f"{p['slowest_query_ms']:.0f} | {p['bytes']} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
