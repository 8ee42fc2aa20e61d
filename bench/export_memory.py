#!/usr/bin/env python
"""Peak memory and time of the background export (CSV zip and XLSX) of N responses.

One command, from the repository root, on the PostgreSQL database in DATABASE_URL (filled
by bench/fill_million.py or ``manage.py generate_responses``):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concerto_million \\
        .venv/bin/python bench/export_memory.py 10000 100000 1000000

For each N and each format (``--formats csv,xlsx``) a fresh Python process, started under
``/usr/bin/time -v``, runs the export's writer (``concerto.exports.files``: the code the
task runs, minus the one-row UPDATEs of its progress) on the first N submitted responses,
by number, of the questionnaire that has the most (or ``--questionnaire ID``), into a
temporary folder. It reports the process's peak resident memory (``ru_maxrss``, the
figure ``/usr/bin/time -v`` prints as « Maximum resident set size »), the resident memory
before the export started (Django loaded, structure read), the elapsed time, the time to
the first 2,000 rows, the process's CPU time (user + system: what the export costs the
worker whatever the load of the machine, PostgreSQL's own time excluded) and the file's
size. ``--tracemalloc`` adds the peak of Python
allocations (slower: it traces every allocation).

Nothing is written to the database. The results are printed and appended to
bench/RESULTS.md (``BENCH_NO_APPEND=1`` to leave it alone).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable


def log(message: str) -> None:
    print(f"[export-bench] {message}", file=sys.stderr, flush=True)


# --- the measured process -------------------------------------------------------------------


def child(n: int, fmt: str, questionnaire_id: int | None, trace: bool) -> None:
    import resource
    import tempfile
    import tracemalloc

    sys.path[:0] = [str(ROOT / "src")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concerto.settings.dev")
    os.environ["DEBUG"] = "false"  # no query log kept in memory
    import django

    django.setup()
    from django.db.models import Count, Q

    from concerto.exports import files
    from concerto.surveys import exports as rows
    from concerto.surveys.models import Questionnaire, ResponseStatus
    from concerto.surveys.structure import load

    submitted = Q(responses__status=ResponseStatus.SUBMITTED)
    counted = Questionnaire.objects.annotate(n=Count("responses", filter=submitted))
    if questionnaire_id:
        questionnaire = counted.get(pk=questionnaire_id)
    else:
        questionnaire = counted.order_by("-n").first()
    if questionnaire is None or questionnaire.n < n:
        found = questionnaire.n if questionnaire else 0
        raise SystemExit(f"only {found} submitted responses: fill the database first")
    # The first N responses by number: a bound on the primary key keeps the export's own
    # query (and its server-side cursor) as the product runs it.
    everything = rows.submitted_responses
    last = everything(questionnaire).values_list("pk", flat=True)[n - 1]
    rows.submitted_responses = lambda q: everything(q).filter(pk__lte=last)
    definition = load(questionnaire.pk)

    reports = []
    started = time.perf_counter()

    def progress(done: int) -> None:
        reports.append((done, time.perf_counter() - started))

    writer = {"csv": files.write_csv_zip, "xlsx": files.write_xlsx}[fmt]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    with tempfile.TemporaryDirectory(prefix="export-bench-") as folder:
        path = Path(folder) / f"export.{'zip' if fmt == 'csv' else 'xlsx'}"
        started = time.perf_counter()
        count = writer(path, questionnaire, definition, progress)
        elapsed = time.perf_counter() - started
        size = path.stat().st_size
    traced = tracemalloc.get_traced_memory()[1] if trace else None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "questionnaire": questionnaire.pk,
                "questions": len(definition.answerable),
                "columns": len(rows.header(definition)),
                "rows": count,
                "seconds": round(elapsed, 2),
                "first_rows_seconds": round(reports[0][1], 2) if reports else None,
                "rss_before_mb": round(before / 1024, 1),
                "peak_rss_mb": round(peak / 1024, 1),
                "python_peak_mb": round(traced / 2**20, 1) if traced is not None else None,
                "file_mb": round(size / 2**20, 1),
            }
        )
    )


# --- the driver -----------------------------------------------------------------------------


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    server = subprocess.run(
        ["psql", os.environ["DATABASE_URL"], "-tAc", "show server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    load = Path("/proc/loadavg").read_text().split()[0]
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory / 2**20:.1f} GiB RAM; Python "
        f"{sys.version.split()[0]}, PostgreSQL {server} on the same machine; 1-minute load "
        f"average at the start: {load}"
    )


def measure(n: int, fmt: str, questionnaire: int | None, trace: bool) -> dict:
    command = [PYTHON, __file__, str(n), "--child", fmt]
    if questionnaire:
        command += ["--questionnaire", str(questionnaire)]
    if trace:
        command.append("--tracemalloc")
    timed = ["/usr/bin/time", "-v", *command] if Path("/usr/bin/time").exists() else command
    log("$ " + shlex.join(timed))
    done = subprocess.run(timed, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    result["time_v_max_rss_mb"] = round(int(found.group(1)) / 1024, 1) if found else None
    user = re.search(r"User time \(seconds\): ([\d.]+)", done.stderr)
    system = re.search(r"System time \(seconds\): ([\d.]+)", done.stderr)
    result["cpu_seconds"] = (
        round(float(user.group(1)) + float(system.group(1)), 1) if user and system else None
    )
    result["load_after"] = Path("/proc/loadavg").read_text().split()[0]
    result["format"] = fmt
    log(json.dumps(result))
    return result


def report(results: list[dict], command: str) -> str:
    lines = [
        f"## Export memory and time ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {machine()}.",
        "",
        "| format | responses | columns | time | CPU of the process | first 2,000 rows | "
        "peak RSS | RSS before | Python peak (tracemalloc) | file | load after |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        traced = f"{r['python_peak_mb']} MB" if r["python_peak_mb"] is not None else "—"
        lines.append(
            f"| {r['format']} | {r['rows']:,} | {r['columns']} | {r['seconds']} s | "
            f"{r.get('cpu_seconds', '—')} s | {r['first_rows_seconds']} s | {r['peak_rss_mb']} MB | "
            f"{r['rss_before_mb']} MB | {traced} | {r['file_mb']} MB | {r.get('load_after', '—')} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("responses", type=int, nargs="+", help="N: how many responses to export")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--questionnaire", type=int, default=None)
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--child", metavar="FORMAT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.responses[0], args.child, args.questionnaire, args.tracemalloc)
        return
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to the PostgreSQL database holding the responses")
    results = [
        measure(n, fmt, args.questionnaire, args.tracemalloc)
        for n in args.responses
        for fmt in args.formats.split(",")
    ]
    url = os.environ["DATABASE_URL"]
    command = f"DATABASE_URL={url} .venv/bin/python bench/export_memory.py " + " ".join(
        sys.argv[1:]
    )
    text = report(results, command)
    print(text)
    if not os.environ.get("BENCH_NO_APPEND"):
        with (BENCH / "RESULTS.md").open("a") as results_file:
            results_file.write("\n" + text)


if __name__ == "__main__":
    main()
