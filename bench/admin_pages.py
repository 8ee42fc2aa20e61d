#!/usr/bin/env python
"""Benchmark: the back office's questionnaire and question pages on the 1M-response database.

One command, from the repository root, after bench/fill_million.py:

    .venv/bin/python bench/admin_pages.py

Against the database that bench/fill_million.py filled (``MILLION_DATABASE_URL``), with
the production settings, a ``django.test.Client`` logged in as a consultation manager
(a staff user in the « Gestionnaire de consultation » group, created if missing) requests:
the questionnaire list, the bench questionnaire's change page, the question list, the
question list filtered on that questionnaire, and the change page of its matrix question
(with its choices and display conditions). Each page is requested once to warm up, then
``--repeat`` (9) times; the time is server-side (the whole Django handler and middleware,
no HTTP), median, min and max, with the number of SQL queries and their time (an
``execute_wrapper``), and the CPU time per request of this process (Django, in-process)
and of its PostgreSQL backend (``/proc/<pg_backend_pid()>/stat``): on a loaded machine,
wall-clock time measures the queue for the CPUs as much as the page. Every answer must be
a 200.

Printed, appended to bench/RESULTS.md (``BENCH_NO_APPEND=1`` to leave it alone), raw
figures with the SQL of each page in bench/out/admin-pages-last-run.json.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT), str(ROOT / "src")]

import fill_million  # noqa: E402  (its database)
import pages  # noqa: E402  (environment and machine helpers)

QUESTIONNAIRE = "banc-essai-15-questions"
AIM_MS = 300


def log(msg: str) -> None:
    print(f"[admin] {msg}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--note", default="")
    parser.add_argument("--only", default="", help="comma-separated page names (default: all)")
    parser.add_argument(
        "--statement-timeout",
        type=int,
        default=0,
        help="seconds; a page whose query takes longer is reported as timed out",
    )
    args = parser.parse_args()

    pages.DATABASE_URL = fill_million.DATABASE_URL
    env = pages.django_env()
    env.update(
        DJANGO_SETTINGS_MODULE="concerto.settings.production",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
    )
    # The templates need the manifest of the current static files.
    manage = [pages.PYTHON, str(ROOT / "manage.py")]
    pages.run([*manage, "collectstatic", "--noinput", "-v", "0"], env)
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client

    from concerto.core import roles
    from concerto.surveys.models import Question, Questionnaire, Response

    questionnaire = Questionnaire.objects.get(slug=QUESTIONNAIRE)
    matrix = Question.objects.get(questionnaire=questionnaire, kind="matrix")
    responses = Response.objects.filter(questionnaire=questionnaire).count()
    user, _created = get_user_model().objects.get_or_create(
        username="bench-manager", defaults={"is_staff": True, "email": "bench@example.org"}
    )
    user.groups.add(Group.objects.get(name=roles.CONSULTATION_MANAGER))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    urls = [
        ("questionnaire list", "/admin/surveys/questionnaire/"),
        ("questionnaire change", f"/admin/surveys/questionnaire/{questionnaire.pk}/change/"),
        ("question list", "/admin/surveys/question/"),
        (
            "question list (bench questionnaire)",
            f"/admin/surveys/question/?section__questionnaire__id__exact={questionnaire.pk}",
        ),
        ("question change (matrix)", f"/admin/surveys/question/{matrix.pk}/change/"),
    ]
    if args.only:
        wanted = {n.strip() for n in args.only.split(",")}
        urls = [(n, u) for n, u in urls if n in wanted]
    if args.statement_timeout:
        with connection.cursor() as cur:
            cur.execute(f"SET statement_timeout = '{int(args.statement_timeout)}s'")
    load_before = Path("/proc/loadavg").read_text().split()[0]
    rows = []
    for name, url in urls:
        t0 = time.perf_counter()
        try:
            first = client.get(url)
        except django.db.OperationalError as exc:  # statement_timeout
            log(f"{name}: {exc}")
            rows.append({"name": name, "url": url, "timed_out_s": time.perf_counter() - t0})
            continue
        if first.status_code != 200:
            raise SystemExit(f"{url} answered {first.status_code}")
        captured: list[tuple[str, float]] = []

        def record(execute, sql, params, many, context, captured=captured):
            t0 = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                captured.append((sql, time.perf_counter() - t0))

        durations, sql_times, counts = [], [], []
        with connection.cursor() as cur:
            cur.execute("select pg_backend_pid()")
            (backend,) = cur.fetchone()
        cpu_django, cpu_pg = time.process_time(), pages.backend_cpu(backend)
        for _ in range(args.repeat):
            captured.clear()
            t0 = time.perf_counter()
            with connection.execute_wrapper(record):
                response = client.get(url)
            durations.append(time.perf_counter() - t0)
            assert response.status_code == 200, (url, response.status_code)
            counts.append(len(captured))
            sql_times.append(sum(dt for _sql, dt in captured))
        cpu_django = (time.process_time() - cpu_django) / args.repeat
        cpu_pg = (pages.backend_cpu(backend) - cpu_pg) / args.repeat
        slowest = max(captured, key=lambda item: item[1])
        rows.append(
            {
                "name": name,
                "url": url,
                "median_ms": statistics.median(durations) * 1000,
                "min_ms": min(durations) * 1000,
                "max_ms": max(durations) * 1000,
                "queries": counts[-1],
                "sql_median_ms": statistics.median(sql_times) * 1000,
                "cpu_django_ms": cpu_django * 1000,
                "cpu_postgres_ms": cpu_pg * 1000,
                "slowest_query_ms": slowest[1] * 1000,
                "slowest_query": slowest[0],
                "bytes": len(response.content),
                "sql": [sql for sql, _dt in captured],
            }
        )
        log(f"{name}: median {rows[-1]['median_ms']:.0f} ms, {counts[-1]} queries")
    load_after = Path("/proc/loadavg").read_text().split()[0]
    info = pages.machine()
    result = {
        "machine": info,
        "database": fill_million.DATABASE_URL,
        "responses": responses,
        "pages": rows,
        "loadavg": [load_before, load_after],
        "args": vars(args),
    }
    pages.publish("admin-pages", result, report(result))


def report(r: dict) -> str:
    info, a = r["machine"], r["args"]
    lines = [
        f"### Back-office pages run {info['date']} (`bench/admin_pages.py`)",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM; PostgreSQL "
        f"{info['postgres']} (default configuration), same machine; 1-minute load average "
        f"{r['loadavg'][0]} → {r['loadavg'][1]}.",
        f"- Command: `.venv/bin/python bench/admin_pages.py --repeat {a['repeat']}"
        + (f" --only '{a['only']}'" if a["only"] else "")
        + (f" --statement-timeout {a['statement_timeout']}" if a["statement_timeout"] else "")
        + "`; database "
        f"`{urlparse(r['database']).path.lstrip('/')}`, {r['responses']:,} responses to the "
        "bench questionnaire; production settings, django.test.Client logged in as a "
        "consultation manager, server-side time (no HTTP), after one warm-up request.",
    ]
    if a["note"]:
        lines.append(f"- {a['note']}")
    lines += [
        "",
        f"| page | median (min–max), ms | under {AIM_MS} ms | SQL queries | SQL time, median ms | "
        "slowest query, ms | CPU per request, ms: Django / PostgreSQL | bytes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for p in r["pages"]:
        if "timed_out_s" in p:
            lines.append(
                f"| {p['name']} | **> {r['args']['statement_timeout']} s**: a query was "
                f"cancelled by statement_timeout | **no** | | | | | |"
            )
            continue
        lines.append(
            f"| {p['name']} | **{p['median_ms']:.0f}** ({p['min_ms']:.0f}–{p['max_ms']:.0f}) | "
            f"{'yes' if p['median_ms'] < AIM_MS else '**no**'} | {p['queries']} | "
            f"{p['sql_median_ms']:.0f} | {p['slowest_query_ms']:.0f} | "
            f"{p['cpu_django_ms']:.0f} / {p['cpu_postgres_ms']:.0f} | {p['bytes']} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
