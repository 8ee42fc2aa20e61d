"""Contenu de démonstration : une enquête par thématique ouverte de la consultation.

Ce module ne dépend pas de Django : il expose uniquement des structures de données
Python que ``concerto.surveys.demo`` charge en base.

Forme des données ::

    QUESTIONNAIRES = {
        "<slug de la thématique>": {
            "title", "slug", "introduction", "estimated_minutes",
            "sections": [
                {"title", "description", "questions": [
                    {"code", "kind", "label", "help_text"?, "required"?, "max_length"?,
                     "min_choices"?, "max_choices"?, "min_value"?, "max_value"?,
                     "has_other"?,
                     "choices"?: [{"code", "label"}, …],       # options (ou colonnes d’un tableau)
                     "rows"?: [{"code", "label"}, …],          # lignes d’un tableau
                     "conditions"?: [{"depends_on", "operator", "values"}, …]},
                ]},
            ],
        },
    }

Les codes de questions sont uniques dans une enquête ; les codes de choix le sont dans
une question, et « autre » est réservé à l’option « Autre (précisez) » (``has_other``).
Une condition porte toujours sur une question placée avant celle qu’elle affiche.
"""


def _choices(*pairs):
    return [{"code": code, "label": label} for code, label in pairs]


LIKERT = _choices(
    ("1", "Pas du tout d’accord"),
    ("2", "Plutôt pas d’accord"),
    ("3", "Ni d’accord ni pas d’accord"),
    ("4", "Plutôt d’accord"),
    ("5", "Tout à fait d’accord"),
)

REGIONS = _choices(
    ("auvergne-rhone-alpes", "Auvergne-Rhône-Alpes"),
    ("bourgogne-franche-comte", "Bourgogne-Franche-Comté"),
    ("bretagne", "Bretagne"),
    ("centre-val-de-loire", "Centre-Val de Loire"),
    ("corse", "Corse"),
    ("grand-est", "Grand Est"),
    ("hauts-de-france", "Hauts-de-France"),
    ("ile-de-france", "Île-de-France"),
    ("normandie", "Normandie"),
    ("nouvelle-aquitaine", "Nouvelle-Aquitaine"),
    ("occitanie", "Occitanie"),
    ("pays-de-la-loire", "Pays de la Loire"),
    ("provence-alpes-cote-d-azur", "Provence-Alpes-Côte d’Azur"),
    ("guadeloupe", "Guadeloupe"),
    ("guyane", "Guyane"),
    ("la-reunion", "La Réunion"),
    ("martinique", "Martinique"),
    ("mayotte", "Mayotte"),
    ("autres-outre-mer", "Autre collectivité d’outre-mer"),
    ("etranger", "Hors de France"),
)

DOMAINES = _choices(
    ("archives", "Archives"),
    ("architecture", "Architecture"),
    ("arts-plastiques", "Arts plastiques"),
    ("arts-numeriques", "Arts numériques"),
    ("arts-de-la-rue", "Arts de la rue et du cirque"),
    ("audiovisuel", "Audiovisuel"),
    ("bibliotheques", "Bibliothèques et lecture publique"),
    ("cinema", "Cinéma"),
    ("danse", "Danse"),
    ("design", "Design et métiers d’art"),
    ("education-artistique", "Éducation artistique et culturelle"),
    ("jeu-video", "Jeu vidéo"),
    ("livre-edition", "Livre et édition"),
    ("mode", "Mode"),
    ("monuments", "Monuments historiques"),
    ("musees", "Musées"),
    ("musique", "Musique"),
    ("patrimoine-immateriel", "Patrimoine immatériel"),
    ("photographie", "Photographie"),
    ("presse-medias", "Presse et médias"),
    ("theatre", "Théâtre"),
)


QUESTIONNAIRES = {
    # ------------------------------------------------------------------
    "metavers": {
        "title": "Le secteur culturel face aux métavers",
        "slug": "metavers",
        "introduction": (
            "Cette enquête porte sur vos expériences, vos attentes et vos craintes à l’égard "
            "des environnements virtuels persistants et partagés, dits « métavers ». Vous "
            "pouvez y répondre que vous ayez déjà mené un projet ou non : l’avis de celles et "
            "ceux qui ne s’y sont pas encore aventurés compte tout autant."
        ),
        "estimated_minutes": 10,
        "sections": [
            {
                "title": "Vos expériences",
                "description": (
                    "Ce que vous connaissez des métavers et ce que vous y avez déjà fait."
                ),
                "questions": [
                    {
                        "code": "definition",
                        "kind": "text",
                        "label": (
                            "Par « métavers », nous entendons des espaces virtuels en trois "
                            "dimensions, accessibles en ligne de façon continue, où plusieurs "
                            "personnes interagissent en même temps, souvent sous forme d’avatars : "
                            "plateformes de jeu vidéo, mondes sociaux, salles d’exposition "
                            "virtuelles, concerts en réalité virtuelle…"
                        ),
                    },
                    {
                        "code": "connaissance",
                        "kind": "single_choice",
                        "label": "Diriez-vous que vous connaissez les métavers…",
                        "required": True,
                        "choices": _choices(
                            ("tres-bien", "Très bien, je les fréquente régulièrement"),
                            ("assez-bien", "Assez bien, je les ai déjà explorés"),
                            ("de-nom", "De nom seulement"),
                            ("pas-du-tout", "Pas du tout"),
                        ),
                    },
                    {
                        "code": "usage-metavers",
                        "kind": "yes_no",
                        "label": (
                            "Avez-vous déjà conduit ou participé à un projet culturel dans un "
                            "environnement de type métavers ?"
                        ),
                        "required": True,
                    },
                    {
                        "code": "types-projets",
                        "kind": "multiple_choice",
                        "label": "De quel type de projet s’agissait-il ?",
                        "help_text": "Trois réponses au plus.",
                        "min_choices": 1,
                        "max_choices": 3,
                        "has_other": True,
                        "choices": _choices(
                            ("exposition", "Exposition ou visite virtuelle"),
                            ("concert", "Concert ou spectacle en ligne"),
                            ("oeuvre", "Création d’une œuvre immersive"),
                            ("patrimoine", "Reconstitution d’un site patrimonial en 3D"),
                            ("mediation", "Atelier de médiation ou d’éducation artistique"),
                            ("evenement", "Événement professionnel ou rencontre"),
                        ),
                        "conditions": [
                            {
                                "depends_on": "usage-metavers",
                                "operator": "equals",
                                "values": ["oui"],
                            },
                        ],
                    },
                    {
                        "code": "date-projet",
                        "kind": "date",
                        "label": "À quelle date votre projet le plus récent a-t-il été lancé ?",
                        "help_text": "Une date approximative suffit.",
                        "conditions": [
                            {
                                "depends_on": "usage-metavers",
                                "operator": "equals",
                                "values": ["oui"],
                            },
                        ],
                    },
                    {
                        "code": "bilan-projet",
                        "kind": "long_text",
                        "label": (
                            "Décrivez ce projet : ses objectifs, les publics touchés et ce que "
                            "vous en retenez."
                        ),
                        "max_length": 1500,
                        "conditions": [
                            {"depends_on": "types-projets", "operator": "answered", "values": []},
                        ],
                    },
                ],
            },
            {
                "title": "Opportunités et risques",
                "description": "",
                "questions": [
                    {
                        "code": "nouveaux-publics",
                        "kind": "likert",
                        "label": (
                            "Les métavers permettront aux institutions culturelles de toucher "
                            "des publics qui ne viennent pas dans leurs lieux."
                        ),
                        "choices": LIKERT,
                    },
                    {
                        "code": "pertinence-domaines",
                        "kind": "matrix",
                        "label": (
                            "Pour chacun de ces domaines, les métavers vous paraissent-ils "
                            "pertinents ?"
                        ),
                        "rows": _choices(
                            ("musees", "Musées et expositions"),
                            ("spectacle", "Spectacle vivant"),
                            ("musique", "Musique"),
                            ("patrimoine", "Patrimoine et monuments"),
                            ("eac", "Éducation artistique et culturelle"),
                        ),
                        "choices": _choices(
                            ("pas-pertinent", "Pas pertinent"),
                            ("peu-pertinent", "Peu pertinent"),
                            ("assez-pertinent", "Assez pertinent"),
                            ("tres-pertinent", "Très pertinent"),
                        ),
                    },
                    {
                        "code": "risques",
                        "kind": "ranking",
                        "label": "Classez ces risques du plus préoccupant au moins préoccupant.",
                        "choices": _choices(
                            ("plateformes", "Dépendance à quelques plateformes internationales"),
                            ("droits", "Non-respect des droits des auteurs et des interprètes"),
                            (
                                "accessibilite",
                                "Exclusion des personnes peu équipées ou handicapées",
                            ),
                            ("environnement", "Impact environnemental"),
                            ("mineurs", "Protection des mineurs"),
                        ),
                    },
                    {
                        "code": "probabilite-projet",
                        "kind": "scale_0_10",
                        "label": (
                            "Sur une échelle de 0 à 10, quelle est la probabilité que vous "
                            "meniez un projet dans un métavers au cours des trois prochaines "
                            "années ?"
                        ),
                        "help_text": "0 : aucune chance ; 10 : c’est certain.",
                    },
                ],
            },
            {
                "title": "Accompagnement",
                "description": "Ce dont vous auriez besoin, et ce que vous attendez du ministère.",
                "questions": [
                    {
                        "code": "besoins",
                        "kind": "multiple_choice",
                        "label": "De quel accompagnement auriez-vous besoin en priorité ?",
                        "help_text": "Trois réponses au plus.",
                        "min_choices": 1,
                        "max_choices": 3,
                        "has_other": True,
                        "choices": _choices(
                            ("financement", "Financement de projets"),
                            ("expertise", "Expertise technique"),
                            ("juridique", "Cadre juridique et contrats types"),
                            ("formation", "Formation des équipes"),
                            ("partage", "Partage d’expériences entre structures"),
                            ("outils", "Outils et plateformes mutualisés"),
                        ),
                    },
                    {
                        "code": "budget",
                        "kind": "number",
                        "label": (
                            "Quel budget, en euros, seriez-vous prêt à consacrer à un tel projet "
                            "sur une année ?"
                        ),
                        "min_value": 0,
                        "max_value": 2000000,
                        "conditions": [
                            {
                                "depends_on": "connaissance",
                                "operator": "not_equals",
                                "values": ["pas-du-tout"],
                            },
                        ],
                    },
                    {
                        "code": "role-ministere",
                        "kind": "long_text",
                        "label": (
                            "Quel rôle le ministère de la Culture devrait-il jouer pour que les "
                            "valeurs du service public culturel soient présentes dans ces "
                            "nouveaux espaces ?"
                        ),
                        "max_length": 2000,
                    },
                    {
                        "code": "en-un-mot",
                        "kind": "short_text",
                        "label": "En un mot ou une courte expression, le métavers est pour vous…",
                        "max_length": 80,
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------
    "creation-artistique-environnement-numerique": {
        "title": "Créer avec et dans le numérique",
        "slug": "creation-numerique",
        "introduction": (
            "Artistes, lieux de création et de diffusion, producteurs, techniciens : cette "
            "enquête cherche à comprendre comment le numérique transforme vos pratiques, si les "
            "dispositifs de soutien vous sont adaptés et de quoi vous auriez besoin."
        ),
        "estimated_minutes": 12,
        "sections": [
            {
                "title": "Votre pratique",
                "description": "",
                "questions": [
                    {
                        "code": "domaine",
                        "kind": "select",
                        "label": "Quel est votre principal domaine d’activité artistique ?",
                        "required": True,
                        "has_other": True,
                        "choices": DOMAINES,
                    },
                    {
                        "code": "anciennete",
                        "kind": "number",
                        "label": (
                            "Depuis combien d’années intégrez-vous des outils numériques à votre "
                            "travail de création ?"
                        ),
                        "min_value": 0,
                        "max_value": 50,
                    },
                    {
                        "code": "outils",
                        "kind": "multiple_choice",
                        "label": "Quels outils ou technologies utilisez-vous ?",
                        "min_choices": 1,
                        "max_choices": 5,
                        "has_other": True,
                        "choices": _choices(
                            ("3d", "Modélisation et animation 3D"),
                            ("moteur-jeu", "Moteurs de jeu vidéo"),
                            ("ia-generative", "Outils d’intelligence artificielle générative"),
                            ("captation", "Captation et diffusion vidéo"),
                            ("code", "Programmation créative"),
                            ("xr", "Réalité virtuelle ou augmentée"),
                            ("son-spatialise", "Son spatialisé"),
                            ("capteurs", "Capteurs et dispositifs interactifs"),
                        ),
                    },
                    {
                        "code": "transformation",
                        "kind": "long_text",
                        "label": (
                            "Comment le numérique transforme-t-il concrètement votre manière de "
                            "créer, de produire ou de diffuser ?"
                        ),
                        "max_length": 2000,
                    },
                ],
            },
            {
                "title": "Les dispositifs de soutien",
                "description": "Aides à la création, appels à projets, résidences, commandes.",
                "questions": [
                    {
                        "code": "aide-sollicitee",
                        "kind": "yes_no",
                        "label": (
                            "Avez-vous sollicité une aide publique pour un projet de création "
                            "numérique au cours des trois dernières années ?"
                        ),
                        "required": True,
                    },
                    {
                        "code": "aide-adaptee",
                        "kind": "likert",
                        "label": (
                            "Le dispositif sollicité était adapté à la nature de votre projet."
                        ),
                        "choices": LIKERT,
                        "conditions": [
                            {
                                "depends_on": "aide-sollicitee",
                                "operator": "equals",
                                "values": ["oui"],
                            },
                        ],
                    },
                    {
                        "code": "raison-non-sollicitation",
                        "kind": "single_choice",
                        "label": "Pour quelle raison principale n’avez-vous pas sollicité d’aide ?",
                        "has_other": True,
                        "choices": _choices(
                            ("meconnaissance", "Je ne connaissais pas les dispositifs existants"),
                            ("non-eligible", "Mon projet n’entrait dans aucune case"),
                            ("complexite", "Les démarches sont trop lourdes"),
                            ("pas-besoin", "Je n’en avais pas besoin"),
                        ),
                        "conditions": [
                            {
                                "depends_on": "aide-sollicitee",
                                "operator": "equals",
                                "values": ["non"],
                            },
                        ],
                    },
                    {
                        "code": "difficultes",
                        "kind": "long_text",
                        "label": (
                            "Quelles difficultés rencontrez-vous pour financer ou produire des "
                            "œuvres numériques ou hybrides ?"
                        ),
                        "max_length": 1500,
                    },
                ],
            },
            {
                "title": "Vos besoins",
                "description": "",
                "questions": [
                    {
                        "code": "intertitre-besoins",
                        "kind": "heading",
                        "label": "Équipements, lieux et compétences",
                    },
                    {
                        "code": "niveau-besoins",
                        "kind": "matrix",
                        "label": "Quel est votre niveau de besoin dans chacun de ces domaines ?",
                        "rows": _choices(
                            ("equipements", "Équipements techniques partagés"),
                            ("residences", "Résidences de création numérique"),
                            ("formation", "Formation aux outils"),
                            ("juridique", "Accompagnement juridique (droits, contrats)"),
                            ("diffusion", "Lieux et réseaux de diffusion"),
                        ),
                        "choices": _choices(
                            ("aucun", "Aucun besoin"),
                            ("modere", "Besoin modéré"),
                            ("important", "Besoin important"),
                            ("prioritaire", "Besoin prioritaire"),
                        ),
                    },
                    {
                        "code": "priorites",
                        "kind": "ranking",
                        "label": (
                            "Classez ces évolutions des dispositifs du ministère de la plus à la "
                            "moins prioritaire."
                        ),
                        "choices": _choices(
                            (
                                "commission-transversale",
                                "Une commission dédiée aux projets hybrides",
                            ),
                            (
                                "temps-developpement",
                                "Le financement des temps de recherche et développement",
                            ),
                            ("aide-diffusion", "Une aide à la diffusion des œuvres numériques"),
                            ("simplification", "Des dossiers de demande simplifiés"),
                        ),
                    },
                ],
            },
            {
                "title": "Conserver et transmettre les œuvres",
                "description": "",
                "questions": [
                    {
                        "code": "conservation",
                        "kind": "single_choice",
                        "label": (
                            "Comment assurez-vous aujourd’hui la conservation de vos œuvres "
                            "numériques ?"
                        ),
                        "required": True,
                        "choices": _choices(
                            ("documentation", "Je documente et archive moi-même chaque œuvre"),
                            ("structure", "Une structure partenaire s’en charge"),
                            ("partielle", "Seulement en partie, faute de temps ou de moyens"),
                            ("rien", "Je n’ai pas de solution de conservation"),
                        ),
                    },
                    {
                        "code": "methode-conservation",
                        "kind": "short_text",
                        "label": "Précisez votre méthode ou la structure partenaire.",
                        "max_length": 200,
                        "conditions": [
                            {
                                "depends_on": "conservation",
                                "operator": "not_equals",
                                "values": ["rien"],
                            },
                        ],
                    },
                    {
                        "code": "confiance-perennite",
                        "kind": "scale_0_10",
                        "label": (
                            "De 0 à 10, dans quelle mesure êtes-vous confiant dans la possibilité "
                            "de montrer vos œuvres numériques dans vingt ans ?"
                        ),
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------
    "impact-ecologique": {
        "title": "Numérique culturel et sobriété",
        "slug": "sobriete-numerique",
        "introduction": (
            "Cette enquête fait le point sur la manière dont vous mesurez et réduisez "
            "l’empreinte environnementale de vos activités numériques, sur les freins que vous "
            "rencontrez et sur les ressources communes qui vous seraient utiles."
        ),
        "estimated_minutes": 10,
        "sections": [
            {
                "title": "Mesurer son empreinte",
                "description": "",
                "questions": [
                    {
                        "code": "taille-structure",
                        "kind": "single_choice",
                        "label": "Vous répondez…",
                        "required": True,
                        "choices": _choices(
                            ("personnel", "À titre personnel"),
                            ("tpe", "Pour une structure de moins de 10 salariés"),
                            ("pme", "Pour une structure de 10 à 49 salariés"),
                            ("eti", "Pour une structure de 50 à 249 salariés"),
                            ("grande", "Pour une structure de 250 salariés ou plus"),
                        ),
                    },
                    {
                        "code": "nb-terminaux",
                        "kind": "number",
                        "label": (
                            "Combien de terminaux (ordinateurs, tablettes, écrans, bornes) votre "
                            "structure utilise-t-elle environ ?"
                        ),
                        "min_value": 0,
                        "max_value": 5000,
                        "conditions": [
                            {
                                "depends_on": "taille-structure",
                                "operator": "not_equals",
                                "values": ["personnel"],
                            },
                        ],
                    },
                    {
                        "code": "evaluation",
                        "kind": "yes_no",
                        "label": (
                            "Avez-vous déjà évalué l’impact environnemental de vos activités ou "
                            "de vos services numériques ?"
                        ),
                        "required": True,
                    },
                    {
                        "code": "outils-evaluation",
                        "kind": "multiple_choice",
                        "label": "Avec quels outils ou méthodes ?",
                        "min_choices": 1,
                        "max_choices": 4,
                        "has_other": True,
                        "choices": _choices(
                            (
                                "bilan-carbone",
                                "Bilan carbone ou bilan des émissions de gaz à effet de serre",
                            ),
                            ("acv", "Analyse du cycle de vie"),
                            ("ecoindex", "Mesure de pages web (EcoIndex ou équivalent)"),
                            (
                                "rgesn",
                                "Référentiel général d’écoconception des services numériques",
                            ),
                            ("inventaire", "Inventaire du parc d’équipements"),
                        ),
                        "conditions": [
                            {"depends_on": "evaluation", "operator": "equals", "values": ["oui"]},
                        ],
                    },
                    {
                        "code": "date-evaluation",
                        "kind": "date",
                        "label": "De quand date votre dernière évaluation ?",
                        "conditions": [
                            {"depends_on": "evaluation", "operator": "equals", "values": ["oui"]},
                        ],
                    },
                ],
            },
            {
                "title": "Vos pratiques",
                "description": "",
                "questions": [
                    {
                        "code": "explication-ecoconception",
                        "kind": "text",
                        "label": (
                            "L’écoconception consiste à réduire l’impact d’un service numérique "
                            "dès sa conception : pages plus légères, vidéos moins lourdes, "
                            "fonctionnalités utiles seulement, compatibilité avec des appareils "
                            "anciens pour ne pas pousser à leur renouvellement."
                        ),
                    },
                    {
                        "code": "pratiques",
                        "kind": "matrix",
                        "label": "Où en êtes-vous pour chacune de ces pratiques ?",
                        "rows": _choices(
                            ("duree-vie", "Allonger la durée de vie des équipements"),
                            ("ecoconception", "Écoconcevoir le site internet ou les applications"),
                            ("video", "Limiter la définition et la lecture automatique des vidéos"),
                            ("hebergement", "Choisir un hébergement à faible impact"),
                            ("donnees", "Supprimer les données et fichiers inutiles"),
                        ),
                        "choices": _choices(
                            ("en-place", "Déjà en place"),
                            ("en-projet", "En projet"),
                            ("pas-envisage", "Pas envisagé"),
                            ("non-concerne", "Non concerné"),
                        ),
                    },
                    {
                        "code": "compatibilite-missions",
                        "kind": "likert",
                        "label": (
                            "La sobriété numérique est compatible avec les missions de diffusion "
                            "et d’accès à la culture."
                        ),
                        "choices": LIKERT,
                    },
                    {
                        "code": "freins",
                        "kind": "ranking",
                        "label": "Classez ces freins du plus important au moins important.",
                        "choices": _choices(
                            ("methodes", "Le manque de méthodes de mesure"),
                            ("competences", "Le manque de compétences en interne"),
                            ("moyens", "Le manque de moyens financiers"),
                            ("fournisseurs", "Le manque d’informations sur les fournisseurs"),
                            ("publics", "Les attentes des publics (qualité, nouveautés)"),
                        ),
                    },
                ],
            },
            {
                "title": "Ressources communes",
                "description": "",
                "questions": [
                    {
                        "code": "ressources-utiles",
                        "kind": "multiple_choice",
                        "label": "Quelles ressources communes vous seraient les plus utiles ?",
                        "help_text": "Trois réponses au plus.",
                        "min_choices": 1,
                        "max_choices": 3,
                        "choices": _choices(
                            ("guide", "Un guide pratique adapté au secteur culturel"),
                            ("indicateurs", "Des indicateurs communs de mesure"),
                            ("formation", "Des formations courtes"),
                            ("achats", "Des clauses types pour les achats et l’hébergement"),
                            ("calculateur", "Un calculateur d’empreinte en ligne"),
                            ("reseau", "Un réseau de référents dans les structures"),
                        ),
                    },
                    {
                        "code": "importance",
                        "kind": "scale_0_10",
                        "label": (
                            "De 0 à 10, quelle importance accordez-vous à l’impact "
                            "environnemental dans vos choix numériques ?"
                        ),
                        "required": True,
                    },
                    {
                        "code": "conciliation",
                        "kind": "long_text",
                        "label": (
                            "Comment concilier, selon vous, ambition numérique et exigence "
                            "environnementale dans les politiques culturelles ?"
                        ),
                        "max_length": 2000,
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------
    "langue-francaise": {
        "title": "Le français et les langues de France dans le numérique",
        "slug": "langues-numerique",
        "introduction": (
            "Assistants vocaux, traduction automatique, correcteurs, plateformes de contenus : "
            "cette enquête recueille votre expérience de la place du français et des langues de "
            "France dans les outils numériques, et vos priorités pour l’avenir."
        ),
        "estimated_minutes": 8,
        "sections": [
            {
                "title": "Vos usages",
                "description": "",
                "questions": [
                    {
                        "code": "region",
                        "kind": "select",
                        "label": "Dans quelle région résidez-vous ou exercez-vous votre activité ?",
                        "required": True,
                        "choices": REGIONS,
                    },
                    {
                        "code": "langues-pratiquees",
                        "kind": "multiple_choice",
                        "label": (
                            "Outre le français, pratiquez-vous une ou plusieurs langues de France ?"
                        ),
                        "min_choices": 1,
                        "max_choices": 4,
                        "has_other": True,
                        "choices": _choices(
                            ("aucune", "Aucune"),
                            ("alsacien", "Alsacien"),
                            ("basque", "Basque"),
                            ("breton", "Breton"),
                            ("catalan", "Catalan"),
                            ("corse", "Corse"),
                            ("creoles", "Créoles"),
                            ("flamand", "Flamand occidental"),
                            ("francoprovencal", "Francoprovençal"),
                            ("occitan", "Occitan"),
                            ("kanak", "Langues kanak"),
                            ("lsf", "Langue des signes française"),
                        ),
                    },
                    {
                        "code": "outils-en-francais",
                        "kind": "likert",
                        "label": (
                            "Je trouve facilement des outils numériques (correcteurs, assistants "
                            "vocaux, traduction) qui fonctionnent bien en français."
                        ),
                        "choices": LIKERT,
                    },
                    {
                        "code": "assistant-vocal",
                        "kind": "yes_no",
                        "label": (
                            "Utilisez-vous un assistant vocal (sur téléphone, enceinte ou "
                            "voiture) ?"
                        ),
                    },
                    {
                        "code": "satisfaction-vocal",
                        "kind": "scale_0_10",
                        "label": (
                            "De 0 à 10, dans quelle mesure l’assistant vocal comprend-il votre "
                            "français, y compris votre accent ?"
                        ),
                        "conditions": [
                            {
                                "depends_on": "assistant-vocal",
                                "operator": "equals",
                                "values": ["oui"],
                            },
                        ],
                    },
                ],
            },
            {
                "title": "Ressources linguistiques",
                "description": (
                    "Les technologies de la langue reposent sur des corpus de textes et "
                    "d’enregistrements : leur disponibilité en français est un enjeu de "
                    "souveraineté culturelle."
                ),
                "questions": [
                    {
                        "code": "ressources-prioritaires",
                        "kind": "ranking",
                        "label": (
                            "Classez ces ressources de la plus à la moins prioritaire à produire "
                            "ou ouvrir."
                        ),
                        "choices": _choices(
                            ("corpus-ecrits", "Corpus de textes en français"),
                            ("corpus-oraux", "Enregistrements de français parlé, avec ses accents"),
                            ("dictionnaires", "Dictionnaires ouverts"),
                            ("terminologie", "Terminologie officielle (FranceTerme)"),
                            ("langues-regionales", "Corpus en langues régionales"),
                            ("outre-mer", "Ressources en langues des outre-mer"),
                        ),
                    },
                    {
                        "code": "langues-outre-mer",
                        "kind": "likert",
                        "label": (
                            "Les langues parlées dans votre territoire ultramarin sont "
                            "suffisamment présentes dans les outils numériques."
                        ),
                        "choices": LIKERT,
                        "conditions": [
                            {
                                "depends_on": "region",
                                "operator": "any_of",
                                "values": [
                                    "guadeloupe",
                                    "guyane",
                                    "la-reunion",
                                    "martinique",
                                    "mayotte",
                                    "autres-outre-mer",
                                ],
                            },
                        ],
                    },
                    {
                        "code": "anglicisme",
                        "kind": "short_text",
                        "label": (
                            "Citez un terme anglais du numérique pour lequel vous aimeriez "
                            "disposer d’un bon équivalent français."
                        ),
                        "max_length": 100,
                    },
                ],
            },
            {
                "title": "Découvrabilité des contenus francophones",
                "description": "",
                "questions": [
                    {
                        "code": "decouvrabilite",
                        "kind": "matrix",
                        "label": "Trouver des contenus en français vous paraît-il facile sur…",
                        "rows": _choices(
                            ("musique", "les plateformes de musique en ligne"),
                            ("video", "les services de vidéo à la demande"),
                            ("livres", "les librairies de livres numériques"),
                            ("podcasts", "les applications de podcasts"),
                            ("jeux", "les boutiques de jeux vidéo"),
                        ),
                        "choices": _choices(
                            ("tres-facile", "Très facile"),
                            ("plutot-facile", "Plutôt facile"),
                            ("plutot-difficile", "Plutôt difficile"),
                            ("tres-difficile", "Très difficile"),
                            ("ne-sait-pas", "Je ne sais pas"),
                        ),
                    },
                    {
                        "code": "role-ministere",
                        "kind": "long_text",
                        "label": (
                            "Quel rôle attendez-vous du ministère de la Culture dans le "
                            "développement des technologies de la langue ?"
                        ),
                        "max_length": 1500,
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------
    "archivage-numerique": {
        "title": "Conserver la mémoire numérique",
        "slug": "archivage-numerique",
        "introduction": (
            "Services d’archives, bibliothèques, musées, lieux de création, mais aussi "
            "particuliers soucieux de leurs souvenirs numériques : cette enquête porte sur vos "
            "pratiques de conservation, vos difficultés et les solutions mutualisées que vous "
            "attendez."
        ),
        "estimated_minutes": 12,
        "sections": [
            {
                "title": "Votre structure",
                "description": "",
                "questions": [
                    {
                        "code": "type-structure",
                        "kind": "single_choice",
                        "label": "Vous répondez au titre…",
                        "required": True,
                        "has_other": True,
                        "choices": _choices(
                            ("archives", "d’un service d’archives"),
                            ("bibliotheque", "d’une bibliothèque ou médiathèque"),
                            ("musee", "d’un musée"),
                            ("spectacle", "d’une structure de spectacle vivant"),
                            ("audiovisuel", "d’une structure de production audiovisuelle"),
                            ("aucune", "d’aucune structure : je réponds à titre personnel"),
                        ),
                    },
                    {
                        "code": "volume-to",
                        "kind": "number",
                        "label": (
                            "Quel volume de données numériques conservez-vous, en téraoctets ?"
                        ),
                        "help_text": "Une estimation suffit ; 1 To = 1 000 Go.",
                        "min_value": 0,
                        "max_value": 100000,
                        "conditions": [
                            {
                                "depends_on": "type-structure",
                                "operator": "not_equals",
                                "values": ["aucune"],
                            },
                        ],
                    },
                    {
                        "code": "sae",
                        "kind": "yes_no",
                        "label": "Disposez-vous d’un système d’archivage électronique (SAE) ?",
                        "conditions": [
                            {
                                "depends_on": "type-structure",
                                "operator": "not_equals",
                                "values": ["aucune"],
                            },
                        ],
                    },
                    {
                        "code": "date-sae",
                        "kind": "date",
                        "label": "Depuis quand ce système est-il en service ?",
                        "conditions": [
                            {"depends_on": "sae", "operator": "equals", "values": ["oui"]},
                        ],
                    },
                    {
                        "code": "region",
                        "kind": "select",
                        "label": "Dans quelle région êtes-vous situé ?",
                        "choices": REGIONS,
                    },
                ],
            },
            {
                "title": "Vos fonds et vos difficultés",
                "description": "",
                "questions": [
                    {
                        "code": "types-documents",
                        "kind": "multiple_choice",
                        "label": "Quels types de documents numériques conservez-vous ?",
                        "min_choices": 1,
                        "max_choices": 7,
                        "has_other": True,
                        "choices": _choices(
                            ("bureautique", "Documents bureautiques et courriels"),
                            ("photos", "Photographies"),
                            ("audiovisuel", "Enregistrements sonores et vidéo"),
                            ("web", "Sites internet et réseaux sociaux"),
                            ("bases", "Bases de données"),
                            ("numerisations", "Fonds numérisés"),
                            ("oeuvres", "Œuvres nativement numériques"),
                        ),
                    },
                    {
                        "code": "difficultes",
                        "kind": "matrix",
                        "label": "Quelle est l’importance de ces difficultés pour vous ?",
                        "rows": _choices(
                            ("techniques", "Techniques (formats, supports, migrations)"),
                            ("financieres", "Financières"),
                            ("organisationnelles", "Organisationnelles"),
                            ("juridiques", "Juridiques (droits, données personnelles)"),
                            ("competences", "Compétences disponibles"),
                        ),
                        "choices": _choices(
                            ("aucune", "Pas une difficulté"),
                            ("mineure", "Difficulté mineure"),
                            ("importante", "Difficulté importante"),
                            ("majeure", "Difficulté majeure"),
                        ),
                    },
                    {
                        "code": "obsolescence",
                        "kind": "likert",
                        "label": (
                            "L’obsolescence des formats et des logiciels menace dès aujourd’hui "
                            "une partie des documents que je conserve."
                        ),
                        "choices": LIKERT,
                    },
                ],
            },
            {
                "title": "Solutions mutualisées",
                "description": "",
                "questions": [
                    {
                        "code": "intertitre-mutualisation",
                        "kind": "heading",
                        "label": "Mutualiser pour mieux conserver",
                    },
                    {
                        "code": "solutions",
                        "kind": "ranking",
                        "label": "Classez ces solutions de la plus à la moins utile pour vous.",
                        "choices": _choices(
                            ("plateforme", "Une plateforme nationale d’archivage mutualisée"),
                            ("referentiels", "Des référentiels de formats et de métadonnées"),
                            ("formation", "Des formations à l’archivage numérique"),
                            ("conseil", "Un conseil technique de proximité"),
                            ("achats", "Des marchés publics mutualisés"),
                        ),
                    },
                    {
                        "code": "disposition-mutualiser",
                        "kind": "scale_0_10",
                        "label": (
                            "De 0 à 10, seriez-vous prêt à confier vos fonds à une infrastructure "
                            "partagée avec d’autres institutions ?"
                        ),
                    },
                    {
                        "code": "conditions-mutualisation",
                        "kind": "long_text",
                        "label": "À quelles conditions ?",
                        "max_length": 1000,
                        "conditions": [
                            {
                                "depends_on": "disposition-mutualiser",
                                "operator": "answered",
                                "values": [],
                            },
                        ],
                    },
                ],
            },
            {
                "title": "Accès et priorités",
                "description": "",
                "questions": [
                    {
                        "code": "acces",
                        "kind": "long_text",
                        "label": (
                            "Comment concilier l’accès le plus large aux fonds numériques avec le "
                            "respect des droits et des données personnelles ?"
                        ),
                        "max_length": 2000,
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------
    "donnees-intelligence-artificielle": {
        "title": "Données culturelles et intelligence artificielle",
        "slug": "donnees-ia",
        "introduction": (
            "Cette enquête porte sur les données que produisent et utilisent les acteurs "
            "culturels, sur leurs usages de l’intelligence artificielle et sur les garanties "
            "qu’ils en attendent, notamment pour le respect des droits des auteurs et des "
            "artistes."
        ),
        "estimated_minutes": 15,
        "sections": [
            {
                "title": "Vos données",
                "description": "",
                "questions": [
                    {
                        "code": "domaine",
                        "kind": "select",
                        "label": "Dans quel domaine culturel exercez-vous principalement ?",
                        "required": True,
                        "has_other": True,
                        "choices": DOMAINES,
                    },
                    {
                        "code": "donnees-produites",
                        "kind": "multiple_choice",
                        "label": "Quelles données votre structure produit-elle ou utilise-t-elle ?",
                        "min_choices": 1,
                        "max_choices": 6,
                        "has_other": True,
                        "choices": _choices(
                            ("metadonnees", "Métadonnées des collections et catalogues"),
                            ("billetterie", "Données de billetterie"),
                            ("frequentation", "Données de fréquentation"),
                            ("usages-en-ligne", "Données d’usage des services en ligne"),
                            ("contenus", "Contenus numérisés (images, sons, textes)"),
                            ("recherche", "Données de recherche"),
                        ),
                    },
                    {
                        "code": "ouverture",
                        "kind": "single_choice",
                        "label": "Vos données sont-elles publiées en données ouvertes ?",
                        "choices": _choices(
                            ("totalite", "Oui, en totalité"),
                            ("partie", "Oui, en partie"),
                            ("envisage", "Non, mais c’est envisagé"),
                            ("non", "Non"),
                            ("ne-sait-pas", "Je ne sais pas"),
                        ),
                    },
                    {
                        "code": "licence",
                        "kind": "short_text",
                        "label": "Sous quelle licence, et sur quelle plateforme ?",
                        "max_length": 150,
                        "conditions": [
                            {
                                "depends_on": "ouverture",
                                "operator": "any_of",
                                "values": ["totalite", "partie"],
                            },
                        ],
                    },
                ],
            },
            {
                "title": "Vos usages de l’intelligence artificielle",
                "description": "",
                "questions": [
                    {
                        "code": "explication-ia",
                        "kind": "text",
                        "label": (
                            "Nous distinguons les outils d’analyse (reconnaissance d’écriture, "
                            "transcription, indexation automatique, recommandation) et les outils "
                            "génératifs, qui produisent des textes, des images, des sons ou des "
                            "vidéos à partir d’une consigne."
                        ),
                    },
                    {
                        "code": "usage-ia",
                        "kind": "single_choice",
                        "label": (
                            "Utilisez-vous des outils d’intelligence artificielle dans votre "
                            "activité ?"
                        ),
                        "required": True,
                        "choices": _choices(
                            ("regulier", "Oui, régulièrement"),
                            ("occasionnel", "Oui, occasionnellement"),
                            ("envisage", "Non, mais je l’envisage"),
                            ("non", "Non, et je ne l’envisage pas"),
                        ),
                    },
                    {
                        "code": "usages",
                        "kind": "multiple_choice",
                        "label": "Pour quels usages ?",
                        "min_choices": 1,
                        "max_choices": 4,
                        "has_other": True,
                        "choices": _choices(
                            ("catalogage", "Catalogage et indexation"),
                            ("transcription", "Transcription et reconnaissance d’écriture"),
                            ("traduction", "Traduction"),
                            ("creation", "Création d’images, de sons ou de textes"),
                            ("communication", "Rédaction et communication"),
                            ("recommandation", "Recommandation aux publics"),
                        ),
                        "conditions": [
                            {
                                "depends_on": "usage-ia",
                                "operator": "any_of",
                                "values": ["regulier", "occasionnel"],
                            },
                        ],
                    },
                    {
                        "code": "nb-outils",
                        "kind": "number",
                        "label": (
                            "Combien d’outils d’intelligence artificielle différents "
                            "utilisez-vous ou testez-vous ?"
                        ),
                        "min_value": 0,
                        "max_value": 30,
                        "conditions": [
                            {"depends_on": "usage-ia", "operator": "not_equals", "values": ["non"]},
                        ],
                    },
                    {
                        "code": "confiance-usages",
                        "kind": "matrix",
                        "label": "Quel est votre sentiment sur l’usage de l’IA pour…",
                        "rows": _choices(
                            ("catalogage", "décrire et indexer les collections"),
                            ("transcription", "transcrire des archives manuscrites"),
                            ("traduction", "traduire des contenus culturels"),
                            ("creation", "créer des œuvres"),
                            ("recommandation", "recommander des contenus aux publics"),
                        ),
                        "choices": _choices(
                            ("favorable", "Favorable"),
                            ("reserve", "Favorable avec réserves"),
                            ("oppose", "Opposé"),
                            ("sans-avis", "Sans avis"),
                        ),
                    },
                ],
            },
            {
                "title": "Droits et garanties",
                "description": "",
                "questions": [
                    {
                        "code": "autorisation-entrainement",
                        "kind": "likert",
                        "label": (
                            "L’entraînement des intelligences artificielles sur des œuvres "
                            "protégées devrait être soumis à l’autorisation des ayants droit."
                        ),
                        "choices": LIKERT,
                    },
                    {
                        "code": "garanties",
                        "kind": "ranking",
                        "label": "Classez ces garanties de la plus à la moins importante.",
                        "choices": _choices(
                            ("transparence", "Transparence des corpus d’entraînement"),
                            ("remuneration", "Rémunération des auteurs et des artistes"),
                            ("etiquetage", "Signalement des contenus générés"),
                            ("donnees-personnelles", "Protection des données personnelles"),
                            ("biais", "Lutte contre les biais culturels et linguistiques"),
                            ("souverainete", "Recours à des solutions françaises ou européennes"),
                        ),
                    },
                    {
                        "code": "confiance-ia",
                        "kind": "scale_0_10",
                        "label": (
                            "De 0 à 10, quelle confiance accordez-vous au cadre européen en cours "
                            "d’élaboration pour protéger la création ?"
                        ),
                    },
                ],
            },
            {
                "title": "Vos attentes",
                "description": "",
                "questions": [
                    {
                        "code": "attentes",
                        "kind": "multiple_choice",
                        "label": "Qu’attendez-vous en priorité du ministère de la Culture ?",
                        "help_text": "Trois réponses au plus.",
                        "min_choices": 1,
                        "max_choices": 3,
                        "choices": _choices(
                            ("cadre", "Un cadre de référence et de bonnes pratiques"),
                            ("outils", "Des outils communs et des données partagées"),
                            ("formation", "Des formations pour les professionnels"),
                            ("regulation", "Une action de régulation, en France et en Europe"),
                            ("financement", "Des financements pour expérimenter"),
                            ("veille", "Une veille juridique et technologique"),
                        ),
                    },
                    {
                        "code": "conditions-droits",
                        "kind": "long_text",
                        "label": (
                            "Quelles conditions vous semblent nécessaires pour que l’usage de "
                            "l’intelligence artificielle respecte les droits des auteurs et des "
                            "artistes ?"
                        ),
                        "max_length": 2500,
                    },
                ],
            },
        ],
    },
}
