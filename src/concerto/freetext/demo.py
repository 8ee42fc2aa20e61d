"""The demo's analysis of an open question (``make run``): validated themes, the machine's
assignments, a few answers coded by an analyst, and campaigns of identical answers.

Outside the domain, like the other demo loaders. The answers are synthetic: they are
themed by the keywords of the sentences they are made of (``demo_content``), a
deterministic stand-in for the engine, whose model takes too long for ``load_demo``; the
rows are those a discovery run and an analyst would have left. Idempotent: an analysis
that exists is left as it is.
"""

from __future__ import annotations

import unicodedata

from django.db import transaction
from django.utils import timezone

from concerto.surveys.models import Questionnaire

from . import demo_content
from .models import (
    Analysis,
    Assignment,
    CampaignGroup,
    Review,
    Run,
    RunKind,
    RunStatus,
    Source,
    ValidatedTheme,
)
from .selectors import analysed_answers


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def themes_of(text: str) -> list[int]:
    """The positions (in ``demo_content.THEMES``) of the themes whose keywords ``text`` has."""
    plain = _plain(text)
    return [
        index
        for index, theme in enumerate(demo_content.THEMES)
        if any(keyword in plain for keyword in theme["keywords"])
    ]


@transaction.atomic
def load_demo_analysis(questionnaire: Questionnaire, *, analyst) -> Analysis | None:
    """Analyse the demo question of ``questionnaire`` if it has not been; ``analyst`` (a
    member of the consultation's team) validated the themes and coded a few answers."""
    question = questionnaire.questions.filter(code=demo_content.QUESTION).first()
    if question is None or Analysis.objects.filter(question=question).exists():
        return None
    answers = list(analysed_answers(question).order_by("pk").values_list("pk", "text"))
    if not answers:
        return None
    now = timezone.now()
    analysis = Analysis.objects.create(question=question, created_by=analyst)
    run = Run.objects.create(
        analysis=analysis,
        kind=RunKind.DISCOVER,
        status=RunStatus.DONE,
        stage="discover",
        progress=100,
        answers_count=len(answers),
        started_by=analyst,
        started_at=now,
        finished_at=now,
    )
    themes = [
        ValidatedTheme.objects.create(
            analysis=analysis,
            label=spec["label"],
            description=spec["description"],
            position=position,
            created_by=analyst,
        )
        for position, spec in enumerate(demo_content.THEMES)
    ]
    reviewed = {pk for pk, _text in answers[: demo_content.REVIEWED]}
    Review.objects.bulk_create(
        Review(analysis=analysis, answer_id=pk, analyst=analyst) for pk in sorted(reviewed)
    )
    assignments = []
    for pk, text in answers:
        found = themes_of(text)
        for index in found:
            if pk in reviewed:
                assignments.append(
                    Assignment(
                        answer_id=pk, theme=themes[index], source=Source.ANALYST, analyst=analyst
                    )
                )
            else:
                assignments.append(
                    Assignment(
                        answer_id=pk,
                        theme=themes[index],
                        source=Source.MACHINE,
                        run=run,
                        # More of the theme's words, more confident: a stand-in, stated so.
                        confidence=min(0.95, 0.55 + 0.1 * len(found)),
                    )
                )
    Assignment.objects.bulk_create(assignments, batch_size=1000)
    _campaigns(run, answers)
    return analysis


def _campaigns(run: Run, answers: list[tuple[int, str]]) -> None:
    """Identical answers (case and accents aside) gathered as campaigns, as the engine's
    duplicates would."""
    by_text: dict[str, list[int]] = {}
    for pk, text in answers:
        by_text.setdefault(_plain(text).rstrip("."), []).append(pk)
    for ids in by_text.values():
        if len(ids) < demo_content.MIN_CAMPAIGN:
            continue
        group = CampaignGroup.objects.create(run=run, size=len(ids), representative_id=ids[0])
        group.answers.set(ids)
