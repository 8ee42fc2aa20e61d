"""A load test with a real tool: 500 visitors and 100 participants for 5 minutes (locust).

    .venv/bin/pip install -c requirements.lock -e '.[bench]'     # or: make bench-load
    .venv/bin/python bench/load.py

Sets up the bench database as bench/pages.py does (production settings, demo, collectstatic)
and the 15-question questionnaire of bench/submissions.py, starts gunicorn (gthread,
``BENCH_WORKERS`` × ``BENCH_THREADS``) with the shared cache in Redis (``LOAD_REDIS_URL``,
redis://127.0.0.1:6379/6 by default; ``LOAD_REDIS_URL=none`` for each process's memory),
runs ``locust`` headless (bench/locustfile.py) for ``LOAD_DURATION`` (300 s), then checks
that every submission the participants saw acknowledged is submitted in the database.
Prints a Markdown report (p50/p99 and errors of every page, requests/s, load average) and
appends it to bench/RESULTS.md unless ``BENCH_NO_APPEND=1``; raw CSV in bench/out/load_*.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT)]

import pages  # noqa: E402  (database, setup, gunicorn and machine helpers)

OUT = pages.OUT
DURATION = int(os.environ.get("LOAD_DURATION", "300"))
VISITORS = int(os.environ.get("VISITORS", "500"))
PARTICIPANTS = int(os.environ.get("PARTICIPANTS", "100"))
SPAWN_RATE = os.environ.get("LOAD_SPAWN_RATE", "20")
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/6")
ACK_FILE = OUT / "load-acknowledged.txt"


def acknowledged_in_database(keys: list[str]) -> int:
    import psycopg

    with psycopg.connect(pages.DATABASE_URL) as connection:
        row = connection.execute(
            "select count(distinct p.creation_key) from participation_participant p "
            "join surveys_response r on r.participant_id = p.id "
            "where r.status = 'submitted' and p.creation_key = any(%s)",
            [keys],
        ).fetchone()
    return row[0]


def main() -> None:
    env = pages.django_env()
    port = pages.free_port()
    host = f"http://127.0.0.1:{port}"
    env.update(
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        CSRF_TRUSTED_ORIGINS=host,
        # The protection (concerto.protection) is on, as deployed: every simulated
        # participant comes from 127.0.0.1, so the rate limits are raised above what they
        # send (pages.django_env: counted, never refusing), and, sending no proof of work,
        # they are let in and flagged like visitors without JavaScript.
        # LOAD_PROTECTION=false switches it off.
        PROTECTION_ENABLED=os.environ.get("LOAD_PROTECTION", "true"),
    )
    if REDIS_URL != "none":
        env.update(REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=f"bench-load-{os.getpid()}")
    OUT.mkdir(exist_ok=True)
    pages.setup(env)
    prod_env = dict(env, DJANGO_SETTINGS_MODULE="concerto.settings.production")
    setup_info = json.loads(
        pages.run(
            [pages.PYTHON, str(BENCH / "submissions.py"), "--child-setup"],
            prod_env,
            capture_output=True,
            text=True,
        ).stdout
    )
    ACK_FILE.write_text("")
    server = subprocess.Popen(
        pages.gunicorn_cmd("gthread", port),
        cwd=ROOT,
        env=dict(env, DJANGO_SETTINGS_MODULE="benchsite.settings"),
    )
    try:
        pages.wait_ready(port, server)
        load_before = os.getloadavg()
        started = time.time()
        locust = [
            str(Path(pages.PYTHON).parent / "locust"),
            *("-f", str(BENCH / "locustfile.py"), "--headless"),
            *("-u", str(VISITORS + PARTICIPANTS), "-r", SPAWN_RATE),
            *("-t", f"{DURATION}s", "--host", host, "--csv", str(OUT / "load")),
            "--only-summary",
        ]
        subprocess.run(
            locust,
            cwd=ROOT,
            env=dict(
                os.environ,
                VISITORS=str(VISITORS),
                PARTICIPANTS=str(PARTICIPANTS),
                LOAD_ACK_FILE=str(ACK_FILE),
                LOAD_PROFILE_ID=str(setup_info["profile_id"]),
            ),
            check=False,
        )
        elapsed = time.time() - started
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
    keys = [k for k in ACK_FILE.read_text().split() if k]
    found = acknowledged_in_database(keys)
    with (OUT / "load_stats.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    info = pages.machine()
    lines = [
        f"## Load test: {VISITORS} visitors and {PARTICIPANTS} participants for "
        f"{DURATION // 60} min (locust, {datetime.datetime.now(datetime.UTC).date().isoformat()})",
        "",
        f"`.venv/bin/python bench/load.py`; gunicorn gthread {pages.WORKERS} workers × "
        f"{pages.THREADS} threads, production settings, PostgreSQL, cache "
        f"{'Redis' if REDIS_URL != 'none' else 'per-process memory'}; locust on the same "
        f"machine. Machine: {info.get('cpu', '?')}, {info.get('nproc', '?')} CPUs; 1-minute "
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
        f"(the machine is shared). Measured {elapsed:.0f} s.",
        "",
        "| page | requests | failures | req/s | p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['99%']} |"
        )
    lines += [
        "",
        f"Acknowledged submissions: {len(keys)}; found submitted in the database: {found}"
        f"{'' if found == len(keys) else ' — MISMATCH'}.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    (OUT / "load-last-run.md").write_text(text)
    if os.environ.get("BENCH_NO_APPEND") != "1":
        with (BENCH / "RESULTS.md").open("a") as handle:
            handle.write("\n" + text)
    if found != len(keys):
        raise SystemExit("acknowledged submissions missing from the database")


if __name__ == "__main__":
    main()
