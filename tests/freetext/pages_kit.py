"""Data for the analysts' pages: a consultation's questionnaire with French answers to an
open question, and a discovery run as the worker leaves it (the machine's side).

The machine's output is written here as the worker writes it (``Run`` done, candidates and
their answers, campaign groups): the pages only read it. The worker's own path is tested
with the real worker elsewhere. Everything an analyst does goes through ``actions``.
"""

from __future__ import annotations

from django.utils import timezone

from concerto.freetext.models import (
    CampaignGroup,
    CandidateAssignment,
    CandidateTheme,
    Run,
    RunKind,
    RunStatus,
)
from concerto.surveys.models import AnswerValue
from tests.surveys.conftest import respond

CODE = "pourquoi"  # a long text question of the kit

TEXTS = {
    "prix": [
        "Les places de concert sont beaucoup trop chères pour les familles.",
        "Le prix des billets de musée empêche les jeunes d’y aller.",
        "Baisser les tarifs des spectacles pour les étudiants.",
        "Un pass culture plus généreux pour payer les entrées.",
    ],
    "proximite": [
        "Il n’y a aucun cinéma dans mon village, il faut faire quarante kilomètres.",
        "Les bibliothèques rurales ferment les unes après les autres.",
        "Plus de spectacles en tournée dans les petites communes.",
    ],
    "numerique": [
        "Les visites virtuelles des musées devraient être gratuites en ligne.",
        "Numériser les archives pour qu’on puisse les consulter depuis chez soi.",
        "Une application pour réserver ses places dans tous les théâtres.",
    ],
    "hors_sujet": ["Rien à dire.", "???"],
}
CAMPAIGN = "Défendons le spectacle vivant : plus de moyens pour les compagnies indépendantes !"


def answer(questionnaire, texts, code: str = CODE) -> list[AnswerValue]:
    """One submitted response per text; the answers in that order."""
    for text in texts:
        respond(questionnaire, {"usage": "non", code: text})
    return list(
        AnswerValue.objects.filter(question__questionnaire=questionnaire, question__code=code)
        .order_by("-pk")[: len(texts)]
        .select_related("question")
    )[::-1]


def answer_all(questionnaire, *, campaign: int = 3) -> dict[str, list[AnswerValue]]:
    """The TEXTS by topic, plus ``campaign`` copies of the same text."""
    answers = {topic: answer(questionnaire, texts) for topic, texts in TEXTS.items()}
    answers["campagne"] = answer(questionnaire, [CAMPAIGN] * campaign)
    return answers


PROPOSALS = [
    ("Prix des places", ["prix", "tarif", "billet"], "prix", False),
    ("Culture près de chez soi", ["village", "commune", "rural"], "proximite", False),
    ("Culture en ligne", ["numérique", "virtuel", "application"], "numerique", False),
    ("Hors sujet ou vide", [], "hors_sujet", True),
]


def finish_discovery(run: Run, answers: dict[str, list[AnswerValue]]) -> list[CandidateTheme]:
    """The run done, as the worker leaves it: PROPOSALS and one campaign group."""
    now = timezone.now()
    run.status, run.stage, run.progress = RunStatus.DONE, "discover", 100
    run.answers_count = sum(len(v) for v in answers.values())
    run.started_at, run.finished_at = run.started_at or now, now
    run.save()
    candidates = []
    for position, (label, terms, topic, off_topic) in enumerate(PROPOSALS):
        members = answers[topic] + (answers["campagne"] if topic == "proximite" else [])
        candidate = CandidateTheme.objects.create(
            run=run,
            position=position,
            label=label,
            terms=terms,
            count=len(members),
            quote_ids=[a.pk for a in members[:3]],
            is_off_topic=off_topic,
        )
        CandidateAssignment.objects.bulk_create(
            CandidateAssignment(candidate=candidate, answer=a) for a in members
        )
        candidates.append(candidate)
    group = CampaignGroup.objects.create(
        run=run, size=len(answers["campagne"]), representative=answers["campagne"][0]
    )
    group.answers.set(answers["campagne"])
    return candidates


def finish_coding(run: Run, agreement: dict | None) -> Run:
    now = timezone.now()
    run.status, run.stage, run.progress, run.agreement = RunStatus.DONE, "agreement", 100, agreement
    run.started_at, run.finished_at = run.started_at or now, now
    run.save()
    return run


def set_progress(run: Run, *, status=RunStatus.RUNNING, stage="embed", progress=40) -> Run:
    run.status, run.stage, run.progress = status, stage, progress
    run.started_at = run.started_at or timezone.now()
    run.save(update_fields=["status", "stage", "progress", "started_at"])
    return run


__all__ = ["RunKind", "answer", "answer_all", "finish_coding", "finish_discovery", "set_progress"]
