"""How far the codings of an analysis can be trusted: the machine against the analysts, and
one analyst against another (reads for the analysis page).

Both are a mean per-answer F1 with its 95 % bootstrap interval and sample size
(``concerto.analysis.mean_with_interval``): ``{"mean", "low", "high", "n"}``.
"""

from __future__ import annotations

import hashlib

from concerto.analysis import mean_with_interval, per_answer_f1
from concerto.surveys.models import AnswerValue

from .models import Analysis, Assignment, Review, Run, RunKind, RunStatus, Source
from .selectors import analysed_answers


def machine_agreement(analysis: Analysis) -> dict | None:
    """The agreement measured by the latest finished coding run, None before the first.

    Its ``mean``, ``low`` and ``high`` are None when too few answers were reviewed to
    measure it (fewer than ``tasks.MIN_REVIEWED_FOR_AGREEMENT``); ``n`` says how many."""
    run = (
        Run.objects.filter(analysis=analysis, kind=RunKind.CODE, status=RunStatus.DONE)
        .order_by("-finished_at", "-pk")
        .only("agreement")
        .first()
    )
    return None if run is None else run.agreement


def analyst_agreement(analysis: Analysis) -> dict | None:
    """Agreement between analysts on the double-coded answers: each blind second coding
    (``Review.is_double``) against the answer's first review. None when no answer was
    double-coded."""
    reviews = list(
        Review.objects.filter(analysis=analysis)
        .order_by("is_double", "created_at", "pk")
        .values_list("answer_id", "analyst_id", "is_double")
    )
    first: dict[int, int] = {}
    second: dict[int, int] = {}
    for answer_id, analyst_id, is_double in reviews:
        if answer_id not in first:
            first[answer_id] = analyst_id
        elif is_double and answer_id not in second and analyst_id != first[answer_id]:
            second[answer_id] = analyst_id
    if not second:
        return None
    themes: dict[tuple[int, int], set[int]] = {}
    for answer_id, analyst_id, theme_id in Assignment.objects.filter(
        theme__analysis=analysis, source=Source.ANALYST, answer_id__in=list(second)
    ).values_list("answer_id", "analyst_id", "theme_id"):
        themes.setdefault((answer_id, analyst_id), set()).add(theme_id)
    scores = [
        per_answer_f1(
            themes.get((answer_id, first[answer_id]), set()),
            themes.get((answer_id, analyst_id), set()),
        )
        for answer_id, analyst_id in sorted(second.items())
    ]
    return mean_with_interval(scores, seed=analysis.pk)


def _rank(analysis: Analysis, analyst, answer_id: int) -> bytes:
    # A fixed pseudo-random order per analyst: the sample stays the same between pages,
    # shrinking as they code, and differs from one analyst to the next.
    return hashlib.sha256(f"{analysis.pk}:{analyst.pk}:{answer_id}".encode()).digest()


def double_coding_sample(analysis: Analysis, analyst, size: int = 30) -> list[AnswerValue]:
    """Answers for ``analyst`` to code blind: reviewed first by another analyst, never by
    them; a seeded random sample, stable from one call to the next."""
    first: dict[int, int] = {}
    mine: set[int] = set()
    for answer_id, analyst_id in (
        Review.objects.filter(analysis=analysis)
        .order_by("is_double", "created_at", "pk")
        .values_list("answer_id", "analyst_id")
    ):
        first.setdefault(answer_id, analyst_id)
        if analyst_id == analyst.pk:
            mine.add(answer_id)
    eligible = [
        a for a, first_analyst in first.items() if first_analyst != analyst.pk and a not in mine
    ]
    eligible.sort(key=lambda answer_id: _rank(analysis, analyst, answer_id))
    chosen: list[AnswerValue] = []
    # A few more than needed, in case some were withdrawn since they were reviewed.
    for start in range(0, len(eligible), size * 2 or 1):
        batch = eligible[start : start + size * 2]
        found = analysed_answers(analysis.question_id).in_bulk(batch)
        chosen.extend(found[a] for a in batch if a in found)
        if len(chosen) >= size:
            break
    return chosen[:size]
