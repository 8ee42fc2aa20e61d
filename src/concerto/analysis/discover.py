"""Themes proposed from the answers to one question.

Answers with content are clustered on their sentence embeddings (k-means, the number of
themes chosen by silhouette within the analyst's bounds); each answer also joins any other
theme almost as close as its own. Labels and terms are extractive: the words and phrases
that are frequent in a theme and rarer elsewhere, written as the participants wrote them.
Empty answers, refusals to answer and answers far from everything the others talk about are
set apart in an « off-topic » theme, never dropped.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import silhouette_score

from .embeddings import Embedder, Progress, normalise_rows
from .text import STOP_WORDS, analyse, content_words, is_meaningless, normalise, stem, words

OFF_TOPIC_ID = "hors-sujet"
OFF_TOPIC_LABEL = "Sans réponse ou hors sujet"


@dataclass
class Theme:
    id: str
    label: str
    terms: list[str]
    count: int
    quotes: list[str]
    kind: str = "theme"  # or "off_topic"

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "terms": self.terms,
            "count": self.count,
            "quotes": self.quotes,
            "kind": self.kind,
        }


@dataclass
class Discovery:
    themes: list[Theme] = field(default_factory=list)
    assignments: list[list[str]] = field(default_factory=list)  # per answer, theme ids


@dataclass(frozen=True)
class DiscoveryParams:
    min_themes: int = 2
    max_themes: int = 12
    # An answer joins a second theme whose centroid is nearly as close as its own.
    second_theme_margin: float = 0.03
    max_themes_per_answer: int = 3
    # Off topic: similarity to the answers' centroid below median − z × (robust spread),
    # and less than this share of its content words used by other answers.
    off_topic_z: float = 1.5
    off_topic_shared_words: float = 0.5
    sample_for_k: int = 2000
    sample_for_fit: int = 20000
    seed: int = 0


def _choose_k(x: np.ndarray, low: int, high: int, p: DiscoveryParams) -> int:
    """The number of themes: around √(n/2) (a classic rule for k-means), within the
    analyst's bounds, the best silhouette among a few values near it. Silhouette alone
    favours two or three broad themes on sentence embeddings, which an analyst cannot use."""
    if high <= low:
        return low
    centre = math.sqrt(len(x) / 2)
    lo = max(low, math.floor(centre / 1.5))
    hi = min(high, math.ceil(centre * 1.5))
    if hi <= lo:
        return max(low, min(high, round(centre)))
    rng = np.random.default_rng(p.seed)
    sample = x if len(x) <= p.sample_for_k else x[rng.choice(len(x), p.sample_for_k, False)]
    candidates = sorted(set(np.linspace(lo, hi, num=min(5, hi - lo + 1)).round().astype(int)))
    best, best_score = lo, -1.0
    for k in candidates:
        if k >= len(sample):
            break
        km = KMeans(k, n_init=3, random_state=p.seed).fit(sample)
        if len(set(km.labels_)) < 2:
            continue
        score = silhouette_score(sample, km.labels_, metric="cosine")
        if score > best_score:
            best, best_score = k, score
    return best


def _off_topic(x: np.ndarray, texts: list[str], p: DiscoveryParams) -> np.ndarray:
    """Answers about something else: far from what the answers talk about on average
    (robust z-score of the similarity to their centroid) *and* sharing few of their words
    (less than half of their content stems used by two other answers). Either sign alone
    also catches short or unusual but real answers."""
    centroid = normalise_rows(x.mean(axis=0, keepdims=True))[0]
    closeness = x @ centroid
    median = np.median(closeness)
    spread = 1.4826 * np.median(np.abs(closeness - median)) + 1e-6
    z = (closeness - median) / spread
    stems = [set(analyse(t)) for t in texts]
    frequency = Counter(s for answer in stems for s in answer)
    shared = np.array(
        [np.mean([frequency[s] - 1 >= 2 for s in answer]) if answer else 0.0 for answer in stems]
    )
    return (z < -p.off_topic_z) & (shared < p.off_topic_shared_words)


def _ngrams(text: str) -> set[str]:
    tokens = words(text)
    grams = set()
    for size in (1, 2, 3):
        for i in range(len(tokens) - size + 1):
            gram = tokens[i : i + size]
            if gram[0] in STOP_WORDS or gram[-1] in STOP_WORDS or len(gram[0]) < 3:
                continue
            grams.add(" ".join(gram))
    return grams


def _describe(
    member_texts: list[str], background: Counter, n_background: int
) -> tuple[str, list[str]]:
    """An extractive label and key terms for a theme, from its texts vs all answers."""
    inside: Counter = Counter()
    stems: Counter = Counter()
    forms: dict[str, Counter] = {}
    for text in member_texts:
        inside.update(_ngrams(text))
        for w in set(content_words(text)):
            s = stem(w)
            stems[s] += 1
            forms.setdefault(s, Counter())[w] += 1
    n = len(member_texts)

    def lift(count_in: int, gram: str) -> float:
        share_in = count_in / n
        share_all = (background[gram] + 1) / (n_background + 1)
        return share_in * math.log(1 + share_in / share_all)

    ranked = sorted(inside.items(), key=lambda kv: (-lift(kv[1], kv[0]), kv[0]))
    label = ""
    for gram, count in ranked[:10]:
        if count >= max(2, 0.1 * n) and " " in gram:
            label = gram
            break
    unigrams = [(g, c) for g, c in ranked if " " not in g]
    terms: list[str] = []
    seen_stems: set[str] = set()
    for gram, _ in unigrams:
        s = stem(gram)
        if s in seen_stems:
            continue
        seen_stems.add(s)
        terms.append(forms.get(s, Counter({gram: 1})).most_common(1)[0][0])
        if len(terms) == 6:
            break
    if not label:
        label = ", ".join(terms[:2]) if terms else "—"
    return label[:1].upper() + label[1:], terms


def _quotes(order: np.ndarray, texts: Sequence[str], count: int = 3) -> list[str]:
    chosen: list[str] = []
    seen: set[str] = set()
    for prefer_short in (True, False):
        for i in order:
            text = texts[i].strip()
            key = normalise(text)
            if key in seen or (prefer_short and not 20 <= len(text) <= 300):
                continue
            chosen.append(text)
            seen.add(key)
            if len(chosen) == count:
                return chosen
    return chosen


def discover(
    texts: Sequence[str],
    *,
    embedder: Embedder,
    params: DiscoveryParams | None = None,
    embeddings: np.ndarray | None = None,
    progress: Progress | None = None,
) -> Discovery:
    """Themes of the answers, and for each answer the ids of its themes (at least one)."""
    p = params or DiscoveryParams()
    n = len(texts)
    if n == 0:
        return Discovery()
    if embeddings is None:
        embeddings = embedder.embed(list(texts), progress=progress)
    x = normalise_rows(embeddings)

    off = np.array([is_meaningless(t) for t in texts])
    live = np.flatnonzero(~off)
    if len(live) >= 10:
        far = _off_topic(x[live], [texts[i] for i in live], p)
        off[live[far]] = True
        live = live[~far]

    assignments: list[list[str]] = [[] for _ in range(n)]
    themes: list[Theme] = []
    if len(live):
        high = max(1, min(p.max_themes, len(live) // 3))
        low = max(1, min(p.min_themes, high))
        k = _choose_k(x[live], low, high, p) if len(live) > 3 else 1
        rng = np.random.default_rng(p.seed)
        fit_rows = (
            live if len(live) <= p.sample_for_fit else rng.choice(live, p.sample_for_fit, False)
        )
        model = (KMeans if len(fit_rows) <= 5000 else MiniBatchKMeans)(
            k, n_init=3, random_state=p.seed
        ).fit(x[fit_rows])
        centres = normalise_rows(model.cluster_centers_)
        sims = x[live] @ centres.T
        primary = sims.argmax(axis=1)
        best = sims.max(axis=1, keepdims=True)
        member = sims >= best - p.second_theme_margin
        # Keep at most max_themes_per_answer, the closest.
        ranks = np.argsort(-sims, axis=1).argsort(axis=1)
        member &= ranks < p.max_themes_per_answer
        background: Counter = Counter()
        sample = live if len(live) <= 5000 else rng.choice(live, 5000, False)
        for i in sample:
            background.update(_ngrams(texts[i]))
        order_by_size = np.argsort(-member.sum(axis=0), kind="stable")
        for rank, c in enumerate(order_by_size, start=1):
            rows = np.flatnonzero(member[:, c])
            if not len(rows):
                continue
            theme_id = f"t{rank}"
            core = rows[np.argsort(-sims[rows, c], kind="stable")]
            described = [texts[live[i]] for i in core[:500]]
            label, terms = _describe(described, background, len(sample))
            quotes = _quotes(live[core[:200]], texts)
            themes.append(Theme(theme_id, label, terms, len(rows), quotes))
            for i in rows:
                assignments[live[i]].append(theme_id)
        del primary
    if off.any():
        off_rows = np.flatnonzero(off)
        themes.append(
            Theme(
                OFF_TOPIC_ID,
                OFF_TOPIC_LABEL,
                [],
                len(off_rows),
                _quotes(off_rows, texts),
                kind="off_topic",
            )
        )
        for i in off_rows:
            assignments[i] = [OFF_TOPIC_ID]
    # Theme order in each answer: closest first is kept by construction; ids are stable.
    return Discovery(themes=themes, assignments=assignments)
