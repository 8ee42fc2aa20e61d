"""How far two codings of the same answers agree: the machine against analysts, or two
analysts against each other.

The measure is the mean per-answer F1 (Consult reports the same), with a 95 % bootstrap
interval and the sample size, so that a page never shows « 0.8 » without saying how sure
it is. The machine's agreement is measured by k-fold cross-validation over the answers the
analysts coded: each answer is coded by the engine from the others only, as the answers
nobody coded are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .coding import Code, CodingParams, code_answers
from .embeddings import Embedder


def per_answer_f1(a: Iterable, b: Iterable) -> float:
    """F1 of two sets of codes for one answer; two empty sets agree (1.0)."""
    a, b = set(a), set(b)
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def mean_with_interval(values: Sequence[float], *, seed: int = 0, resamples: int = 1000) -> dict:
    """{"mean", "low", "high", "n"}: the mean and its 95 % percentile bootstrap interval.

    With no value, everything but n is None; with one, the interval is the value itself."""
    x = np.asarray(list(values), dtype=float)
    n = len(x)
    if n == 0:
        return {"mean": None, "low": None, "high": None, "n": 0}
    mean = float(x.mean())
    if n == 1 or resamples <= 0:
        low = high = mean
    else:
        rng = np.random.default_rng(seed)
        means = x[rng.integers(0, n, size=(resamples, n))].mean(axis=1)
        low, high = (float(v) for v in np.percentile(means, [2.5, 97.5]))
    return {"mean": round(mean, 4), "low": round(low, 4), "high": round(high, 4), "n": n}


def cross_validated_agreement(
    texts: Sequence[str],
    codebook: Sequence[Code],
    examples: Sequence[Sequence[str]],
    *,
    embedder: Embedder,
    folds: int = 5,
    embeddings: np.ndarray | None = None,
    params: CodingParams | None = None,
    seed: int = 0,
    resamples: int = 1000,
) -> dict:
    """Agreement of the engine with the analysts on the answers they coded.

    ``texts`` are the coded answers, ``examples`` their codes (one list per text, possibly
    empty: « none of these »). The answers are shuffled (seeded) into ``folds`` parts; each
    part is coded by ``code_answers`` from the other parts alone, and each answer's codes
    compared with the analyst's (``per_answer_f1``). Returns ``mean_with_interval`` of those
    scores: {"mean", "low", "high", "n"}. ``embeddings`` (the texts' vectors, when the
    caller has them) spares a second pass of the model.
    """
    n = len(texts)
    if len(examples) != n:
        raise ValueError("one list of codes per text is needed")
    if n < 2 or not codebook:
        return mean_with_interval([], seed=seed, resamples=resamples)
    if embeddings is None:
        embeddings = embedder.embed(list(texts))
    order = np.random.default_rng(seed).permutation(n)
    parts = [part for part in np.array_split(order, min(folds, n)) if len(part)]
    scores = np.zeros(n)
    for part in parts:
        train = np.setdiff1d(order, part)
        coded = code_answers(
            [texts[i] for i in part],
            codebook,
            embedder=embedder,
            example_texts=[texts[i] for i in train],
            example_codes=[list(examples[i]) for i in train],
            embeddings=embeddings[part],
            example_embeddings=embeddings[train],
            params=params,
        )
        for i, codes in zip(part, coded, strict=True):
            scores[i] = per_answer_f1({code for code, _ in codes}, examples[i])
    return mean_with_interval(scores, seed=seed, resamples=resamples)
