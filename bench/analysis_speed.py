"""Speed and memory of the analysis engine on 100,000 answers to one question.

The answers are sized up from the real ones: the 726 answers of the dev set's largest
question (« pour quelles politiques publiques seriez-vous prêts à payer plus d'impôts ? »)
resampled with perturbations (seeded): 20 % exact copies (campaigns), the rest edited —
words dropped, swapped or misspelt, and half of them joined with a fragment of another
answer — so that nearly every text is distinct and must be embedded.

Then, in one process as the worker would run it: embed (once), discover, code (20 % of the
answers given as coded examples, the question's 92 codes) and duplicates. Peak memory is
the maximum resident set of this process and of its embedding worker processes.

    /usr/bin/time -v .venv/bin/python bench/analysis_speed.py [--n 100000] [--append]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from analysis_quality import MARKER, default_data  # noqa: E402

from concerto.analysis import Code, code_answers, discover, find_duplicates, get_embedder  # noqa: E402

QUESTION = "QUXVlc3Rpb246MTY2"


def perturb(text: str, other: str, rng: np.random.Generator) -> str:
    tokens = text.split()
    for _ in range(rng.integers(1, 4)):
        if len(tokens) < 2:
            break
        i = int(rng.integers(len(tokens)))
        action = rng.integers(3)
        if action == 0:
            del tokens[i]
        elif action == 1:
            j = int(rng.integers(len(tokens)))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        elif len(tokens[i]) > 3:
            k = int(rng.integers(1, len(tokens[i]) - 1))
            tokens[i] = tokens[i][:k] + tokens[i][k + 1 :]
    if rng.random() < 0.5:
        words = other.split()
        start = int(rng.integers(max(1, len(words))))
        tokens += words[start : start + int(rng.integers(3, 15))]
    return " ".join(tokens)


def synthetic(rows, n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    texts, codes = [], []
    for _ in range(n):
        i = int(rng.integers(len(rows)))
        if rng.random() < 0.2:
            texts.append(rows[i]["text"])
        else:
            texts.append(perturb(rows[i]["text"], rows[int(rng.integers(len(rows)))]["text"], rng))
        codes.append(rows[i]["gold"])
    return texts, codes


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--append", action="store_true")
    ap.add_argument(
        "--code-only",
        action="store_true",
        help="time the code stage alone, on seeded random unit vectors instead of the model's "
        "(its cost does not depend on the vectors' values); for changes to coding only",
    )
    args = ap.parse_args()
    rows = []
    for line in default_data().open(encoding="utf-8"):
        row = json.loads(line)
        if row["question_id"] == QUESTION:
            row["gold"] = sorted(c for c in row["codes"] if c != MARKER)
            rows.append(row)
    texts, codes = synthetic(rows, args.n)
    book = [Code(c, c) for c in sorted({c for r in rows for c in r["gold"]})]
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}
    load_before = load_average()
    cpu_base = cpu_seconds()
    embedder = get_embedder("use")

    def progress(done, total):
        print(f"\rembedding {done}/{total}", end="", file=sys.stderr, flush=True)

    if args.code_only:
        vectors = np.random.default_rng(0).standard_normal((len(texts), 512), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        found = None
    else:
        start = time.perf_counter()
        vectors = embedder.embed(texts, progress=progress)
        print(file=sys.stderr)
        timings["embed"] = time.perf_counter() - start
        cpu["embed"] = cpu_seconds() - cpu_base - sum(cpu.values())
        print(f"embed: wall {timings['embed']:.1f} s, CPU {cpu['embed']:.1f} s", flush=True)

        start = time.perf_counter()
        found = discover(texts, embedder=embedder, embeddings=vectors)
        timings["discover"] = time.perf_counter() - start
        cpu["discover"] = cpu_seconds() - cpu_base - sum(cpu.values())
        print(
            f"discover: wall {timings['discover']:.1f} s, CPU {cpu['discover']:.1f} s", flush=True
        )

    start = time.perf_counter()
    cut = args.n // 5
    coded = code_answers(
        texts[cut:],
        book,
        embedder=embedder,
        example_texts=texts[:cut],
        example_codes=codes[:cut],
        embeddings=vectors[cut:],
        example_embeddings=vectors[:cut],
    )
    timings["code"] = time.perf_counter() - start
    cpu["code"] = cpu_seconds() - cpu_base - sum(cpu.values())
    print(f"code: wall {timings['code']:.1f} s, CPU {cpu['code']:.1f} s", flush=True)

    groups = []
    if not args.code_only:
        start = time.perf_counter()
        groups = find_duplicates(texts)
        timings["duplicates"] = time.perf_counter() - start
        cpu["duplicates"] = cpu_seconds() - cpu_base - sum(cpu.values())
        print(
            f"duplicates: wall {timings['duplicates']:.1f} s, CPU {cpu['duplicates']:.1f} s",
            flush=True,
        )
    total = sum(timings.values())
    own, children = peak_mb()
    distinct = len(set(texts))
    lines = [
        f"{args.n} answers ({distinct} distinct texts, mean {np.mean([len(t) for t in texts]):.0f} characters), "
        f"{len(book)} codes, {cut} coded examples",
        "wall: "
        + " | ".join(f"{k} {v:.1f} s" for k, v in timings.items())
        + f" | **total {total:.1f} s**",
        "CPU (user+sys, all processes): "
        + " | ".join(f"{k} {v:.1f} s" for k, v in cpu.items())
        + f" | total {sum(cpu.values()):.1f} s",
        f"load average (1 min) before {load_before:.2f}, after {load_average():.2f} "
        "(2 cores; above 2 means other processes shared them)",
        f"peak resident memory: this process {own:.0f} MB, largest embedding worker {children:.0f} MB",
        f"{len(found.themes) if found else '–'} themes; {sum(len(c) for c in coded)} codes given to {len(coded)} answers; "
        f"{len(groups)} duplicate groups covering {sum(map(len, groups))} answers",
    ]
    for line in lines:
        print(line)
    if args.append:
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as out:
            out.write(f"\n#### Speed run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n\n")
            out.write(
                f"- Machine: {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
                f"Python {platform.python_version()}, numpy {np.__version__}\n"
            )
            out.write(
                f"- Command: `/usr/bin/time -v .venv/bin/python bench/analysis_speed.py --n {args.n}{' --code-only' if args.code_only else ''} --append`\n"
            )
            for line in lines:
                out.write(f"- {line}\n")


if __name__ == "__main__":
    main()
