"""The demo's decisions: three decisions at different statuses, with their evidence and
timeline, on the demo consultation (loaded by ``manage.py load_demo``).

Idempotent: a decision is looked up by its title in the consultation; one that exists is
left alone (a manager may have edited it).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from concerto.consultations.models import Consultation

from . import actions
from .models import Decision

# Evidence is taken from the first of these themes the demo has (with its questionnaire).
EVIDENCE_THEMES = ["metavers"]
SERVICE = "Délégation au numérique, Secrétariat général du ministère de la Culture"

DECISIONS = [
    {
        "title": "Un guichet d’accompagnement des projets culturels immersifs",
        "description": (
            "Les porteurs de projets ont dit manquer avant tout d’accompagnement : le "
            "ministère ouvre un guichet qui conseille les structures culturelles sur leurs "
            "projets immersifs (métavers, réalité virtuelle), de l’idée au financement.\n\n"
            "- un point de contact unique dans chaque direction régionale des affaires "
            "culturelles ;\n- des fiches pratiques sur les droits, l’accessibilité et la "
            "sobriété numérique ;\n- un appel à projets annuel."
        ),
        "service": SERVICE,
        "evidence": [
            ("besoins", "", "L’accompagnement est le premier besoin cité par les répondants."),
            ("role-ministere", "", "Une majorité attend du ministère qu’il accompagne."),
        ],
        "timeline": [
            (90, "study", 0, "", "Proposition mise à l’étude à la clôture de la thématique."),
            (60, "adopted", 10, "", "Décision retenue par le comité de pilotage."),
            (21, "in_progress", 45, "", "Trois directions régionales pilotes ouvrent le guichet."),
        ],
    },
    {
        "title": "Une charte de sobriété pour les expériences immersives",
        "description": (
            "Les risques environnementaux figurent parmi ceux qui préoccupent le plus les "
            "répondants : le ministère publie une charte de sobriété que les projets qu’il "
            "soutient s’engagent à respecter."
        ),
        "service": "Service du numérique, Haut fonctionnaire au développement durable",
        "evidence": [
            ("risques", "", "Les risques écologiques sont classés parmi les plus préoccupants."),
        ],
        "timeline": [
            (90, "study", 0, "", ""),
            (45, "adopted", 30, "", "La rédaction de la charte est lancée avec les opérateurs."),
            (10, "done", 100, "", "La charte est publiée et s’applique aux appels à projets."),
        ],
    },
    {
        "title": "Un métavers public du ministère de la Culture",
        "description": (
            "Certains participants proposaient que le ministère construise son propre "
            "métavers pour y présenter les collections nationales."
        ),
        "service": SERVICE,
        "evidence": [
            ("role-ministere", "", "Peu de répondants attendent du ministère qu’il construise."),
        ],
        "timeline": [
            (90, "study", 0, "", ""),
            (
                30,
                "rejected",
                0,
                "Les répondants attendent du ministère qu’il accompagne les projets des "
                "structures culturelles plutôt qu’il en construise un lui-même ; le coût et "
                "l’empreinte écologique d’une plateforme propre ne se justifient pas.",
                "Proposition écartée après l’analyse des contributions.",
            ),
        ],
    },
]


@transaction.atomic
def load_demo_decisions(consultation: Consultation, today: datetime.date | None = None):
    """Create the demo decisions missing from ``consultation``; return all of them."""
    from concerto.surveys.models import Question

    today = today or timezone.localdate()
    theme = consultation.themes.filter(slug__in=EVIDENCE_THEMES).first()
    if theme is None:
        return []
    questions = {
        q.code: q for q in Question.objects.filter(questionnaire__theme=theme).order_by("pk")
    }
    decisions = []
    for order, spec in enumerate(DECISIONS, start=1):
        decision = Decision.objects.filter(consultation=consultation, title=spec["title"]).first()
        if decision is None:
            decision = _create(consultation, theme, questions, spec, order, today)
        decisions.append(decision)
    return decisions


def _create(consultation, theme, questions, spec, order, today):
    days, status, progress, reason, note = spec["timeline"][0]
    decision = actions.create_decision(
        consultation=consultation,
        title=spec["title"],
        description=spec["description"],
        themes=[theme],
        service=spec["service"],
        status=status,
        progress=progress,
        status_reason=reason,
        is_published=True,
        order=order,
        note=note,
        date=today - datetime.timedelta(days=days),
        actor=actions.SYSTEM,
    )
    for days, status, progress, reason, note in spec["timeline"][1:]:
        actions.record_progress(
            decision=decision,
            actor=actions.SYSTEM,
            status=status,
            progress=progress,
            status_reason=reason,
            note=note,
            date=today - datetime.timedelta(days=days),
        )
    for position, (code, figure_key, note) in enumerate(spec["evidence"], start=1):
        question = questions.get(code)
        if question is not None:
            actions.add_evidence(
                decision=decision,
                actor=actions.SYSTEM,
                question=question,
                figure_key=figure_key,
                note=note,
                order=position,
            )
    return decision
