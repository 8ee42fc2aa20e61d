"""Contenu de démonstration de l’analyse des réponses libres : les thèmes validés des
réponses à « Quelle mesure le ministère devrait-il prendre en priorité ? » (thématique
close « priorites »).

Pas de Django ici. Les réponses de la démonstration sont synthétiques (composées à partir
de phrases types, ``concerto.surveys.synthetic``) : la démonstration les classe par mots
clés de ces phrases, de façon déterministe, au lieu de lancer le modèle d’analyse (trop
long pour ``load_demo``). Une vraie analyse passe par la découverte et le codage.
"""

QUESTION = "mesure"

# Each theme: a label, a description (the codebook), and the keywords (lower case, without
# accents) of the synthetic sentences that raise it.
THEMES = [
    {
        "label": "Former les équipes",
        "description": "Des formations courtes et concrètes, accessibles aux petites équipes.",
        "keywords": ["formation", "former"],
    },
    {
        "label": "Mutualiser des outils libres",
        "description": "Des outils partagés et libres, plutôt que chacun les siens.",
        "keywords": ["mutualis", "libres"],
    },
    {
        "label": "Des moyens humains durables",
        "description": "Des postes et un financement du fonctionnement, pas seulement de projets.",
        "keywords": ["postes dedies", "fonctionnement", "moyens ne suivent"],
    },
    {
        "label": "Un accompagnement de proximité",
        "description": "Un interlocuteur identifié, un centre de ressources, des conseils.",
        "keywords": ["interlocuteur", "centre de ressources", "accompagnement"],
    },
    {
        "label": "Simplifier les démarches",
        "description": "Des dossiers plus simples et des contrats types.",
        "keywords": ["simplifier", "dossiers", "contrats types"],
    },
    {
        "label": "Les petites structures et les territoires oubliés",
        "description": "Les disparités entre structures et entre territoires.",
        "keywords": ["petites structures", "territoires"],
    },
]

# Answers an analyst of the demo coded by hand (the first ones received), and the least
# number of identical answers the demo gathers as one campaign.
REVIEWED = 12
MIN_CAMPAIGN = 8
