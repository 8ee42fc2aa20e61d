"""Issue 13's in-process figures, before and after, in one run: CPU time and SQL queries of
the home page, a theme page and a survey step (GET and POST), for one or more source trees.

    .venv/bin/python bench/fast_pages.py [TREE ...]     # default: this repository

Each tree (a checkout of Concerto, e.g. the main branch before a change) is profiled by a
child process with ``PYTHONPATH=TREE/src`` and the production settings on the bench
database (bench/pages.py's ``setup``: created, migrated, demo loaded, collectstatic; the
15-question questionnaire of bench/submissions.py). Trees are measured alternately,
``FAST_ROUNDS`` (3) rounds each, so that the machine's load weighs on all alike. Per URL:
SQL queries of one request, median CPU time of the process over ``PROFILE_REQUESTS`` (200)
requests (``time.process_time``: steadier than wall time on a shared machine), with the
whole-page cache where the tree has one (anonymous client), without it but with the kept
fragments (``PAGE_CACHE_ENABLED=false``: what a visitor with a session gets), and with
neither (``FRAGMENT_CACHE_ENABLED=false`` too: every request rendered in full). A tree with
its own ``.venv`` is run with that venv's Python. Prints a Markdown table; nothing is
appended. Needs only the project's venv (no test packages).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT)]

N = int(os.environ.get("PROFILE_REQUESTS", "200"))
ROUNDS = int(os.environ.get("FAST_ROUNDS", "3"))
SLUG = "strategie-numerique-culturelle"
URLS = {
    "home": "/",
    "theme": f"/consultations/{SLUG}/thematiques/metavers/",
}


def _median(values: list[float]) -> float:
    # (not ``statistics``: bench/ is on sys.path and may shadow the standard module)
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def child() -> None:
    import django

    django.setup()
    import secrets

    import submissions
    from django.db import connection
    from django.test import Client

    def measure(client, method: str, url: str, data=None) -> dict:
        send = client.post if method == "POST" else client.get
        captured: list[str] = []

        def record(execute, sql, params, many, context):
            captured.append(sql)
            return execute(sql, params, many, context)

        send(url, data)  # warm
        with connection.execute_wrapper(record):
            response = send(url, data)
        queries = len(captured)
        times = []
        for _ in range(N):
            start = time.process_time()
            send(url, data)
            times.append(time.process_time() - start)
        return {
            "status": response.status_code,
            "queries": queries,
            "cpu_ms": round(sorted(times)[len(times) // 2] * 1000, 3),
        }

    result = {}
    anonymous = Client(HTTP_HOST="127.0.0.1")
    for name, url in URLS.items():
        result[name] = measure(anonymous, "GET", url)
    participant = Client(HTTP_HOST="127.0.0.1")
    profile = submissions.profile_data(int(os.environ["FAST_PROFILE_ID"]), 0)
    profile["cle"] = secrets.token_urlsafe(24)
    participant.get(submissions.PATHS["profile"])
    participant.post(submissions.PATHS["profile"], profile)
    step = submissions.PATHS["step1"]
    result["step GET"] = measure(participant, "GET", step)
    result["step POST"] = measure(
        participant, "POST", step, {**submissions.PAGE_DATA[1], "next": "1"}
    )
    json.dump(result, sys.stdout)


def main(trees: list[Path]) -> None:
    import pages

    env = pages.django_env()
    env.update(SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false")
    if os.environ.get("FAST_SKIP_SETUP") != "1":  # the database is ready (another bench)
        pages.setup(env)
    prod = dict(env, DJANGO_SETTINGS_MODULE="concerto.settings.production")
    setup_info = json.loads(
        pages.run(
            [pages.PYTHON, str(BENCH / "submissions.py"), "--child-setup"],
            prod,
            capture_output=True,
            text=True,
        ).stdout
    )
    runs: dict[tuple[str, str], list[dict]] = {}
    for _ in range(ROUNDS):
        for tree in trees:
            python = tree / ".venv" / "bin" / "python"
            for cached in ("page", "fragments", "none"):
                child_env = dict(
                    prod,
                    PYTHONPATH=os.pathsep.join([str(tree / "src"), str(BENCH)]),
                    PAGE_CACHE_ENABLED="true" if cached == "page" else "false",
                    FRAGMENT_CACHE_ENABLED="false" if cached == "none" else "true",
                    FAST_PROFILE_ID=str(setup_info["profile_id"]),
                )
                done = subprocess.run(
                    [str(python) if python.exists() else pages.PYTHON, __file__, "--child"],
                    env=child_env,
                    cwd=tree,
                    check=False,
                    capture_output=True,
                    text=True,
                )
                if done.returncode:
                    raise SystemExit(f"{tree} failed:\n{done.stderr[-3000:]}")
                out = done.stdout
                runs.setdefault((str(tree), cached), []).append(json.loads(out))
    load = os.getloadavg()[0]
    lines = [
        f"In-process, production settings, PostgreSQL; median CPU ms of {N} requests, "
        f"median of {ROUNDS} rounds; 1-minute load average {load:.1f} at the end.",
        "",
        "| tree | cache (page: whole page; fragments: kept parts only; none) | page | queries "
        "| CPU ms |",
        "|---|---|---|---:|---:|",
    ]
    for (tree, cached), results in runs.items():
        for page in results[0]:
            cpu = _median([r[page]["cpu_ms"] for r in results])
            lines.append(
                f"| {tree} | {cached} | {page} | {results[0][page]['queries']} | {cpu:.2f} |"
            )
    print("\n".join(lines))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child()
    else:
        main([Path(p).resolve() for p in sys.argv[1:]] or [ROOT])
