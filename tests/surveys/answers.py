"""Answers to the kit's questionnaire, as a browser posts them (plain data, no Django).

Kept apart from ``kit`` so that the submissions benchmark can post them without setting
Django up.
"""

# One complete, valid set of answers, page by page, as a browser would post them.
VALID_PAGES = {
    1: {
        "q-usage": "oui",
        "q-usage-detail": "Tablette",
        "q-domaines": ["musique", "autre"],
        "q-domaines-autre": "Cinéma",
        "q-region": "bretagne",
        "q-frequence": "semaine",
    },
    2: {
        "q-accord": "2",
        "q-note": "7",
        "q-pourquoi": "Parce que.",
        "q-budget": "1 500,50",
        "q-depuis": "2020-05-17",
    },
    3: {
        "q-classement-acces": "2",
        "q-classement-creation": "1",
        "q-classement-patrimoine": "3",
        "q-tableau-formation": "pour",
        "q-tableau-financement": "contre",
        "q-commentaire": "Merci.",
    },
}
