"""Identical and near-identical answers (copy-paste campaigns, the same text lightly edited).

Exact copies are grouped on their normalised text; near copies by MinHash over word
3-shingles with locality-sensitive hashing, each candidate then checked by its true Jaccard
similarity. Short answers (« Santé », « Aucun ») are left out: two people writing the same
word are two voices, not a campaign.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence

import numpy as np

from .embeddings import Progress

_PRIME = (1 << 61) - 1
_NON_WORD = re.compile(r"[\W_]+")


def _canonical(text: str) -> str:
    """Lower case, without accents or punctuation: what a light edit does not change."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", text).split())


def _shingles(canonical: str, size: int = 3) -> np.ndarray:
    tokens = canonical.split()
    if len(tokens) < size:
        grams = [canonical]
    else:
        grams = [" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]
    return np.unique(np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint64))


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def find_duplicates(
    texts: Sequence[str],
    *,
    threshold: float = 0.7,
    min_words: int = 6,
    permutations: int = 64,
    bands: int = 16,
    seed: int = 1,
    progress: Progress | None = None,
) -> list[list[int]]:
    """Groups of indices of texts that are copies of each other (Jaccard of word 3-shingles
    ≥ threshold), largest first; each group in input order; singletons left out."""
    n = len(texts)
    canonical = [_canonical(t) for t in texts]
    # Exact copies first: one representative per distinct canonical text.
    first: dict[str, int] = {}
    uf = _UnionFind(n)
    for i, c in enumerate(canonical):
        if len(c.split()) < min_words:
            continue
        j = first.setdefault(c, i)
        if j != i:
            uf.union(j, i)
    reps = list(first.values())
    rng = np.random.default_rng(seed)
    a = rng.integers(1, _PRIME, size=permutations, dtype=np.uint64)
    b = rng.integers(0, _PRIME, size=permutations, dtype=np.uint64)
    rows = permutations // bands
    signatures = np.empty((len(reps), permutations), dtype=np.uint64)
    shingles: list[np.ndarray] = []
    for r, i in enumerate(reps):
        sh = _shingles(canonical[i])
        shingles.append(sh)
        # (a·h + b) mod p, computed on 64 bits: overflow wraps consistently for every text,
        # which is all MinHash needs (a family of fixed pseudo-random permutations).
        signatures[r] = ((np.outer(a, sh) + b[:, None]) % _PRIME).min(axis=1)
        if progress and r % 5000 == 0:
            progress(r, len(reps))
    for band in range(bands):
        buckets: dict[bytes, int] = {}
        block = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows])
        for r in range(len(reps)):
            key = block[r].tobytes()
            head = buckets.setdefault(key, r)
            if head == r or uf.find(reps[head]) == uf.find(reps[r]):
                continue
            x, y = shingles[head], shingles[r]
            inter = np.intersect1d(x, y, assume_unique=True).size
            if inter / (x.size + y.size - inter) >= threshold:
                uf.union(reps[head], reps[r])
    if progress:
        progress(len(reps), len(reps))
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    found = [g for g in groups.values() if len(g) > 1]
    found.sort(key=lambda g: (-len(g), g[0]))
    return found
