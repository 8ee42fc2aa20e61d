#!/usr/bin/env python
"""Benchmark: complete questionnaire submissions per second through HTTP, vs a one-row insert.

One command, from the repository root:

    .venv/bin/python bench/submissions.py

It prepares the database (default postgres://postgres@127.0.0.1:5432/concerto_bench:
migrate, load_demo, collectstatic — the helpers of bench/pages.py), (re)creates a dedicated
published questionnaire of 15 answerable questions in 3 sections on the open demo theme
« metavers », creates the bench-only table bench_floor, profiles one submission in process
(django.test.Client + CaptureQueriesContext), starts gunicorn (sync workers, production
settings through benchsite.settings), then runs a multiprocess Python load generator three
times against the same gunicorn:

  browser   — every GET a browser makes plus the POSTs (12 requests per submission);
  posts     — one GET of the profile page (CSRF cookie), then only the POSTs (6 requests);
  floor     — POST /bench/floor/, a view that inserts one row and answers 201 after COMMIT.

After each run it compares what the generator saw acknowledged (302 to the confirmation
page; 201 for the floor) with what the database holds (Response rows with status
« submitted » added during the run; rows in bench_floor). It prints a Markdown report and
appends it to bench/RESULTS.md; raw figures go to bench/out/submissions-last-run.json.

Knobs (environment): BENCH_DATABASE_URL, BENCH_DURATION (s, 20), BENCH_WARMUP (s, 5),
BENCH_CLIENTS (generator processes = concurrent participants, 8), BENCH_WORKERS (gunicorn
sync workers, 2), BENCH_FLOWS (browser,posts,floor; also onepage: the posts-only journey on
the same questionnaire in one-page mode), BENCH_WITH_EMAIL=1 (participants give an e-mail
address: resume-link and receipt e-mails are queued), PROFILE_SUBMISSIONS (20),
BENCH_QUIET_LOAD (1.5) and BENCH_QUIET_WAIT (s, 180): wait for the 1-minute load average to
fall below the threshold before measuring, BENCH_NO_APPEND=1 to leave RESULTS.md alone.

Internal modes (run by this script in child processes with Django settings):
--child-setup, --child-profile.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import multiprocessing as mp
import os
import secrets
import shlex
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT)]

import pages  # noqa: E402  (bench/pages.py: database, setup, gunicorn and machine helpers)
from tests.surveys.answers import VALID_PAGES  # noqa: E402  (plain data, no Django)

OUT = pages.OUT
PYTHON = pages.PYTHON
DATABASE_URL = pages.DATABASE_URL
DURATION = int(os.environ.get("BENCH_DURATION", "20"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
WORKERS = pages.WORKERS  # BENCH_WORKERS, default 2
FLOWS = [f.strip() for f in os.environ.get("BENCH_FLOWS", "browser,posts,floor").split(",") if f]
WITH_EMAIL = os.environ.get("BENCH_WITH_EMAIL") == "1"
PROFILE_SUBMISSIONS = int(os.environ.get("PROFILE_SUBMISSIONS", "20"))
QUIET_LOAD = float(os.environ.get("BENCH_QUIET_LOAD", "1.5"))
QUIET_WAIT = int(os.environ.get("BENCH_QUIET_WAIT", "180"))
HTTP_TIMEOUT = 30

CONSULTATION = "strategie-numerique-culturelle"
THEME = "metavers"
QUESTIONNAIRE = "banc-essai-15-questions"
BASE = f"/consultations/{CONSULTATION}/thematiques/{THEME}/enquetes/{QUESTIONNAIRE}/"
PATHS = {
    "start": BASE,
    "profile": BASE + "profil/",
    "step1": BASE + "etape/1/",
    "step2": BASE + "etape/2/",
    "step3": BASE + "etape/3/",
    "review": BASE + "recapitulatif/",
    "confirmation": BASE + "confirmation/",
}
# The same questionnaire in one-page mode (the manager's choice, issue 13): every question
# on one page, then the review.
ONE_PAGE = "banc-essai-une-page"
BASE_ONE = f"/consultations/{CONSULTATION}/thematiques/{THEME}/enquetes/{ONE_PAGE}/"
PATHS_ONE = {
    "profile": BASE_ONE + "profil/",
    "page": BASE_ONE + "etape/1/",
    "review": BASE_ONE + "recapitulatif/",
    "confirmation": BASE_ONE + "confirmation/",
}
FLOOR_PATH = "/bench/floor/"
FLOOR_DDL = (
    "CREATE TABLE IF NOT EXISTS bench_floor (id bigserial primary key, "
    "created_at timestamptz default now(), payload text)"
)

# The tests' answers to their questionnaire, plus the bench's two extra questions and
# matrix row: the 15 answerable questions, every display condition satisfied so that all 15
# are visible.
PAGE_DATA = {
    1: VALID_PAGES[1],
    2: VALID_PAGES[2],
    3: {
        **VALID_PAGES[3],
        "q-tableau-diffusion": "pour",
        "q-canaux": ["web", "presse"],
        "q-ville": "Brest",
    },
}


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


# --- child processes with Django (production settings / benchsite.settings) -----------------


def build_questionnaire() -> dict:
    """(Re)create the bench questionnaire on the open demo theme; return what the client needs.

    It is the tests' questionnaire of every kind (tests/surveys/spec.py) with two more
    questions and a third matrix row: 15 answerable questions in 3 sections.
    """
    import copy

    from django.db import transaction
    from tests.surveys.spec import SPEC, choices  # plain data: no factory_boy needed

    from concerto.consultations.models import Theme
    from concerto.surveys.builders import create_questionnaire
    from concerto.surveys.models import (
        Participant,
        Question,
        QuestionKind,
        Questionnaire,
        Response,
    )

    K = QuestionKind
    spec = copy.deepcopy(SPEC)
    spec.update(
        title="Banc d’essai : 15 questions en 3 étapes",
        slug=QUESTIONNAIRE,
        introduction="Questionnaire créé par bench/submissions.py.",
        order=99,
    )
    priorities = spec["sections"][2]["questions"]
    priorities[1]["rows"] = choices("formation", "financement", "diffusion")
    priorities[2:2] = [
        {
            "code": "canaux",
            "kind": "multiple_choice",
            "label": "Par quels canaux vous informer ?",
            "choices": choices("web", "presse", "radio", "affichage"),
        },
        {"code": "ville", "kind": "short_text", "label": "Votre commune"},
    ]
    theme = Theme.objects.select_related("consultation").get(
        consultation__slug=CONSULTATION, slug=THEME
    )
    one_page_spec = dict(
        copy.deepcopy(spec),
        slug=ONE_PAGE,
        title="Banc d’essai : 15 questions sur une page",
        one_page=True,
        order=100,
    )
    with transaction.atomic():
        for slug in (QUESTIONNAIRE, ONE_PAGE):
            old = Questionnaire.objects.filter(theme=theme, slug=slug).first()
            if old is not None:  # refresh: drop the previous runs' participants and responses
                Participant.objects.filter(responses__questionnaire=old).delete()
                Response.objects.filter(questionnaire=old).delete()
                old.delete()
        # Participants left without any response: runs cut short by the deadline.
        Participant.objects.filter(consultation=theme.consultation, responses__isnull=True).delete()
        questionnaire = create_questionnaire(theme=theme, spec=spec)
        one_page = create_questionnaire(theme=theme, spec=one_page_spec)

    answerable = (
        Question.objects.filter(section__questionnaire=questionnaire)
        .exclude(kind__in=[K.HEADING, K.TEXT])
        .count()
    )
    assert answerable == 15, answerable
    assert questionnaire.is_accepting_answers(), (
        "theme not open: the questionnaire takes no answers"
    )
    assert questionnaire.get_absolute_url() == PATHS["start"], questionnaire.get_absolute_url()
    profile = theme.consultation.profiles.filter(is_organisation=False).order_by("pk").first()
    return {
        "questionnaire_id": questionnaire.pk,
        "one_page_questionnaire_id": one_page.pk,
        "profile_id": profile.pk,
        "answerable_questions": answerable,
        "sections": 3,
    }


def profile_data(profile_id: int, n: int) -> dict[str, str]:
    # ``cle``: the hidden key the profile form carries (a double post finds the participant
    # it created); a browser posts the one the page gave it, any fresh random key is alike.
    data = {
        "profile": str(profile_id),
        "organisation_name": "",
        "departement": "29",
        "email": "",
        "cle": secrets.token_urlsafe(24),
    }
    if WITH_EMAIL:
        data["email"] = f"participant-{os.getpid()}-{n}@example.org"
    return data


def flow(kind: str, profile_id: int, n: int) -> list[tuple]:
    """(name, method, path, form data or None, expected status, expected Location suffix)."""
    # "Commencer" on the start page is a link to the profile step: nothing is posted
    # before the profile.
    post = [
        (
            "POST profile",
            "POST",
            PATHS["profile"],
            profile_data(profile_id, n),
            302,
            PATHS["step1"],
        ),
        ("POST step 1", "POST", PATHS["step1"], {**PAGE_DATA[1], "next": "1"}, 302, PATHS["step2"]),
        ("POST step 2", "POST", PATHS["step2"], {**PAGE_DATA[2], "next": "1"}, 302, PATHS["step3"]),
        (
            "POST step 3",
            "POST",
            PATHS["step3"],
            {**PAGE_DATA[3], "next": "1"},
            302,
            PATHS["review"],
        ),
        ("POST review", "POST", PATHS["review"], {}, 302, PATHS["confirmation"]),
    ]
    get_start = ("GET start", "GET", PATHS["start"], None, 200, None)
    if kind == "onepage":
        # Posts only, on the one-page questionnaire: profile, the page, the review.
        every_answer = {**PAGE_DATA[1], **PAGE_DATA[2], **PAGE_DATA[3], "next": "1"}
        return [
            ("GET profile", "GET", PATHS_ONE["profile"], None, 200, None),
            (
                "POST profile",
                "POST",
                PATHS_ONE["profile"],
                profile_data(profile_id, n),
                302,
                PATHS_ONE["page"],
            ),
            ("POST page", "POST", PATHS_ONE["page"], every_answer, 302, PATHS_ONE["review"]),
            ("POST review", "POST", PATHS_ONE["review"], {}, 302, PATHS_ONE["confirmation"]),
        ]
    if kind == "posts":
        # The profile page is the first form, and sets the CSRF cookie.
        return [("GET profile", "GET", PATHS["profile"], None, 200, None), *post]
    gets = [
        ("GET profile", "GET", PATHS["profile"], None, 200, None),
        ("GET step 1", "GET", PATHS["step1"], None, 200, None),
        ("GET step 2", "GET", PATHS["step2"], None, 200, None),
        ("GET step 3", "GET", PATHS["step3"], None, 200, None),
        ("GET review", "GET", PATHS["review"], None, 200, None),
    ]
    steps = [get_start]
    for get, p in zip(gets, post, strict=True):
        steps += [get, p]
    steps.append(("GET confirmation", "GET", PATHS["confirmation"], None, 200, None))
    return steps


def child_setup() -> None:
    import django

    django.setup()
    print(json.dumps(build_questionnaire()))


def child_profile(profile_id: int) -> None:
    """One submission's requests in process: queries, SQL time and total time per request."""
    import django

    django.setup()
    from http.cookies import SimpleCookie

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    per_request: dict[str, dict] = defaultdict(lambda: {"ms": [], "queries": [], "sql_ms": []})
    sample_sql: dict[str, list[str]] = {}
    # One Client for all participants (a new Client builds a new handler, and WhiteNoise
    # rescans the static files, ~0.5 s); each participant starts with no cookies.
    client = Client(HTTP_HOST="127.0.0.1")  # CSRF not enforced by the test client
    for n in range(PROFILE_SUBMISSIONS + 1):  # the first submission warms caches, not counted
        client.cookies = SimpleCookie()
        for name, method, path, data, status, location in flow("browser", profile_id, n):
            reset_queries()  # CaptureQueriesContext indexes connection.queries from here
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(path) if method == "GET" else client.post(path, data or {})
                elapsed = time.perf_counter() - start
            if response.status_code != status or (
                location and not response.get("Location", "").endswith(location)
            ):
                raise SystemExit(
                    f"profile: {name} answered {response.status_code} {response.get('Location')!r}"
                )
            if n == 0:
                continue
            rec = per_request[name]
            rec["ms"].append(elapsed * 1000)
            rec["queries"].append(len(ctx.captured_queries))
            rec["sql_ms"].append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
            rec["bytes"] = len(response.content)
            if name not in sample_sql:
                sample_sql[name] = [q["sql"][:200] for q in ctx.captured_queries]
    result = {
        name: {
            "median_ms": round(statistics.median(r["ms"]), 2),
            "queries": max(r["queries"]),
            "sql_ms": round(statistics.mean(r["sql_ms"]), 2),
            "bytes": r["bytes"],
            "sql": sample_sql[name],
        }
        for name, r in per_request.items()
    }
    print(json.dumps(result))


# --- load generator -----------------------------------------------------------------------


class Client:
    """One simulated browser: an HTTP/1.1 connection (re-opened when the server closes it,
    which gunicorn's sync workers do after every response) and a cookie jar."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)
        self.jar: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None):
        headers = {"User-Agent": "concerto-bench/1", "Accept": "text/html"}
        body = None
        if self.jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        if method == "POST":
            form = dict(data or {})
            if "csrftoken" in self.jar:
                form["csrfmiddlewaretoken"] = self.jar["csrftoken"]
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        try:
            self.conn.request(method, path, body=body, headers=headers)
            resp = self.conn.getresponse()
            resp.read()
        except Exception:
            self.conn.close()
            raise
        for cookie in resp.headers.get_all("Set-Cookie") or []:
            pair, _, attrs = cookie.partition(";")
            name, _, value = pair.strip().partition("=")
            value = value.strip('"')
            if not value or "max-age=0" in attrs.lower():
                self.jar.pop(name, None)
            else:
                self.jar[name] = value
        return resp.status, resp.getheader("Location") or ""

    def close(self) -> None:
        self.conn.close()


def generator(
    kind: str, port: int, profile_id: int, t_start: float, t_measure: float, t_end: float, results
) -> None:
    """One generator process: one participant at a time, until t_end (bounded loop)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests = []  # (name, done at, seconds, ok)
    submissions = []  # (done at, seconds)
    errors: Counter = Counter()
    acked = abandoned = 0
    client = Client(port)
    while time.monotonic() < t_start:
        time.sleep(0.001)
    n = 0
    while time.monotonic() < t_end:
        n += 1
        if kind == "floor":
            t0 = time.perf_counter()
            try:
                status, _loc = client.request("POST", FLOOR_PATH, {"payload": f"{os.getpid()}-{n}"})
            except Exception as exc:  # counted, then the loop goes on
                errors[f"POST floor: {type(exc).__name__}"] += 1
                continue
            dt = time.perf_counter() - t0
            ok = status == 201
            requests.append(("POST floor", time.monotonic(), dt, ok))
            if ok:
                acked += 1
                submissions.append((time.monotonic(), dt))
            else:
                errors[f"POST floor: {status}"] += 1
            continue
        client.jar = {}  # a new participant: fresh cookies (no session, no CSRF cookie yet)
        sub_start = time.perf_counter()
        completed = True
        sent_final = False
        for name, method, path, data, expected, location in flow(kind, profile_id, n):
            if not sent_final and time.monotonic() >= t_end:
                abandoned += 1  # deadline: stop before the submission is sent
                completed = False
                break
            sent_final = sent_final or name == "POST review"
            t0 = time.perf_counter()
            try:
                status, loc = client.request(method, path, data)
            except Exception as exc:  # counted; the participant is dropped
                errors[f"{name}: {type(exc).__name__}"] += 1
                completed = False
                break
            dt = time.perf_counter() - t0
            ok = status == expected and (location is None or loc.endswith(location))
            requests.append((name, time.monotonic(), dt, ok))
            if not ok:
                errors[f"{name}: {status} {loc}"] += 1
                completed = False
                break
            if name == "POST review":
                acked += 1  # 302 to the confirmation page: the submission is acknowledged
        if completed:
            submissions.append((time.monotonic(), time.perf_counter() - sub_start))
    client.close()
    cpu = os.times()
    results.put(
        {
            "requests": requests,
            "submissions": submissions,
            "errors": dict(errors),
            "acked": acked,
            "abandoned": abandoned,
            "cpu_s": cpu.user + cpu.system,
        }
    )


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile, in ms."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[k] * 1000


# --- CPU accounting during the measured window ----------------------------------------------


def _jiffies(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            kids += [int(k) for k in (task / "children").read_text().split()]
    return kids


def cpu_snapshot(gunicorn_pid: int, generator_pids: list[int]) -> dict:
    """CPU jiffies per process (pid → utime + stime) of each group, and of the machine."""
    postgres = {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if (proc / "comm").read_text().strip() == "postgres":
                postgres[int(proc.name)] = _jiffies(int(proc.name))
        except OSError:
            pass
    stat = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    values = list(map(int, stat))
    idle = values[3] + values[4]
    return {
        "gunicorn": {p: _jiffies(p) for p in [gunicorn_pid, *_children(gunicorn_pid)]},
        "postgres": postgres,
        "generator": {p: _jiffies(p) for p in generator_pids},
        "busy": sum(values[:8]) - idle,
    }


def cpu_delta(a: dict, b: dict, seconds: float) -> dict:
    """Cores used per group during the window. A process that exited inside the window
    (e.g. a PostgreSQL backend of another client) is not counted: its time lands in
    « other »."""
    hz = os.sysconf("SC_CLK_TCK")

    def used(group: str) -> float:
        return sum(max(0, j - a[group].get(pid, 0)) for pid, j in b[group].items()) / hz / seconds

    cores = {k: used(k) for k in ("gunicorn", "postgres", "generator")}
    cores["machine_busy"] = (b["busy"] - a["busy"]) / hz / seconds
    cores["other"] = (
        cores["machine_busy"] - cores["gunicorn"] - cores["postgres"] - cores["generator"]
    )
    return {k: round(v, 2) for k, v in cores.items()}


# --- orchestration --------------------------------------------------------------------------


def psql(sql: str) -> str:
    return subprocess.run(
        ["psql", DATABASE_URL, "-v", "ON_ERROR_STOP=1", "-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def count_submitted(questionnaire_id: int) -> int:
    return int(
        psql(
            "select count(*) from surveys_response where status = 'submitted' "
            f"and questionnaire_id = {int(questionnaire_id)}"
        )
    )


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def wait_quiet() -> dict:
    first = float(loadavg())
    waited = 0
    while float(loadavg()) > QUIET_LOAD and waited < QUIET_WAIT:
        if waited == 0:
            log(f"load average {loadavg()} > {QUIET_LOAD}: waiting up to {QUIET_WAIT}s")
        time.sleep(10)
        waited += 10
    return {"initial": first, "waited_s": waited, "final": float(loadavg())}


def _questionnaire_of(kind: str, setup_info: dict) -> int:
    return setup_info["one_page_questionnaire_id" if kind == "onepage" else "questionnaire_id"]


def run_flow(kind: str, port: int, gunicorn_pid: int, setup_info: dict) -> dict:
    if kind == "floor":
        psql("TRUNCATE bench_floor")
        before_db = 0
    else:
        before_db = count_submitted(_questionnaire_of(kind, setup_info))
    ctx = mp.get_context("fork")
    results = ctx.Queue()
    t_start = time.monotonic() + 1.0
    t_measure = t_start + WARMUP
    t_end = t_measure + DURATION
    procs = [
        ctx.Process(
            target=generator,
            args=(kind, port, setup_info["profile_id"], t_start, t_measure, t_end, results),
        )
        for _ in range(CLIENTS)
    ]
    for p in procs:
        p.start()
    log(f"{kind}: {CLIENTS} generator processes, warm-up {WARMUP}s, measured {DURATION}s")
    time.sleep(max(0.0, t_measure - time.monotonic()))
    load_before = loadavg()
    cpu_a = cpu_snapshot(gunicorn_pid, [p.pid for p in procs])
    time.sleep(max(0.0, t_end - time.monotonic()))
    cpu_b = cpu_snapshot(gunicorn_pid, [p.pid for p in procs])
    load_after = loadavg()
    parts = [results.get(timeout=HTTP_TIMEOUT + 30) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    if kind == "floor":
        in_db = int(psql("select count(*) from bench_floor"))
    else:
        in_db = count_submitted(_questionnaire_of(kind, setup_info)) - before_db

    in_window = lambda t: t_measure <= t <= t_end  # noqa: E731
    requests = [r for part in parts for r in part["requests"] if in_window(r[1])]
    subs = [s[1] for part in parts for s in part["submissions"] if in_window(s[0])]
    by_name: dict[str, list[float]] = defaultdict(list)
    for name, _t, dt, _ok in requests:
        by_name[name].append(dt)
    errors: Counter = Counter()
    for part in parts:
        errors.update(part["errors"])
    acked = sum(part["acked"] for part in parts)
    result = {
        "kind": kind,
        "submissions_per_s": len(subs) / DURATION,
        "submissions_in_window": len(subs),
        "submission_p50_ms": pct(subs, 50),
        "submission_p99_ms": pct(subs, 99),
        "requests_per_s": len(requests) / DURATION,
        "request_p50_ms": pct([r[2] for r in requests], 50),
        "request_p99_ms": pct([r[2] for r in requests], 99),
        "per_request": {
            name: {"count": len(v), "p50_ms": pct(v, 50), "p99_ms": pct(v, 99)}
            for name, v in by_name.items()
        },
        "errors": dict(errors),
        "acknowledged_total": acked,
        "in_database": in_db,
        "consistent": acked == in_db,
        "abandoned_at_deadline": sum(part["abandoned"] for part in parts),
        "loadavg_before": load_before,
        "loadavg_after": load_after,
        "cpu_cores": cpu_delta(cpu_a, cpu_b, DURATION),
        "generator_cpu_s_total": round(sum(part["cpu_s"] for part in parts), 1),
    }
    log(
        f"{kind}: {result['submissions_per_s']:.1f}/s, p50 {result['submission_p50_ms']:.1f} ms, "
        f"p99 {result['submission_p99_ms']:.1f} ms; acknowledged {acked}, in DB {in_db}, "
        f"errors {dict(errors) or 0}"
    )
    return result


def bench(env: dict, setup_info: dict) -> dict:
    port = pages.free_port()
    genv = dict(
        env,
        DJANGO_SETTINGS_MODULE="benchsite.settings",
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
    )
    cmd = pages.gunicorn_cmd("sync", port)
    log("$ " + shlex.join(cmd))
    proc = subprocess.Popen(cmd, env=genv, cwd=ROOT, start_new_session=True)
    out = {"command": shlex.join(cmd), "flows": {}}
    try:
        pages.wait_ready(port, proc)
        # Check one complete submission over HTTP before measuring.
        client = Client(port)
        for name, method, path, data, expected, location in flow(
            "browser", setup_info["profile_id"], 0
        ):
            status, loc = client.request(method, path, data)
            if status != expected or (location and not loc.endswith(location)):
                raise SystemExit(
                    f"check: {name} {path} answered {status} {loc!r}, expected {expected}"
                )
        if client.request("POST", FLOOR_PATH, {"payload": "check"})[0] != 201:
            raise SystemExit("check: the floor view did not answer 201")
        client.close()
        out["quiet"] = wait_quiet()
        for kind in FLOWS:
            out["flows"][kind] = run_flow(kind, port, proc.pid, setup_info)
    finally:
        proc.send_signal(signal.SIGTERM)  # graceful stop of the gunicorn master we started
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return out


def fmt(x: float, digits: int = 1) -> str:
    return "n/a" if x != x else f"{x:.{digits}f}"


def per_submission(cores: float, r: dict) -> str:
    """CPU time spent per completed submission (floor: per insert), in ms: on a shared
    machine, steadier than the rate, which falls with everyone else's load."""
    rate = r["submissions_per_s"]
    return fmt(cores * 1000 / rate, 1) if rate else "n/a"


def report(info: dict, setup_info: dict, prof: dict, res: dict) -> str:
    flows = res["flows"]
    floor = flows.get("floor")
    q = res["quiet"]
    cmd_env = (
        f"BENCH_DURATION={DURATION} BENCH_WARMUP={WARMUP} BENCH_CLIENTS={CLIENTS} "
        f"BENCH_WORKERS={WORKERS}" + (" BENCH_WITH_EMAIL=1" if WITH_EMAIL else "")
    )
    lines = [
        f"### Submissions run {info['date']}",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM, Linux "
        f"{info['kernel']}; gunicorn, PostgreSQL and the load generator share these CPUs.",
        f"- Software: Python {info['python']}, Django {info['django']}, gunicorn "
        f"{info['gunicorn']}, psycopg {info['psycopg']}, PostgreSQL {info['postgres']}.",
        f"- Command: `{cmd_env} .venv/bin/python bench/submissions.py`",
        f"- gunicorn: `{res['command'].replace(str(ROOT) + '/', '')}` (production settings via "
        "benchsite.settings, DEBUG off, CONN_MAX_AGE 60, plain HTTP on loopback: "
        "SECURE_SSL_REDIRECT, SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE false, "
        "CSRF_TRUSTED_ORIGINS=http://127.0.0.1:PORT).",
        f"- Questionnaire: {setup_info['answerable_questions']} answerable questions (+1 heading) "
        f"in {setup_info['sections']} sections, 4 display conditions, all visible; "
        f"e-mail {'given' if WITH_EMAIL else 'not given'} by participants.",
        f"- Load: {CLIENTS} generator processes (Python, http.client, one participant at a time "
        f"each, fresh cookie jar per participant), {WARMUP} s warm-up then {DURATION} s measured "
        "per flow, all three flows against the same gunicorn.",
        f"- Load average (1 min) before the runs: {q['initial']:.2f}"
        + (f", waited {q['waited_s']} s → {q['final']:.2f}" if q["waited_s"] else "")
        + "; before→after each measured window in the table.",
        "",
        "| flow | requests / submission | submissions/s (floor: inserts/s) | submission p50 (ms) | "
        "submission p99 (ms) | requests/s | request p50 (ms) | request p99 (ms) | "
        "errors / unexpected statuses | acknowledged (whole run) | in database | ratio ÷ floor | "
        "CPU cores: gunicorn / postgres / generator / other | "
        "CPU ms per submission: gunicorn / postgres | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind, r in flows.items():
        nreq = 1 if kind == "floor" else len(flow(kind, 0, 0))
        ratio = (
            fmt(r["submissions_per_s"] / floor["submissions_per_s"], 3)
            if floor and floor["submissions_per_s"]
            else "n/a"
        )
        errs = sum(r["errors"].values())
        err_txt = (
            f"{errs} ({'; '.join(f'{k} ×{v}' for k, v in r['errors'].items())})" if errs else "0"
        )
        c = r["cpu_cores"]
        lines.append(
            f"| {kind} | {nreq} | {fmt(r['submissions_per_s'])} | {fmt(r['submission_p50_ms'])} | "
            f"{fmt(r['submission_p99_ms'])} | {fmt(r['requests_per_s'])} | "
            f"{fmt(r['request_p50_ms'])} | {fmt(r['request_p99_ms'])} | {err_txt} | "
            f"{r['acknowledged_total']} | {r['in_database']}{'' if r['consistent'] else ' **MISMATCH**'} | "
            f"{ratio} | {c['gunicorn']} / {c['postgres']} / {c['generator']} / {c['other']} | "
            f"{per_submission(c['gunicorn'], r)} / {per_submission(c['postgres'], r)} | "
            f"{r['loadavg_before']}→{r['loadavg_after']} |"
        )
    lines += [
        "",
        "Per request (measured window; p50 / p99 in ms):",
        "",
        "| request | " + " | ".join(k for k in flows if k != "floor") + " |",
        "|---|" + "---|" * len([k for k in flows if k != "floor"]),
    ]
    names = list(dict.fromkeys(s[0] for kind in ("browser", "onepage") for s in flow(kind, 0, 0)))
    for name in names:
        cells = []
        for kind, r in flows.items():
            if kind == "floor":
                continue
            p = r["per_request"].get(name)
            cells.append(f"{fmt(p['p50_ms'])} / {fmt(p['p99_ms'])}" if p else "—")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"In-process profile of one browser-like submission (django.test.Client, no HTTP, "
        f"CSRF not enforced; median of {PROFILE_SUBMISSIONS} submissions after one warm-up):",
        "",
        "| request | SQL queries | mean SQL time (ms) | median time (ms) | bytes |",
        "|---|---|---|---|---|",
    ]
    totals = {"all": [0, 0.0, 0.0], "posts": [0, 0.0, 0.0]}
    for name in names:
        if name not in prof:  # the profile replays the browser-like journey only
            continue
        p = prof[name]
        lines.append(
            f"| {name} | {p['queries']} | {p['sql_ms']:.2f} | {p['median_ms']:.2f} | {p['bytes']} |"
        )
        keys = ["all"] + (["posts"] if name.startswith("POST") or name == "GET profile" else [])
        for key in keys:
            totals[key][0] += p["queries"]
            totals[key][1] += p["sql_ms"]
            totals[key][2] += p["median_ms"]
    for key, label in (
        ("all", f"browser-like submission ({len(flow('browser', 0, 0))} requests)"),
        ("posts", f"posts-only submission ({len(flow('posts', 0, 0))} requests)"),
    ):
        t = totals[key]
        lines.append(f"| **total, {label}** | {t[0]} | {t[1]:.2f} | {t[2]:.2f} | |")
    return "\n".join(lines) + "\n"


def main() -> None:
    env = pages.django_env()
    env.update(SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false")
    # The generator's participants all come from 127.0.0.1: the rate limits (issue 11) are
    # raised far above what they send, so that they are counted but never refuse them
    # (bench/protection.py measures the protection on and off).
    if "PROTECTION_RATE_LIMITS" not in env:
        env["PROTECTION_RATE_LIMITS"] = json.dumps(
            {
                scope: {"ip": "1000000/10m", "participant": "1000000/10m"}
                for scope in ("participant", "write", "submit", "email", "token")
            }
        )
    OUT.mkdir(exist_ok=True)
    pages.setup(env)  # create database if missing, migrate, load_demo, collectstatic
    psql(FLOOR_DDL)
    prod_env = dict(env, DJANGO_SETTINGS_MODULE="concerto.settings.production")
    setup_info = json.loads(
        pages.run(
            [PYTHON, __file__, "--child-setup"], prod_env, capture_output=True, text=True
        ).stdout
    )
    log(f"questionnaire {setup_info}")
    prof = json.loads(
        pages.run(
            [PYTHON, __file__, "--child-profile", str(setup_info["profile_id"])],
            dict(env, DJANGO_SETTINGS_MODULE="benchsite.settings"),
            capture_output=True,
            text=True,
        ).stdout
    )
    res = bench(env, setup_info)
    info = pages.machine()
    (OUT / "submissions-last-run.json").write_text(
        json.dumps({"machine": info, "setup": setup_info, "profile": prof, "run": res}, indent=2)
    )
    text = report(info, setup_info, prof, res)
    print(text)
    if os.environ.get("BENCH_NO_APPEND") != "1":
        results = BENCH / "RESULTS.md"
        with results.open("a") as fh:
            fh.write("\n" + text)
        log(f"appended to {results}")
    bad = [k for k, r in res["flows"].items() if not r["consistent"]]
    if bad:
        raise SystemExit(f"acknowledged ≠ in database for: {', '.join(bad)}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child-setup"]:
        child_setup()
    elif sys.argv[1:2] == ["--child-profile"]:
        child_profile(int(sys.argv[2]))
    else:
        main()
