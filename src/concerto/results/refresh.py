"""Recompute a questionnaire's summary tables from the submitted answers.

The only writer of ``concerto.results.models``. Every figure is grouped by the database at
the grain of the summary (question, option, matrix row, rank, profile at submission,
département); the page then sums a few thousand rows instead of millions. On PostgreSQL the
whole refresh reads one snapshot (REPEATABLE READ), so respondents, bases and counts agree
with each other even while answers keep arriving; the tables are replaced in the same
transaction, so a reader sees the old figures or the new ones, never half of each.

Who saw a question is decided by the question's display conditions on the stored answers:
an answer hidden by a condition is dropped at submission, and an unanswered question meets
no condition (``engine.conditions``), so a condition holds exactly when the stored rows of
the question it depends on hold one of its values — a query per conditional question.
"""

from __future__ import annotations

import time
from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from concerto.surveys.engine import QuestionnaireDef
from concerto.surveys.engine import conditions as ops
from concerto.surveys.models import (
    AnswerChoice,
    AnswerValue,
    Questionnaire,
    Response,
    ResponseStatus,
)
from concerto.surveys.structure import load

from .models import ChoiceCount, NumberCount, QuestionCount, RespondentCount, SummaryState

BUCKETS = 10


def refresh_summary(questionnaire: Questionnaire) -> SummaryState:
    """Replace the questionnaire's summary with figures computed now; returns its state.

    ``exact`` is set when the questionnaire no longer takes answers (its theme closed):
    nothing can change the figures after that.
    """
    started = time.monotonic()
    definition = load(questionnaire.pk)
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        as_of = timezone.now()
        closes_at = questionnaire.theme.closes_at
        exact = closes_at is not None and closes_at <= as_of
        rows = compute(questionnaire.pk, definition)
        for model in (RespondentCount, QuestionCount, ChoiceCount, NumberCount):
            model.objects.filter(questionnaire_id=questionnaire.pk).delete()
            model.objects.bulk_create(rows[model], batch_size=5000)
        state, _created = SummaryState.objects.get_or_create(questionnaire_id=questionnaire.pk)
        state.as_of = as_of
        state.exact = exact
        state.duration_ms = int((time.monotonic() - started) * 1000)
        state.save(update_fields=["as_of", "exact", "duration_ms"])
    return state


def compute(questionnaire_id: int, definition: QuestionnaireDef) -> dict[type, list]:
    """The summary rows, grouped by the database, not yet written."""
    submitted = Response.objects.filter(
        questionnaire_id=questionnaire_id, status=ResponseStatus.SUBMITTED
    )
    common = {"questionnaire_id": questionnaire_id}
    rows: dict[type, list] = {}

    # Participation: by day of first submission, profile and département.
    rows[RespondentCount] = [
        RespondentCount(**common, profile_id=p, departement=d or "", day=day, n=n)
        for p, d, day, n in submitted.annotate(day=TruncDate("submitted_at"))
        .values("profile_id", "departement", "day")
        .annotate(n=Count("*"))
        .order_by()
        .values_list("profile_id", "departement", "day", "n")
    ]
    everyone: dict[tuple, int] = defaultdict(int)
    for row in rows[RespondentCount]:
        everyone[(row.profile_id, row.departement)] += row.n

    questions = definition.answerable
    on_choices = [q for q in questions if q.kind_def.has_options]
    on_values = [q for q in questions if not q.kind_def.has_options]

    # Options, matrix cells and ranks.
    rows[ChoiceCount] = []
    if on_choices:
        rows[ChoiceCount] = [
            ChoiceCount(
                **common,
                question_id=qid,
                choice_id=cid,
                row_id=rid,
                rank=rank,
                profile_id=p,
                departement=d or "",
                n=n,
            )
            for qid, cid, rid, rank, p, d, n in AnswerChoice.objects.filter(
                question_id__in=[q.id for q in on_choices]
            )
            .values(
                "question_id", "choice_id", "row_id", "rank", "profile_id", "response__departement"
            )
            .annotate(n=Count("*"))
            .order_by()
            .values_list(
                "question_id",
                "choice_id",
                "row_id",
                "rank",
                "profile_id",
                "response__departement",
                "n",
            )
        ]

    # Who answered: where an answer is one row, the rows (for options, the sum of the
    # counts above: no second read); where it may be several rows (options ticked, ranks,
    # matrix cells), distinct responses.
    answered: dict[tuple, int] = defaultdict(int)
    single_choice_ids = {q.id for q in on_choices if not q.kind_def.several_rows}
    for row in rows[ChoiceCount]:
        if row.question_id in single_choice_ids:
            answered[(row.question_id, row.profile_id, row.departement)] += row.n
    for model, ids, counted in (
        (AnswerChoice, [q.id for q in on_choices if q.kind_def.several_rows], True),
        (AnswerValue, [q.id for q in on_values if not q.kind_def.several_rows], False),
        (AnswerValue, [q.id for q in on_values if q.kind_def.several_rows], True),
    ):
        if not ids:
            continue
        for qid, p, d, n in (
            model.objects.filter(question_id__in=ids)
            .values("question_id", "profile_id", "response__departement")
            .annotate(n=Count("response_id", distinct=True) if counted else Count("*"))
            .order_by()
            .values_list("question_id", "profile_id", "response__departement", "n")
        ):
            answered[(qid, p, d or "")] = n

    # Who saw it: everyone, unless display conditions decide.
    seen: dict[tuple, int] = {}
    by_conditions: dict[tuple, dict[tuple, int]] = {}
    for question in questions:
        if not question.conditions:
            for (p, d), n in everyone.items():
                seen[(question.id, p, d)] = n
            continue
        if question.conditions not in by_conditions:
            visible = submitted.filter(shown_filter(definition, question))
            by_conditions[question.conditions] = {
                (p, d or ""): n
                for p, d, n in visible.values("profile_id", "departement")
                .annotate(n=Count("*"))
                .order_by()
                .values_list("profile_id", "departement", "n")
            }
        for (p, d), n in by_conditions[question.conditions].items():
            seen[(question.id, p, d)] = n
    rows[QuestionCount] = [
        QuestionCount(
            **common,
            question_id=qid,
            profile_id=p,
            departement=d,
            seen=n,
            answered=answered.get((qid, p, d), 0),
        )
        for (qid, p, d), n in seen.items()
    ]
    # An answer where the question was not seen cannot be stored; count it anyway, rather
    # than lose it, should the structure have changed since.
    for (qid, p, d), n in answered.items():
        if (qid, p, d) not in seen:
            rows[QuestionCount].append(
                QuestionCount(
                    **common, question_id=qid, profile_id=p, departement=d, seen=n, answered=n
                )
            )

    # Numbers: ten buckets between the smallest and the largest answer of each question.
    rows[NumberCount] = []
    numeric = [q.id for q in questions if "distribution" in q.kind_def.figures]
    if numeric:
        numbers = AnswerValue.objects.filter(question_id__in=numeric, number__isnull=False)
        ranges = {
            qid: (low, high)
            for qid, low, high in numbers.values("question_id")
            .annotate(low=Min("number"), high=Max("number"))
            .order_by()
            .values_list("question_id", "low", "high")
        }
        for qid, (low, high) in ranges.items():
            width = (high - low) / BUCKETS if high > low else Decimal(1)
            grouped: dict[tuple, list] = defaultdict(lambda: [0, Decimal(0)])
            # Bucket in the database: an integer division of the distance to the minimum.
            for value, p, d, n, total in _number_buckets(
                numbers.filter(question_id=qid), low, width
            ):
                cell = grouped[(value, p, d or "")]
                cell[0] += n
                cell[1] += total
            rows[NumberCount] += [
                NumberCount(
                    **common,
                    question_id=qid,
                    bucket=bucket,
                    profile_id=p,
                    departement=d,
                    n=n,
                    total=total,
                    low=low,
                    high=high,
                )
                for (bucket, p, d), (n, total) in grouped.items()
            ]
    return rows


def _number_buckets(numbers, low: Decimal, width: Decimal):
    from django.db.models import DecimalField, ExpressionWrapper, IntegerField, Value
    from django.db.models.functions import Cast, Floor, Least

    bucket = Least(
        Cast(
            Floor(
                ExpressionWrapper(
                    (F("number") - Value(low)) / Value(width),
                    output_field=DecimalField(max_digits=30, decimal_places=10),
                )
            ),
            IntegerField(),
        ),
        Value(BUCKETS - 1),
    )
    return (
        numbers.annotate(bucket=bucket)
        .values("bucket", "profile_id", "response__departement")
        .annotate(n=Count("*"), total=Sum("number"))
        .order_by()
        .values_list("bucket", "profile_id", "response__departement", "n", "total")
    )


def shown_filter(definition: QuestionnaireDef, question) -> Q:
    """The responses whose stored answers meet every display condition of ``question``.

    The meaning is ``engine.conditions.holds`` on the codes the stored rows hold:
    « answered » holds when the question has rows; « equals » and « any of » when a row
    holds one of the values; « not equals » when it has rows and none holds a value.
    """
    shown = Q()
    for condition in question.conditions:
        depends_on = definition.by_code.get(condition.depends_on)
        if depends_on is None:  # a condition on a question since removed: nobody
            return Q(pk__in=[])
        model = AnswerChoice if depends_on.kind_def.has_options else AnswerValue
        rows = model.objects.filter(response_id=OuterRef("pk"), question_id=depends_on.id)
        ids = [
            depends_on.option_by_code[code].id
            for code in condition.values
            if code in depends_on.option_by_code
        ]
        if condition.operator == ops.ANSWERED:
            shown &= Q(Exists(rows))
        elif condition.operator in (ops.EQUALS, ops.ANY_OF):
            shown &= Q(Exists(rows.filter(choice_id__in=ids)))
        elif condition.operator == ops.NOT_EQUALS:
            shown &= Q(Exists(rows)) & ~Q(Exists(rows.filter(choice_id__in=ids)))
        else:
            raise ValueError(f"Unknown condition operator {condition.operator!r}")
    return shown
