"""Synthetic responses for demos, load tests and analysis work.

``generate(n, questionnaires=…, seed=…)`` creates ``n`` submitted responses spread over the
given questionnaires, from anonymous participants (random profile of the consultation,
optional département, an organisation name for organisation profiles, never an e-mail).

Answers respect each question's constraints (choice codes, minimum and maximum number of
choices, bounds, maximum length) and its display conditions: a question whose conditions
are not met gets no answer. Free text is composed from phrase banks per theme and per
profile, with short and long answers and the occasional typo, so that analyses of the
texts have something to chew on.

Rows are written with ``bulk_create``, a thousand responses per transaction.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from .answers import build_rows
from .engine import Answer, QuestionDef, QuestionnaireDef, Synth
from .engine import kind as kind_of
from .engine.conditions import holds
from .engine.kinds import EXCLUSIVE_CODES  # noqa: F401  (kept for callers of this module)
from .models import (
    AnswerChoice,
    AnswerValue,
    Participant,
    Questionnaire,
    Response,
    ResponseStatus,
)
from .structure import load

BATCH_SIZE = 1000
DEFAULT_DAYS = 10

# ---------------------------------------------------------------------------
# Phrase banks
# ---------------------------------------------------------------------------

OPENERS = {
    "institution": [
        "Dans notre établissement,",
        "Au sein de notre musée,",
        "Pour notre service,",
        "Notre médiathèque est un petit établissement et",
        "En tant que scène conventionnée,",
        "Dans notre structure (12 salariés),",
        "Du point de vue d’un service d’archives départementales,",
        "Pour un établissement public comme le nôtre,",
    ],
    "numerique": [
        "En tant que start-up travaillant avec des institutions culturelles,",
        "Notre studio accompagne des musées depuis plusieurs années et",
        "Du côté des prestataires techniques,",
        "Comme association de médiation numérique,",
        "Notre laboratoire travaille sur ces sujets et",
        "Pour une petite entreprise du numérique,",
    ],
    "professionnel": [
        "En tant qu’artiste,",
        "Je suis médiatrice dans un musée et",
        "Comme régisseur son et vidéo,",
        "Je suis auteure et",
        "En tant que conservateur,",
        "Je travaille comme archiviste depuis quinze ans et",
        "Je suis enseignant en école d’art et",
        "Comme metteuse en scène,",
    ],
    "citoyen": [
        "Comme simple visiteur,",
        "En tant que citoyenne,",
        "Je suis retraité, passionné de patrimoine, et",
        "Je suis parent de deux ados et",
        "Je suis étudiant et",
        "À titre personnel,",
        "Pour moi qui habite à la campagne,",
    ],
}

GENERIC = {
    "opinions": [
        "il me semble que le sujet est encore mal compris par les décideurs.",
        "je pense que le ministère a un vrai rôle de tiers de confiance à jouer.",
        "les petites structures sont souvent oubliées dans ces réflexions.",
        "le numérique ne doit pas remplacer la rencontre physique avec les œuvres.",
        "on manque surtout de temps pour prendre du recul sur nos pratiques.",
        "c’est un enjeu de service public avant d’être un enjeu technologique.",
        "les annonces se succèdent mais les moyens ne suivent pas toujours.",
        "il faut éviter de courir après chaque nouvelle mode technologique.",
        "je suis plutôt optimiste, à condition que l’on garde la maîtrise des outils.",
        "les disparités entre territoires restent très fortes.",
    ],
    "besoins": [
        "Nous aurions besoin de postes dédiés plutôt que de financements ponctuels.",
        "Un interlocuteur identifié en DRAC serait déjà un grand progrès.",
        "Il faudrait des formations courtes, concrètes, accessibles aux petites équipes.",
        "Des outils mutualisés et libres éviteraient que chacun réinvente la roue.",
        "Un centre de ressources en ligne, avec des retours d’expérience, serait très utile.",
        "Les appels à projets devraient financer aussi le fonctionnement, pas seulement "
        "l’investissement.",
        "Il faut simplifier les dossiers : nous y passons un temps considérable.",
        "Des contrats types et un accompagnement juridique nous feraient gagner beaucoup de temps.",
    ],
    "exemples": [
        "Nous avons par exemple monté un partenariat avec une école d’ingénieurs, qui a bien "
        "fonctionné.",
        "L’an dernier, un projet similaire a été abandonné faute de maintenance après la première "
        "année.",
        "Une collectivité voisine a mutualisé un poste de chargé de mission numérique entre "
        "quatre structures.",
        "Pendant le confinement, nous avons tout fait en urgence, sans stratégie, et on le paye "
        "encore.",
        "Nous avons testé un prestataire pendant six mois avant de revenir en arrière.",
    ],
    "closers": [
        "Merci d’organiser cette consultation.",
        "J’espère que ces contributions seront vraiment prises en compte.",
        "Bon courage pour la synthèse !",
        "Je reste disponible pour en discuter.",
        "C’est urgent.",
        "",
        "",
        "",
    ],
    "short": [
        "Plus de moyens humains.",
        "Formation des équipes",
        "Mutualiser les outils",
        "Je ne sais pas",
        "Un accompagnement de proximité",
        "Sans avis",
    ],
    "autre": [
        "Mécénat de compétences",
        "Partenariat avec une université",
        "Collectif d’artistes",
        "Tiers-lieu culturel",
        "Réseau régional",
        "Selon les projets",
    ],
}

THEMES: dict[str, dict[str, list[str]]] = {
    "metavers": {
        "opinions": [
            "les métavers restent pour l’instant des espaces très commerciaux, pensés pour vendre.",
            "je doute que le public soit au rendez-vous en dehors des joueurs déjà équipés.",
            "c’est une vraie opportunité pour faire découvrir des sites patrimoniaux fermés au "
            "public.",
            "les concerts dans Fortnite ont montré qu’il y a un public, mais ce n’est pas le "
            "nôtre.",
            "le casque de réalité virtuelle reste un frein énorme : cher, inconfortable, isolant.",
            "il faut que des acteurs publics y soient présents, sinon les règles seront écrites "
            "sans nous.",
            "on confond souvent métavers et simple visite 3D, ce qui brouille le débat.",
            "la question des droits des interprètes dans ces espaces n’est absolument pas réglée.",
            "l’empreinte énergétique de ces mondes persistants me paraît difficile à justifier.",
            "les plateformes peuvent disparaître du jour au lendemain, avec tout ce qu’on y a "
            "construit.",
            "pour les jeunes publics, c’est un terrain de médiation à ne pas négliger.",
        ],
        "besoins": [
            "Il nous faudrait un accès à des compétences en 3D temps réel, que nous n’avons pas "
            "en interne.",
            "Un fonds d’expérimentation avec un droit à l’erreur serait bienvenu.",
            "Le ministère pourrait soutenir une plateforme publique ou européenne plutôt que de "
            "dépendre des géants américains.",
            "Nous avons besoin de contrats types pour la cession des droits dans les mondes "
            "virtuels.",
            "Un label ou une charte pour les expériences culturelles immersives aiderait à s’y "
            "retrouver.",
            "Des retours d’expérience chiffrés (coût, fréquentation) nous manquent pour "
            "convaincre nos tutelles.",
        ],
        "exemples": [
            "Nous avons reconstitué une chapelle romane disparue, visitable en ligne avec un "
            "médiateur-avatar.",
            "Notre compagnie a joué trois représentations dans VRChat : public international, "
            "mais très restreint.",
            "Une exposition virtuelle réalisée pendant le confinement a eu 8 000 visites la "
            "première semaine, puis presque plus rien.",
            "Un atelier en réalité virtuelle avec des collégiens a très bien marché, les "
            "enseignants étaient ravis.",
        ],
        "short": [
            "Un gadget",
            "Une opportunité",
            "Un nouvel espace de création",
            "Une bulle spéculative",
            "L’avenir, peut-être",
            "Un jeu vidéo",
            "Trop tôt pour le dire",
            "Inquiétant",
            "Prometteur",
            "Une mode",
            "Un outil de médiation",
        ],
        "autre": [
            "Résidence d’artiste virtuelle",
            "Jeu sérieux",
            "Hackathon",
            "Salon professionnel",
        ],
    },
    "creation-artistique-environnement-numerique": {
        "opinions": [
            "mes projets hybrides ne rentrent jamais dans les cases des commissions.",
            "le temps de recherche et de développement n’est quasiment jamais financé.",
            "les lieux de diffusion manquent de régisseurs formés à nos dispositifs.",
            "l’obsolescence des logiciels rend certaines de mes pièces impossibles à remontrer.",
            "le numérique m’a permis de collaborer avec des artistes à l’autre bout du monde.",
            "la captation n’est pas une œuvre : on a trop confondu les deux pendant la crise "
            "sanitaire.",
            "l’IA générative bouleverse déjà le travail des illustrateurs, et pas dans le bon "
            "sens.",
            "le matériel coûte cher et vieillit vite, il faudrait pouvoir le mutualiser.",
            "les arts numériques restent mal connus des programmateurs.",
            "la rémunération des artistes pour la diffusion en ligne est quasi inexistante.",
        ],
        "besoins": [
            "Il faudrait une commission transversale capable d’évaluer les projets hybrides.",
            "Des résidences longues avec accès à du matériel de pointe seraient idéales.",
            "Un parc de matériel partagé à l’échelle régionale nous éviterait d’acheter du "
            "matériel vite obsolète.",
            "Nous avons besoin d’aide pour documenter nos œuvres afin de pouvoir les remonter "
            "dans dix ans.",
            "Des formations aux outils open source, pas seulement aux logiciels propriétaires.",
            "Il faut financer la diffusion, pas seulement la production.",
        ],
        "exemples": [
            "Pour ma dernière installation, j’ai dû réécrire tout le code parce que la "
            "bibliothèque utilisée n’était plus maintenue.",
            "Notre spectacle avec capteurs a tourné dans 14 lieux, mais seulement 3 avaient "
            "l’équipe technique nécessaire.",
            "J’ai obtenu une aide DICRéAM il y a quelques années, qui a vraiment permis au projet "
            "d’exister.",
            "Nous archivons chaque version de nos pièces avec une vidéo de référence et une "
            "notice technique.",
        ],
        "short": [
            "Archivage sur disques durs et documentation vidéo",
            "Dépôt du code sur un dépôt Git public",
            "Partenariat avec un centre d’art numérique",
            "Notice technique + captation",
            "Je garde les machines d’origine",
            "Convention avec un FRAC",
        ],
        "autre": [
            "Performance",
            "Bande dessinée numérique",
            "Création sonore",
            "Art textile connecté",
        ],
    },
    "impact-ecologique": {
        "opinions": [
            "on parle beaucoup des data centers, mais ce sont surtout les équipements qui pèsent.",
            "la sobriété est souvent perçue comme une contrainte, alors que c’est aussi une "
            "source d’économies.",
            "nos publics attendent des vidéos en haute définition, c’est difficile d’aller contre.",
            "nous avons allongé la durée de vie de nos ordinateurs à sept ans sans difficulté.",
            "les prestataires ne donnent presque jamais d’information sur l’empreinte de leurs "
            "services.",
            "les écrans dans les expositions sont devenus systématiques, sans réelle réflexion.",
            "la numérisation massive des collections a un coût de stockage qu’on ne mesure pas.",
            "je pense que l’écoconception devrait être une condition des aides publiques.",
            "on ne peut pas demander aux petites structures de faire des bilans carbone complets.",
        ],
        "besoins": [
            "Un calculateur simple, adapté aux lieux culturels, nous aiderait beaucoup.",
            "Il faudrait des clauses environnementales types à intégrer dans nos marchés.",
            "Nous avons besoin de référents formés, même à temps partiel.",
            "Une liste d’hébergeurs vérifiés serait très pratique.",
            "Le ministère devrait publier des indicateurs communs pour qu’on puisse se comparer.",
        ],
        "exemples": [
            "Nous avons refait notre site : la page d’accueil pèse désormais 400 Ko au lieu de 6 "
            "Mo.",
            "Nous avons supprimé la lecture automatique des vidéos sur notre site et personne ne "
            "s’en est plaint.",
            "Un bilan carbone réalisé en 2022 a montré que le numérique représentait moins que "
            "prévu, loin derrière les déplacements des publics.",
            "Nous faisons reconditionner nos anciens postes par une entreprise d’insertion.",
        ],
        "short": ["Sobriété", "Réemploi", "Écoconception"],
        "autre": [
            "Outil développé par notre réseau",
            "Accompagnement d’un bureau d’études",
            "Fresque du numérique",
        ],
    },
    "langue-francaise": {
        "opinions": [
            "les assistants vocaux comprennent très mal les accents régionaux.",
            "la traduction automatique a beaucoup progressé, mais elle reste mauvaise pour les "
            "langues régionales.",
            "les interfaces de nombreux logiciels professionnels ne sont toujours pas en français.",
            "les algorithmes de recommandation mettent très peu en avant la musique francophone.",
            "les termes officiels arrivent souvent trop tard, quand l’anglicisme est déjà "
            "installé.",
            "je crains que les modèles de langage entraînés surtout sur l’anglais n’appauvrissent "
            "le français.",
            "le breton est quasiment absent des outils courants, à part quelques initiatives "
            "associatives.",
            "je ne connaissais pas FranceTerme avant cette enquête.",
            "il faut valoriser le plurilinguisme plutôt que de défendre le français contre les "
            "autres langues.",
        ],
        "besoins": [
            "Il faudrait ouvrir largement des corpus oraux, avec toute la diversité des accents.",
            "Le ministère devrait financer des corpus de qualité en langues régionales.",
            "Des quotas ou une obligation de mise en avant des contenus francophones sur les "
            "plateformes.",
            "Soutenir les outils libres de correction et de traduction en français.",
            "Mieux faire connaître la terminologie officielle, par exemple dans les formations.",
        ],
        "exemples": [
            "Mon enceinte connectée ne comprend pas les noms de lieux en occitan.",
            "Nous avons participé à une campagne de collecte de voix pour un corpus ouvert, très "
            "simple à organiser.",
            "Sur une plateforme de streaming, j’ai dû faire plusieurs recherches pour trouver un "
            "film québécois.",
        ],
        "short": [
            "Cloud",
            "Streaming",
            "Podcast",
            "Startup",
            "Deep learning",
            "Prompt",
            "Newsletter",
            "Chatbot",
            "Big data",
            "Design thinking",
            "Replay",
            "Hashtag",
        ],
        "autre": ["Arabe dialectal", "Tahitien", "Wallisien", "Yiddish", "Romani"],
    },
    "archivage-numerique": {
        "opinions": [
            "nous conservons des disques durs dont plus personne ne sait ce qu’ils contiennent.",
            "le coût du stockage à long terme est systématiquement sous-estimé.",
            "les petites communes n’ont aucun moyen d’archiver correctement leurs documents "
            "numériques.",
            "la migration des formats est un travail sans fin qu’il faut planifier.",
            "l’archivage du web culturel est très lacunaire en dehors du dépôt légal.",
            "les producteurs de documents ne sont pas sensibilisés à l’archivage dès la création.",
            "la mutualisation est indispensable, personne ne peut porter seul ces infrastructures.",
            "la communicabilité des archives numériques pose des questions nouvelles avec les "
            "données personnelles.",
            "je m’inquiète pour mes photos de famille stockées chez un seul fournisseur.",
        ],
        "besoins": [
            "Une plateforme mutualisée nationale, avec des tarifs adaptés aux petites structures.",
            "Des référentiels de formats tenus à jour et faciles à appliquer.",
            "Des archivistes formés au numérique en nombre suffisant.",
            "Un accompagnement pour rédiger les politiques de conservation.",
            "Des financements pluriannuels, car l’archivage ne peut pas dépendre d’appels à "
            "projets.",
        ],
        "exemples": [
            "Notre SAE a été mis en place en mutualisation avec le conseil départemental, ce qui "
            "a divisé les coûts par trois.",
            "Nous avons perdu des fichiers vidéo de captations des années 2000, illisibles "
            "aujourd’hui.",
            "Nous stockons trois copies sur deux sites différents, avec un contrôle d’intégrité "
            "mensuel.",
        ],
        "short": ["Copie de sauvegarde", "Trois copies", "Nuage"],
        "autre": [
            "Centre de documentation",
            "Fonds d’association",
            "Collection personnelle",
            "Laboratoire de recherche",
        ],
    },
    "donnees-intelligence-artificielle": {
        "opinions": [
            "l’IA peut nous faire gagner un temps précieux sur le catalogage et la transcription.",
            "l’entraînement des modèles sur des œuvres sans autorisation est une spoliation des "
            "auteurs.",
            "nous ne savons pas où partent les données que nous confions à ces outils.",
            "les biais des modèles sur les cultures non anglophones sont flagrants.",
            "la transparence des corpus d’entraînement doit être une obligation.",
            "les illustrateurs et les traducteurs voient déjà leurs commandes baisser.",
            "nos données de billetterie sont sous-exploitées faute de compétences.",
            "l’ouverture des données culturelles progresse, mais les formats restent hétérogènes.",
            "je suis favorable à l’IA comme outil, pas comme substitut à la création.",
            "il faut un mécanisme simple de refus (opt-out) respecté par tous les acteurs.",
        ],
        "besoins": [
            "Un cadre de référence clair sur ce qu’on peut faire ou non avec nos collections.",
            "Des formations pour comprendre ces outils au-delà de l’effet de mode.",
            "Des outils publics ou européens, entraînés sur des données licites.",
            "Un registre des œuvres dont les auteurs refusent l’usage pour l’entraînement.",
            "Une rémunération collective des auteurs, sur le modèle de la copie privée.",
            "Des données culturelles interopérables, avec des référentiels partagés.",
        ],
        "exemples": [
            "Nous avons testé la reconnaissance d’écriture manuscrite sur des registres "
            "paroissiaux : très bons résultats.",
            "Un outil de génération d’images a produit une illustration très proche du style "
            "d’une artiste identifiable.",
            "Nos métadonnées sont publiées sur data.culture.gouv.fr depuis deux ans.",
            "Un prestataire nous a proposé un chatbot pour le site, nous avons renoncé faute de "
            "garanties sur les données.",
        ],
        "short": [
            "Licence Ouverte Etalab 2.0 sur data.gouv.fr",
            "CC BY 4.0",
            "CC0 sur notre portail",
            "Licence ouverte, data.culture.gouv.fr",
            "ODbL",
            "Je ne sais pas exactement",
        ],
        "autre": [
            "Données de prêt",
            "Archives sonores",
            "Données de mécénat",
            "Sous-titrage automatique",
        ],
    },
}

# « Autre (précisez) » answers for the demo questions, by question code.
OTHER_BY_CODE = {
    "types-projets": [
        "Résidence d’artiste virtuelle",
        "Jeu sérieux",
        "Hackathon",
        "Salon professionnel",
    ],
    "besoins": [
        "Mise en relation avec des développeurs",
        "Hébergement des projets",
        "Veille juridique",
    ],
    "outils": ["Impression 3D", "Photogrammétrie", "Vidéo mapping", "Synthèse modulaire"],
    "domaine": [
        "Bande dessinée",
        "Arts de la marionnette",
        "Création sonore",
        "Culture scientifique",
    ],
    "raison-non-sollicitation": [
        "Délais trop longs",
        "Je n’ai pas eu le temps",
        "On m’a dit que ce n’était pas éligible",
    ],
    "outils-evaluation": [
        "Outil développé par notre réseau",
        "Accompagnement d’un bureau d’études",
        "Fresque du numérique",
    ],
    "langues-pratiquees": [
        "Arabe dialectal",
        "Tahitien",
        "Wallisien",
        "Yiddish",
        "Romani",
        "Berbère",
    ],
    "type-structure": [
        "Centre de documentation",
        "Fonds d’association",
        "Laboratoire de recherche",
        "Collectivité territoriale",
    ],
    "types-documents": [
        "Plans d’architecte numériques",
        "Jeux vidéo",
        "Fichiers de modélisation 3D",
        "Messageries instantanées",
    ],
    "donnees-produites": ["Données de prêt", "Données de mécénat", "Données de réseaux sociaux"],
    "usages": ["Sous-titrage automatique", "Audiodescription", "Analyse des avis des visiteurs"],
}

NEED_WORDS = ("besoin", "attente", "role", "priorit", "condition", "ministere")
EXAMPLE_WORDS = ("bilan", "projet", "transformation", "exemple", "methode")

ORGANISATIONS = {
    "institution": [
        "Musée des Beaux-Arts de {ville}",
        "Médiathèque de {ville}",
        "Archives municipales de {ville}",
        "Théâtre de {ville}",
        "Scène nationale de {ville}",
        "Conservatoire de {ville}",
        "Musée d’histoire de {ville}",
        "Centre d’art contemporain de {ville}",
        "Opéra de {ville}",
        "Bibliothèque universitaire de {ville}",
        "Salle de musiques actuelles de {ville}",
    ],
    "numerique": [
        "{nom} Studio",
        "{nom} Lab",
        "Association {nom} numérique",
        "{nom} Immersive",
        "Collectif {nom}",
        "{nom} Technologies",
        "{nom} & Cie",
    ],
}
VILLES = [
    "Lyon",
    "Rennes",
    "Nantes",
    "Lille",
    "Bordeaux",
    "Toulouse",
    "Marseille",
    "Strasbourg",
    "Dijon",
    "Besançon",
    "Rouen",
    "Caen",
    "Limoges",
    "Poitiers",
    "Montpellier",
    "Nancy",
    "Metz",
    "Brest",
    "Quimper",
    "Ajaccio",
    "Bastia",
    "Pointe-à-Pitre",
    "Fort-de-France",
    "Saint-Denis",
    "Cayenne",
    "Angers",
    "Tours",
    "Orléans",
    "Clermont-Ferrand",
    "Grenoble",
    "Arles",
    "Aurillac",
    "Guéret",
    "Laval",
    "Chambéry",
    "Périgueux",
]
NOMS = [
    "Lumen",
    "Pixelle",
    "Ondes",
    "Hélice",
    "Mosaïque",
    "Polygone",
    "Écume",
    "Boréal",
    "Nébuleuse",
    "Kaléido",
    "Sillage",
    "Prisme",
    "Octave",
    "Faro",
    "Atelier 3",
]
DEPARTEMENTS = (
    ["75"] * 12
    + ["69"] * 5
    + ["13"] * 5
    + ["33"] * 4
    + ["31"] * 4
    + ["59"] * 4
    + ["44"] * 3
    + ["35"] * 3
    + ["67"] * 3
    + ["34"] * 3
    + ["06"] * 2
    + ["92"] * 3
    + ["93"] * 2
    + ["94"] * 2
    + ["38"] * 2
    + ["29"] * 2
    + [
        "21",
        "25",
        "76",
        "14",
        "87",
        "86",
        "54",
        "57",
        "63",
        "37",
        "45",
        "49",
        "64",
        "66",
        "2A",
        "2B",
        "971",
        "972",
        "973",
        "974",
        "976",
        "01",
        "03",
        "15",
        "23",
        "48",
        "53",
        "73",
        "24",
        "56",
        "22",
        "80",
        "62",
        "30",
        "84",
    ]
)

ACCENTS = {"é": "e", "è": "e", "ê": "e", "à": "a", "ç": "c", "ù": "u", "ô": "o", "î": "i"}


# ---------------------------------------------------------------------------
# Plan: questionnaires loaded once, as plain objects
# ---------------------------------------------------------------------------


@dataclass
class QuestionnairePlan:
    id: int
    theme_slug: str
    consultation_id: int
    definition: QuestionnaireDef
    window: tuple[datetime.datetime, datetime.datetime]
    estimated_minutes: int
    weights: dict[str, list[float]] = field(default_factory=dict)


def _plan(questionnaire: Questionnaire, now, days: int) -> QuestionnairePlan:
    theme = questionnaire.theme
    start = now - datetime.timedelta(days=days)
    if theme.opens_at and start < theme.opens_at < now:
        # Nobody could answer before the theme opened.
        start = theme.opens_at
    end = min(now, theme.closes_at) if theme.closes_at and theme.closes_at > start else now
    return QuestionnairePlan(
        id=questionnaire.pk,
        theme_slug=theme.slug,
        consultation_id=theme.consultation_id,
        definition=load(questionnaire.pk),
        window=(start, end),
        estimated_minutes=questionnaire.estimated_minutes or 10,
    )


class Writer:
    """Composes free text for one theme and one respondent's profile."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def bank(self, theme: str, key: str) -> list[str]:
        return THEMES.get(theme, {}).get(key, []) + GENERIC[key]

    def typo(self, text: str) -> str:
        rng = self.rng
        for _ in range(rng.choice((1, 1, 2))):
            op = rng.randrange(4)
            if op == 0:
                accented = [i for i, ch in enumerate(text) if ch in ACCENTS]
                if accented:
                    i = rng.choice(accented)
                    text = text[:i] + ACCENTS[text[i]] + text[i + 1 :]
                    continue
            positions = [i for i in range(1, len(text) - 2) if text[i : i + 2].isalpha()]
            if not positions:
                break
            i = rng.choice(positions)
            if op in (0, 1):  # swap two letters
                text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
            elif op == 2:  # double a letter
                text = text[:i] + text[i] + text[i:]
            else:  # drop a letter
                text = text[:i] + text[i + 1 :]
        return text

    def long_text(self, theme: str, profile_kind: str, code: str, max_length: int) -> str:
        rng = self.rng
        opinions = self.bank(theme, "opinions")
        needs = self.bank(theme, "besoins")
        examples = self.bank(theme, "exemples")
        if any(word in code for word in NEED_WORDS):
            primary, others = needs, opinions + examples
        elif any(word in code for word in EXAMPLE_WORDS):
            primary, others = examples + opinions, needs
        else:
            primary, others = opinions, needs + examples
        length = rng.random()
        if length < 0.25:  # a terse answer: one need or one opinion, sometimes lowercase
            sentence = rng.choice(primary + needs)
            text = sentence[0].upper() + sentence[1:]
            if rng.random() < 0.3:
                text = text.lower().rstrip(".")
        else:
            count = rng.randint(2, 3) if length < 0.75 else rng.randint(4, 7)
            picked = rng.sample(primary, min(len(primary), max(1, count // 2 + 1)))
            picked += rng.sample(others, min(len(others), count - len(picked)))
            opener = rng.choice(OPENERS.get(profile_kind, OPENERS["citoyen"]))
            first = picked[0]
            if first[0].isupper():
                first = first[0].lower() + first[1:]
            sentences = [f"{opener} {first}"]
            for sentence in picked[1:]:
                sentences.append(sentence[0].upper() + sentence[1:])
            closer = rng.choice(GENERIC["closers"])
            if closer:
                sentences.append(closer)
            text = " ".join(sentences)
            if count >= 5 and rng.random() < 0.5:
                middle = len(sentences) // 2
                text = " ".join(sentences[:middle]) + "\n\n" + " ".join(sentences[middle:])
        if rng.random() < 0.15:
            text = self.typo(text)
        return _truncate(text, max_length)

    def short_text(self, theme: str, max_length: int) -> str:
        rng = self.rng
        text = rng.choice(THEMES.get(theme, {}).get("short") or GENERIC["short"])
        if rng.random() < 0.2:
            text = text.lower()
        if rng.random() < 0.08:
            text = self.typo(text)
        return _truncate(text, max_length)

    def other_text(self, theme: str, code: str) -> str:
        bank = OTHER_BY_CODE.get(code) or THEMES.get(theme, {}).get("autre") or GENERIC["autre"]
        return self.rng.choice(bank)


def _truncate(text: str, max_length: int) -> str:
    if len(text) <= max_length:
        return text
    cut = text[:max_length].rsplit(" ", 1)[0].rstrip(" ,;:")
    return (cut or text[:max_length])[:max_length]


class RespondentTexts:
    """The ``Texts`` a kind asks for, written for one theme and one respondent's profile."""

    def __init__(self, writer: Writer, theme: str, profile_kind: str):
        self.writer, self.theme, self.profile_kind = writer, theme, profile_kind

    def short_text(self, code: str, max_length: int) -> str:
        return self.writer.short_text(self.theme, max_length)

    def long_text(self, code: str, max_length: int) -> str:
        return self.writer.long_text(self.theme, self.profile_kind, code, max_length)

    def other_text(self, code: str) -> str:
        return self.writer.other_text(self.theme, code)


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------


def _profile_kind(profile) -> str:
    if profile is None:
        return "citoyen"
    label = profile.label.lower()
    if "numérique" in label:
        return "numerique"
    if profile.is_organisation:
        return "institution"
    if "professionnel" in label:
        return "professionnel"
    return "citoyen"


def _organisation_name(rng: random.Random, kind: str) -> str:
    template = rng.choice(ORGANISATIONS.get(kind, ORGANISATIONS["institution"]))
    return template.format(ville=rng.choice(VILLES), nom=rng.choice(NOMS))


def _profiles_by_consultation(consultation_ids: Iterable[int]):
    from concerto.participation.models import ParticipantProfile

    profiles: dict[int, list] = {cid: [] for cid in consultation_ids}
    for profile in ParticipantProfile.objects.filter(consultation_id__in=profiles):
        profiles[profile.consultation_id].append(profile)
    return profiles


PROFILE_WEIGHTS = {"institution": 2.0, "numerique": 1.2, "professionnel": 3.0, "citoyen": 4.0}


def generate(
    n: int,
    *,
    questionnaires: Iterable[Questionnaire],
    seed: int | None = None,
    days: int = DEFAULT_DAYS,
) -> int:
    """Create ``n`` submitted responses over ``questionnaires``; return how many were made."""
    rng = random.Random(seed)
    now = timezone.now()
    questionnaires = list(
        Questionnaire.objects.filter(pk__in=[q.pk for q in questionnaires])
        .select_related("theme")
        .order_by("pk")
    )
    if n <= 0 or not questionnaires:
        return 0
    plans = [_plan(q, now, days) for q in questionnaires]
    by_consultation: dict[int, list[QuestionnairePlan]] = {}
    for plan in plans:
        by_consultation.setdefault(plan.consultation_id, []).append(plan)
    consultation_ids = list(by_consultation)
    profiles = _profiles_by_consultation(consultation_ids)
    writer = Writer(rng)

    created = 0
    while created < n:
        created += _generate_batch(
            min(BATCH_SIZE, n - created),
            rng,
            writer,
            by_consultation,
            consultation_ids,
            profiles,
        )
    return created


@transaction.atomic
def _generate_batch(size, rng, writer, by_consultation, consultation_ids, profiles) -> int:
    participants: list[Participant] = []
    kinds: list[str] = []
    # For each participant, the questionnaires they answer (one, sometimes two or three).
    assignments: list[list[QuestionnairePlan]] = []
    remaining = size
    while remaining > 0:
        consultation_id = rng.choice(consultation_ids)
        available = by_consultation[consultation_id]
        count = min(rng.choices((1, 2, 3), weights=(75, 18, 7))[0], len(available), remaining)
        assignments.append(rng.sample(available, count))
        remaining -= count
        candidates = profiles[consultation_id]
        weights = [PROFILE_WEIGHTS[_profile_kind(p)] for p in candidates]
        profile = rng.choices(candidates, weights=weights)[0] if candidates else None
        kind = _profile_kind(profile)
        kinds.append(kind)
        participants.append(
            Participant(
                consultation_id=consultation_id,
                profile_id=profile.pk if profile else None,
                departement=rng.choice(DEPARTEMENTS) if rng.random() < 0.8 else "",
                organisation_name=(
                    _organisation_name(rng, kind) if profile and profile.is_organisation else ""
                ),
            )
        )
    Participant.objects.bulk_create(participants, batch_size=BATCH_SIZE)

    responses: list[Response] = []
    pending: list[tuple[QuestionnairePlan, dict]] = []
    durations: list[int] = []
    today = timezone.localdate()
    for participant, kind, plans in zip(participants, kinds, assignments, strict=True):
        for plan in plans:
            start, end = plan.window
            span = (end - start).total_seconds()
            # Most answers arrive steadily, a share right after the opening.
            offset = span * (rng.random() if rng.random() < 0.7 else rng.random() ** 3)
            responses.append(
                Response(
                    questionnaire_id=plan.id,
                    participant_id=participant.pk,
                    status=ResponseStatus.SUBMITTED,
                    submitted_at=start + datetime.timedelta(seconds=offset),
                    profile_id=participant.profile_id,
                    departement=participant.departement,
                )
            )
            durations.append(max(1, round(plan.estimated_minutes * rng.uniform(0.4, 1.8))))
            texts = RespondentTexts(writer, plan.theme_slug, kind)
            pending.append((plan, synthetic_answers(plan, rng, texts, today)))
    Response.objects.bulk_create(responses, batch_size=BATCH_SIZE)
    choice_rows, value_rows = [], []
    for response, (plan, answers) in zip(responses, pending, strict=True):
        c, v = build_rows(response.pk, response.profile_id, plan.definition, answers)
        choice_rows += c
        value_rows += v
    AnswerChoice.objects.bulk_create(choice_rows, batch_size=BATCH_SIZE * 5)
    AnswerValue.objects.bulk_create(value_rows, batch_size=BATCH_SIZE)
    _backdate(responses, participants, durations)
    return len(responses)


def synthetic_answers(plan: QuestionnairePlan, rng, texts, today) -> dict[str, Answer]:
    """One respondent's answers: visible questions only, optional ones sometimes skipped."""
    synth = Synth(
        rng=rng,
        texts=texts,
        mood=max(-1.0, min(1.0, rng.gauss(0.1, 0.5))),
        today=today,
        weights=plan.weights,
    )
    diligence = rng.uniform(0.55, 1.0)  # share of optional questions this person answers
    values: dict[str, object] = {}
    answers: dict[str, Answer] = {}
    for q in plan.definition.answerable:
        if not _shown(plan.definition, q, values):
            continue
        if not q.required:
            rate = diligence * (0.6 if q.kind == "long_text" else 0.95)
            if rng.random() > rate:
                continue
        answer = kind_of(q.kind).synthesize(q, synth)
        if answer is None or answer.value is None:
            continue
        values[q.code] = answer.value
        answers[q.code] = answer
    return answers


def _shown(definition: QuestionnaireDef, question: QuestionDef, values: dict) -> bool:
    """Whether the question shows, given the answers so far (only shown questions have one)."""
    for condition in question.conditions:
        source = definition.by_code.get(condition.depends_on)
        if source is None:
            return False
        given = kind_of(source.kind).given(source, values.get(condition.depends_on))
        if not holds(condition.operator, condition.values, given):
            return False
    return True


def _backdate(responses, participants, durations) -> None:
    """Give rows the times they would have had: started a few minutes before sending."""
    by_duration: dict[int, list[int]] = {}
    for response, minutes in zip(responses, durations, strict=True):
        by_duration.setdefault(minutes, []).append(response.pk)
    for minutes, ids in by_duration.items():
        Response.objects.filter(pk__in=ids).update(
            created_at=F("submitted_at") - datetime.timedelta(minutes=minutes),
            updated_at=F("submitted_at"),
        )
    first_start = (
        Response.objects.filter(participant=OuterRef("pk"))
        .order_by("created_at")
        .values("created_at")[:1]
    )
    Participant.objects.filter(pk__in=[p.pk for p in participants]).update(
        created_at=Subquery(first_start)
    )
