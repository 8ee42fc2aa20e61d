"""Counts, means and cross-tabs of a questionnaire's submitted answers, computed by the database.

Three grouped queries give everything, whatever the number of responses:

- one scan of ``AnswerChoice`` grouped by (question, choice, row, rank, profile): every
  option's count, every matrix cell's, every rank of every ranked item, each split by the
  profile the respondent had when submitting (the cross-tab by profile), and from the
  same figures the mean of every scored question (Likert, 0–10, yes/no: ``Choice.score``);
- one over ``AnswerValue`` numbers grouped by (question, profile): count, sum and mean;
- one over submitted ``Response`` rows grouped by profile: the respondents, the base of
  percentages.

Only submitted answers have rows (drafts live in ``Response.draft``, a withdrawal deletes the
rows), so nothing else needs filtering. Everything is plain ORM and runs on SQLite too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from .engine import QuestionnaireDef
from .models import AnswerChoice, AnswerValue, Response, ResponseStatus

ALL = "all"  # every profile together (a profile key is a ParticipantProfile id, or None)


@dataclass(frozen=True)
class Mean:
    n: int
    total: Decimal

    @property
    def value(self) -> Decimal | None:
        return self.total / self.n if self.n else None


@dataclass
class Results:
    """A questionnaire's figures; every mapping is keyed by profile (or ``ALL``) last."""

    # Submitted responses by profile at submission.
    respondents: dict[object, int] = field(default_factory=dict)
    # (question id, choice id, row id, rank) → profile → count. ``row`` is the matrix row
    # (None elsewhere), ``rank`` the rank given in a ranking (None elsewhere).
    counts: dict[tuple, dict[object, int]] = field(default_factory=dict)
    # question id → profile → mean of the chosen options' scores, or of the typed numbers.
    means: dict[int, dict[object, Mean]] = field(default_factory=dict)

    def count(self, question_id, choice_id, row_id=None, rank=None, profile=ALL) -> int:
        return self.counts.get((question_id, choice_id, row_id, rank), {}).get(profile, 0)

    def mean(self, question_id, profile=ALL) -> Decimal | None:
        found = self.means.get(question_id, {}).get(profile)
        return found.value if found else None


def choice_tallies(question_ids) -> list[tuple]:
    """``(question, choice, row, rank, profile, count)`` for every group of chosen options:
    a single scan of the answer choices of these questions."""
    return list(
        AnswerChoice.objects.filter(question_id__in=list(question_ids))
        .values("question_id", "choice_id", "row_id", "rank", "profile_id")
        .annotate(n=Count("*"))
        .order_by()
        .values_list("question_id", "choice_id", "row_id", "rank", "profile_id", "n")
    )


def number_tallies(question_ids) -> list[tuple]:
    """``(question, profile, count, sum)`` of the typed numbers of these questions."""
    return list(
        AnswerValue.objects.filter(question_id__in=list(question_ids), number__isnull=False)
        .values("question_id", "profile_id")
        .annotate(n=Count("*"), total=Sum("number"))
        .order_by()
        .values_list("question_id", "profile_id", "n", "total")
    )


def respondents_by_profile(questionnaire_id: int) -> dict[object, int]:
    rows = (
        Response.objects.filter(questionnaire_id=questionnaire_id, status=ResponseStatus.SUBMITTED)
        .values("profile_id")
        .annotate(n=Count("*"))
        .order_by()
        .values_list("profile_id", "n")
    )
    result: dict[object, int] = dict(rows)
    result[ALL] = sum(result.values())
    return result


def questionnaire_results(questionnaire_id: int, definition: QuestionnaireDef) -> Results:
    """Every count, mean and cross-tab by profile of one questionnaire (three queries)."""
    results = Results(respondents=respondents_by_profile(questionnaire_id))
    choice_questions = [q for q in definition.answerable if q.kind_def.has_options]
    counts: dict[tuple, dict[object, int]] = defaultdict(lambda: defaultdict(int))
    if choice_questions:
        for question_id, choice_id, row_id, rank, profile_id, n in choice_tallies(
            q.id for q in choice_questions
        ):
            cell = counts[(question_id, choice_id, row_id, rank)]
            cell[profile_id] += n
            cell[ALL] += n
    results.counts = {key: dict(by_profile) for key, by_profile in counts.items()}

    # Scored options: the mean is Σ count × score ÷ Σ count (options without a score, such
    # as « Autre », are left out of both).
    for question in choice_questions:
        scores = {c.id: c.score for c in question.options if c.score is not None}
        if not scores:
            continue
        sums: dict[object, list] = defaultdict(lambda: [0, Decimal(0)])
        for choice_id, score in scores.items():
            for profile, n in results.counts.get((question.id, choice_id, None, None), {}).items():
                sums[profile][0] += n
                sums[profile][1] += n * score
        results.means[question.id] = {p: Mean(n, total) for p, (n, total) in sums.items()}

    number_questions = [q.id for q in definition.answerable if q.kind == "number"]
    if number_questions:
        sums = defaultdict(lambda: defaultdict(lambda: [0, Decimal(0)]))
        for question_id, profile_id, n, total in number_tallies(number_questions):
            for profile in (profile_id, ALL):
                sums[question_id][profile][0] += n
                sums[question_id][profile][1] += Decimal(total)
        for question_id, by_profile in sums.items():
            results.means[question_id] = {p: Mean(n, t) for p, (n, t) in by_profile.items()}
    return results
