#!/usr/bin/env python
"""Fill a PostgreSQL database with N submitted responses of the bench questionnaire, by COPY.

One command, from the repository root:

    .venv/bin/python bench/fill_million.py                 # 1,000,000 responses
    .venv/bin/python bench/fill_million.py --responses 100000

It (re)creates its own database (default postgres://postgres@127.0.0.1:5432/concerto_million,
``MILLION_DATABASE_URL``; never the database of bench/pages.py and bench/submissions.py, whose
runs delete the bench questionnaire's responses), runs ``migrate`` and ``load_demo``, builds
the 15-question benchmark questionnaire of bench/submissions.py, then writes N participants,
N submitted responses and their typed answer rows (``surveys_answerchoice``,
``surveys_answervalue``) with PostgreSQL ``COPY`` (psycopg 3 ``cursor.copy``), in batches of
``--batch`` responses per transaction, from ``--procs`` worker processes (each its own
connection and range of ids), and finishes with ``VACUUM (ANALYZE)`` of the four tables.

Answers are those of the platform's demo generator: ``concerto.surveys.synthetic``
(``synthetic_answers``: each kind's ``synthesize``, display conditions honoured, optional
questions sometimes skipped, texts from its phrase banks), turned into typed rows by
``concerto.surveys.answers.typed_rows`` (the code ``build_rows`` uses): choice ids, ranks,
matrix rows, and the respondent's profile on every row. Every response is synthesized (no
pool of repeated answers). The option weights are drawn once, before the workers start, so
that every worker answers with the same distributions.

The tables are the product's, indexes and constraints included; ``synchronous_commit`` is
off for the filler's sessions. Django's foreign keys are ``DEFERRABLE INITIALLY DEFERRED``:
each batch's COMMIT runs one trigger per key of every row (~20 M checks per million
responses). ``--skip-fk-triggers`` sets ``session_replication_role = replica`` for the
COPY (as ``pg_restore --disable-triggers`` does) and then checks every foreign key of the
four tables in bulk, one anti-join each; the fill stops if a single key points nowhere.

Timings and row counts are printed, written to bench/out/fill-last-run.json and appended
to bench/RESULTS.md (``BENCH_NO_APPEND=1`` to leave it alone).
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing as mp
import os
import random
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT), str(ROOT / "src")]

import pages  # noqa: E402  (bench/pages.py: environment, machine and run helpers)

DATABASE_URL = os.environ.get(
    "MILLION_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/concerto_million"
)
# Filled by main() from the models: participant, response, answer choice, answer value.
TABLES: list[str] = []
# The columns each COPY writes; checked against the models before writing anything.
PARTICIPANT_COLUMNS = [
    "id",
    "consultation_id",
    "token",
    "creation_key",
    "profile_id",
    "organisation_name",
    "departement",
    "email",
    "email_verified_at",
    "created_at",
]
RESPONSE_COLUMNS = [
    "id",
    "questionnaire_id",
    "participant_id",
    "status",
    "draft",
    "is_editing",
    "profile_id",
    "departement",
    "created_at",
    "updated_at",
    "submitted_at",
    "edited_at",
    "withdrawn_at",
]
CHOICE_COLUMNS = ["response_id", "question_id", "choice_id", "row_id", "rank", "profile_id"]
VALUE_COLUMNS = ["response_id", "question_id", "text", "number", "date", "profile_id"]
WARMUP_RESPONDENTS = 2000


def log(msg: str) -> None:
    print(f"[fill] {msg}", file=sys.stderr, flush=True)


def psql_admin(sql: str) -> str:
    url = urlparse(DATABASE_URL)
    cmd = [
        "psql",
        "-h",
        url.hostname or "127.0.0.1",
        "-p",
        str(url.port or 5432),
        "-U",
        url.username or "postgres",
        "-d",
        "postgres",
        "-v",
        "ON_ERROR_STOP=1",
        "-tAc",
        sql,
    ]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()


def recreate_database() -> None:
    name = urlparse(DATABASE_URL).path.lstrip("/")
    if not name.replace("_", "").isalnum() or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"refusing to recreate database {name!r}")
    psql_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql_admin(f"CREATE DATABASE {name}")


def check_columns() -> list[str]:
    """The COPY column lists must be exactly the models' columns (a migration would show);
    returns the four tables' names."""
    from concerto.participation.models import Participant
    from concerto.surveys.models import AnswerChoice, AnswerValue, Response

    for model, columns, with_id in (
        (Participant, PARTICIPANT_COLUMNS, True),
        (Response, RESPONSE_COLUMNS, True),
        (AnswerChoice, CHOICE_COLUMNS, False),
        (AnswerValue, VALUE_COLUMNS, False),
    ):
        actual = {f.column for f in model._meta.concrete_fields}
        if not with_id:
            actual.discard("id")
        if actual != set(columns):
            raise SystemExit(f"{model.__name__}: columns changed: {sorted(actual ^ set(columns))}")
    return [m._meta.db_table for m in (Participant, Response, AnswerChoice, AnswerValue)]


class Plan:
    """What every worker needs, computed once before they fork."""

    def __init__(self, questionnaire_id: int, seed: int):
        from django.utils import timezone

        from concerto.participation.models import ParticipantProfile
        from concerto.surveys import synthetic
        from concerto.surveys.models import Questionnaire

        questionnaire = Questionnaire.objects.select_related("theme").get(pk=questionnaire_id)
        self.now = timezone.now()
        self.plan = synthetic._plan(questionnaire, self.now, synthetic.DEFAULT_DAYS)
        self.consultation_id = questionnaire.theme.consultation_id
        profiles = list(
            ParticipantProfile.objects.filter(consultation_id=self.consultation_id).order_by("pk")
        )
        self.profiles = [
            (p.pk, synthetic._profile_kind(p), p.is_organisation) for p in profiles
        ] or [(None, "citoyen", False)]
        self.profile_weights = [synthetic.PROFILE_WEIGHTS[kind] for _pk, kind, _o in self.profiles]
        self.today = timezone.localdate()
        # Draw the option weights now (lazily created by the kinds' ``synthesize``), so that
        # all workers share them: one population, not one per worker.
        rng = random.Random(seed)
        writer = synthetic.Writer(rng)
        for _ in range(WARMUP_RESPONDENTS):
            _pk, kind, _org = rng.choices(self.profiles, weights=self.profile_weights)[0]
            texts = synthetic.RespondentTexts(writer, self.plan.theme_slug, kind)
            synthetic.synthetic_answers(self.plan, rng, texts, self.today)


def worker(
    index: int,
    first_id: int,
    count: int,
    batch: int,
    seed: int,
    plan: Plan,
    queue,
    skip_fk_triggers: bool = False,
):
    import psycopg

    from concerto.surveys import synthetic
    from concerto.surveys.answers import typed_rows

    rng = random.Random(seed)
    writer = synthetic.Writer(rng)
    definition = plan.plan.definition
    start, end = plan.plan.window
    span = (end - start).total_seconds()
    minutes = plan.plan.estimated_minutes
    stats = {"responses": 0, "choices": 0, "values": 0, "generate_s": 0.0, "copy_s": 0.0}
    # Autocommit, so that each ``conn.transaction()`` below is a transaction of its own (a
    # savepoint otherwise, and every deferred foreign-key check would wait for one
    # enormous final COMMIT).
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")
        if skip_fk_triggers:
            # As pg_restore --disable-triggers: no per-row foreign-key trigger; every key is
            # checked afterwards, in bulk (check_foreign_keys).
            conn.execute("SET session_replication_role = replica")
        for batch_first in range(first_id, first_id + count, batch):
            t0 = time.perf_counter()
            participants, responses, choices, values = [], [], [], []
            for rid in range(batch_first, min(batch_first + batch, first_id + count)):
                profile_id, kind, is_org = rng.choices(plan.profiles, weights=plan.profile_weights)[
                    0
                ]
                departement = rng.choice(synthetic.DEPARTEMENTS) if rng.random() < 0.8 else ""
                organisation = synthetic._organisation_name(rng, kind) if is_org else ""
                # As synthetic.generate: most answers arrive steadily, a share right after
                # the opening.
                offset = span * (rng.random() if rng.random() < 0.7 else rng.random() ** 3)
                submitted = start + datetime.timedelta(seconds=offset)
                created = submitted - datetime.timedelta(
                    minutes=max(1, round(minutes * rng.uniform(0.4, 1.8)))
                )
                participants.append(
                    (
                        rid,
                        plan.consultation_id,
                        secrets.token_urlsafe(24),
                        None,
                        profile_id,
                        organisation,
                        departement,
                        "",
                        None,
                        created,
                    )
                )
                responses.append(
                    (
                        rid,
                        plan.plan.id,
                        rid,
                        "submitted",
                        "{}",
                        False,
                        profile_id,
                        departement,
                        created,
                        submitted,
                        submitted,
                        None,
                        None,
                    )
                )
                texts = synthetic.RespondentTexts(writer, plan.plan.theme_slug, kind)
                answers = synthetic.synthetic_answers(plan.plan, rng, texts, plan.today)
                for table, question_id, a, b, c in typed_rows(definition, answers):
                    if table == "choice":
                        choices.append((rid, question_id, a, b, c, profile_id))
                    else:
                        values.append((rid, question_id, a, b, c, profile_id))
            t1 = time.perf_counter()
            with conn.transaction(), conn.cursor() as cur:
                for table, columns, rows in zip(
                    TABLES,
                    (PARTICIPANT_COLUMNS, RESPONSE_COLUMNS, CHOICE_COLUMNS, VALUE_COLUMNS),
                    (participants, responses, choices, values),
                    strict=True,
                ):
                    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
            t2 = time.perf_counter()
            stats["responses"] += len(responses)
            stats["choices"] += len(choices)
            stats["values"] += len(values)
            stats["generate_s"] += t1 - t0
            stats["copy_s"] += t2 - t1
            if index == 0:
                log(
                    f"worker 0: {stats['responses']} responses "
                    f"(generate {stats['generate_s']:.0f} s, copy {stats['copy_s']:.0f} s)"
                )
    queue.put(stats)


def check_foreign_keys() -> None:
    """Every foreign key of the four tables points to a row: one anti-join per key."""
    import psycopg

    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        keys = conn.execute(
            "select conrelid::regclass::text, a.attname, confrelid::regclass::text "
            "from pg_constraint c join pg_attribute a "
            "on a.attrelid = c.conrelid and a.attnum = c.conkey[1] "
            "where c.contype = 'f' and conrelid::regclass::text = any(%s)",
            [TABLES],
        ).fetchall()
        for table, column, target in keys:
            (missing,) = conn.execute(
                f"select count(*) from {table} t where t.{column} is not null and not exists "
                f"(select 1 from {target} r where r.id = t.{column})"
            ).fetchone()
            if missing:
                raise SystemExit(f"{table}.{column}: {missing} rows point to no {target}")
        log(f"{len(keys)} foreign keys checked")


def table_sizes() -> dict:
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        return {
            table: conn.execute(
                "select pg_size_pretty(pg_table_size(%s)), pg_size_pretty(pg_indexes_size(%s)), "
                "(select reltuples::bigint from pg_class where oid = %s::regclass)",
                [table, table, table],
            ).fetchone()
            for table in TABLES
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--procs", type=int, default=2, help="worker processes (2)")
    parser.add_argument("--batch", type=int, default=5000, help="responses per transaction")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--skip-fk-triggers",
        action="store_true",
        help="COPY without the per-row foreign-key triggers, then check every key in bulk",
    )
    args = parser.parse_args()

    pages.DATABASE_URL = DATABASE_URL  # pages.django_env() reads it
    env = pages.django_env()
    env["DJANGO_SETTINGS_MODULE"] = "concerto.settings.production"
    timings: dict[str, float] = {}
    t = time.perf_counter()
    recreate_database()
    manage = [pages.PYTHON, str(ROOT / "manage.py")]
    pages.run([*manage, "migrate", "--noinput", "-v", "0"], env)
    pages.run([*manage, "load_demo"], env)
    timings["setup_s"] = time.perf_counter() - t

    os.environ.update(env)
    import django

    django.setup()
    import submissions  # bench/submissions.py: the 15-question questionnaire
    from django.db import connection, connections

    TABLES[:] = check_columns()  # the workers fork with it
    t = time.perf_counter()
    setup_info = submissions.build_questionnaire()
    plan = Plan(setup_info["questionnaire_id"], args.seed)
    with connection.cursor() as cur:
        # Participants and responses share ids here: one participant per response.
        maxima = []
        for table in TABLES[:2]:
            cur.execute(f"select coalesce(max(id), 0) from {table}")
            maxima.append(cur.fetchone()[0])
        first_id = max(maxima) + 1
        last_id = first_id + args.responses - 1
        for table in TABLES[:2]:
            cur.execute(f"select setval(pg_get_serial_sequence('{table}', 'id'), %s)", [last_id])
    connections.close_all()  # the workers open their own connections
    timings["plan_s"] = time.perf_counter() - t

    log(f"{args.responses} responses, {args.procs} workers, batches of {args.batch}")
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    share = -(-args.responses // args.procs)
    procs = []
    t = time.perf_counter()
    for i in range(args.procs):
        first = first_id + i * share
        count = min(share, last_id + 1 - first)
        if count <= 0:
            break
        procs.append(
            ctx.Process(
                target=worker,
                args=(
                    i,
                    first,
                    count,
                    args.batch,
                    args.seed * 1000 + i + 1,
                    plan,
                    queue,
                    args.skip_fk_triggers,
                ),
            )
        )
    for p in procs:
        p.start()
    parts = [queue.get() for _ in procs]
    for p in procs:
        p.join()
        if p.exitcode:
            raise SystemExit(f"worker exited with {p.exitcode}")
    timings["copy_phase_s"] = time.perf_counter() - t
    if args.skip_fk_triggers:
        t = time.perf_counter()
        check_foreign_keys()
        timings["fk_check_s"] = time.perf_counter() - t
    t = time.perf_counter()
    import psycopg

    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute(f"VACUUM (ANALYZE) {', '.join(TABLES)}")
    timings["vacuum_analyze_s"] = time.perf_counter() - t
    totals = {k: sum(part[k] for part in parts) for k in parts[0]}
    sizes = table_sizes()
    info = pages.machine()
    result = {
        "machine": info,
        "database": DATABASE_URL,
        "args": vars(args),
        "questionnaire_id": setup_info["questionnaire_id"],
        "timings": timings,
        "workers": parts,
        "totals": totals,
        "sizes": sizes,
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }
    pages.OUT.mkdir(exist_ok=True)
    (pages.OUT / "fill-last-run.json").write_text(json.dumps(result, indent=2, default=str))
    text = report(result)
    print(text)
    if os.environ.get("BENCH_NO_APPEND") != "1":
        with (BENCH / "RESULTS.md").open("a") as fh:
            fh.write("\n" + text)


def report(r: dict) -> str:
    info, t, tot, a = r["machine"], r["timings"], r["totals"], r["args"]
    rate = tot["responses"] / t["copy_phase_s"]
    lines = [
        f"### Fill run {info['date']} (`bench/fill_million.py`)",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM, Linux "
        f"{info['kernel']}; PostgreSQL {info['postgres']} (default configuration: "
        "shared_buffers 128 MB), psycopg " + info["psycopg"] + ".",
        f"- Command: `.venv/bin/python bench/fill_million.py --responses {a['responses']} "
        f"--procs {a['procs']} --batch {a['batch']}"
        + (" --skip-fk-triggers" if a["skip_fk_triggers"] else "")
        + "` (database `"
        + urlparse(r["database"]).path.lstrip("/")
        + "`).",
        f"- Load average (1/5/15 min) at the end: {' / '.join(r['loadavg'])}.",
        "",
        "| step | seconds |",
        "|---|---|",
        f"| create database, migrate, load_demo | {t['setup_s']:.1f} |",
        f"| questionnaire, plan ({WARMUP_RESPONDENTS} warm-up respondents) | {t['plan_s']:.1f} |",
        f"| generate + COPY, {a['procs']} workers (wall clock) | {t['copy_phase_s']:.1f} |",
        f"| … of which generating answers in Python (sum over workers) | {tot['generate_s']:.1f} |",
        f"| … of which COPY and COMMIT (sum over workers; the foreign keys, deferred, are "
        f"checked at each COMMIT unless skipped) | {tot['copy_s']:.1f} |",
        *(
            [f"| foreign keys checked in bulk (anti-joins) | {t['fk_check_s']:.1f} |"]
            if "fk_check_s" in t
            else []
        ),
        f"| VACUUM (ANALYZE) of the four tables | {t['vacuum_analyze_s']:.1f} |",
        "",
        f"Rows: {tot['responses']:,} participants, {tot['responses']:,} responses, "
        f"{tot['choices']:,} answer choices, {tot['values']:,} answer values "
        f"({rate:,.0f} responses/s during the COPY phase).",
        "",
        "| table | heap | indexes | rows (pg_class.reltuples) |",
        "|---|---|---|---|",
        *(
            f"| {table} | {heap} | {idx} | {rows:,} |"
            for table, (heap, idx, rows) in r["sizes"].items()
        ),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
