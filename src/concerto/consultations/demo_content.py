"""Contenu de démonstration : consultation « Stratégie numérique culturelle ».

Ce module reproduit, à des fins de démonstration, la consultation publique
lancée par le ministère de la Culture au premier semestre 2023. Il ne dépend
pas de Django : il expose uniquement des structures de données Python
(dictionnaires et listes) que les commandes de chargement peuvent utiliser.

Les textes longs sont rédigés en Markdown. Ils n'utilisent pas de titre de
niveau supérieur à ``###``, les pages qui les affichent comportant déjà des
titres de niveaux 1 et 2.
"""

CONSULTATION = {
    "title": "Stratégie numérique culturelle",
    "slug": "strategie-numerique-culturelle",
    "tagline": (
        "Donnez votre avis et vos idées pour construire avec le ministère de la "
        "Culture la place du numérique dans la culture."
    ),
    "purpose": """\
L’explosion des usages numériques dans la société, les effets de la crise sanitaire sur les pratiques culturelles, l’avènement des technologies immersives et de l’intelligence artificielle sont autant d’évolutions qui interrogent aujourd’hui la place du numérique dans la culture. Elles affectent les processus de création, de diffusion et de relation avec les publics, et soulèvent de nombreuses questions pour les politiques culturelles.

Afin d’alimenter ces réflexions, le ministère de la Culture ouvre une consultation publique en ligne. Elle doit permettre d’interroger son rôle dans l’accompagnement des acteurs culturels face à ces défis, et de recueillir la diversité des points de vue comme les besoins opérationnels des acteurs de terrain.

Cette consultation s’inscrit dans une démarche prospective et participative engagée {prospective_start} sur la base d’un premier document méthodologique publié par le ministère. Elle se déroule {consultation_period} et porte sur onze thématiques : six sont ouvertes dès le lancement, cinq autres le seront au cours du semestre.
""",
    "why_participate": """\
Co-construire une stratégie numérique culturelle avec le terrain, c’est mobiliser un large écosystème culturel, recueillir des points de vue dans leur diversité et faire remonter les besoins concrets de celles et ceux qui créent, conservent, transmettent et font vivre la culture au quotidien.

En participant, vous contribuez :

- à l’enrichissement de la stratégie numérique du ministère de la Culture ;
- à sa déclinaison opérationnelle en une feuille de route ;
- à la définition, collectivement, d’un cap partagé pour le numérique culturel.

Toutes les contributions sont lues et analysées, qu’elles émanent d’une grande institution, d’une structure indépendante, d’un professionnel ou d’un particulier. Votre expérience de terrain, vos difficultés comme vos réussites, sont précisément ce que cette consultation cherche à connaître.
""",
    "how_to_participate": """\
Vous représentez une institution culturelle ? Vous êtes un acteur du numérique ou un professionnel du secteur culturel ? Vous êtes un citoyen ou une citoyenne intéressé par le numérique culturel ? Chacun peut contribuer.

1. **Choisissez une thématique** parmi celles qui sont ouvertes aux contributions. Les thématiques « à venir » seront ouvertes progressivement d’ici {consultation_end_month}.
2. **Indiquez votre profil** : institution culturelle, acteur du numérique, professionnel du secteur culturel, citoyen ou citoyenne. Le questionnaire est adapté à votre situation.
3. **Répondez au questionnaire** de la thématique. Vous pouvez répondre à une seule thématique ou à plusieurs, et ne renseigner que les questions qui vous concernent.

### Des webinaires d’information

Pour présenter la démarche et chacune des thématiques ouvertes, le ministère de la Culture organise une série de webinaires d’information {webinar_period}. Ils sont l’occasion de poser vos questions aux équipes chargées de la consultation.

### Après la consultation

Les contributions seront analysées thématique par thématique. L’ensemble des résultats de la consultation et des décisions retenues par le ministère seront publiés sur cette plateforme d’ici la fin de l’année {results_year}.
""",
}


PROFILES = [
    {
        "label": "Institution culturelle",
        "description": (
            "Établissement ou structure culturelle, publique ou privée, telle qu’un "
            "musée, un service d’archives, une bibliothèque, un théâtre, une salle de "
            "spectacle, un monument ou un lieu de création, qui répond au nom de son "
            "organisation."
        ),
        "is_organisation": True,
    },
    {
        "label": "Acteur du numérique",
        "description": (
            "Entreprise, start-up, laboratoire, association ou collectif dont "
            "l’activité porte sur les technologies, services ou contenus numériques "
            "et qui répond au nom de sa structure."
        ),
        "is_organisation": True,
    },
    {
        "label": "Professionnel du secteur culturel",
        "description": (
            "Artiste, auteur, technicien, médiateur, conservateur, enseignant ou tout "
            "autre professionnel de la culture qui répond à titre individuel, à partir "
            "de son expérience de terrain."
        ),
        "is_organisation": False,
    },
    {
        "label": "Citoyen ou citoyenne",
        "description": (
            "Toute personne intéressée par la culture et le numérique, en tant que "
            "spectateur, visiteur, lecteur, amateur ou usager des services culturels, "
            "qui répond à titre personnel."
        ),
        "is_organisation": False,
    },
]


THEMES = [
    # ------------------------------------------------------------------
    # Thématiques ouvertes aux contributions
    # ------------------------------------------------------------------
    {
        "title": "Métavers",
        "slug": "metavers",
        "summary": (
            "Mondes virtuels persistants, expériences immersives, nouvelles formes de "
            "sociabilité : comment le secteur culturel peut-il se saisir des métavers "
            "tout en y faisant valoir ses valeurs ?"
        ),
        "introduction": """\
Le terme de « métavers » désigne un ensemble d’environnements virtuels, persistants et partagés, dans lesquels les utilisateurs interagissent en temps réel, le plus souvent sous la forme d’avatars. Ces espaces reposent sur des technologies déjà existantes, comme le jeu vidéo, la réalité virtuelle et augmentée ou la modélisation 3D, mais leur convergence laisse entrevoir de nouvelles manières de créer, de se rassembler et d’accéder aux œuvres.

Pour le secteur culturel, les enjeux sont multiples. Des artistes investissent ces environnements comme de nouveaux lieux d’écriture et de représentation ; des établissements y expérimentent des expositions, des concerts ou des visites à distance ; des patrimoines numérisés en trois dimensions peuvent y trouver une seconde vie. Ces initiatives soulèvent aussi des questions structurantes : qui détient les plateformes et fixe leurs règles ? Comment garantir la diversité culturelle et la place de la création francophone et européenne dans des espaces largement dominés par quelques acteurs internationaux ? Comment protéger les droits des auteurs et des interprètes, et assurer une juste rémunération ?

S’y ajoutent des enjeux d’accessibilité, de protection des mineurs, de sobriété énergétique et de souveraineté technologique. Le ministère de la Culture souhaite mieux comprendre les attentes des acteurs culturels, leurs expérimentations en cours et les freins qu’ils rencontrent, afin d’identifier les leviers d’action publique les plus pertinents : accompagnement de projets, soutien à la création, mutualisation d’outils, formation ou encore positionnement dans les discussions européennes.

### Les questions posées

- Avez-vous déjà conduit ou envisagez-vous un projet dans un environnement de type métavers ? Avec quels objectifs et quels résultats ?
- Quelles opportunités ces environnements représentent-ils, selon vous, pour la création, la diffusion des œuvres et la relation avec les publics ?
- Quels risques identifiez-vous, notamment en matière de droits, de dépendance aux plateformes, d’accessibilité ou d’impact environnemental ?
- De quel type d’accompagnement auriez-vous besoin : financement, expertise technique, cadre juridique, partage d’expériences ?
- Quel rôle le ministère de la Culture devrait-il jouer pour que les valeurs du service public culturel soient présentes dans ces nouveaux espaces ?
""",
        "status": "open",
    },
    {
        "title": "Création artistique en environnement numérique",
        "slug": "creation-artistique-environnement-numerique",
        "summary": (
            "Les outils numériques transforment les manières de créer, de produire et "
            "de diffuser les œuvres. Quels soutiens pour les artistes et les structures "
            "qui travaillent avec et dans ces environnements ?"
        ),
        "introduction": """\
Le numérique n’est plus seulement un outil au service de la création : il est devenu, pour de nombreux artistes, un matériau, un espace et un langage à part entière. Arts numériques, œuvres interactives et immersives, spectacle vivant intégrant la captation ou la réalité augmentée, création sonore et visuelle assistée par des logiciels génératifs, écritures pour les réseaux : les formes se multiplient et décloisonnent les disciplines.

Ces pratiques interrogent les cadres existants de la politique culturelle. Les dispositifs de soutien à la création ont été conçus pour des disciplines identifiées ; les œuvres hybrides peinent parfois à y trouver leur place. La production d’une œuvre numérique mobilise des compétences techniques rares, des équipements coûteux et des temps de développement longs. Sa diffusion pose la question des lieux capables de l’accueillir, de sa conservation dans la durée malgré l’obsolescence des technologies, et des modèles économiques permettant de rémunérer les artistes.

La crise sanitaire a par ailleurs accéléré la diffusion en ligne de spectacles, d’expositions et de rencontres, ouvrant de nouvelles possibilités mais aussi de nouvelles interrogations sur la valeur de ces contenus, leur financement et leur articulation avec la présence physique des publics.

Le ministère de la Culture souhaite recueillir l’expérience des artistes, des lieux de création et de diffusion, des producteurs et des acteurs techniques, afin d’adapter ses dispositifs de soutien et d’identifier les besoins prioritaires : résidences, équipements partagés, formation, accompagnement juridique ou structuration de réseaux.

### Les questions posées

- Comment le numérique transforme-t-il concrètement votre pratique de création, de production ou de diffusion ?
- Les dispositifs de soutien existants sont-ils adaptés aux projets de création numérique ou hybride ? Quelles difficultés rencontrez-vous ?
- Quels sont vos besoins en matière d’équipements, de compétences, de lieux de résidence ou de diffusion ?
- Comment assurer la conservation et la transmission des œuvres numériques dans le temps ?
- Quelles évolutions attendez-vous de la part du ministère de la Culture pour mieux accompagner ces formes de création ?
""",
        "status": "open",
    },
    {
        "title": "Impact écologique",
        "slug": "impact-ecologique",
        "summary": (
            "Le numérique a une empreinte environnementale réelle. Comment les acteurs "
            "culturels peuvent-ils concilier transformation numérique et sobriété, et "
            "comment le ministère peut-il les y aider ?"
        ),
        "introduction": """\
Le numérique est souvent perçu comme immatériel. Il repose pourtant sur des équipements, des réseaux et des centres de données dont la fabrication et le fonctionnement consomment des ressources et de l’énergie. La fabrication des terminaux concentre une part importante de cette empreinte, ce qui fait de l’allongement de leur durée de vie un levier majeur. La loi du 15 novembre 2021 visant à réduire l’empreinte environnementale du numérique en France a inscrit ces enjeux dans le cadre législatif, et des référentiels d’écoconception des services numériques sont désormais disponibles.

Le secteur culturel est directement concerné. La numérisation des collections, la diffusion de vidéos en ligne, la multiplication des sites internet et des applications, le recours aux dispositifs immersifs, le stockage de volumes croissants de données ou encore l’équipement des lieux culturels ont un coût environnemental qu’il convient de mieux connaître et de maîtriser. À l’inverse, le numérique peut aussi contribuer à la transition écologique du secteur, par exemple en réduisant certains déplacements ou en facilitant la mutualisation des ressources.

Le ministère de la Culture a engagé une démarche de transition écologique de l’ensemble des politiques culturelles. Sur le volet numérique, il s’agit d’aider les acteurs à mesurer leur empreinte, à adopter des pratiques d’écoconception et de sobriété, à faire des choix d’équipements et d’hébergement éclairés, sans renoncer aux apports du numérique pour la création et l’accès à la culture.

### Les questions posées

- Avez-vous déjà évalué l’impact environnemental de vos activités ou de vos services numériques ? Avec quels outils ?
- Quelles pratiques de sobriété ou d’écoconception avez-vous mises en place, et quels résultats en avez-vous tirés ?
- Quels freins rencontrez-vous : manque de méthodes, de compétences, de moyens, d’informations sur les fournisseurs ?
- Quels outils ou ressources communs (guides, référentiels, formations, indicateurs) vous seraient les plus utiles ?
- Comment concilier, selon vous, ambition numérique et exigence environnementale dans les politiques culturelles ?
""",
        "status": "open",
    },
    {
        "title": "Langue française",
        "slug": "langue-francaise",
        "summary": (
            "Assistants vocaux, traduction automatique, modèles de langage : la place "
            "du français et des langues de France se joue aussi dans les technologies "
            "numériques. Comment la préserver et la renforcer ?"
        ),
        "introduction": """\
La langue est au cœur des usages numériques : recherche d’information, échanges sur les réseaux, commandes vocales, traduction automatique, outils de rédaction et, désormais, systèmes d’intelligence artificielle capables de générer du texte. La place qu’occupe une langue dans ces technologies conditionne directement la possibilité pour ses locuteurs d’y accéder, de s’y exprimer et d’y trouver des contenus.

La politique de la langue française, conduite par le ministère de la Culture à travers la Délégation générale à la langue française et aux langues de France, poursuit plusieurs objectifs : garantir le droit de chacun à recevoir une information et des services en français, enrichir la langue pour qu’elle puisse désigner les réalités nouvelles, favoriser le plurilinguisme et valoriser les langues régionales et les autres langues de France. Le numérique offre à cette politique des outils puissants ; il fait aussi peser un risque de marginalisation des langues moins dotées en données et en ressources.

Les technologies de la langue reposent sur de grands corpus de textes et d’enregistrements. La disponibilité de ressources linguistiques en français, ouvertes et de qualité, est donc un enjeu de souveraineté culturelle et technologique. La terminologie officielle, la qualité des outils de traduction, la présence du français dans les interfaces et la découvrabilité des contenus francophones en ligne sont autant de sujets sur lesquels le ministère souhaite recueillir votre avis.

### Les questions posées

- Constatez-vous, dans vos usages ou votre activité, des difficultés liées à la place du français dans les outils et services numériques ?
- Quelles ressources linguistiques (corpus, dictionnaires, terminologie, enregistrements) devraient être produites ou ouvertes en priorité ?
- Comment mieux prendre en compte les langues régionales et les autres langues de France dans les technologies numériques ?
- Comment renforcer la découvrabilité des contenus culturels francophones sur les plateformes ?
- Quel rôle attendez-vous du ministère de la Culture dans le développement des technologies de la langue ?
""",
        "status": "open",
    },
    {
        "title": "Archivage numérique",
        "slug": "archivage-numerique",
        "summary": (
            "Documents nativement numériques, collections numérisées, œuvres et "
            "données : comment garantir leur conservation durable, leur intégrité et "
            "leur accès pour les générations futures ?"
        ),
        "introduction": """\
Une part croissante de la mémoire collective naît aujourd’hui sous forme numérique : documents administratifs, correspondances, photographies, productions audiovisuelles, sites internet, bases de données, œuvres d’art numériques. Parallèlement, les institutions patrimoniales ont engagé depuis de nombreuses années la numérisation de leurs fonds, qui constitue désormais elle-même un patrimoine à préserver.

Conserver dans la durée des informations numériques est un défi à part entière. Les supports se dégradent, les formats et les logiciels deviennent obsolètes, les volumes augmentent rapidement. Garantir l’intégrité, l’authenticité et la lisibilité des documents sur le long terme suppose des infrastructures, des normes, des compétences spécialisées et une organisation pérenne. Ces exigences représentent un coût important, en particulier pour les structures de taille modeste, et posent la question de la mutualisation des moyens entre services d’archives, bibliothèques, musées et autres acteurs.

L’archivage numérique soulève également des questions d’accès : comment permettre la consultation des fonds par le plus grand nombre, dans le respect des règles de communicabilité, des droits de propriété intellectuelle et de la protection des données personnelles ? Comment articuler conservation à long terme et impact environnemental du stockage ?

Le ministère de la Culture, qui exerce notamment le contrôle scientifique et technique de l’État sur les archives publiques, souhaite recueillir les pratiques, les difficultés et les attentes des acteurs afin de définir des orientations partagées et les outils communs à développer.

### Les questions posées

- Comment votre structure organise-t-elle aujourd’hui la conservation de ses documents et collections numériques ?
- Quelles sont les principales difficultés rencontrées : techniques, financières, organisationnelles, juridiques ou liées aux compétences ?
- Quelles solutions mutualisées (plateformes, infrastructures, référentiels, formations) vous sembleraient les plus utiles ?
- Comment concilier l’accès le plus large possible aux fonds numériques avec le respect des droits et des données personnelles ?
- Quelles priorités le ministère de la Culture devrait-il fixer en matière d’archivage numérique ?
""",
        "status": "open",
    },
    {
        "title": "Données et intelligence artificielle",
        "slug": "donnees-intelligence-artificielle",
        "summary": (
            "Les données culturelles et l’intelligence artificielle ouvrent des "
            "perspectives pour la création, la gestion des collections et la relation "
            "aux publics, mais posent des questions de droits, d’éthique et de "
            "souveraineté."
        ),
        "introduction": """\
Les acteurs culturels produisent et détiennent des données de nature très diverse : métadonnées des collections, catalogues, données de fréquentation et de billetterie, données d’usage des services en ligne, contenus numérisés. Mieux structurées, partagées et ouvertes lorsque cela est possible, ces données peuvent améliorer la connaissance des publics, faciliter le pilotage des politiques culturelles, favoriser la découvrabilité des œuvres et nourrir la recherche.

L’essor rapide de l’intelligence artificielle renforce ces enjeux. Les outils d’analyse automatique peuvent assister le catalogage, la transcription, l’indexation ou la restauration des fonds ; les systèmes génératifs produisent des textes, des images, des sons ou des vidéos et interrogent directement la création. Ces technologies sont entraînées sur de grandes quantités de contenus, parmi lesquels figurent des œuvres protégées : la question du respect du droit d’auteur, de la transparence des corpus d’entraînement et du partage de la valeur avec les créateurs est désormais centrale.

À ces questions s’ajoutent celles de la protection des données personnelles, dans le cadre du règlement général sur la protection des données, des biais culturels et linguistiques des modèles, de la dépendance à l’égard de quelques fournisseurs et des compétences nécessaires au sein des structures culturelles. Le cadre européen sur l’intelligence artificielle est par ailleurs en cours d’élaboration.

Le ministère de la Culture souhaite identifier les usages actuels et envisagés des données et de l’intelligence artificielle dans le secteur, les besoins d’accompagnement et les garanties attendues, afin de définir une position équilibrée entre soutien à l’innovation et protection de la création.

### Les questions posées

- Quelles données votre structure produit-elle ou utilise-t-elle, et comment les exploite-t-elle aujourd’hui ?
- Utilisez-vous ou envisagez-vous d’utiliser des outils d’intelligence artificielle ? Pour quels usages ?
- Quelles conditions vous semblent nécessaires pour que l’usage de l’intelligence artificielle respecte les droits des auteurs et des artistes ?
- Quels besoins identifiez-vous en matière de partage, d’interopérabilité ou d’ouverture des données culturelles ?
- Quelles actions attendez-vous du ministère de la Culture sur ces sujets : cadre de référence, outils communs, formation, régulation ?
""",
        "status": "open",
    },
    # ------------------------------------------------------------------
    # Thématiques à venir
    # ------------------------------------------------------------------
    {
        "title": "Innovation",
        "slug": "innovation",
        "summary": (
            "Comment favoriser les rapprochements entre acteurs culturels et "
            "entreprises innovantes, et faire émerger des solutions numériques "
            "adaptées aux besoins du secteur ?"
        ),
        "introduction": """\
L’innovation numérique dans la culture naît souvent de la rencontre entre des institutions ou des artistes qui expriment un besoin et des entreprises, des laboratoires ou des collectifs capables d’y répondre. Billetterie et relation avec les publics, médiation numérique, numérisation et valorisation du patrimoine, outils de production et de diffusion : de nombreuses solutions ont été développées par de jeunes entreprises et des acteurs de l’écosystème des industries culturelles et créatives.

Ces collaborations restent pourtant difficiles à construire. Les établissements culturels disposent rarement des ressources pour expérimenter, et les règles de la commande publique sont parfois perçues comme peu adaptées aux démarches d’innovation. Les entreprises, de leur côté, peinent à identifier les bons interlocuteurs et à trouver des modèles économiques viables dans un secteur aux budgets contraints. Les expérimentations réussies ne sont pas toujours documentées ni partagées, ce qui limite leur diffusion.

Le ministère de la Culture soutient l’innovation à travers différents dispositifs, notamment dans le cadre des programmes d’investissement en faveur des industries culturelles et créatives. Il souhaite mieux connaître les attentes des acteurs afin de favoriser les rencontres entre offre et besoins, d’encourager l’expérimentation, la mutualisation et la diffusion des bonnes pratiques, et de veiller à ce que l’innovation serve les missions culturelles et l’intérêt des publics.

Cette thématique sera ouverte aux contributions au cours de la consultation.

### Les questions posées

- Quelles innovations numériques ont, selon vous, le plus transformé le secteur culturel ces dernières années ?
- Quels obstacles rencontrez-vous pour conduire des projets d’innovation ou des partenariats entre acteurs culturels et entreprises ?
- Quels dispositifs pourraient faciliter l’expérimentation et le passage à l’échelle des solutions qui ont fait leurs preuves ?
- Comment mieux partager les retours d’expérience et les outils développés au sein du secteur ?
""",
        "status": "upcoming",
    },
    {
        "title": "Recherche",
        "slug": "recherche",
        "summary": (
            "Humanités numériques, sciences du patrimoine, recherche sur les usages : "
            "comment renforcer les liens entre recherche et acteurs culturels face aux "
            "transformations numériques ?"
        ),
        "introduction": """\
La recherche joue un rôle essentiel dans la compréhension et l’accompagnement des transformations numériques de la culture. Les humanités numériques renouvellent l’étude des textes, des images et des collections ; les sciences du patrimoine mobilisent l’imagerie, la modélisation et l’analyse de données pour connaître et conserver les œuvres ; les sciences humaines et sociales éclairent l’évolution des pratiques culturelles et des usages en ligne ; la recherche en informatique ouvre de nouvelles possibilités pour la création et la médiation.

Le ministère de la Culture est lui-même un acteur de la recherche, à travers ses établissements, ses services scientifiques et les écoles de l’enseignement supérieur Culture. Les institutions culturelles détiennent des collections et des données qui constituent des matériaux de recherche de premier plan. Pourtant, les passerelles entre le monde de la recherche et celui des professionnels de terrain restent parfois insuffisantes : les résultats des travaux ne sont pas toujours accessibles aux praticiens, et les besoins des acteurs culturels ne sont pas toujours pris en compte dans la définition des programmes.

Les questions d’ouverture des données et des publications, d’interopérabilité des infrastructures, de conservation des données de la recherche et de formation des chercheurs aux méthodes numériques sont également au cœur de cette thématique. Le ministère souhaite identifier les priorités de recherche utiles au secteur et les moyens de renforcer les coopérations.

Cette thématique sera ouverte aux contributions au cours de la consultation.

### Les questions posées

- Quels sujets de recherche liés au numérique vous paraissent prioritaires pour le secteur culturel ?
- Avez-vous participé à des projets associant chercheurs et professionnels de la culture ? Qu’en avez-vous retenu ?
- Comment faciliter l’accès des chercheurs aux collections et données culturelles, et celui des professionnels aux résultats de la recherche ?
- Quelles infrastructures ou quels outils partagés seraient nécessaires pour soutenir ces travaux ?
""",
        "status": "upcoming",
    },
    {
        "title": "Territoires",
        "slug": "territoires",
        "summary": (
            "Le numérique peut rapprocher la culture de chacun, partout en France, mais "
            "peut aussi creuser des écarts. Comment en faire un levier d’équité "
            "territoriale ?"
        ),
        "introduction": """\
L’accès de tous à la culture, sur l’ensemble du territoire, est un objectif fondateur de la politique culturelle. Le numérique peut y contribuer : il permet de diffuser des contenus au-delà des lieux où ils sont produits, de faire connaître l’offre culturelle locale, de relier des structures isolées et de proposer de nouvelles formes de médiation, y compris dans les territoires ruraux, ultramarins ou éloignés des grands équipements.

Ce potentiel ne se réalise pas spontanément. La qualité de la connexion, l’équipement des lieux, la présence de compétences numériques au sein des structures et des collectivités, ainsi que la maîtrise des outils par les habitants eux-mêmes varient fortement d’un territoire à l’autre. Sans attention particulière, le numérique risque de renforcer les inégalités existantes plutôt que de les réduire. Les bibliothèques, les tiers-lieux, les espaces culturels de proximité et les dispositifs itinérants jouent à cet égard un rôle de relais essentiel.

Les collectivités territoriales sont des partenaires majeurs de la politique culturelle et portent de nombreux projets numériques. L’articulation entre leurs initiatives, celles des services déconcentrés de l’État et celles des acteurs culturels est un enjeu important pour éviter la dispersion des moyens et favoriser la mutualisation.

Le ministère de la Culture souhaite recueillir les besoins propres à chaque territoire, ainsi que les initiatives qui ont fait leurs preuves, afin d’adapter son action au plus près du terrain.

Cette thématique sera ouverte aux contributions au cours de la consultation.

### Les questions posées

- Le numérique a-t-il permis, dans votre territoire, d’améliorer l’accès à la culture ? De quelle manière ?
- Quelles inégalités territoriales constatez-vous en matière d’équipements, de compétences ou d’offre culturelle numérique ?
- Quels lieux ou quels acteurs de proximité pourraient jouer un rôle de relais du numérique culturel ?
- Comment mieux articuler l’action de l’État, des collectivités et des acteurs culturels sur ces sujets ?
""",
        "status": "upcoming",
    },
    {
        "title": "Formations et métiers",
        "slug": "formations-metiers",
        "summary": (
            "Les transformations numériques font évoluer les métiers de la culture et "
            "en font apparaître de nouveaux. Quels besoins de compétences et de "
            "formation pour les professionnels ?"
        ),
        "introduction": """\
Les transformations numériques touchent l’ensemble des métiers de la culture. Les artistes et les techniciens du spectacle utilisent de nouveaux outils de création et de régie ; les professionnels du patrimoine gèrent des bases de données, des projets de numérisation et des archives électroniques ; les médiateurs conçoivent des dispositifs en ligne et animent des communautés ; les fonctions de communication, de billetterie et d’administration sont profondément transformées. De nouveaux métiers apparaissent, à la croisée de la culture et des compétences techniques.

Ces évolutions posent la question de l’adaptation des formations initiales, en particulier dans les établissements d’enseignement supérieur Culture, et de l’accès à la formation continue pour les professionnels en poste. Elles interrogent aussi l’organisation du travail au sein des structures, la reconnaissance de compétences nouvelles, l’attractivité du secteur pour des profils numériques recherchés par d’autres secteurs, et l’accompagnement des personnes dont le métier se transforme.

Le développement d’une culture numérique partagée au sein des équipes, y compris dans les petites structures qui ne disposent pas de personnel spécialisé, est une condition de réussite de toute stratégie numérique. Il en va de même pour la capacité des structures à faire des choix éclairés en matière d’outils, de prestataires et de protection des données.

Le ministère de la Culture souhaite identifier les besoins de compétences les plus pressants et les réponses à apporter en matière de formation, de référentiels de métiers et d’accompagnement.

Cette thématique sera ouverte aux contributions au cours de la consultation.

### Les questions posées

- Comment le numérique a-t-il fait évoluer votre métier ou les métiers de votre structure ?
- Quelles compétences numériques vous manquent aujourd’hui, à vous ou à vos équipes ?
- Les formations initiales et continues existantes répondent-elles à ces besoins ? Que faudrait-il faire évoluer ?
- Quels nouveaux métiers ou quelles nouvelles fonctions vous semblent appelés à se développer dans le secteur culturel ?
""",
        "status": "upcoming",
    },
    {
        "title": "Publics",
        "slug": "publics",
        "summary": (
            "Les pratiques culturelles se transforment avec le numérique. Comment "
            "mieux connaître les publics, diversifier l’accès à la culture et garantir "
            "l’inclusion de tous ?"
        ),
        "introduction": """\
Le numérique a profondément transformé la manière dont chacun découvre, pratique et partage la culture. Écoute de musique et visionnage de films en ligne, visites virtuelles, lecture sur écran, pratiques amateurs diffusées sur les réseaux, préparation et prolongement des sorties culturelles : les usages se sont diversifiés et la crise sanitaire a accéléré nombre d’entre eux. Les jeunes générations, en particulier, construisent une part importante de leurs pratiques culturelles à travers les écrans.

Ces évolutions représentent une opportunité pour toucher de nouveaux publics et renouveler la médiation. Elles posent aussi des défis : la recommandation algorithmique des grandes plateformes peut restreindre la diversité des contenus découverts, une partie de la population reste éloignée des usages numériques, et l’accessibilité des services en ligne aux personnes en situation de handicap demeure inégale. Les structures culturelles doivent par ailleurs apprendre à mieux connaître leurs publics, en ligne comme sur place, tout en respectant leur vie privée.

L’éducation artistique et culturelle, l’éducation aux médias et à l’information et le développement de l’esprit critique face aux contenus numériques font également partie de ces enjeux. Le ministère de la Culture souhaite recueillir la parole des publics eux-mêmes, autant que celle des professionnels, pour orienter son action en faveur d’une culture numérique accessible, diverse et inclusive.

Cette thématique sera ouverte aux contributions au cours de la consultation.

### Les questions posées

- Comment le numérique a-t-il fait évoluer vos pratiques culturelles, ou celles des publics que vous accueillez ?
- Quelles offres ou quels services numériques culturels vous semblent les plus utiles ? Lesquels manquent aujourd’hui ?
- Quels obstacles empêchent certaines personnes d’accéder à la culture en ligne, et comment les lever ?
- Comment favoriser la découverte d’une offre culturelle diversifiée face à la recommandation des plateformes ?
- Comment les structures culturelles peuvent-elles mieux connaître leurs publics tout en protégeant leurs données personnelles ?
""",
        "status": "upcoming",
    },
]


DOCUMENTS = [
    {
        "title": "Document méthodologique de la stratégie numérique culturelle",
        "description": (
            "Ce document présente la démarche prospective et participative engagée par "
            "le ministère de la Culture, les thématiques soumises à la consultation, "
            "les publics consultés et les modalités d’analyse et de restitution des "
            "contributions."
        ),
        "filename": "document-methodologique.pdf",
    },
]
