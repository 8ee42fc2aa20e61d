"""Coding answers against a codebook, from its labels and from answers coded by analysts.

Three scores are blended for each (answer, code):

* the label prototype: how close the answer is to the code's label and description, a
  softmax over the codebook (works with no example at all);
* the nearest coded examples: a similarity-weighted vote of the k most similar examples;
* a kernel ridge regression on the same similarity, which learns which codes go together.

The weight of the examples grows with their number (n / (n + n0)), so a handful of
examples nudges the label scores and hundreds of them take over. The similarity mixes the
sentence embeddings with TF-IDF over French stems (a cosine of each).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from .embeddings import Embedder, Progress
from .text import is_meaningless, tfidf, words

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
    ridge_max_examples: int = 3000
    threshold: float = 0.5  # a code is kept when its score ≥ threshold × the best score
    label_threshold: float = 0.4  # the same, when no example is given
    catch_all_min_words: int = 5
    chunk: int = 2048


@dataclass
class CodingResult:
    codes: list[list[tuple[str, float]]] = field(default_factory=list)


def _label_text(code: Code) -> str:
    label = re.sub(r"^[A-Z] ", "", code.label.strip())  # « Z Autres » → « Autres »
    return f"{label}. {code.description}".strip(". ") if code.description else label


class _Space:
    """Embeddings and TF-IDF of a set of texts; sim() is their mixed cosine."""

    def __init__(self, embeddings: np.ndarray, lexical: sparse.csr_matrix, alpha: float):
        self.e = embeddings
        self.t = lexical
        self.alpha = alpha

    def sim(self, rows: np.ndarray | slice, other: _Space, other_rows=slice(None)) -> np.ndarray:
        a = self.alpha * (self.e[rows] @ other.e[other_rows].T)
        if self.alpha < 1:
            lexical = (self.t[rows] @ other.t[other_rows].T).toarray()
            a += (1 - self.alpha) * lexical
        return a


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
) -> list[list[tuple[str, float]]]:
    """Codes for each text: (code, confidence) pairs, best first, never empty for an answer
    with content. Codes of the examples that are not in the codebook are ignored."""
    p = params or CodingParams()
    names = [c.code for c in codebook]
    index = {name: j for j, name in enumerate(names)}
    n, n_codes, n_ex = len(texts), len(codebook), len(example_texts)
    if n == 0 or n_codes == 0:
        return [[] for _ in texts]
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
    if n_ex:
        examples = _Space(example_embeddings, vectoriser.transform(example_texts), p.alpha)
        weight = n_ex / (n_ex + p.n0)
        ridge_rows = np.arange(n_ex)
        if n_ex > p.ridge_max_examples:
            ridge_rows = np.random.default_rng(0).choice(n_ex, p.ridge_max_examples, replace=False)
            ridge_rows.sort()
        gram = examples.sim(ridge_rows, examples, ridge_rows)
        dual = np.linalg.solve(gram + p.ridge_lambda * np.eye(len(ridge_rows)), y[ridge_rows])

    meaningless = np.array([is_meaningless(t) for t in texts])
    n_words = np.array([len(words(t)) for t in texts])
    out: list[list[tuple[str, float]]] = []
    for start in range(0, n, p.chunk):
        rows = slice(start, min(start + p.chunk, n))
        to_labels = answers.sim(rows, label_space)
        # Rule-given codes do not compete on their (contentless) labels.
        if by_rule.all():
            to_labels[:] = 0.0
        else:
            to_labels[:, by_rule] = -np.inf
        scaled = (to_labels - to_labels.max(axis=1, keepdims=True)) / p.label_temperature
        score = np.exp(scaled)
        score /= score.sum(axis=1, keepdims=True)
        if n_ex:
            sims = answers.sim(rows, examples)
            k = min(p.k, n_ex)
            nearest = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k < n_ex else None
            if nearest is None:
                nearest = np.tile(np.arange(n_ex), (sims.shape[0], 1))
            near_sims = np.take_along_axis(sims, nearest, axis=1)
            w = np.exp((near_sims - near_sims.max(axis=1, keepdims=True)) / p.knn_temperature)
            knn = np.einsum("ij,ijc->ic", w, y[nearest]) / w.sum(axis=1, keepdims=True)
            ridge = np.clip(sims[:, ridge_rows] @ dual, 0.0, 1.0)
            from_examples = (1 - p.ridge) * knn + p.ridge * ridge
            score = weight * from_examples + (1 - weight) * score
        chunk_meaningless = meaningless[rows]
        chunk_words = n_words[rows]
        top = score.max(axis=1, keepdims=True)
        keep = score >= (p.threshold if n_ex else p.label_threshold) * top
        keep[np.arange(len(score)), score.argmax(axis=1)] = True
        # Rule-given codes that no example shows are given by their rule.
        unseen = y.sum(axis=0) == 0
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
