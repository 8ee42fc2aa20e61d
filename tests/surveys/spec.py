"""The kit's questionnaire of every kind, as the builder's spec (plain data, no Django).

Kept apart from ``kit`` (which needs factory_boy) so that the benchmarks can build the same
questionnaire on a venv made by ``make run``.
"""

from __future__ import annotations

from decimal import Decimal


def choices(*codes: str) -> list[dict]:
    return [{"code": code, "label": code.capitalize()} for code in codes]


SPEC = {
    "title": "Enquête complète",
    "slug": "complete",
    "sections": [
        {
            "title": "Vos usages",
            "questions": [
                {"code": "intro", "kind": "heading", "label": "Vos pratiques numériques"},
                {
                    "code": "explication",
                    "kind": "text",
                    "label": "Répondez selon **votre** expérience.",
                },
                {
                    "code": "usage",
                    "kind": "yes_no",
                    "label": "Utilisez-vous des outils numériques ?",
                    "required": True,
                },
                {
                    "code": "usage-detail",
                    "kind": "short_text",
                    "label": "Lesquels ?",
                    "max_length": 50,
                    "required": True,
                    "conditions": [
                        {"depends_on": "usage", "operator": "equals", "values": ["oui"]}
                    ],
                },
                {
                    "code": "domaines",
                    "kind": "multiple_choice",
                    "label": "Dans quels domaines ?",
                    "min_choices": 1,
                    "max_choices": 2,
                    "has_other": True,
                    "choices": choices("musique", "musees", "livre"),
                },
                {
                    "code": "region",
                    "kind": "select",
                    "label": "Votre région",
                    "choices": choices("bretagne", "normandie", "occitanie"),
                },
                {
                    "code": "frequence",
                    "kind": "single_choice",
                    "label": "À quelle fréquence ?",
                    "has_other": True,
                    "choices": choices("jour", "semaine", "mois"),
                },
            ],
        },
        {
            "title": "Vos opinions",
            "questions": [
                {
                    "code": "accord",
                    "kind": "likert",
                    "label": "Le numérique aide la culture.",
                    "required": True,
                    "choices": choices("1", "2", "3", "4", "5"),
                },
                {"code": "note", "kind": "scale_0_10", "label": "Recommanderiez-vous ?"},
                {
                    "code": "pourquoi",
                    "kind": "long_text",
                    "label": "Pourquoi ?",
                    "max_length": 300,
                    "conditions": [
                        {"depends_on": "accord", "operator": "any_of", "values": ["1", "2"]}
                    ],
                },
                {
                    "code": "budget",
                    "kind": "number",
                    "label": "Budget annuel (euros)",
                    "min_value": Decimal("0"),
                    "max_value": Decimal("100000"),
                    "conditions": [
                        {"depends_on": "usage", "operator": "not_equals", "values": ["non"]}
                    ],
                },
                {
                    "code": "depuis",
                    "kind": "date",
                    "label": "Depuis quand ?",
                    "conditions": [{"depends_on": "region", "operator": "answered"}],
                },
            ],
        },
        {
            "title": "Vos priorités",
            "questions": [
                {
                    "code": "classement",
                    "kind": "ranking",
                    "label": "Classez ces priorités",
                    "choices": choices("acces", "creation", "patrimoine"),
                },
                {
                    "code": "tableau",
                    "kind": "matrix",
                    "label": "Votre avis sur chaque action",
                    "required": True,
                    "choices": choices("pour", "contre"),
                    "rows": choices("formation", "financement"),
                },
                {"code": "commentaire", "kind": "long_text", "label": "Un dernier mot ?"},
            ],
        },
    ],
}
