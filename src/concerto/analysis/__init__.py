"""Free-text analysis of consultation answers: themes, coding, duplicates.

A library, not a Django app: it takes texts and returns themes and codes, and imports
nothing from Django. `python -m concerto.analysis` drives it on JSON Lines.
"""

from .agreement import cross_validated_agreement, mean_with_interval, per_answer_f1
from .coding import Code, CodingParams, code_answers
from .discover import Discovery, DiscoveryParams, Theme, discover
from .duplicates import find_duplicates
from .embeddings import Embedder, EmbeddingError, get_embedder

__all__ = [
    "Code",
    "CodingParams",
    "Discovery",
    "DiscoveryParams",
    "Embedder",
    "EmbeddingError",
    "Theme",
    "code_answers",
    "cross_validated_agreement",
    "discover",
    "find_duplicates",
    "get_embedder",
    "mean_with_interval",
    "per_answer_f1",
]
