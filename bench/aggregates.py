#!/usr/bin/env python
"""Benchmark: every count, mean and cross-tab by profile of the 1M-response questionnaire.

One command, from the repository root, after bench/fill_million.py:

    .venv/bin/python bench/aggregates.py

Against the database that bench/fill_million.py filled (``MILLION_DATABASE_URL``, default
postgres://postgres@127.0.0.1:5432/concerto_million) and its 15-question questionnaire, it
runs ``concerto.surveys.aggregates.questionnaire_results`` — the platform's own code: one
grouped scan of the answer choices (every option, matrix cell and rank, by profile; the
means of the scored questions follow from it), one of the typed numbers, one of the
submitted responses by profile — and times it:

- *cold*: the first call, on a new connection (a new PostgreSQL backend: empty catalogue
  and plan caches). With ``--drop-caches`` (root only) the kernel's page cache is dropped
  first (``sync; echo 3 > /proc/sys/vm/drop_caches``), so the tables come from disk; this
  touches the whole machine, hence off by default. PostgreSQL's own shared buffers
  (128 MB) are not emptied: that needs a server restart.
- *warm*: ``--repeat`` (7) more calls; median, min and max.
- for each ``max_parallel_workers_per_gather`` of ``--parallel`` (default ``2,0``; 2 is the
  server's default) as a session setting.
- *CPU*: utime + stime of the PostgreSQL backend (``/proc/<pg_backend_pid()>/stat``)
  during one serial call (parallel workers off): the work the queries need, which a busy
  machine does not inflate as it inflates wall-clock time.

Each query is timed on its own (``connection.execute_wrapper``), and its plan is written
with ``EXPLAIN (ANALYZE, BUFFERS)`` to bench/out/aggregates-plans.txt. The report is printed
and appended to bench/RESULTS.md (``BENCH_NO_APPEND=1`` to leave it alone); raw figures go
to bench/out/aggregates-last-run.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
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
# The queries of questionnaire_results, in the order it sends them, named by their table.
LABELS = {
    "surveys_response": "respondents by profile",
    "surveys_answerchoice": "answer choices by (question, choice, row, rank, profile)",
    "surveys_answervalue": "numbers by (question, profile)",
}


def label(sql: str) -> str:
    table = sql.split(" FROM ", 1)[1].split()[0].strip('"')
    return LABELS.get(table, table)


def log(msg: str) -> None:
    print(f"[aggregates] {msg}", file=sys.stderr, flush=True)


class Timer:
    """Times every query the ORM sends (an execute_wrapper)."""

    def __init__(self):
        self.queries: list[tuple[str, tuple, float]] = []

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, params, time.perf_counter() - t0))


def backend_cpu(cursor) -> float:
    cursor.execute("select pg_backend_pid()")
    (pid,) = cursor.fetchone()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_once(questionnaire_id, definition):
    from django.db import connection

    from concerto.surveys.aggregates import questionnaire_results

    timer = Timer()
    t0 = time.perf_counter()
    with connection.execute_wrapper(timer):
        results = questionnaire_results(questionnaire_id, definition)
    total = time.perf_counter() - t0
    return total, [q[2] for q in timer.queries], timer.queries, results


def set_parallel(workers: int) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"SET max_parallel_workers_per_gather = {int(workers)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--parallel", default="2,0")
    parser.add_argument("--drop-caches", action="store_true")
    parser.add_argument("--note", default="", help="a line for the report (what changed)")
    args = parser.parse_args()

    pages.DATABASE_URL = fill_million.DATABASE_URL
    env = pages.django_env()
    env["DJANGO_SETTINGS_MODULE"] = "concerto.settings.production"
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    from concerto.surveys.models import Questionnaire, Response
    from concerto.surveys.structure import load

    questionnaire = Questionnaire.objects.get(slug=QUESTIONNAIRE)
    definition = load(questionnaire.pk)
    responses = Response.objects.filter(questionnaire=questionnaire).count()
    with connection.cursor() as cur:
        cur.execute(
            "select indexdef from pg_indexes where tablename in "
            "('surveys_answerchoice', 'surveys_answervalue', 'surveys_response') order by 1"
        )
        indexes = [row[0] for row in cur.fetchall()]
    connection.close()

    if args.drop_caches:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        log("kernel page cache dropped")
    load_before = Path("/proc/loadavg").read_text().split()[0]
    cold_total, cold_queries, captured, results = run_once(questionnaire.pk, definition)
    log(f"cold: {cold_total * 1000:.0f} ms")

    series = {}
    for workers in [int(w) for w in args.parallel.split(",") if w.strip()]:
        set_parallel(workers)
        runs = [run_once(questionnaire.pk, definition)[:2] for _ in range(args.repeat)]
        totals = [r[0] for r in runs]
        per_query = list(zip(*[r[1] for r in runs], strict=True))
        series[workers] = {
            "median_ms": statistics.median(totals) * 1000,
            "min_ms": min(totals) * 1000,
            "max_ms": max(totals) * 1000,
            "per_query_median_ms": [statistics.median(q) * 1000 for q in per_query],
        }
        log(f"warm, {workers} parallel workers: median {series[workers]['median_ms']:.0f} ms")

    set_parallel(0)
    with connection.cursor() as cur:
        cpu0 = backend_cpu(cur)
    t0 = time.perf_counter()
    run_once(questionnaire.pk, definition)
    serial_wall = time.perf_counter() - t0
    with connection.cursor() as cur:
        cpu = backend_cpu(cur) - cpu0
    set_parallel(2)

    plans = []
    with connection.cursor() as cur:
        for sql, params, _dt in captured:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plans.append("\n".join(row[0] for row in cur.fetchall()))
    load_after = Path("/proc/loadavg").read_text().split()[0]
    pages.OUT.mkdir(exist_ok=True)
    (pages.OUT / "aggregates-plans.txt").write_text(
        "\n\n".join(
            f"-- {sql % tuple(params)}\n{plan}"
            for (sql, params, _), plan in zip(captured, plans, strict=True)
        )
    )
    info = pages.machine()
    result = {
        "machine": info,
        "database": fill_million.DATABASE_URL,
        "responses": responses,
        "answer_choice_groups": len(results.counts),
        "labels": [label(sql) for sql, _p, _dt in captured],
        "cold_ms": cold_total * 1000,
        "cold_per_query_ms": [q * 1000 for q in cold_queries],
        "warm": series,
        "serial_cpu_s": cpu,
        "serial_wall_s": serial_wall,
        "indexes": indexes,
        "plans": plans,
        "loadavg": [load_before, load_after],
        "args": vars(args),
    }
    (pages.OUT / "aggregates-last-run.json").write_text(json.dumps(result, indent=2, default=str))
    text = report(result)
    print(text)
    if os.environ.get("BENCH_NO_APPEND") != "1":
        with (BENCH / "RESULTS.md").open("a") as fh:
            fh.write("\n" + text)


def plan_summary(plan: str) -> str:
    """The plan's scan and aggregate nodes, in one line."""
    nodes = []
    for line in plan.splitlines():
        text = line.strip().removeprefix("->").strip()
        if any(k in text for k in ("Scan", "Aggregate", "Gather")) and "(cost" in text:
            nodes.append(text.split("  (cost")[0])
    return " ← ".join(nodes)


def report(r: dict) -> str:
    info, a = r["machine"], r["args"]
    cmd = "BENCH_NO_APPEND=1 " if os.environ.get("BENCH_NO_APPEND") == "1" else ""
    cmd += f".venv/bin/python bench/aggregates.py --repeat {a['repeat']} --parallel {a['parallel']}"
    if a["drop_caches"]:
        cmd += " --drop-caches"
    lines = [
        f"### Aggregates run {info['date']} (`bench/aggregates.py`)",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM; PostgreSQL "
        f"{info['postgres']} (default configuration), on the same machine; 1-minute load "
        f"average {r['loadavg'][0]} → {r['loadavg'][1]}.",
        f"- Command: `{cmd}`; database `{urlparse(r['database']).path.lstrip('/')}`, "
        f"{r['responses']:,} submitted responses.",
    ]
    if a["note"]:
        lines.append(f"- {a['note']}")
    lines += [
        "- Cold = first call on a new connection"
        + (", kernel page cache dropped" if a["drop_caches"] else ", page cache not dropped")
        + f": **{r['cold_ms']:.0f} ms** ("
        + ", ".join(f"{ms:.0f}" for ms in r["cold_per_query_ms"])
        + " ms per query).",
        f"- CPU time of the PostgreSQL backend for one serial call (parallel workers off): "
        f"{r['serial_cpu_s']:.2f} s (wall {r['serial_wall_s'] * 1000:.0f} ms).",
        "",
        "| max_parallel_workers_per_gather | warm total median (min–max), ms | "
        + " | ".join(r["labels"])
        + " |",
        "|---|---|" + "---|" * len(r["labels"]),
    ]
    for workers, s in r["warm"].items():
        lines.append(
            f"| {workers} | **{s['median_ms']:.0f}** ({s['min_ms']:.0f}–{s['max_ms']:.0f}) | "
            + " | ".join(f"{ms:.0f}" for ms in s["per_query_median_ms"])
            + " |"
        )
    lines += ["", "Plans (parallel workers 2; full text in bench/out/aggregates-plans.txt):", ""]
    for name, plan in zip(r["labels"], r["plans"], strict=True):
        lines.append(f"- {name}: {plan_summary(plan)}")
    lines += ["", f"Groups of answer choices returned: {r['answer_choice_groups']}.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
