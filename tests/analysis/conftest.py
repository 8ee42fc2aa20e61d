import json
from pathlib import Path

import numpy as np
import pytest

from concerto.analysis import get_embedder

DATA = Path(__file__).parent / "data"


def sample(question: str | None = None) -> list[dict]:
    """Real Grand Débat answers with their human codes (tests/analysis/data)."""
    rows = [json.loads(line) for line in (DATA / "grand-debat-sample.jsonl").open(encoding="utf-8")]
    return [r for r in rows if question is None or r["question"] == question]


class _CachedEmbedder:
    """The default backend, each text embedded once for the whole test session."""

    name = "use"

    def __init__(self):
        self.inner = get_embedder("use", workers=1)
        self.cache: dict[str, np.ndarray] = {}

    def embed(self, texts, *, progress=None):
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            for text, vector in zip(missing, self.inner.embed(missing), strict=True):
                self.cache[text] = vector
        return np.vstack([self.cache[t] for t in texts])


@pytest.fixture(scope="session")
def embedder():
    return _CachedEmbedder()
