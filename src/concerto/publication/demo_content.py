"""Contenu de démonstration des résultats publiés : une thématique close (la démarche
prospective qui a précédé la consultation), son enquête, sa synthèse.

Pas de Django ici : des données que ``concerto.publication.demo`` charge en base.
"""

THEME = {
    "slug": "priorites",
    "title": "Priorités pour le numérique culturel",
    "summary": (
        "Premier temps de la démarche prospective : quelles priorités pour l’action du "
        "ministère dans le numérique culturel ? Les contributions sont closes, les résultats "
        "sont publiés."
    ),
    "introduction": (
        "Avant d’ouvrir les thématiques de la consultation, le ministère a demandé aux "
        "acteurs culturels et au public quelles devaient être ses **priorités**. Les "
        "réponses ont orienté le choix des thématiques mises en débat.\n\n"
        "Cette enquête est close : ses résultats sont publiés ci-dessous."
    ),
}

QUESTIONNAIRE = {
    "title": "Vos priorités pour le numérique culturel",
    "slug": "priorites",
    "quotes_allowed": True,
    "introduction": (
        "Cinq questions pour dire ce que le ministère devrait faire d’abord, et pourquoi."
    ),
    "estimated_minutes": 6,
    "sections": [
        {
            "title": "Vos priorités",
            "questions": [
                {
                    "code": "priorites",
                    "kind": "multiple_choice",
                    "label": "Quelles doivent être les priorités du ministère ? (trois au plus)",
                    "required": True,
                    "min_choices": 1,
                    "max_choices": 3,
                    "has_other": True,
                    "choices": [
                        {"code": "formation", "label": "Former les professionnels"},
                        {"code": "outils", "label": "Mutualiser des outils libres"},
                        {"code": "financement", "label": "Financer le fonctionnement"},
                        {"code": "donnees", "label": "Ouvrir et partager les données"},
                        {"code": "sobriete", "label": "Réduire l’impact écologique"},
                        {"code": "publics", "label": "Toucher de nouveaux publics"},
                    ],
                },
                {
                    "code": "role",
                    "kind": "single_choice",
                    "label": "Quel rôle attendez-vous d’abord du ministère ?",
                    "required": True,
                    "choices": [
                        {"code": "financeur", "label": "Financeur"},
                        {"code": "accompagnateur", "label": "Accompagnateur"},
                        {"code": "regulateur", "label": "Régulateur"},
                        {"code": "tiers-confiance", "label": "Tiers de confiance"},
                    ],
                },
                {
                    "code": "strategie",
                    "kind": "likert",
                    "label": "Une stratégie numérique nationale pour la culture est nécessaire.",
                    "required": True,
                },
                {
                    "code": "maturite",
                    "kind": "scale_0_10",
                    "label": (
                        "De 0 à 10, où en est votre structure (ou vous-même) dans ses usages "
                        "numériques ?"
                    ),
                },
            ],
        },
        {
            "title": "En quelques mots",
            "questions": [
                {
                    "code": "mesure",
                    "kind": "long_text",
                    "label": "Quelle mesure le ministère devrait-il prendre en priorité ?",
                    "max_length": 1500,
                },
            ],
        },
    ],
}

SYNTHESIS = """\
Plus de trois mille personnes et structures ont répondu à cette première enquête, ce qui
en fait la contribution la plus nombreuse de la démarche prospective.

## Ce qui ressort

- **La formation des professionnels** arrive en tête des priorités, pour tous les profils :
  les petites structures disent manquer de temps et de compétences plus que d’outils.
- **La mutualisation d’outils libres** est la deuxième attente, portée d’abord par les
  institutions culturelles et les acteurs du numérique.
- Le ministère est attendu comme **accompagnateur** plutôt que comme financeur ou
  régulateur ; les citoyens et citoyennes lui donnent plus souvent un rôle de tiers de
  confiance.

## Ce que le ministère en retient

Ces priorités ont orienté le choix des thématiques mises en consultation. La formation et
la mutualisation d’outils font l’objet de décisions, présentées ci-dessous avec leur état
d’avancement.
"""
