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

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

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
    threshold: float = 0.5  # a code is kept when its score ≥ threshold × the best score
    label_threshold: float = 0.6  # the same, when no example is given
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


def _keep(score: np.ndarray, threshold: float) -> np.ndarray:
    keep = score >= threshold * score.max(axis=1, keepdims=True)
    keep[np.arange(len(score)), score.argmax(axis=1)] = True
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


def _calibrate(
    knn: np.ndarray, ridge: np.ndarray, labels: np.ndarray, y: np.ndarray, default: Blend
) -> Blend:
    """The blend with the best leave-one-out F1 on the analyst's own examples.

    This is what makes more examples safe: they are trusted exactly as far as they predict
    each other better than the codebook's labels do, a measure that itself gets more
    reliable as they grow. Ties go to the default, then to the labels."""
    coded = y.sum(axis=1) > 0
    knn, ridge, labels, y = knn[coded], ridge[coded], labels[coded], y[coded]
    candidates = [default] + [
        Blend(w, r, t)
        for w in (0.0, 0.25, 0.5, 0.75, 0.9, 1.0)
        for r in (0.0, 0.5, 1.0)
        for t in (0.3, 0.4, 0.5, 0.6, 0.7)
    ]
    best, best_f1 = default, -1.0
    for c in candidates:
        score = c.weight * ((1 - c.ridge) * knn + c.ridge * ridge) + (1 - c.weight) * labels
        f1 = _mean_f1(_keep(score, c.threshold), y)
        if f1 > best_f1 + 1e-9:
            best, best_f1 = c, f1
    return Blend(best.weight, best.ridge, best.threshold, round(best_f1, 4))


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
    it receives the blend used (and its leave-one-out F1 on the examples)."""
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
            blend = _calibrate(loo_knn, np.clip(loo_ridge, 0, 1), loo_labels, y[ridge_rows], blend)
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
            score = blend.weight * from_examples + (1 - blend.weight) * score
        keep = _keep(score, blend.threshold)
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
        for i in range(len(score)):
            chosen = np.flatnonzero(keep[i])
            order = chosen[np.argsort(-score[i, chosen])]
            out.append([(names[j], round(float(min(score[i, j], 1.0)), 3)) for j in order])
    return out
