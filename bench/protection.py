#!/usr/bin/env python
"""Benchmark: what the abuse protection (issue 11) costs a legitimate participant, and the
submissions per second of bench/submissions.py with it off and on, in one run.

    PYTHONSAFEPATH=1 REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/protection.py

(PYTHONSAFEPATH=1: bench/statistics.py would otherwise shadow the standard library's
``statistics`` in every script run from bench/, this one's children included.)

1. bench/submissions.py twice against the same database and machine, one after the other:
   PROTECTION_ENABLED=false, then true (rate limits counted in the cache of REDIS_URL, or
   the process's memory without it). The generator's 8 participants all come from
   127.0.0.1, so the limits are raised (PROTECTION_RATE_LIMITS) far above what they send:
   what is measured is the cost of counting, not the limits refusing them. Its participants
   send no proof of work (they are the « no JavaScript » participants, let in and flagged).
2. In process (django.test.Client, benchsite settings), one participant's journey (profile,
   3 steps, review), median of PROFILE_JOURNEYS: protection off; protection on without
   JavaScript (flagged); protection on with the proof of work solved (the solve timed apart:
   a browser does it with WebCrypto in Web Workers while the person fills the form).

Appends a section to bench/RESULTS.md (BENCH_NO_APPEND=1 to leave it alone); raw figures in
bench/out/protection-last-run.json. Knobs: those of submissions.py, PROFILE_JOURNEYS (10).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT)]

import pages  # noqa: E402

PYTHON = pages.PYTHON
OUT = pages.OUT
JOURNEYS = int(os.environ.get("PROFILE_JOURNEYS", "10"))
HIGH_LIMITS = json.dumps(
    {
        scope: {"ip": "1000000/10m", "participant": "1000000/10m"}
        for scope in ("participant", "write", "submit", "email", "token")
    }
)


def log(msg: str) -> None:
    print(f"[protection] {msg}", file=sys.stderr, flush=True)


def child_journeys() -> None:
    """In-process journeys with the protection off, on without JS, on with the PoW."""
    import django

    django.setup()
    from http.cookies import SimpleCookie

    from altcha import Challenge, Payload, solve_challenge
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings
    from submissions import PAGE_DATA, PATHS, build_questionnaire
    from submissions import profile_data as profile_form

    from concerto.protection.challenge import new_challenge

    info = build_questionnaire()
    profile_id = info["profile_id"]

    # One client for every journey, each starting with no cookies: a new Client builds a new
    # handler, and WhiteNoise rescans the static files (~0.5 s), an artefact.
    client = Client(HTTP_HOST="127.0.0.1")

    def journey(mode: str) -> dict:
        client.cookies = SimpleCookie()
        timings: list[float] = []
        cpu0 = time.process_time()
        solve_s = 0.0
        # The profile form as a browser posts it (with its hidden key ``cle``).
        profile_data = profile_form(profile_id, 0)
        steps = [("GET", PATHS["profile"], None)]
        t = time.perf_counter()
        client.get(PATHS["profile"])
        timings.append(time.perf_counter() - t)
        solve_cpu = 0.0
        if mode == "pow":
            s0, c0 = time.perf_counter(), time.process_time()
            challenge = Challenge.from_dict(new_challenge())
            payload = Payload(challenge=challenge, solution=solve_challenge(challenge))
            solve_s = time.perf_counter() - s0
            solve_cpu = time.process_time() - c0
            profile_data["altcha"] = payload.to_base64()
        posts = [
            ("POST", PATHS["profile"], profile_data),
            ("POST", PATHS["step1"], {**PAGE_DATA[1], "next": "1"}),
            ("POST", PATHS["step2"], {**PAGE_DATA[2], "next": "1"}),
            ("POST", PATHS["step3"], {**PAGE_DATA[3], "next": "1"}),
            ("POST", PATHS["review"], {}),
        ]
        for _method, path, data in posts:
            t = time.perf_counter()
            response = client.post(path, data)
            timings.append(time.perf_counter() - t)
            assert response.status_code == 302, (mode, path, response.status_code)
        steps += posts
        cpu = time.process_time() - cpu0 - solve_cpu
        return {
            "ms": sum(timings) * 1000,
            "cpu_ms": cpu * 1000,
            "requests": len(steps),
            "solve_ms": solve_s * 1000,
        }

    results = {}
    for mode, enabled in (("off", False), ("no_js_flagged", True), ("pow", True)):
        with override_settings(
            PROTECTION_ENABLED=enabled,
            PROTECTION_RATE_LIMITS={
                **settings.PROTECTION_RATE_LIMITS,
                **json.loads(HIGH_LIMITS),
            },
        ):
            cache.clear()
            journey(mode)  # warm-up
            runs = [journey(mode) for _ in range(JOURNEYS)]
        results[mode] = {
            "requests": runs[0]["requests"],
            "median_ms": round(statistics.median(r["ms"] for r in runs), 1),
            "median_cpu_ms": round(statistics.median(r["cpu_ms"] for r in runs), 1),
            "median_solve_ms": round(statistics.median(r["solve_ms"] for r in runs), 1),
        }
    # Each step alone, counted 300 times for one participant: the limits raised likewise.
    with override_settings(
        PROTECTION_ENABLED=True,
        PROTECTION_RATE_LIMITS={**settings.PROTECTION_RATE_LIMITS, **json.loads(HIGH_LIMITS)},
    ):
        results["operations"] = operations()
    static = ROOT / "src/concerto/protection/static/protection"
    results["static_files"] = {
        str(p.relative_to(static)): p.stat().st_size
        for p in [
            static / "altcha/altcha.min.js",
            static / "altcha/altcha.css",
            static / "challenge.js",
        ]
    }
    results["cache"] = settings.CACHES["default"]["BACKEND"]
    print(json.dumps(results))


def operations() -> dict:
    """Each protection step alone: wall and CPU milliseconds per call (median of runs)."""
    from altcha import Challenge, Payload, solve_challenge
    from django.test import RequestFactory

    from concerto.protection.challenge import new_challenge, verify_payload
    from concerto.protection.ratelimit import check

    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")
    request.session = {"concerto.participants": {"1": "jeton-de-banc"}}

    def timed(fn, n):
        walls, cpus = [], []
        for _ in range(n):
            w, c = time.perf_counter(), time.process_time()
            fn()
            walls.append(time.perf_counter() - w)
            cpus.append(time.process_time() - c)
        return {
            "wall_ms": round(statistics.median(walls) * 1000, 3),
            "cpu_ms": round(statistics.median(cpus) * 1000, 3),
        }

    payloads = []
    for _ in range(10):
        challenge = Challenge.from_dict(new_challenge())
        payloads.append(
            Payload(challenge=challenge, solution=solve_challenge(challenge)).to_base64()
        )
    return {
        "rate limit check (2 keys)": timed(lambda: check(request, "write"), 300),
        "challenge generation": timed(new_challenge, 300),
        "proof-of-work verification + replay claim": timed(
            lambda: verify_payload(payloads.pop()), 10
        ),
    }


def run_submissions(enabled: bool, env: dict) -> dict:
    run_env = dict(
        env,
        PROTECTION_ENABLED="true" if enabled else "false",
        PROTECTION_RATE_LIMITS=HIGH_LIMITS,
        BENCH_NO_APPEND="1",
    )
    log(f"bench/submissions.py with PROTECTION_ENABLED={run_env['PROTECTION_ENABLED']}")
    subprocess.run([PYTHON, str(BENCH / "submissions.py")], env=run_env, cwd=ROOT, check=True)
    return json.loads((OUT / "submissions-last-run.json").read_text())


def main() -> None:
    env = dict(os.environ)
    env.setdefault("BENCH_FLOWS", "browser,posts")
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    off = run_submissions(False, env)
    on = run_submissions(True, env)
    child_env = pages.django_env()
    child_env.update(
        DJANGO_SETTINGS_MODULE="benchsite.settings",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
    )
    journeys = json.loads(
        subprocess.run(
            [PYTHON, __file__, "--child-journeys"],
            env=child_env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()[-1]
    )
    (OUT / "protection-last-run.json").write_text(
        json.dumps({"off": off, "on": on, "journeys": journeys}, indent=2)
    )
    info = off["machine"]
    lines = [
        f"### Protection (issue 11) run {started}",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM; gunicorn, "
        "PostgreSQL, Redis and the load generator share these CPUs with other work.",
        "- Command: `PYTHONSAFEPATH=1 REDIS_URL="
        + (os.environ.get("REDIS_URL") or "")
        + f" BENCH_DURATION={os.environ.get('BENCH_DURATION', '20')}"
        + " .venv/bin/python bench/protection.py` (bench/submissions.py twice, "
        "PROTECTION_ENABLED=false then true, limits raised so that the 8 loopback clients are "
        "counted but never refused; then an in-process journey).",
        f"- Cache: {journeys['cache']}.",
        "",
        "| flow | protection | submissions/s | submission p50 (ms) | submission p99 (ms) | "
        "errors | acknowledged = in database | load avg |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, res in (("off", off), ("on", on)):
        for kind, r in res["run"]["flows"].items():
            if kind == "floor":
                continue
            lines.append(
                f"| {kind} | {label} | {r['submissions_per_s']:.1f} | "
                f"{r['submission_p50_ms']:.1f} | {r['submission_p99_ms']:.1f} | "
                f"{sum(r['errors'].values())} | {r['acknowledged_total']} = {r['in_database']} | "
                f"{r['loadavg_before']}→{r['loadavg_after']} |"
            )
    j = journeys
    lines += [
        "",
        f"One participant's journey in process (django.test.Client, benchsite settings, "
        f"median of {JOURNEYS}): GET profile, POST profile, 3 steps, review.",
        "",
        "| journey | requests | server wall time (ms) | added vs off (ms) | server CPU (ms) | "
        "added CPU vs off (ms) | proof of work solved by the client (ms) |",
        "|---|---|---|---|---|---|---|",
    ]
    for mode, label in (
        ("off", "protection off"),
        ("no_js_flagged", "protection on, no JavaScript (let in, flagged)"),
        ("pow", "protection on, proof of work"),
    ):
        added = j[mode]["median_ms"] - j["off"]["median_ms"]
        solve = j[mode]["median_solve_ms"] if mode == "pow" else 0
        added_cpu = j[mode]["median_cpu_ms"] - j["off"]["median_cpu_ms"]
        lines.append(
            f"| {label} | {j[mode]['requests']} | {j[mode]['median_ms']:.1f} | "
            f"{added:+.1f} | {j[mode]['median_cpu_ms']:.1f} | {added_cpu:+.1f} | {solve:.0f} |"
        )
    lines += [
        "",
        "Each step alone (median per call; wall includes the Redis round trips):",
        "",
        "| step | wall (ms) | CPU (ms) |",
        "|---|---|---|",
    ]
    for name, op in j["operations"].items():
        lines.append(f"| {name} | {op['wall_ms']:.3f} | {op['cpu_ms']:.3f} |")
    sizes = ", ".join(f"{k} {v / 1024:.1f} KiB" for k, v in j["static_files"].items())
    lines += [
        "",
        f"Requests added to the journey: none dynamic (the challenge is embedded in the "
        f"profile page, the solution posted with the profile); 3 static files on the profile "
        f"page, cached a year after the first visit ({sizes}). The solve above is Python's "
        "(hashlib PBKDF2, one thread); the widget solves in Web Workers with WebCrypto.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if os.environ.get("BENCH_NO_APPEND") != "1":
        with (BENCH / "RESULTS.md").open("a") as fh:
            fh.write("\n" + text)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child-journeys"]:
        child_journeys()
    else:
        main()
