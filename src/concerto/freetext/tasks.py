"""The analysis runs, on the task worker: the engine (``concerto.analysis``) on a question's
answers, its results written as proposals and machine assignments.

Each run loads the texts, embeds them once (the vectors serve every stage, as in the
engine's own CLI and benchmark), and writes its progress (``stage``, ``progress``) as it
goes, each a one-row UPDATE of its own, so that the page follows it while the run works.
What it finds is written at the end, in one transaction that first locks the analysis (as
every action does): analysts' writes during the run are never lost, and never half-seen.

A run only writes the machine's side: candidates, campaign groups, machine assignments. The
validated themes and the reviews are the analysts' and are never changed by a run.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from concerto.analysis import (
    Code,
    DiscoveryParams,
    Embedder,
    EmbeddingError,
    code_answers,
    cross_validated_agreement,
    discover,
    find_duplicates,
    get_embedder,
)

from .actions import first_reviews
from .models import (
    Analysis,
    Assignment,
    CampaignGroup,
    CandidateAssignment,
    CandidateTheme,
    Review,
    Run,
    RunStatus,
    Source,
    ValidatedTheme,
)
from .selectors import analysed_answers

logger = logging.getLogger(__name__)

# Below this many reviewed answers, the machine's agreement with the analysts is not
# measured: its interval would be too wide to tell anything.
MIN_REVIEWED_FOR_AGREEMENT = 10
AGREEMENT_FOLDS = 5
BATCH = 5000

_embedders: dict[str, Embedder] = {}


def embedder() -> Embedder:
    """The configured embedding backend (``CONCERTO_EMBEDDINGS_BACKEND``, default USE),
    loaded once per worker process: the model takes seconds to load, runs are many."""
    name = os.environ.get("CONCERTO_EMBEDDINGS_BACKEND") or "use"
    if name not in _embedders:
        _embedders[name] = get_embedder(name)
    return _embedders[name]


class RunRefused(Exception):
    """The run cannot do its work, for a reason the analyst can act on (a French message)."""


class _Progress:
    """Writes the run's stage and progress, at most about twice a second."""

    def __init__(self, run_id: int):
        self.rows = Run.objects.filter(pk=run_id)
        self.current: tuple[str, int] = ("", -1)
        self.written_at = 0.0

    def __call__(self, stage: str, percent: float) -> None:
        percent = max(0, min(100, int(percent)))
        now = time.monotonic()
        if (stage, percent) == self.current:
            return
        if stage == self.current[0] and now - self.written_at < 0.5:
            return
        self.rows.update(stage=stage, progress=percent)
        self.current = (stage, percent)
        self.written_at = now

    def over(self, stage: str, start: float, end: float) -> Callable[[int, int], None]:
        """A (done, total) callback mapped onto start–end of the run's progress."""

        def report(done: int, total: int) -> None:
            self(stage, start + (end - start) * (done / total if total else 1.0))

        return report


def _execute(run_id: int, work: Callable[[Run, _Progress], None]) -> bool:
    """Claim the run (a task delivered twice runs once), do its work, record the outcome."""
    claimed = Run.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), stage="", progress=0
    )
    if not claimed:
        return False
    run = Run.objects.select_related("analysis").get(pk=run_id)
    rows = Run.objects.filter(pk=run_id)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            work(run, _Progress(run_id))
    except RunRefused as refused:
        rows.update(status=RunStatus.FAILED, error=str(refused), finished_at=timezone.now())
        return False
    except Exception as error:
        logger.exception("Analysis run %s failed", run_id)
        with translation.override(settings.LANGUAGE_CODE):
            if isinstance(error, EmbeddingError):
                message = gettext(
                    "Le modèle de langue n’a pas pu être utilisé (%(error)s). Vérifiez sa "
                    "configuration, puis relancez le traitement."
                ) % {"error": str(error)[:300]}
            else:
                message = gettext(
                    "Le traitement a échoué (erreur inattendue : %(error)s). Relancez-le ; si "
                    "l’erreur se répète, signalez-la à l’équipe technique en donnant le numéro "
                    "du traitement (n° %(number)s)."
                ) % {"error": f"{type(error).__name__}: {error}"[:300], "number": run_id}
        rows.update(status=RunStatus.FAILED, error=message, finished_at=timezone.now())
        return False
    return True


def _load(run: Run, progress: _Progress) -> tuple[list[int], list[str]]:
    progress("load", 0)
    # In the order they were stored: the runs see the answers in a stable order.
    rows = list(analysed_answers(run.analysis.question_id).order_by("pk").values_list("pk", "text"))
    if not rows:
        raise RunRefused(gettext("Cette question n’a aucune réponse à analyser."))
    Run.objects.filter(pk=run.pk).update(answers_count=len(rows))
    ids = [pk for pk, _text in rows]
    texts = [text for _pk, text in rows]
    return ids, texts


def _finish(run: Run, **fields) -> None:
    Run.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, stage="", progress=100, finished_at=timezone.now(), **fields
    )


def _lock(run: Run) -> Analysis:
    return Analysis.objects.select_for_update().get(pk=run.analysis_id)


# --- discovery -------------------------------------------------------------------------------


@task()
def run_discovery(run_id: int) -> bool:
    """Propose themes for the run's question: campaign groups, candidate themes (one of
    them the off-topic answers) and the answers of each. Returns whether it succeeded."""
    return _execute(run_id, _discover)


def _discover(run: Run, progress: _Progress) -> None:
    ids, texts = _load(run, progress)
    progress("embed", 5)  # loading the model takes a few seconds on a worker's first run
    model = embedder()
    vectors = model.embed(texts, progress=progress.over("embed", 5, 70))
    progress("duplicates", 70)
    groups = find_duplicates(texts)
    progress("discover", 75)
    analysis = run.analysis
    found = discover(
        texts,
        embedder=model,
        embeddings=vectors,
        params=DiscoveryParams(min_themes=analysis.min_themes, max_themes=analysis.max_themes),
    )
    progress("save", 95)
    with transaction.atomic():
        _lock(run)
        # An answer edited or withdrawn during the run is gone: it is left out.
        live = set(analysed_answers(analysis.question_id).values_list("pk", flat=True))
        _save_campaigns(run, ids, groups, live)
        _save_candidates(run, ids, texts, found, live)
        _finish(run)


def _save_campaigns(run: Run, ids: list[int], groups: list[list[int]], live: set[int]) -> None:
    members = [[ids[i] for i in group if ids[i] in live] for group in groups]
    members = [group for group in members if len(group) >= 2]
    campaigns = CampaignGroup.objects.bulk_create(
        [CampaignGroup(run=run, size=len(group), representative_id=group[0]) for group in members]
    )
    through = CampaignGroup.answers.through
    through.objects.bulk_create(
        [
            through(campaigngroup_id=campaign.pk, answervalue_id=answer_id)
            for campaign, group in zip(campaigns, members, strict=True)
            for answer_id in group
        ],
        batch_size=BATCH,
    )


def _save_candidates(run: Run, ids, texts, found, live: set[int]) -> None:
    members: dict[str, list[int]] = {theme.id: [] for theme in found.themes}
    for i, theme_ids in enumerate(found.assignments):
        if ids[i] in live:
            for theme_id in theme_ids:
                members[theme_id].append(i)
    candidates, kept = [], []
    for position, theme in enumerate(found.themes):
        rows = members[theme.id]
        if not rows:
            continue
        # The engine quotes texts; the candidate keeps the answers they come from.
        by_text: dict[str, int] = {}
        for i in rows:
            by_text.setdefault(texts[i].strip(), ids[i])
        quote_ids = [by_text[quote] for quote in theme.quotes if quote in by_text]
        candidates.append(
            CandidateTheme(
                run=run,
                position=position,
                label=theme.label[:200],
                terms=list(theme.terms),
                count=len(rows),
                quote_ids=quote_ids,
                is_off_topic=theme.kind == "off_topic",
            )
        )
        kept.append(rows)
    saved = CandidateTheme.objects.bulk_create(candidates)
    CandidateAssignment.objects.bulk_create(
        [
            CandidateAssignment(candidate_id=candidate.pk, answer_id=ids[i])
            for candidate, rows in zip(saved, kept, strict=True)
            for i in rows
        ],
        batch_size=BATCH,
    )


# --- coding ----------------------------------------------------------------------------------


@task()
def run_coding(run_id: int) -> bool:
    """Code the answers no analyst reviewed from the validated themes and the reviewed
    answers, replacing the machine's previous codes of those answers; measure the machine's
    agreement with the analysts by cross-validation. Returns whether it succeeded."""
    return _execute(run_id, _code)


def _examples(analysis: Analysis) -> dict[int, list[str]]:
    """The reviewed answers and their codes (theme ids as text): each first review's."""
    first = first_reviews(analysis)
    codes: dict[int, list[str]] = {answer_id: [] for answer_id in first}
    for answer_id, analyst_id, theme_id in (
        Assignment.objects.filter(theme__analysis=analysis, source=Source.ANALYST)
        .order_by("theme_id")
        .values_list("answer_id", "analyst_id", "theme_id")
    ):
        if first.get(answer_id) == analyst_id:
            codes[answer_id].append(str(theme_id))
    return codes


def _code(run: Run, progress: _Progress) -> None:
    analysis = run.analysis
    codebook = [
        Code(str(pk), label, description)
        for pk, label, description in ValidatedTheme.objects.filter(analysis=analysis)
        .order_by("position", "pk")
        .values_list("pk", "label", "description")
    ]
    if not codebook:
        raise RunRefused(gettext("Aucun thème validé : il n’y a rien à coder."))
    ids, texts = _load(run, progress)
    reviewed = _examples(analysis)
    example_rows = [i for i, pk in enumerate(ids) if pk in reviewed]
    todo_rows = [i for i, pk in enumerate(ids) if pk not in reviewed]
    progress("embed", 5)
    model = embedder()
    vectors = model.embed(texts, progress=progress.over("embed", 5, 60))
    progress("code", 60)
    example_texts = [texts[i] for i in example_rows]
    example_codes = [reviewed[ids[i]] for i in example_rows]
    coded = (
        code_answers(
            [texts[i] for i in todo_rows],
            codebook,
            embedder=model,
            example_texts=example_texts,
            example_codes=example_codes,
            embeddings=vectors[todo_rows],
            example_embeddings=vectors[example_rows] if example_rows else None,
        )
        if todo_rows
        else []
    )
    progress("agreement", 85)
    if len(example_rows) >= MIN_REVIEWED_FOR_AGREEMENT:
        agreement = cross_validated_agreement(
            example_texts,
            codebook,
            example_codes,
            embedder=model,
            embeddings=vectors[example_rows],
            folds=AGREEMENT_FOLDS,
            # The same examples give the same measure, whichever run computes it.
            seed=analysis.pk,
        )
    else:
        # Not measured: the page says why, with the number of reviewed answers.
        agreement = {"mean": None, "low": None, "high": None, "n": len(example_rows)}
    progress("save", 97)
    with transaction.atomic():
        _lock(run)
        # Read again under the lock: themes deleted or merged, answers reviewed, edited or
        # withdrawn while the run worked are taken as they are now.
        themes = set(
            ValidatedTheme.objects.filter(
                analysis=analysis, pk__in=[int(c.code) for c in codebook]
            ).values_list("pk", flat=True)
        )
        reviews = Review.objects.filter(analysis=analysis).values("answer_id")
        Assignment.objects.filter(theme_id__in=themes, source=Source.MACHINE).exclude(
            answer_id__in=reviews
        ).delete()
        now_reviewed = set(reviews.values_list("answer_id", flat=True))
        live = set(analysed_answers(analysis.question_id).values_list("pk", flat=True))
        Assignment.objects.bulk_create(
            [
                Assignment(
                    answer_id=ids[i],
                    theme_id=int(code),
                    source=Source.MACHINE,
                    run_id=run.pk,
                    confidence=confidence,
                )
                for i, codes in zip(todo_rows, coded, strict=True)
                if ids[i] in live and ids[i] not in now_reviewed
                for code, confidence in codes
                if int(code) in themes
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        _finish(run, agreement=agreement)
