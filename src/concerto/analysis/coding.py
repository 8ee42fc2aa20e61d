"""Coding answers against a codebook, from its labels and from answers coded by analysts.

Three scores are blended for each (answer, code):

* the label prototype: how close the answer (and its closest sentence or list item) is to
  the code's label and description, a softmax over the codebook (works with no example);
* the nearest coded examples: a similarity-weighted vote of the k most similar examples;
* a kernel ridge regression on the same similarity, which learns which codes go together.

With eight examples or more, the blend of these scores and the cut-off are calibrated by
leave-one-out on the examples themselves (`_calibrate`); below, the weight of the examples
is n / (n + n0). The similarity mixes the sentence embeddings with TF-IDF over French
stems (a cosine of each).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from .embeddings import Embedder, Progress
from .text import is_meaningless, segments, tfidf, words

# Codes every grid has: « autres » takes what the other codes leave, « sans réponse / hors
# sujet » takes the answers that say nothing. Their labels say nothing a text resembles, so
# with no example they are given by rule rather than by similarity.
_CATCH_ALL = re.compile(r"^(?:[a-z] )?(?:autres?|divers|other)\b", re.IGNORECASE)
_NO_ANSWER = re.compile(r"sans r[ée]ponse|hors[- ]sujet|inclassable|no answer|off[- ]topic", re.I)


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class CodingParams:
    """Hyperparameters, chosen by leave-one-question-out on the development data (bench/)."""

    alpha: float = 0.5  # weight of the embeddings in the similarity (the rest: TF-IDF)
    k: int = 10  # neighbours that vote
    knn_temperature: float = 0.1
    label_temperature: float = 0.05
    n0: float = 5.0  # examples at which they weigh as much as the labels
    ridge: float = 0.5  # share of kernel ridge in the example score (the rest: kNN)
    ridge_lambda: float = 1.0
    ridge_max_examples: int = 2000
    calibrate_min_examples: int = 8  # below, the blend is fixed (too few to measure)
    # Options measured and left off (rules, propagation, code factors, label_expansion):
    # none raised the leave-one-question-out F1 (bench/RESULTS.md, « second pass »);
    # `bench/analysis_quality.py --variants --label-expansions 0,0.5,1` re-measures them.
    # Decision rules the calibration may choose from (see _keep).
    rules: tuple[str, ...] = ("relative",)
    # Label spreading from the examples over a graph of every answer's nearest neighbours
    # (the whole question's answers are known), offered to the calibration; skipped past
    # propagation_max_answers answers + examples.
    propagation: bool = False
    propagation_alpha: float = 0.9
    graph_k: int = 10
    propagation_max_answers: int = 20000
    propagation_folds: int = 5
    # Per-code factors on the scores before the cut-off, for codes with at least this many
    # positive examples, fitted on the leave-one-out scores (0: none).
    code_factor_min_examples: int = 0
    threshold: float = 0.5  # a code is kept when its score ≥ threshold × the best score
    label_threshold: float = 0.6  # the same, when no example is given
    # Each label is joined by its closest answers (pseudo-relevance feedback), as many as
    # label_expansion × answers per code (0: labels as written).
    label_expansion: float = 0.0
    catch_all_min_words: int = 5
    # Label similarity of an answer: mean of the whole answer's and of its best segment's.
    # Segments cost a second pass of the model over every answer; past a few hundred
    # examples the labels barely count, so it is skipped there.
    segments: bool = True
    segments_max_examples: int = 500
    chunk: int = 2048


def _label_text(code: Code) -> str:
    label = re.sub(r"^[A-Z] ", "", code.label.strip())  # « Z Autres » → « Autres »
    return f"{label}. {code.description}".strip(". ") if code.description else label


def _segment_label_sims(
    texts: Sequence[str], embedder: Embedder, label_embeddings: np.ndarray
) -> np.ndarray:
    """For each text and label, the best embedding similarity of one of its segments."""
    owner, pieces = [], []
    for i, text in enumerate(texts):
        for piece in segments(text):
            owner.append(i)
            pieces.append(piece)
    sims = embedder.embed(pieces) @ label_embeddings.T
    starts = np.flatnonzero(np.r_[True, np.diff(owner) != 0])
    return np.maximum.reduceat(sims, starts, axis=0)


class _Space:
    """Embeddings and TF-IDF of a set of texts; sim() is their mixed cosine."""

    def __init__(
        self,
        embeddings: np.ndarray,
        lexical: sparse.csr_matrix,
        alpha: float,
        segment_label_sims: np.ndarray | None = None,
    ):
        self.e = embeddings
        self.t = lexical
        self.alpha = alpha
        self.segment_label_sims = segment_label_sims

    def label_sim(self, rows, labels: _Space) -> np.ndarray:
        """Similarity to the labels, each answer's best segment counting half when known."""
        dense = self.e[rows] @ labels.e.T
        if self.segment_label_sims is not None:
            dense = 0.5 * dense + 0.5 * self.segment_label_sims[rows]
        a = self.alpha * dense
        if self.alpha < 1:
            a += (1 - self.alpha) * (self.t[rows] @ labels.t.T).toarray()
        return a

    def sim(self, rows: np.ndarray | slice, other: _Space, other_rows=slice(None)) -> np.ndarray:
        a = self.alpha * (self.e[rows] @ other.e[other_rows].T)
        if self.alpha < 1:
            lexical = (self.t[rows] @ other.t[other_rows].T).toarray()
            a += (1 - self.alpha) * lexical
        return a


def _expand_labels(answers: _Space, labels: _Space, fixed: np.ndarray, share: float) -> _Space:
    """Each label (but the fixed ones) averaged with the answers closest to it: the words
    people use for a code, which its label rarely contains."""
    n, n_codes = answers.e.shape[0], labels.e.shape[0]
    m = min(n, max(1, math.ceil(share * n / n_codes)))
    sims = answers.label_sim(slice(None), labels)
    top = np.argpartition(-sims, m - 1, axis=0)[:m]
    rows = np.repeat(np.arange(n_codes), m)
    average = sparse.csr_matrix(
        (np.full(n_codes * m, 1.0 / m, dtype=np.float32), (rows, top.T.ravel())),
        shape=(n_codes, n),
    )
    average = sparse.diags((~fixed).astype(np.float32)) @ average
    e = labels.e + average @ answers.e
    e /= np.maximum(np.linalg.norm(e, axis=1, keepdims=True), 1e-12)
    t = normalize(labels.t + average @ answers.t)
    return _Space(e.astype(labels.e.dtype), sparse.csr_matrix(t, dtype=np.float32), labels.alpha)


def _neighbour_graph(space: _Space, k: int, chunk: int) -> sparse.csr_matrix:
    """The symmetric graph of each row's k most similar rows, normalised (D^-½ W D^-½)."""
    n = space.e.shape[0]
    k = min(k, n - 1)
    rows, cols, weights = [], [], []
    for start in range(0, n, chunk):
        chunk_rows = np.arange(start, min(start + chunk, n))
        sims = space.sim(chunk_rows, space)
        sims[np.arange(len(chunk_rows)), chunk_rows] = -np.inf
        nearest = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        rows.append(np.repeat(chunk_rows, k))
        cols.append(nearest.ravel())
        weights.append(np.maximum(np.take_along_axis(sims, nearest, axis=1).ravel(), 0.0))
    w = sparse.csr_matrix(
        (np.concatenate(weights), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)
    )
    w = w.maximum(w.T)
    scale = 1.0 / np.sqrt(np.maximum(np.asarray(w.sum(axis=1)).ravel(), 1e-12))
    return sparse.csr_matrix(sparse.diags(scale) @ w @ sparse.diags(scale), dtype=np.float32)


def _propagate(
    graph: sparse.csr_matrix, seeds: np.ndarray, y: np.ndarray, alpha: float, iterations: int = 30
) -> np.ndarray:
    """Label spreading from the seed nodes (codes y): each node's score for a code is a
    weighted average of the seeds' codes, the weights flowing along the graph."""
    y0 = np.zeros((graph.shape[0], y.shape[1] + 1), dtype=np.float32)
    y0[seeds, :-1] = y
    y0[seeds, -1] = 1.0  # how much seed mass reaches each node, to normalise by
    f = y0.copy()
    for _ in range(iterations):
        f = alpha * (graph @ f) + y0
    return f[:, :-1] / np.maximum(f[:, -1:], 1e-12)


def _label_scores(sims: np.ndarray, by_rule: np.ndarray, temperature: float) -> np.ndarray:
    """Softmax over the codebook of the similarity to each label."""
    sims = sims.copy()
    # Rule-given codes do not compete on their (contentless) labels.
    if by_rule.all():
        sims[:] = 0.0
    else:
        sims[:, by_rule] = -np.inf
    scores = np.exp((sims - sims.max(axis=1, keepdims=True)) / temperature)
    return scores / scores.sum(axis=1, keepdims=True)


def _knn_scores(sims: np.ndarray, y: np.ndarray, k: int, temperature: float) -> np.ndarray:
    """Similarity-weighted vote of the k nearest examples (sims: rows × examples)."""
    k = min(k, sims.shape[1])
    if k < sims.shape[1]:
        nearest = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    else:
        nearest = np.tile(np.arange(sims.shape[1]), (sims.shape[0], 1))
    near = np.take_along_axis(sims, nearest, axis=1)
    w = np.exp((near - near.max(axis=1, keepdims=True)) / temperature)
    w[~np.isfinite(near)] = 0.0
    return np.einsum("ij,ijc->ic", w, y[nearest]) / np.maximum(w.sum(axis=1, keepdims=True), 1e-12)


def _keep(score: np.ndarray, threshold: float, rule: str = "relative") -> np.ndarray:
    """Which codes each answer keeps (always its best one).

    * relative: a score ≥ threshold × the answer's best score;
    * absolute: a score ≥ threshold;
    * f1: the best codes, as many as maximise the expected F1 when the scores are read as
      probabilities, 2 Σ(kept) / (number kept + threshold × Σ(all)), the last term being
      the expected number of codes of the answer (threshold scales it)."""
    n, c = score.shape
    if rule == "absolute":
        keep = score >= threshold
    elif rule == "f1":
        order = np.argsort(-score, axis=1, kind="stable")
        ranked = np.take_along_axis(score, order, axis=1)
        expected = threshold * score.sum(axis=1, keepdims=True)
        gain = 2 * np.cumsum(ranked, axis=1) / (np.arange(1, c + 1) + expected)
        size = gain.argmax(axis=1) + 1
        keep = np.zeros(score.shape, dtype=bool)
        np.put_along_axis(keep, order, np.arange(c)[None, :] < size[:, None], axis=1)
    else:
        keep = score >= threshold * score.max(axis=1, keepdims=True)
    keep[np.arange(n), score.argmax(axis=1)] = True
    return keep


def _mean_f1(keep: np.ndarray, y: np.ndarray) -> float:
    tp = (keep & (y > 0)).sum(axis=1)
    return float(np.mean(2 * tp / np.maximum(keep.sum(axis=1) + (y > 0).sum(axis=1), 1)))


@dataclass(frozen=True)
class Blend:
    """How the example scores and the label scores are combined, and the cut-off."""

    weight: float  # of the examples (the rest: the labels)
    ridge: float  # share of kernel ridge in the example score (the rest: kNN)
    threshold: float
    calibrated_f1: float | None = None  # leave-one-out F1 on the examples, when calibrated
    rule: str = "relative"  # how the threshold is read (_keep)
    propagation: float = 0.0  # share of label spreading in the example score
    factors: np.ndarray | None = None  # per code, on the score before the cut-off


_THRESHOLDS = {
    "relative": (0.3, 0.4, 0.5, 0.6, 0.7),
    "absolute": (0.1, 0.2, 0.3, 0.4, 0.5),
    "f1": (0.5, 1.0, 1.5),
}


def _calibrate(
    knn: np.ndarray,
    ridge: np.ndarray,
    labels: np.ndarray,
    y: np.ndarray,
    default: Blend,
    rules: Sequence[str] = ("relative",),
    propagated: np.ndarray | None = None,
    min_positives: int = 0,
) -> Blend:
    """The blend with the best leave-one-out F1 on the analyst's own examples.

    This is what makes more examples safe: they are trusted exactly as far as they predict
    each other better than the codebook's labels do, a measure that itself gets more
    reliable as they grow. Ties go to the default, then to the labels."""
    coded = y.sum(axis=1) > 0
    knn, ridge, labels, y = knn[coded], ridge[coded], labels[coded], y[coded]
    if propagated is not None:
        propagated = propagated[coded]
    candidates = [default] + [
        Blend(w, r, t, rule=rule, propagation=s)
        for w in (0.0, 0.25, 0.5, 0.75, 0.9, 1.0)
        for r in (0.0, 0.5, 1.0)
        for s in ((0.0,) if propagated is None else (0.0, 0.5, 1.0))
        for rule in rules
        for t in _THRESHOLDS[rule]
    ]
    best, best_f1 = default, -1.0
    for c in candidates:
        score = _blend_scores(c, knn, ridge, labels, propagated)
        f1 = _mean_f1(_keep(score, c.threshold, c.rule), y)
        if f1 > best_f1 + 1e-9:
            best, best_f1 = c, f1
    best = replace(best, calibrated_f1=round(best_f1, 4))
    if min_positives:
        best = _fit_factors(best, knn, ridge, labels, y, propagated, min_positives)
    return best


def _blend_scores(b: Blend, knn, ridge, labels, propagated) -> np.ndarray:
    from_examples = (1 - b.ridge) * knn + b.ridge * ridge
    if b.propagation:
        from_examples = (1 - b.propagation) * from_examples + b.propagation * propagated
    return b.weight * from_examples + (1 - b.weight) * labels


def _fit_factors(b: Blend, knn, ridge, labels, y, propagated, min_positives: int) -> Blend:
    """Per-code factors on the scores (coordinate ascent on the leave-one-out F1), for the
    codes the examples show often enough; a change must gain more than one answer's worth."""
    score = _blend_scores(b, knn, ridge, labels, propagated)
    factors = np.ones(score.shape[1], dtype=np.float32)
    current = _mean_f1(_keep(score, b.threshold, b.rule), y)
    margin = 1.0 / len(y)
    for _ in range(2):
        changed = False
        for j in np.flatnonzero(y.sum(axis=0) >= min_positives):
            for f in (0.5, 0.7, 1.4, 2.0):
                trial = factors.copy()
                trial[j] = factors[j] * f
                f1 = _mean_f1(_keep(score * trial, b.threshold, b.rule), y)
                if f1 > current + margin:
                    factors, current, changed = trial, f1, True
        if not changed:
            break
    if (factors == 1).all():
        return b
    return replace(b, factors=factors, calibrated_f1=round(current, 4))


def code_answers(
    texts: Sequence[str],
    codebook: Sequence[Code],
    *,
    embedder: Embedder,
    example_texts: Sequence[str] = (),
    example_codes: Sequence[Sequence[str]] = (),
    params: CodingParams | None = None,
    embeddings: np.ndarray | None = None,
    example_embeddings: np.ndarray | None = None,
    progress: Progress | None = None,
    report: dict | None = None,
) -> list[list[tuple[str, float]]]:
    """Codes for each text: (code, confidence) pairs, best first, at least one per answer.
    Codes of the examples that are not in the codebook are ignored. When report is given,
    it receives the blend used (and its leave-one-out F1 on the examples), and when it
    holds a "scores" key, the score of every code for every answer (for the bench)."""
    p = params or CodingParams()
    names = [c.code for c in codebook]
    index = {name: j for j, name in enumerate(names)}
    n, n_codes, n_ex = len(texts), len(codebook), len(example_texts)
    if n == 0 or n_codes == 0:
        return [[] for _ in texts]
    use_segments = p.segments and n_ex <= p.segments_max_examples
    labels = [_label_text(c) for c in codebook]

    if embeddings is None:
        embeddings = embedder.embed(list(texts), progress=progress)
    if n_ex and example_embeddings is None:
        example_embeddings = embedder.embed(list(example_texts))
    label_embeddings = embedder.embed(labels)

    vectoriser = tfidf(list(texts) + list(example_texts) + labels)
    answers = _Space(embeddings, vectoriser.transform(texts), p.alpha)
    label_space = _Space(label_embeddings, vectoriser.transform(labels), p.alpha)

    catch_all = np.array([bool(_CATCH_ALL.match(c.label.strip())) for c in codebook])
    no_answer = np.array([bool(_NO_ANSWER.search(c.label)) for c in codebook])
    by_rule = catch_all | no_answer

    if p.label_expansion > 0 and not by_rule.all():
        label_space = _expand_labels(answers, label_space, by_rule, p.label_expansion)
        label_embeddings = label_space.e

    y = np.zeros((n_ex, n_codes), dtype=np.float32)
    for i, codes in enumerate(example_codes):
        for code in codes:
            if code in index:
                y[i, index[code]] = 1.0
    blend = Blend(0.0, p.ridge, p.label_threshold)
    if n_ex:
        blend = Blend(n_ex / (n_ex + p.n0), p.ridge, p.threshold)
        ridge_rows = np.arange(n_ex)
        if n_ex > p.ridge_max_examples:
            ridge_rows = np.random.default_rng(0).choice(n_ex, p.ridge_max_examples, replace=False)
            ridge_rows.sort()
        examples = _Space(example_embeddings, vectoriser.transform(example_texts), p.alpha)
        if use_segments and n_ex >= p.calibrate_min_examples:
            # Only the examples used for calibration need their segments.
            examples.segment_label_sims = np.zeros((n_ex, n_codes), dtype=np.float32)
            examples.segment_label_sims[ridge_rows] = _segment_label_sims(
                [example_texts[i] for i in ridge_rows], embedder, label_embeddings
            )
        propagated = None
        if (
            p.propagation
            and n_ex >= p.calibrate_min_examples
            and n + n_ex <= p.propagation_max_answers
        ):
            nodes = _Space(
                np.vstack([answers.e, examples.e]),
                sparse.vstack([answers.t, examples.t]).tocsr(),
                p.alpha,
            )
            graph = _neighbour_graph(nodes, p.graph_k, p.chunk)
            propagated = _propagate(graph, n + np.arange(n_ex), y, p.propagation_alpha)[:n]
        gram = examples.sim(ridge_rows, examples, ridge_rows)
        inverse = np.linalg.inv(gram + p.ridge_lambda * np.eye(len(ridge_rows)))
        dual = inverse @ y[ridge_rows]
        if n_ex >= p.calibrate_min_examples:
            # Leave-one-out scores of the examples (ridge: the closed form for the hat matrix).
            hat = gram @ inverse
            fitted = hat @ y[ridge_rows]
            leverage = np.diag(hat)[:, None]
            loo_ridge = y[ridge_rows] - (y[ridge_rows] - fitted) / np.maximum(1 - leverage, 1e-6)
            to_examples = examples.sim(ridge_rows, examples)
            to_examples[np.arange(len(ridge_rows)), ridge_rows] = -np.inf
            loo_knn = _knn_scores(to_examples, y, p.k, p.knn_temperature)
            loo_labels = _label_scores(
                examples.label_sim(ridge_rows, label_space), by_rule, p.label_temperature
            )
            cv_propagated = None
            if propagated is not None:
                # Each fold of examples scored by spreading from the other folds.
                folds = np.random.default_rng(0).permutation(n_ex) % p.propagation_folds
                cv_propagated = np.zeros((n_ex, n_codes), dtype=np.float32)
                for fold in range(p.propagation_folds):
                    out_fold = folds == fold
                    spread = _propagate(
                        graph, n + np.flatnonzero(~out_fold), y[~out_fold], p.propagation_alpha
                    )
                    cv_propagated[out_fold] = spread[n + np.flatnonzero(out_fold)]
                cv_propagated = cv_propagated[ridge_rows]
            blend = _calibrate(
                loo_knn,
                np.clip(loo_ridge, 0, 1),
                loo_labels,
                y[ridge_rows],
                blend,
                p.rules,
                cv_propagated,
                p.code_factor_min_examples,
            )
    if report is not None:
        report["blend"] = blend
    if use_segments and blend.weight < 1:
        answers.segment_label_sims = _segment_label_sims(texts, embedder, label_embeddings)

    meaningless = np.array([is_meaningless(t) for t in texts])
    n_words = np.array([len(words(t)) for t in texts])
    unseen = y.sum(axis=0) == 0
    out: list[list[tuple[str, float]]] = []
    for start in range(0, n, p.chunk):
        rows = slice(start, min(start + p.chunk, n))
        score = _label_scores(answers.label_sim(rows, label_space), by_rule, p.label_temperature)
        if n_ex and blend.weight > 0:
            sims = answers.sim(rows, examples)
            knn = _knn_scores(sims, y, p.k, p.knn_temperature)
            ridge = np.clip(sims[:, ridge_rows] @ dual, 0.0, 1.0)
            from_examples = (1 - blend.ridge) * knn + blend.ridge * ridge
            if blend.propagation:
                from_examples = (1 - blend.propagation) * from_examples + (
                    blend.propagation * propagated[rows]
                )
            score = blend.weight * from_examples + (1 - blend.weight) * score
        keep = _keep(
            score if blend.factors is None else score * blend.factors, blend.threshold, blend.rule
        )
        chunk_meaningless = meaningless[rows]
        chunk_words = n_words[rows]
        # Rule-given codes that no example shows are given by their rule.
        for j in np.flatnonzero(no_answer & unseen):
            keep[:, j] = chunk_meaningless
            score[:, j] = np.where(chunk_meaningless, 1.0, 0.0)
        for j in np.flatnonzero(catch_all & unseen):
            given = ~chunk_meaningless & (chunk_words >= p.catch_all_min_words)
            keep[:, j] = given
            score[:, j] = np.where(given, 0.5, 0.0)
        if (no_answer & unseen).any():
            keep[chunk_meaningless] &= no_answer
        if report is not None and "scores" in report:
            report.setdefault("_chunks", []).append(score.copy())
        for i in range(len(score)):
            chosen = np.flatnonzero(keep[i])
            order = chosen[np.argsort(-score[i, chosen])]
            out.append([(names[j], round(float(min(score[i, j], 1.0)), 3)) for j in order])
    if report is not None and "scores" in report:
        report["scores"] = np.vstack(report.pop("_chunks"))
    return out
