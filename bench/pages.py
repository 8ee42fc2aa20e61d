#!/usr/bin/env python
"""Benchmark: Concerto pages vs a bare Django view, gunicorn + PostgreSQL + wrk.

One command, from the repository root:

    .venv/bin/python bench/pages.py

It creates/migrates the database (default postgres://postgres@127.0.0.1:5432/concerto_bench),
loads the demo content, runs collectstatic (into bench/out/static), profiles each URL in
process (SQL queries, in-process time), then for each gunicorn configuration starts gunicorn
on a free loopback port, checks that every URL answers 200, runs wrk against each URL
(warm-up, then the measured run), stops gunicorn, prints a table and appends it to
bench/RESULTS.md.

Knobs (environment): BENCH_DATABASE_URL, BENCH_DURATION (s, default 20), BENCH_WARMUP
(s, default 5), BENCH_CONNECTIONS (default 16), BENCH_WRK_THREADS (default 2),
BENCH_WORKERS (default 2), BENCH_CONFIGS (default "sync,gthread"), BENCH_THREADS (gthread
threads per worker, default 4), BENCH_NO_APPEND=1 to leave RESULTS.md alone.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"  # git-ignored
PYTHON = sys.executable

URLS = [
    ("bare", "/bench/bare/"),
    ("home", "/"),
    ("theme", "/consultations/strategie-numerique-culturelle/thematiques/metavers/"),
    ("consultations", "/consultations/"),
    ("consultation", "/consultations/strategie-numerique-culturelle/"),
    ("themes", "/consultations/strategie-numerique-culturelle/thematiques/"),
    ("documents", "/consultations/strategie-numerique-culturelle/documents/"),
    ("agenda", "/consultations/strategie-numerique-culturelle/webinaires/"),
    ("results", "/consultations/strategie-numerique-culturelle/resultats/"),
    (
        "theme results",
        "/consultations/strategie-numerique-culturelle/thematiques/priorites/resultats/",
    ),
    ("decisions", "/consultations/strategie-numerique-culturelle/decisions/"),
]

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/concerto_bench"
)
DURATION = int(os.environ.get("BENCH_DURATION", "20"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WRK_THREADS = int(os.environ.get("BENCH_WRK_THREADS", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
CONFIGS = [c.strip() for c in os.environ.get("BENCH_CONFIGS", "sync,gthread").split(",") if c]


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def run(cmd: list[str], env: dict, **kw) -> subprocess.CompletedProcess:
    log("$ " + shlex.join(cmd))
    return subprocess.run(cmd, env=env, check=True, cwd=ROOT, **kw)


# The benchmarks' clients all come from 127.0.0.1: the rate limits (issue 11) are raised far
# above what they send, so that they are counted but never refuse them (bench/protection.py
# measures the protection on and off).
HIGH_RATE_LIMITS = json.dumps(
    {
        scope: {"ip": "1000000/10m", "participant": "1000000/10m"}
        for scope in ("participant", "write", "submit", "email", "token")
    }
)


def django_env() -> dict:
    env = dict(os.environ)
    env.setdefault("PROTECTION_RATE_LIMITS", HIGH_RATE_LIMITS)
    env.update(
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=DATABASE_URL,
        SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback
        # Required by the production settings (the accessibility statement); bench values.
        ACCESSIBILITY_CONTACT=os.environ.get("ACCESSIBILITY_CONTACT", "bench@example.org"),
        ACCESSIBILITY_STATEMENT_DATE=os.environ.get("ACCESSIBILITY_STATEMENT_DATE", "2026-11-30"),
        ACCESSIBILITY_PLAN_URL=os.environ.get(
            "ACCESSIBILITY_PLAN_URL", "https://example.org/schema-pluriannuel"
        ),
        STATIC_ROOT=str(OUT / "static"),
        MEDIA_ROOT=str(OUT / "media"),
        CONCERTO_VAR_DIR=str(OUT / "var"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(BENCH)]),
    )
    return env


def ensure_database(env: dict) -> None:
    from urllib.parse import urlparse

    url = urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise SystemExit(f"unexpected database name {name!r}")
    psql = [
        "psql",
        "-h",
        url.hostname or "127.0.0.1",
        "-p",
        str(url.port or 5432),
        "-U",
        url.username or "postgres",
        "-d",
        "postgres",
        "-tAc",
    ]
    exists = subprocess.run(
        [*psql, f"select 1 from pg_database where datname='{name}'"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if exists != "1":
        run([*psql, f"create database {name}"], env)


def setup(env: dict) -> None:
    OUT.mkdir(exist_ok=True)
    ensure_database(env)
    setup_env = dict(env, DJANGO_SETTINGS_MODULE="concerto.settings.production")
    manage = [PYTHON, str(ROOT / "manage.py")]
    run([*manage, "migrate", "--noinput", "-v", "0"], setup_env)
    run([*manage, "load_demo"], setup_env)
    run([*manage, "collectstatic", "--noinput", "-v", "0"], setup_env)


def profile(env: dict) -> dict:
    cmd = [PYTHON, str(BENCH / "count_queries.py"), *[u for _, u in URLS]]
    out = run(
        cmd, dict(env, DJANGO_SETTINGS_MODULE="benchsite.settings"), capture_output=True, text=True
    ).stdout
    return json.loads(out)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn_cmd(config: str, port: int) -> list[str]:
    cmd = [
        str(Path(PYTHON).parent / "gunicorn"),
        "concerto.wsgi:application",
        "--pythonpath",
        f"{ROOT / 'src'},{BENCH}",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--error-logfile",
        str(OUT / f"gunicorn-{config}.log"),
        "--log-level",
        "warning",
    ]
    if config == "sync":
        cmd += ["--worker-class", "sync"]
    elif config == "gthread":
        # Idle connections kept longer than the clients' think time (the Procfile's 75 s):
        # with gunicorn's default 2 s, a client reusing a connection the server is closing
        # sees it reset (the keep-alive race a reverse proxy meets too).
        cmd += ["--worker-class", "gthread", "--threads", str(THREADS), "--keep-alive", "75"]
    else:
        raise SystemExit(f"unknown config {config!r} (sync, gthread)")
    return cmd


def get_status(port: int, path: str) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, len(resp.read())
    finally:
        conn.close()


def wait_ready(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}; see {OUT}/gunicorn-*.log")
        try:
            get_status(port, "/bench/bare/")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 30 s")


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * UNITS[m.group(2)]


def wrk(port: int, path: str, duration: int) -> dict:
    # --timeout 10s: wrk's default (2 s) drops slower responses from the latency statistics.
    cmd = [
        "wrk",
        "-t",
        str(WRK_THREADS),
        "-c",
        str(CONNECTIONS),
        "-d",
        f"{duration}s",
        "--timeout",
        "10s",
        "--latency",
        f"http://127.0.0.1:{port}{path}",
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    pct = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", out, re.M))
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": to_ms(pct["50"]),
        "p90_ms": to_ms(pct["90"]),
        "p99_ms": to_ms(pct["99"]),
        "requests": int(total.group(1)),
        "non_2xx_3xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": dict(
            zip(("connect", "read", "write", "timeout"), map(int, sock.groups()), strict=False)
        )
        if sock
        else {},
        "raw": out,
    }


def bench_config(config: str, env: dict) -> dict:
    port = free_port()
    cmd = gunicorn_cmd(config, port)
    log("$ " + shlex.join(cmd))
    proc = subprocess.Popen(
        cmd,
        env=dict(env, DJANGO_SETTINGS_MODULE="benchsite.settings"),
        cwd=ROOT,
        start_new_session=True,
    )
    results = {"command": shlex.join(cmd), "urls": {}}
    try:
        wait_ready(port, proc)
        for name, path in URLS:
            status, size = get_status(port, path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}, expected 200")
            log(f"{config} {name}: 200, {size} bytes; warm-up {WARMUP}s, run {DURATION}s")
            if WARMUP:
                wrk(port, path, WARMUP)
            load_before = Path("/proc/loadavg").read_text().split()[0]
            r = wrk(port, path, DURATION)
            r["loadavg_before"] = load_before
            r["loadavg_after"] = Path("/proc/loadavg").read_text().split()[0]
            r["status"], r["bytes"] = status, size
            results["urls"][name] = r
            if r["non_2xx_3xx"] or any(r["socket_errors"].values()):
                log(
                    f"WARNING {name}: non-2xx/3xx={r['non_2xx_3xx']} "
                    f"socket errors={r['socket_errors']}"
                )
    finally:
        proc.send_signal(signal.SIGTERM)  # graceful stop of the gunicorn master we started
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return results


def backend_cpu(pid: int) -> float:
    """utime + stime of a PostgreSQL backend (``pg_backend_pid()``), in seconds (same
    machine)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def publish(name: str, result: dict, text: str) -> None:
    """Keep a run's raw figures in ``bench/out/<name>-last-run.json``, print its report and
    append it to ``bench/RESULTS.md`` (unless ``BENCH_NO_APPEND=1``)."""
    OUT.mkdir(exist_ok=True)
    (OUT / f"{name}-last-run.json").write_text(json.dumps(result, indent=2))
    print(text)
    if os.environ.get("BENCH_NO_APPEND") != "1":
        with (BENCH / "RESULTS.md").open("a") as fh:
            fh.write("\n" + text)


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))

    def out(cmd: list[str]) -> str:
        p = subprocess.run(cmd, capture_output=True, text=True)
        return (p.stdout or p.stderr).strip().splitlines()[0]

    code = "import django, gunicorn, psycopg; print(django.get_version(), gunicorn.__version__, psycopg.__version__)"
    dj, gu, pg = out([PYTHON, "-c", code]).split()
    pg_server = out(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "show server_version"])
    return {
        "date": out(["date", "-u"]),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "kernel": out(["uname", "-r"]),
        "python": sys.version.split()[0],
        "django": dj,
        "gunicorn": gu,
        "psycopg": pg,
        "postgres": pg_server,
        "wrk": out(["wrk", "-v"]),
    }


def ratio(a: float, b: float, digits: int) -> str:
    return f"{a / b:.{digits}f}" if b else "n/a"


def report(info: dict, prof: dict, runs: dict) -> str:
    lines = [
        f"### Run {info['date']}",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM, "
        f"Linux {info['kernel']}; gunicorn, PostgreSQL and wrk share these CPUs.",
        f"- Software: Python {info['python']}, Django {info['django']}, gunicorn "
        f"{info['gunicorn']}, psycopg {info['psycopg']}, PostgreSQL {info['postgres']}, "
        f"{info['wrk']}.",
        f"- Command: `.venv/bin/python bench/pages.py` (BENCH_DURATION={DURATION}, "
        f"BENCH_WARMUP={WARMUP}, BENCH_CONNECTIONS={CONNECTIONS}, "
        f"BENCH_WRK_THREADS={WRK_THREADS}, BENCH_WORKERS={WORKERS}, BENCH_THREADS={THREADS})",
        f"- Load: `wrk -t {WRK_THREADS} -c {CONNECTIONS} -d {DURATION}s --timeout 10s --latency URL` after a "
        f"{WARMUP} s warm-up of the same URL; database {DATABASE_URL.rsplit('/', 1)[-1]} "
        "(demo content), production settings, DEBUG off, persistent DB connections (CONN_MAX_AGE 60).",
        "- Load average is the 1-minute figure of /proc/loadavg just before and after each measured "
        "wrk run: above ~2 (gunicorn + wrk + PostgreSQL) means other processes shared the CPUs.",
        "",
        "In-process profile (django.test.Client, no HTTP; median of "
        f"{os.environ.get('PROFILE_REQUESTS', '200')} sequential requests):",
        "",
        "| URL | status | bytes | SQL queries | mean SQL time (ms) | median in-process time (ms) |",
        "|---|---|---|---|---|---|",
    ]
    for name, path in URLS:
        p = prof[path]
        lines.append(
            f"| {name} `{path}` | {p['status']} | {p['bytes']} | {p['queries']} | "
            f"{p['sql_ms']:.2f} | {p['median_ms']:.2f} |"
        )
    for config, res in runs.items():
        lines += [
            "",
            f"gunicorn `{config}`: `{res['command'].replace(str(ROOT) + '/', '')}`",
            "",
            "| URL | req/s | p50 (ms) | p90 (ms) | p99 (ms) | requests | non-2xx/3xx | "
            "socket errors | req/s ratio page/bare | p50 ratio page/bare | load avg before→after |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        bare = res["urls"]["bare"]
        for name, _ in URLS:
            r = res["urls"][name]
            errs = sum(r["socket_errors"].values())
            err_txt = (
                f"{errs} ({', '.join(f'{k} {v}' for k, v in r['socket_errors'].items() if v)})"
                if errs
                else "0"
            )
            lines.append(
                f"| {name} | {r['rps']:.0f} | {r['p50_ms']:.2f} | {r['p90_ms']:.2f} | "
                f"{r['p99_ms']:.2f} | {r['requests']} | {r['non_2xx_3xx']} | {err_txt} | "
                f"{ratio(r['rps'], bare['rps'], 3)} | {ratio(r['p50_ms'], bare['p50_ms'], 1)} | "
                f"{r['loadavg_before']}→{r['loadavg_after']} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    env = django_env()
    setup(env)
    prof = profile(env)
    runs = {c: bench_config(c, env) for c in CONFIGS}
    info = machine()
    (OUT / "last-run.json").write_text(
        json.dumps({"machine": info, "profile": prof, "runs": runs}, indent=2)
    )
    text = report(info, prof, runs)
    print(text)
    if os.environ.get("BENCH_NO_APPEND") != "1":
        results = BENCH / "RESULTS.md"
        if not results.exists():
            results.write_text("# Benchmark results\n\n")
        with results.open("a") as fh:
            fh.write("\n" + text)
        log(f"appended to {results}")


if __name__ == "__main__":
    main()
