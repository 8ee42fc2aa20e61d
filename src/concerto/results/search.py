"""Free-text answers for staff: browse and search one question's texts.

PostgreSQL searches with its full-text engine in French (stemming: « musées » finds
« musée »), through an index on exactly the expression used here (migration
``results.0002_free_text_search_index``); other databases fall back to a plain
case-insensitive substring match. The texts are those of text questions and the
« Autre (précisez) » texts of choice questions.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, QuerySet

from concerto.surveys.models import AnswerValue

CONFIG = "french"


def free_texts(
    question_id: int, *, query: str = "", profiles: tuple[int | None, ...] = ()
) -> QuerySet:
    """The question's non-empty texts, most recent first (best match first when searching),
    as rows with ``text``, ``profile_id``, ``response_id``."""
    texts = AnswerValue.objects.filter(question_id=question_id).exclude(text="")
    if profiles:
        wanted = [p for p in profiles if p is not None]
        chosen = texts.filter(profile_id__in=wanted)
        if None in profiles:
            chosen = chosen | texts.filter(profile_id__isnull=True)
        texts = chosen
    if query:
        if connection.vendor == "postgresql":
            search = SearchQuery(query, config=CONFIG, search_type="websearch")
            texts = (
                texts.annotate(document=SearchVector("text", config=CONFIG))
                .filter(document=search)
                .annotate(rank=SearchRank(F("document"), search))
                .order_by("-rank", "-response_id")
            )
            return texts.values("pk", "text", "profile_id", "response_id")
        texts = texts.filter(text__icontains=query)
    return texts.order_by("-response_id").values("pk", "text", "profile_id", "response_id")
