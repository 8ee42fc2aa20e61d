"""Quality of the free-text analysis engine against human codes (Grand Débat, dev set).

Measures, on ../shared/data/grand-debat-coded-dev.jsonl (11 questions, 1,090 answers):

1. coding with 20 % of each question's answers coded by hand: mean per-answer F1 on the
   other 80 % (seeded splits, pooled over all held-out answers of all questions);
2. coding from the codebook's labels alone (every answer);
3. discovery against the human codes: best-match F1 (each human code matched with the
   discovered theme whose answers overlap it best, weighted by the code's size), and the
   per-answer F1 once each theme is read as its best-matching code.

The gold codes of an answer are every code the annotators gave it except `Idée marquée`
(a marker). The codebook of a question is the set of its codes; the label is the code
itself (the engine drops the one-letter sort prefix, « Z Autres » → « Autres »).

Hyperparameters are chosen by leave-one-question-out: for each question, the grid point
with the best macro F1 on the 10 others; the figure reported is on the left-out question.
The engine's defaults (CodingParams) are the grid point chosen most often.

    .venv/bin/python bench/analysis_quality.py [--backend use|e5] [--append]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import platform
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from concerto.analysis import Code, CodingParams, code_answers, discover, get_embedder  # noqa: E402

MARKER = "Idée marquée"
OUT = ROOT / "bench" / "out"


def default_data() -> Path:
    for candidate in (ROOT.parent / "shared" / "data", Path("/work/shared/data")):
        path = candidate / "grand-debat-coded-dev.jsonl"
        if path.exists():
            return path
    raise SystemExit("grand-debat-coded-dev.jsonl not found; pass --data")


class CachedEmbedder:
    """The backend, with vectors kept on disk between runs (the data does not change)."""

    def __init__(self, name: str):
        self.inner = get_embedder(name)
        self.name = name
        self.cache: dict[str, np.ndarray] = {}
        self.path = OUT / f"embeddings-{name}.npz"
        if self.path.exists():
            with np.load(self.path, allow_pickle=False) as z:
                keys = json.loads(str(z["keys"]))
                self.cache = dict(zip(keys, z["vectors"], strict=True))

    def embed(self, texts, *, progress=None):
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            for t, v in zip(missing, self.inner.embed(missing, progress=progress), strict=True):
                self.cache[t] = v
        return np.vstack([self.cache[t] for t in texts])

    def save(self):
        OUT.mkdir(parents=True, exist_ok=True)
        keys = list(self.cache)
        np.savez(self.path, keys=json.dumps(keys), vectors=np.vstack([self.cache[k] for k in keys]))


def f1(predicted, gold) -> float:
    p, g = set(predicted), set(gold)
    if not p and not g:
        return 1.0
    tp = len(p & g)
    return 2 * tp / (len(p) + len(g)) if tp else 0.0


def load(path: Path):
    questions: dict[str, list[dict]] = defaultdict(list)
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        row["gold"] = sorted(c for c in row["codes"] if c != MARKER)
        # The count of a code is how many times it was given to the answer, i.e. by how
        # many annotators; the majority gold keeps the codes given by at least half as many
        # annotators as the most given code (at least one annotator per count).
        counts = {c: n for c, n in row["codes"].items() if c != MARKER}
        top = max(counts.values(), default=0)
        row["majority"] = sorted(c for c, n in counts.items() if 2 * n >= top)
        questions[row["question_id"]].append(row)
    return dict(questions)


def codebook(rows) -> list[Code]:
    return [Code(c, c) for c in sorted({c for r in rows for c in r["gold"]})]


def split(n: int, seed: int, fraction: float = 0.2):
    perm = np.random.default_rng(seed).permutation(n)
    k = max(1, round(fraction * n))
    return np.sort(perm[:k]), np.sort(perm[k:])


def run_coding(
    questions,
    embedder,
    params,
    *,
    fraction,
    seeds,
    labels_only=False,
    gold="gold",
    blends=None,
    oracle=None,
):
    """Per question, the list of per-answer F1 on held-out answers (all seeds), against the
    gold named (the union of the annotators' codes, or the majority's); the examples are
    always coded with the union. blends, when given, receives the blend of each run; oracle,
    the F1 of each held-out answer had it kept exactly as many of its best-scored codes as
    its gold holds (the best any cut-off could do with these scores)."""
    scores = {}
    for q, rows in questions.items():
        book = codebook(rows)
        texts = [r["text"] for r in rows]
        vectors = embedder.embed(texts)
        fs = []
        for seed in seeds if not labels_only else (0,):
            train, test = (
                (np.array([], int), np.arange(len(rows)))
                if labels_only
                else split(len(rows), seed, fraction)
            )
            report: dict = {"scores": None} if oracle is not None else {}
            predicted = code_answers(
                [texts[i] for i in test],
                book,
                embedder=embedder,
                example_texts=[texts[i] for i in train],
                example_codes=[rows[i]["gold"] for i in train],
                params=params,
                embeddings=vectors[test],
                example_embeddings=vectors[train] if len(train) else None,
                report=report,
            )
            if blends is not None:
                blends.append(report.get("blend"))
            if oracle is not None:
                names = [c.code for c in book]
                for row_scores, i in zip(report["scores"], test, strict=True):
                    size = len(rows[i][gold])
                    best = [
                        names[j] for j in np.argsort(-row_scores, kind="stable")[: max(size, 1)]
                    ]
                    oracle.append(f1(best, rows[i][gold]))
            fs += [
                f1([c for c, _ in p], rows[i][gold]) for p, i in zip(predicted, test, strict=True)
            ]
        scores[q] = fs
    return scores


def pooled(scores) -> float:
    return float(np.mean([f for fs in scores.values() for f in fs]))


def macro(scores) -> float:
    return float(np.mean([np.mean(fs) for fs in scores.values()]))


def bootstrap_ci(values, n=2000, seed=0):
    values = np.asarray(values)
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, len(values), (n, len(values)))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def loqo(questions, embedder, grid, **kwargs):
    """Leave-one-question-out: held-out scores with parameters chosen on the other questions."""
    results = [run_coding(questions, embedder, params, **kwargs) for params in grid]
    chosen: Counter = Counter()
    held_out = {}
    for q in questions:
        best = max(
            range(len(grid)),
            key=lambda g: np.mean([np.mean(results[g][o]) for o in questions if o != q]),
        )
        chosen[best] += 1
        held_out[q] = results[best][q]
    return held_out, [(grid[g], n) for g, n in chosen.most_common()], results


def discovery_scores(questions, embedder, seed=0):
    """Best-match F1 (size-weighted over human codes) and per-answer F1 via theme → code."""
    best_match, per_answer, random_match = [], [], []
    weights = []
    rng = np.random.default_rng(seed)
    for rows in questions.values():
        texts = [r["text"] for r in rows]
        result = discover(texts, embedder=embedder, embeddings=embedder.embed(texts))
        themes = [t.id for t in result.themes]
        members = {t: {i for i, a in enumerate(result.assignments) if t in a} for t in themes}
        shuffled = rng.permutation(len(rows))
        random_members = {t: {int(shuffled[i]) for i in m} for t, m in members.items()}
        codes = {c for r in rows for c in r["gold"]}
        code_members = {c: {i for i, r in enumerate(rows) if c in r["gold"]} for c in codes}
        for cm in code_members.values():
            if len(cm) < 3:
                continue

            def best(groups, cm=cm):
                return max(2 * len(cm & m) / (len(cm) + len(m)) for m in groups.values())

            best_match.append(best(members))
            random_match.append(best(random_members))
            weights.append(len(cm))
        theme_code = {
            t: max(code_members, key=lambda c, m=m: (len(code_members[c] & m), c))
            for t, m in members.items()
        }
        for i, r in enumerate(rows):
            per_answer.append(f1({theme_code[t] for t in result.assignments[i]}, r["gold"]))
    w = np.asarray(weights, float)
    return (
        float(np.average(best_match, weights=w)),
        float(np.average(random_match, weights=w)),
        float(np.mean(per_answer)),
    )


def human_agreement(questions):
    """Mean F1 between the codes given to identical answers (same question, same text):
    how far the human codes agree with themselves, a ceiling for any machine."""
    scores = []
    for rows in questions.values():
        by_text: dict[str, list[list[str]]] = defaultdict(list)
        for r in rows:
            by_text[" ".join(r["text"].lower().split())].append(r["gold"])
        for golds in by_text.values():
            for a, b in itertools.combinations(golds, 2):
                scores.append(f1(a, b))
    return float(np.mean(scores)) if scores else float("nan"), len(scores)


def annotator_agreement(questions, draws=200, seed=0):
    """How the union-of-annotators gold shapes the figures, from the codes' counts.

    An answer's annotators are taken to be as few as its counts allow (the largest count),
    each giving each code independently with probability count / annotators (at least one
    code each): the mean F1 of one simulated annotator against the union of all, and
    between two simulated annotators; and the F1 of the majority codes against the union.
    Fewest annotators is the most agreeing reading, so these are upper bounds."""
    rng = np.random.default_rng(seed)
    one_vs_union, two, majority_vs_union, single = [], [], [], 0
    for rows in questions.values():
        for r in rows:
            counts = {c: n for c, n in r["codes"].items() if c != MARKER}
            if not counts:
                continue
            codes = list(counts)
            top = max(counts.values())
            single += top == 1
            prob = np.array([counts[c] / top for c in codes])
            majority_vs_union.append(f1(r["majority"], r["gold"]))
            picks = rng.random((draws, 2, len(codes))) < prob
            for a, b in picks:
                if not a.any() or not b.any():
                    continue
                sa = {c for c, x in zip(codes, a, strict=True) if x}
                sb = {c for c, x in zip(codes, b, strict=True) if x}
                one_vs_union.append(f1(sa, r["gold"]))
                two.append(f1(sa, sb))
    n = sum(len(rows) for rows in questions.values())
    return {
        "one_vs_union": float(np.mean(one_vs_union)),
        "two": float(np.mean(two)),
        "majority_vs_union": float(np.mean(majority_vs_union)),
        "once_share": float(
            np.mean(
                [
                    n == 1
                    for rows in questions.values()
                    for r in rows
                    for c, n in r["codes"].items()
                    if c != MARKER
                ]
            )
        ),
        "single": single / n,
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--backend", default="use")
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument(
        "--alphas",
        default="0.5,0.7,1.0",
        help="weights of the embeddings in the similarity to try (0: TF-IDF only, 1: embeddings only)",
    )
    ap.add_argument(
        "--variants", action="store_true", help="also measure the engine options in VARIANTS on (1)"
    )
    ap.add_argument(
        "--label-expansions",
        default="0",
        help="shares of answers joined to each label to try (0: labels as written)",
    )
    ap.add_argument(
        "--no-segments", action="store_true", help="label similarity on whole answers only"
    )
    ap.add_argument("--append", action="store_true", help="append the figures to bench/RESULTS.md")
    args = ap.parse_args()
    started = time.time()
    data = args.data or default_data()
    questions = load(data)
    seeds = tuple(int(s) for s in args.seeds.split(","))
    embedder = CachedEmbedder(args.backend)
    t0 = time.time()
    embedder.embed([r["text"] for rows in questions.values() for r in rows])
    embed_time = time.time() - t0
    alphas = tuple(float(a) for a in args.alphas.split(","))
    base = CodingParams(alpha=alphas[0]) if len(alphas) == 1 else CodingParams()
    base = replace(base, segments=not args.no_segments)
    lines = []

    def say(text=""):
        print(text, flush=True)
        lines.append(text)

    grid = [
        replace(base, alpha=a, k=k, n0=n0)
        for a, k, n0 in itertools.product(alphas, (5, 10, 20), (5.0, 20.0))
    ]
    held, chosen, _ = loqo(questions, embedder, grid, fraction=0.2, seeds=seeds)
    blends: list = []
    default_scores = run_coding(questions, embedder, base, fraction=0.2, seeds=seeds, blends=blends)
    lo, hi = bootstrap_ci([f for fs in held.values() for f in fs])
    say(
        f"(1) 20 % coded: LOQO mean per-answer F1 {pooled(held):.3f} (95 % CI {lo:.3f}–{hi:.3f}, "
        f"{sum(map(len, held.values()))} answer×seed), macro over questions {macro(held):.3f}; "
        f"engine defaults {pooled(default_scores):.3f}"
    )
    say(f"    chosen grid points (times chosen): {[(vars_short(p), n) for p, n in chosen[:3]]}")
    calibrated = Counter(
        "fixed (too few examples)" if b.calibrated_f1 is None else b.rule for b in blends
    )
    spread = sum(1 for b in blends if b.propagation)
    factors = sum(1 for b in blends if b.factors is not None)
    say(
        f"    engine's own calibration over the {len(blends)} runs (question × seed): decision rule "
        f"{dict(calibrated.most_common())}; label spreading used in {spread}; per-code factors in {factors}"
    )
    oracle: list = []
    run_coding(questions, embedder, base, fraction=0.2, seeds=seeds, oracle=oracle)
    say(
        f"    the same scores with each answer keeping exactly as many codes as its gold has "
        f"(an oracle cut-off): {np.mean(oracle):.3f}"
    )
    if args.variants:
        for name, change in VARIANTS:
            s = run_coding(questions, embedder, replace(base, **change), fraction=0.2, seeds=seeds)
            lo_v, hi_v = bootstrap_ci([f for fs in s.values() for f in fs])
            say(
                f"    variant « {name} »: {pooled(s):.3f} (95 % CI {lo_v:.3f}–{hi_v:.3f}), "
                f"macro {macro(s):.3f}"
            )
    majority = run_coding(questions, embedder, base, fraction=0.2, seeds=seeds, gold="majority")
    say(
        f"    engine defaults against the majority gold instead of the union: {pooled(majority):.3f} "
        f"(macro {macro(majority):.3f})"
    )
    expansions = tuple(float(x) for x in args.label_expansions.split(","))
    label_grid = [
        replace(
            base,
            label_threshold=t,
            alpha=a,
            label_temperature=lt,
            catch_all_min_words=w,
            label_expansion=x,
        )
        for t, a, lt, w, x in itertools.product(
            (0.4, 0.6, 0.8), alphas, (0.02, 0.05, 0.1), (3, 5, 10), expansions
        )
    ]
    held_l, chosen_l, _ = loqo(
        questions, embedder, label_grid, fraction=0.0, seeds=(0,), labels_only=True
    )
    default_l = run_coding(questions, embedder, base, fraction=0, seeds=(0,), labels_only=True)
    lo, hi = bootstrap_ci([f for fs in held_l.values() for f in fs])
    say(
        f"(2) labels only: LOQO mean per-answer F1 {pooled(held_l):.3f} (95 % CI {lo:.3f}–{hi:.3f}), "
        f"macro {macro(held_l):.3f}; engine defaults {pooled(default_l):.3f}"
    )
    say(f"    chosen grid points: {[(vars_short(p), n) for p, n in chosen_l[:3]]}")
    no_rule = run_coding(
        questions,
        embedder,
        replace(base, catch_all_min_words=10**6),
        fraction=0,
        seeds=(0,),
        labels_only=True,
    )
    say(f"    without the « autres » rule: {pooled(no_rule):.3f}")
    agreement, pairs = human_agreement(questions)
    say(
        f"    identical answers: mean F1 between their human codes {agreement:.3f} ({pairs} pairs); "
        "1.000 means each distinct text was coded once, so this data gives no estimate of "
        "agreement between annotators"
    )
    a = annotator_agreement(questions)
    say(
        f"    annotators (from the codes' counts): {a['once_share']:.0%} of the gold's codes were "
        f"given once only; simulated annotator vs the union {a['one_vs_union']:.3f}, two simulated "
        f"annotators {a['two']:.3f}, majority codes vs the union {a['majority_vs_union']:.3f} "
        f"(fewest annotators the counts allow: upper bounds)"
    )
    bm, rnd, pa = discovery_scores(questions, embedder)
    say(
        f"(3) discovery: best-match F1 {bm:.3f} (random themes of the same sizes: {rnd:.3f}); "
        f"per-answer F1 with each theme read as its best-matching code {pa:.3f}"
    )
    curve = []
    for fraction in (0.05, 0.1, 0.2, 0.4):
        s = run_coding(questions, embedder, base, fraction=fraction, seeds=seeds)
        curve.append(f"{fraction:.0%}: {pooled(s):.3f}")
    say(
        f"    more examples (engine defaults; held-out answers differ per fraction): {', '.join(curve)}"
    )
    say(
        f"    backend {args.backend}: embedding the 1,090 answers took {embed_time:.1f} s (0 if cached); "
        f"whole bench {time.time() - started:.0f} s"
    )
    embedder.save()
    if args.append:
        digest = hashlib.sha256(data.read_bytes()).hexdigest()[:12]
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as out:
            out.write(
                f"\n#### Quality run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — backend `{args.backend}`\n\n"
            )
            out.write(
                f"- Command: `.venv/bin/python bench/analysis_quality.py --backend {args.backend} --seeds {args.seeds} --alphas {args.alphas} --label-expansions {args.label_expansions}{' --no-segments' if args.no_segments else ''}{' --variants' if args.variants else ''} --append`; "
                f"data sha256 {digest}…; {platform.node() and 'machine'}: {platform.processor() or platform.machine()}, Python {platform.python_version()}\n"
            )
            for line in lines:
                out.write(
                    f"- {line.strip()}\n"
                    if not line.startswith("    ")
                    else f"  - {line.strip()}\n"
                )


# Options of the engine measured against its defaults on (1); each is calibrated inside the
# engine on the examples it is given (or fixed), so no grid over the dev questions is needed.
VARIANTS = [
    (
        "decision rule also absolute or expected-F1, chosen by the calibration",
        {"rules": ("relative", "absolute", "f1")},
    ),
    ("label spreading over all answers, share chosen by the calibration", {"propagation": True}),
    (
        "both",
        {"rules": ("relative", "absolute", "f1"), "propagation": True},
    ),
    (
        "both + per-code factors (codes with ≥ 5 examples)",
        {
            "rules": ("relative", "absolute", "f1"),
            "propagation": True,
            "code_factor_min_examples": 5,
        },
    ),
    ("calibration from 3 examples (instead of 8)", {"calibrate_min_examples": 3}),
]


def vars_short(p: CodingParams) -> str:
    return f"alpha={p.alpha}, k={p.k}, n0={p.n0}, threshold={p.threshold}, label_threshold={p.label_threshold}, ridge={p.ridge}, label_T={p.label_temperature}, other_min_words={p.catch_all_min_words}, label_expansion={p.label_expansion}"


if __name__ == "__main__":
    main()
