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

# The closed theme whose results the demo publishes (concerto.publication.demo), else an
# open theme of the demo (evidence then shows questions only, until results are published).
EVIDENCE_THEMES = ["priorites", "metavers"]
SERVICE = "Délégation au numérique, Secrétariat général du ministère de la Culture"

DECISIONS = [
    {
        "title": "Un plan de formation au numérique pour les professionnels de la culture",
        "description": (
            "La formation des professionnels arrive en tête des priorités exprimées, pour "
            "tous les profils : le ministère finance un plan de formation continue au "
            "numérique, conçu avec les écoles de l’enseignement supérieur Culture.\n\n"
            "- des parcours courts, à distance et en région, pour les petites structures ;\n"
            "- un module sur la sobriété numérique et l’accessibilité ;\n"
            "- 5 000 professionnels formés d’ici la fin du plan."
        ),
        "service": SERVICE,
        "evidence": {
            "priorites": [
                ("priorites", "priorites:formation", "La première priorité, pour tous."),
                ("role", "role:accompagnateur", "Le ministère est attendu en accompagnateur."),
            ],
            "metavers": [("besoins", "", "L’accompagnement est le premier besoin cité.")],
        },
        "quotes": [0],
        "free_text_themes": ["Former les équipes"],
        "timeline": [
            (90, "study", 0, "", "Proposition mise à l’étude à la clôture de l’enquête."),
            (60, "adopted", 10, "", "Décision retenue par le comité de pilotage."),
            (21, "in_progress", 45, "", "Les trois premiers parcours sont ouverts."),
        ],
    },
    {
        "title": "Un catalogue d’outils numériques libres recommandés",
        "description": (
            "Deuxième attente des répondants : mutualiser des outils. Le ministère publie et "
            "tient à jour un catalogue d’outils libres éprouvés par des structures "
            "culturelles (billetterie, gestion des collections, site web), avec leurs "
            "conditions d’hébergement."
        ),
        "service": "Service du numérique, Secrétariat général",
        "evidence": {
            "priorites": [
                ("priorites", "priorites:outils", "La deuxième priorité exprimée."),
            ],
            "metavers": [("role-ministere", "", "")],
        },
        "quotes": [1],
        "free_text_themes": ["Mutualiser des outils libres"],
        "timeline": [
            (90, "study", 0, "", ""),
            (45, "adopted", 30, "", "Inventaire des outils lancé avec les opérateurs."),
            (10, "done", 100, "", "Le catalogue est en ligne et mis à jour chaque trimestre."),
        ],
    },
    {
        "title": "Un fonds de fonctionnement numérique pour toutes les structures",
        "description": (
            "Certains participants proposaient un fonds qui prenne en charge les coûts "
            "courants du numérique (abonnements, maintenance) de toutes les structures "
            "culturelles."
        ),
        "service": SERVICE,
        "evidence": {
            "priorites": [
                ("priorites", "priorites:financement", ""),
                ("role", "role:financeur", "Le rôle de financeur vient après l’accompagnement."),
            ],
            "metavers": [("role-ministere", "", "")],
        },
        "quotes": [],
        "timeline": [
            (90, "study", 0, "", ""),
            (
                30,
                "rejected",
                0,
                "Les répondants placent le financement du fonctionnement derrière la "
                "formation et la mutualisation d’outils, et attendent du ministère qu’il "
                "accompagne plutôt qu’il finance ; les crédits sont réorientés vers le plan "
                "de formation et le catalogue d’outils.",
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
    themes = {t.slug: t for t in consultation.themes.filter(slug__in=EVIDENCE_THEMES)}
    slug = next((slug for slug in EVIDENCE_THEMES if slug in themes), None)
    if slug is None:
        return []
    theme = themes[slug]
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


def _quotes(theme) -> list:
    """The quotes published in the theme's results (concerto.publication), in their order."""
    try:
        from concerto.publication.models import Quote
    except ImportError:
        return []
    return list(
        Quote.objects.filter(results__theme=theme, is_selected=True).order_by("order", "pk")
    )


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
    position = 0
    for code, figure_key, note in spec["evidence"].get(theme.slug, []):
        question = questions.get(code)
        if question is not None:
            position += 1
            actions.add_evidence(
                decision=decision,
                actor=actions.SYSTEM,
                question=question,
                figure_key=figure_key,
                note=note,
                order=position,
            )
    quotes = _quotes(theme)
    for index in spec["quotes"]:
        if index < len(quotes):
            position += 1
            actions.add_evidence(
                decision=decision, actor=actions.SYSTEM, quote=quotes[index], order=position
            )
    for label in spec.get("free_text_themes", []):
        free_text_theme = _free_text_theme(theme, label)
        if free_text_theme is not None:
            position += 1
            actions.add_evidence(
                decision=decision,
                actor=actions.SYSTEM,
                free_text_theme=free_text_theme,
                order=position,
            )
    return decision


def _free_text_theme(theme, label: str):
    """The theme the analysts validated with this label in the answers of ``theme``."""
    from concerto.freetext.models import ValidatedTheme

    return (
        ValidatedTheme.objects.filter(analysis__question__questionnaire__theme=theme, label=label)
        .select_related("analysis__question__questionnaire")
        .first()
    )
