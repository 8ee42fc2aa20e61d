"""Contenu de démonstration : la série de webinaires d’information annoncée par le ministère.

Six webinaires, aux dates et heures de l’annonce (de 11h30 à 12h30, heure de Paris) ; le
chargement décale les dates comme celles des thématiques. Les trois premiers ont eu lieu :
ils ont un replay, des sous-titres (WebVTT) et un compte rendu. Ce module ne dépend pas de
Django.
"""

import datetime

# (date de l’annonce, identifiant, titre, thématiques, places, inscrits confirmés)
WEBINARS = [
    {
        "seed_date": datetime.date(2023, 2, 23),
        "slug": "lancement-de-la-consultation",
        "title": "Webinaire de lancement de la plateforme de consultation",
        "themes": [],
        "capacity": 500,
        "registrations": 180,
        "description": """\
Pour le lancement de la consultation publique sur la stratégie numérique culturelle, les équipes du ministère de la Culture présentent la démarche, son calendrier et la plateforme de consultation.

Au programme :

- les grands défis qui ont conduit le ministère à ouvrir cette consultation ;
- les six thématiques ouvertes aux contributions dès le lancement, et les cinq à venir ;
- comment répondre aux enquêtes, et ce que deviendront vos contributions.

Une large place est laissée aux questions des participants.
""",
        "audience": "Tout public : institutions culturelles, acteurs du numérique, professionnels du secteur culturel, citoyens",
        "transcript": """\
### Compte rendu

Le webinaire a réuni près de 150 participants. Après un mot d’accueil, l’équipe projet a rappelé l’origine de la démarche : une réflexion prospective engagée à l’automne sur la base d’un document méthodologique, et la volonté de recueillir la diversité des points de vue des acteurs de terrain.

**La plateforme.** Chaque thématique dispose d’une enquête adaptée au profil du participant. Il est possible de ne répondre qu’aux questions qui vous concernent, d’enregistrer ses réponses et d’y revenir plus tard grâce à un lien personnel.

**Le calendrier.** Six thématiques sont ouvertes dès le lancement ; cinq autres le seront au cours du semestre. Un webinaire est consacré à chaque thématique ouverte.

**Les suites.** Les contributions seront analysées thématique par thématique ; les résultats et les décisions retenues seront publiés sur la plateforme.

### Questions des participants

- *Les réponses sont-elles publiques ?* Non : seuls des résultats agrégés et des citations anonymisées seront publiés.
- *Une institution peut-elle répondre plusieurs fois ?* Une réponse par personne et par thématique ; une institution peut coordonner la réponse de ses équipes.
""",
        "captions": "lancement.vtt",
    },
    {
        "seed_date": datetime.date(2023, 3, 9),
        "slug": "archivage-numerique",
        "title": "Webinaire sur la thématique « Archivage numérique »",
        "themes": ["archivage-numerique"],
        "capacity": 300,
        "registrations": 96,
        "description": """\
Conserver et transmettre les données et les œuvres nées numériques : les équipes du ministère présentent les enjeux de la thématique « Archivage numérique » et les questions de l’enquête.

Ce webinaire s’adresse en particulier aux services d’archives, bibliothèques, musées et à tous ceux qui produisent ou conservent des contenus numériques.
""",
        "audience": "Services d’archives, bibliothèques, musées, producteurs de contenus numériques",
        "transcript": """\
### Compte rendu

Les intervenants ont présenté les trois axes de la thématique : la préservation à long terme des contenus nés numériques, la mutualisation des infrastructures d’archivage entre établissements, et les compétences nécessaires.

Les échanges ont surtout porté sur le coût de la conservation pérenne pour les petites structures et sur les formats ouverts. Plusieurs participants ont souhaité des outils partagés à l’échelle régionale.

Les questions reçues à l’avance et pendant le webinaire seront lues avec les contributions à l’enquête.
""",
        "captions": "archivage.vtt",
    },
    {
        "seed_date": datetime.date(2023, 3, 10),
        "slug": "impact-ecologique",
        "title": "Webinaire sur la thématique « Impact écologique »",
        "themes": ["impact-ecologique"],
        "capacity": 300,
        "registrations": 120,
        "description": """\
Quelle empreinte environnementale du numérique culturel, et comment la réduire ? Présentation des enjeux de la thématique « Impact écologique » et de l’enquête.
""",
        "audience": "Tout public, en particulier les lieux culturels et les producteurs de contenus",
        "transcript": """\
### Compte rendu

Le webinaire a présenté les sources principales de l’empreinte du numérique culturel : fabrication des équipements, diffusion de vidéos en haute définition, stockage de données rarement consultées.

Les participants ont partagé des pratiques : écoconception des sites, allongement de la durée de vie des équipements, sobriété dans la diffusion en ligne. La question de la mesure (quels indicateurs, quels outils communs) est revenue à plusieurs reprises.
""",
        "captions": "ecologie.vtt",
    },
    {
        "seed_date": datetime.date(2023, 3, 13),
        "slug": "creation-artistique-et-metavers",
        "title": "Webinaire sur les thématiques « Création artistique en environnement numérique » et « Métavers »",
        "themes": ["creation-artistique-environnement-numerique", "metavers"],
        "capacity": 100,
        # Nearly full: a few places left.
        "registrations": 97,
        "description": """\
Création immersive, œuvres génératives, mondes virtuels : les équipes du ministère présentent ensemble les thématiques « Création artistique en environnement numérique » et « Métavers », et les enquêtes qui les accompagnent.
""",
        "audience": "Artistes, auteurs, lieux de création, acteurs des industries créatives",
    },
    {
        "seed_date": datetime.date(2023, 3, 15),
        "slug": "donnees-et-intelligence-artificielle",
        "title": "Webinaire sur la thématique « Données et intelligence artificielle »",
        "themes": ["donnees-intelligence-artificielle"],
        "capacity": 300,
        "registrations": 142,
        "description": """\
Données culturelles, intelligence artificielle et droits des créateurs : présentation des enjeux de la thématique « Données et intelligence artificielle » et de l’enquête.
""",
        "audience": "Tout public",
    },
    {
        "seed_date": datetime.date(2023, 3, 17),
        "slug": "langue-francaise",
        "title": "Webinaire sur la thématique « Langue française »",
        "themes": ["langue-francaise"],
        "capacity": 300,
        "registrations": 64,
        "description": """\
Place du français dans les contenus et les outils numériques, traduction automatique, langues de France : présentation de la thématique « Langue française » et de l’enquête.
""",
        "audience": "Tout public",
    },
]

FIRST_NAMES = [
    "Camille",
    "Dominique",
    "Claude",
    "Alix",
    "Sacha",
    "Louise",
    "Hugo",
    "Inès",
    "Nathan",
    "Chloé",
    "Yanis",
    "Léa",
    "Mathis",
    "Jeanne",
    "Karim",
    "Manon",
    "Lucas",
    "Zoé",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
]
ORGANISATIONS = [
    "Archives départementales de la Gironde",
    "Musée des Beaux-Arts de Lyon",
    "Médiathèque de Rennes Métropole",
    "Studio Pixel Nord",
    "Compagnie Les Ondes",
    "Scène nationale d’Orléans",
]
QUESTIONS = [
    "Comment les petites structures pourront-elles bénéficier des outils mutualisés ?",
    "Les résultats de l’enquête seront-ils publiés par profil de répondant ?",
    "Quel accompagnement financier est envisagé pour les projets numériques des territoires ?",
    "Comment la consultation prendra-t-elle en compte les contributions des artistes indépendants ?",
]
