"""French content of the demo consultations built by `manage.py seed_demo`.

Places, consultations and their projects are written out; what citizens write (proposals,
comments) is assembled from templates and fragments drawn with the seeded generator the command
passes in, so a given proposal reads the same on every machine. Like the rest of the demo,
everything is invented: quarters, facilities, amounts, people.

Phase dates are offsets in days from the day of the first seeding: the demo always shows one
consultation in each phase when it is built.
"""

from dataclasses import dataclass, field

from home.demo_content import french_spacing

# Supports, comments and ballots are found again on later runs through these keys (see the
# command's `contribution_key`): the namespace must never change.
CONTRIBUTION_NAMESPACE = "9b1f6c1e-2f0a-4d6e-9a53-6f3c2b8e7d41"

# The proposal the benchmarks open: a long discussion on the busiest consultation.
BENCHMARK_CONSULTATION = "centres-aquatiques"
# No template of the "piscines" theme produces this title: the benchmarks find the proposal by it.
BENCHMARK_PROPOSAL_TITLE = french_spacing(
    "Essai de trois mois : le bassin des Mariniers ouvert jusqu'à 22 h"
)
BENCHMARK_COMMENTS = 50


@dataclass(frozen=True)
class DemoNeighbourhood:
    name: str
    postcodes: str


@dataclass(frozen=True)
class DemoFacility:
    name: str
    address: str
    neighbourhood: str = ""


@dataclass(frozen=True)
class DemoProject:
    slug: str
    title: str
    summary: str
    description: str
    cost: int
    status: str = "proposed"
    address: str = ""
    image: str = ""
    # How much voters like it, relative to the other projects of the ballot.
    appeal: float = 1.0


@dataclass(frozen=True)
class DemoConsultation:
    key: str
    site: str
    slug: str
    title: str
    question: str
    summary: str
    organiser: str
    theme: str
    days: dict
    facility: str = ""
    neighbourhoods: tuple = ()
    tags: tuple = ()
    image: str = ""
    address: str = ""
    latitude: str = ""
    longitude: str = ""
    audience: str = "signed_in"
    eligible_postcodes: str = ""
    proposals_enabled: bool = True
    vote_method: str = "none"
    max_choices: int | None = None
    budget: int | None = None
    points_per_voter: int | None = None
    live_results: bool = False
    moderation: str = "post"
    decision: str = ""
    context: tuple = ()
    projects: tuple = ()
    # Volumes: proposals per --scale unit, share of supports (1 = the busiest consultation),
    # share of the eligible citizens who cast a ballot.
    proposals_per_scale: int = 0
    support_rate: float = 0.5
    turnout: float = 0.0
    page_comments: int = 4


NEIGHBOURHOODS = [
    DemoNeighbourhood("Saint-Clair – Centre", "69001"),
    DemoNeighbourhood("Les Mariniers", "69002"),
    DemoNeighbourhood("Les Tanneurs", "69003"),
    DemoNeighbourhood("Bellecombe", "69003"),
    DemoNeighbourhood("Plateau des Canuts", "69004"),
    DemoNeighbourhood("Saint-Roch", "69005"),
    DemoNeighbourhood("Port-Fluvial", "69007"),
    DemoNeighbourhood("Les Vignes", "69008"),
]

FACILITIES = [
    DemoFacility(
        "Centre aquatique des Mariniers",
        "22 quai des Mariniers, 69002 Saint-Clair-sur-Saône",
        "Les Mariniers",
    ),
    DemoFacility(
        "Piscine Saint-Roch", "3 montée Saint-Roch, 69005 Saint-Clair-sur-Saône", "Saint-Roch"
    ),
    DemoFacility(
        "Piscine des Canuts",
        "41 boulevard des Canuts, 69004 Saint-Clair-sur-Saône",
        "Plateau des Canuts",
    ),
    DemoFacility(
        "Centre aquatique des Vignes",
        "8 avenue des Vendanges, 69008 Saint-Clair-sur-Saône",
        "Les Vignes",
    ),
    DemoFacility(
        "Piscine d'été de Port-Fluvial",
        "quai de la Capitainerie, 69007 Saint-Clair-sur-Saône",
        "Port-Fluvial",
    ),
    DemoFacility(
        "Patinoire des Tanneurs", "2 rue des Tanneurs, 69003 Saint-Clair-sur-Saône", "Les Tanneurs"
    ),
    DemoFacility("Camping des Îles", "5 chemin du Halage, 69270 Fontaines-la-Rivière"),
    DemoFacility(
        "Parc des expositions Saône-Expo",
        "1 avenue des Congrès, 69007 Saint-Clair-sur-Saône",
        "Port-Fluvial",
    ),
]

INDEX_PAGES = {
    "portal": (
        "Consultations",
        "consultations",
        (
            "Horaires des piscines, budget participatif, programme de Saône-Expo : toutes les "
            "consultations de Rives de Saône Loisirs, en cours, à venir et terminées, avec leurs "
            "résultats et les décisions prises."
        ),
    ),
    "rink": (
        "Consultations",
        "consultations",
        "Créneaux, animations, services : les consultations sur la patinoire rénovée.",
    ),
}

# A PDF attached to the pools consultation: a bar chart drawn by the command.
DOCUMENT_TITLE = "Bilan de fréquentation 2026 des centres aquatiques (PDF)"
DOCUMENT_FILENAME = "bilan-frequentation-2026-centres-aquatiques.pdf"
DOCUMENT_BARS = [
    ("Mariniers", 412_000),
    ("Saint-Roch", 168_000),
    ("Canuts", 203_000),
    ("Vignes", 287_000),
]


def _text(html):
    return {"type": "text", "value": french_spacing(html)}


def _figures(*pairs):
    return {
        "type": "key_figures",
        "value": [
            {"value": french_spacing(v), "label": french_spacing(label)} for v, label in pairs
        ],
    }


def _faq(*pairs):
    return {
        "type": "faq",
        "value": [
            {"question": french_spacing(q), "answer": french_spacing(answer)} for q, answer in pairs
        ],
    }


def _image(key, alt_text):
    # The command swaps the image key for the image's primary key.
    return {"type": "image", "value": {"image": key, "decorative": False, "alt_text": alt_text}}


def _document(description):
    return {"type": "document", "value": {"document": DOCUMENT_TITLE, "description": description}}


def _project(slug, title, summary, description, cost, **options):
    return DemoProject(
        slug=slug,
        title=french_spacing(title),
        summary=french_spacing(summary),
        description=french_spacing(description),
        cost=cost,
        **options,
    )


CONSULTATIONS = [
    DemoConsultation(
        key="tarifs-2028",
        site="portal",
        slug="tarification-solidaire-2028",
        title="Tarifs 2028 : vers une tarification solidaire ?",
        question="Faut-il faire payer l'entrée des équipements selon les revenus du foyer ?",
        summary=(
            "Aujourd'hui, une entrée à la piscine coûte 3,80 € à tout le monde. La Métropole "
            "envisage des tarifs selon le quotient familial à partir de 2028. Avant d'ouvrir les "
            "propositions, nous présentons les pistes étudiées et répondons à vos questions."
        ),
        organiser="Direction des publics de Rives de Saône Loisirs",
        theme="tarifs",
        days={"proposals_opens_at": 12, "proposals_closes_at": 47, "decision_at": 90},
        tags=("tarifs", "solidarité"),
        image="portal-social",
        context=(
            _text(
                "<h2>Pourquoi en parler maintenant ?</h2>"
                "<p>Les tarifs sont votés chaque année en décembre par le conseil "
                "d'administration. Passer à une tarification selon les revenus demande de "
                "préparer les caisses, le site de réservation et les cartes d'abonnement près "
                "d'un an à l'avance : c'est pourquoi la réflexion commence dès maintenant.</p>"
                "<p>Les propositions ouvriront dans deux semaines. D'ici là, posez vos questions "
                "en commentaire : les réponses alimenteront la foire aux questions.</p>"
            ),
            _figures(
                ("3,80 €", "l'entrée adulte dans les quatre piscines"),
                ("31 %", "des entrées payées au tarif réduit en 2026"),
                ("1,2 M", "d'entrées par an dans les équipements"),
            ),
            _faq(
                (
                    "Mon abonnement en cours sera-t-il modifié ?",
                    (
                        "<p>Non. Les abonnements achetés avant le changement de tarifs restent "
                        "valables jusqu'à leur date de fin.</p>"
                    ),
                ),
                (
                    "Devrai-je fournir mon avis d'imposition ?",
                    (
                        "<p>Une attestation de quotient familial de la CAF suffira ; elle ne sera "
                        "pas conservée, seul le tarif obtenu sera noté.</p>"
                    ),
                ),
            ),
        ),
        page_comments=6,
    ),
    DemoConsultation(
        key=BENCHMARK_CONSULTATION,
        site="portal",
        slug="centres-aquatiques-vos-idees",
        title="Centres aquatiques : vos idées pour mieux nager",
        question=(
            "Que faudrait-il changer dans nos quatre centres aquatiques pour que vous y veniez "
            "plus souvent ?"
        ),
        summary=(
            "Horaires, vestiaires, cours, accessibilité, tarifs : déposez vos idées et soutenez "
            "celles des autres jusqu'à la clôture. Les propositions les plus soutenues seront "
            "étudiées par les équipes et présentées au conseil d'administration."
        ),
        organiser="Direction des centres aquatiques",
        theme="piscines",
        days={
            "proposals_opens_at": -24,
            "proposals_closes_at": 21,
            "vote_opens_at": 28,
            "vote_closes_at": 42,
            "decision_at": 75,
        },
        neighbourhoods=("Les Mariniers", "Saint-Roch", "Plateau des Canuts", "Les Vignes"),
        tags=("piscines", "horaires", "accessibilité"),
        image="portal-hero",
        vote_method="support",
        context=(
            _text(
                "<h2>Ce qui est en jeu</h2>"
                "<p>Les centres aquatiques des Mariniers, de Saint-Roch, des Canuts et des "
                "Vignes accueillent plus d'un million de baigneurs par an. Leurs horaires n'ont "
                "pas changé depuis 2019, alors que les habitudes, elles, ont changé : plus de "
                "télétravail, plus de nageurs en soirée, des familles qui viennent le dimanche "
                "matin.</p>"
                "<p>Toutes les idées sont les bienvenues, des plus simples (un sèche-cheveux qui "
                "fonctionne) aux plus ambitieuses (un bassin nordique ouvert l'hiver). Chaque "
                "proposition soutenue par au moins 100 participants recevra une réponse écrite "
                "de l'équipe.</p>"
            ),
            _figures(
                ("1,07 M", "d'entrées en 2026 dans les quatre centres"),
                ("62 h", "d'ouverture au public par semaine, en moyenne"),
                ("14 %", "des entrées entre 19 h et 21 h"),
                ("100", "soutiens pour recevoir une réponse écrite"),
            ),
            _image(
                "portal-hero",
                "Illustration : vagues claires sur un dégradé bleu, comme la surface d'un bassin",
            ),
            _document("fréquentation par centre et par tranche horaire, 4 pages"),
            _faq(
                (
                    "Qui décide à la fin ?",
                    (
                        "<p>Le conseil d'administration de Rives de Saône Loisirs, après une "
                        "étude de faisabilité des propositions les plus soutenues. Sa décision "
                        "sera publiée sur cette page.</p>"
                    ),
                ),
                (
                    "Puis-je soutenir plusieurs propositions ?",
                    (
                        "<p>Oui, autant que vous voulez, mais une seule fois chacune. Vous ne "
                        "pouvez pas soutenir votre propre proposition.</p>"
                    ),
                ),
                (
                    "Pourquoi ma proposition n'apparaît-elle plus ?",
                    (
                        "<p>Elle a peut-être été masquée par l'équipe de modération parce qu'elle "
                        "ne respectait pas la charte. Vous avez reçu un courriel expliquant "
                        "pourquoi.</p>"
                    ),
                ),
            ),
        ),
        proposals_per_scale=20,
        support_rate=1.0,
        page_comments=10,
    ),
    DemoConsultation(
        key="camping-saison-2027",
        site="portal",
        slug="camping-des-iles-saison-2027",
        title="Camping des Îles : préparons la saison 2027",
        question="Que changer au camping des Îles pour la saison 2027 ?",
        summary=(
            "Emplacements vélo, hébergements, baignade, vie du camping : campeurs et riverains, "
            "proposez vos idées. Chaque proposition est relue par l'équipe de modération avant "
            "d'être publiée."
        ),
        organiser="Camping des Îles",
        theme="camping",
        days={
            "proposals_opens_at": -10,
            "proposals_closes_at": 30,
            "decision_at": 70,
        },
        facility="Camping des Îles",
        tags=("camping", "vélo", "été"),
        image="camping-hero",
        address="5 chemin du Halage, 69270 Fontaines-la-Rivière",
        latitude="45.843210",
        longitude="4.851270",
        moderation="pre",
        context=(
            _text(
                "<h2>Une saison à inventer ensemble</h2>"
                "<p>Le camping des Îles compte 142 emplacements et 18 chalets, ouverts d'avril à "
                "octobre. La Voie Bleue passe désormais à l'entrée : de plus en plus de "
                "cyclistes s'arrêtent une nuit, souvent sans avoir réservé.</p>"
                "<p>Les propositions sont relues avant publication, en général sous deux jours "
                "ouvrés. Celles qui concernent la circulation sur le chemin du Halage seront "
                "transmises à la commune de Fontaines-la-Rivière.</p>"
            ),
            _figures(
                ("142", "emplacements, dont 20 sans électricité"),
                ("18", "chalets de 4 à 6 places"),
                ("31 %", "des nuitées 2026 passées par des cyclistes"),
            ),
            _faq(
                (
                    "Pourquoi ma proposition n'est-elle pas encore visible ?",
                    (
                        "<p>Sur cette consultation, chaque proposition est lue par l'équipe de "
                        "modération avant publication. Vous recevez un courriel dès qu'elle est "
                        "publiée.</p>"
                    ),
                ),
                (
                    "Les riverains peuvent-ils participer ?",
                    (
                        "<p>Bien sûr : il suffit d'un compte. Leur avis compte autant que celui "
                        "des campeurs.</p>"
                    ),
                ),
            ),
        ),
        proposals_per_scale=6,
        support_rate=0.4,
    ),
    DemoConsultation(
        key="renovation-saint-roch",
        site="portal",
        slug="renovation-piscine-saint-roch",
        title="Piscine Saint-Roch : quel projet de rénovation ?",
        question="Parmi les quatre volets du projet de rénovation, lesquels approuvez-vous ?",
        summary=(
            "Les propositions sont closes ; l'équipe les a regroupées en quatre volets, chiffrés "
            "par le bureau d'études. Vous pourrez vous prononcer pour ou contre chacun d'eux "
            "dès l'ouverture du vote."
        ),
        organiser="Direction du patrimoine de Rives de Saône Loisirs",
        theme="renovation",
        days={
            "proposals_opens_at": -60,
            "proposals_closes_at": -8,
            "vote_opens_at": 6,
            "vote_closes_at": 20,
            "decision_at": 45,
        },
        facility="Piscine Saint-Roch",
        neighbourhoods=("Saint-Roch",),
        tags=("piscines", "travaux", "patrimoine"),
        image="portal-hero",
        address="3 montée Saint-Roch, 69005 Saint-Clair-sur-Saône",
        latitude="45.826410",
        longitude="4.833950",
        vote_method="for_against",
        context=(
            _text(
                "<h2>Une piscine de 1934 à remettre à niveau</h2>"
                "<p>La piscine Saint-Roch, inscrite à l'inventaire du patrimoine pour sa façade "
                "Art déco, perd chaque jour l'équivalent de 40 m³ d'eau par des fissures du "
                "bassin. Sa rénovation est inévitable ; son ampleur reste à décider.</p>"
                "<p>Le vote s'ouvrira dans quelques jours. D'ici là, les quatre volets sont "
                "présentés ci-dessous et vous pouvez les commenter.</p>"
            ),
            _figures(
                ("1934", "année d'ouverture"),
                ("40 m³", "d'eau perdus chaque jour"),
                ("8,1 M€", "pour les quatre volets réunis"),
            ),
            _faq(
                (
                    "La piscine fermera-t-elle pendant les travaux ?",
                    (
                        "<p>Oui, environ quatorze mois pour le premier volet. Les abonnés seront "
                        "accueillis aux Canuts et aux Mariniers au même tarif.</p>"
                    ),
                ),
            ),
        ),
        projects=(
            _project(
                "renover-le-bassin-et-les-vestiaires",
                "Rénover le bassin de 25 m et ses vestiaires",
                "Reprendre l'étanchéité du bassin, refaire les vestiaires et mettre les "
                "douches aux normes d'accessibilité.",
                "<p>Le volet indispensable : sans lui, la piscine devra fermer d'ici trois ans. "
                "Il comprend un nouveau revêtement du bassin, des vestiaires entièrement "
                "accessibles et une filtration moins gourmande en eau.</p>",
                3_800_000,
                appeal=2.5,
            ),
            _project(
                "ajouter-un-bassin-d-apprentissage",
                "Ajouter un bassin d'apprentissage",
                "Un bassin de 12,5 m, peu profond et chauffé à 30 °C, pour les écoles et les "
                "bébés nageurs.",
                "<p>Les écoles du 5e attendent en moyenne deux ans un créneau d'apprentissage "
                "de la natation. Ce bassin doublerait le nombre de classes accueillies.</p>",
                1_450_000,
                appeal=1.6,
            ),
            _project(
                "couvrir-le-bassin-exterieur",
                "Couvrir le bassin extérieur d'un toit ouvrant",
                "Nager dehors l'été et à l'abri l'hiver, grâce à une toiture mobile.",
                "<p>Le bassin extérieur n'ouvre que dix semaines par an. Un toit ouvrant le "
                "rendrait utilisable toute l'année, au prix d'une hausse sensible des coûts de "
                "chauffage.</p>",
                2_200_000,
                appeal=0.8,
            ),
            _project(
                "installer-des-panneaux-solaires",
                "Installer des panneaux solaires thermiques",
                "Chauffer l'eau des douches et une partie des bassins avec le soleil.",
                "<p>Près de 300 m² de capteurs sur les toits, pour couvrir environ 35 % des "
                "besoins en eau chaude.</p>",
                620_000,
                appeal=1.4,
            ),
        ),
        proposals_per_scale=5,
        support_rate=0.5,
    ),
    DemoConsultation(
        key="budget-participatif-2027",
        site="portal",
        slug="budget-participatif-2027",
        title="Budget participatif des loisirs 2027",
        question="Comment dépenser 450 000 € dans vos équipements de loisirs ?",
        summary=(
            "Sept projets issus de vos propositions ont été retenus et chiffrés. Choisissez "
            "ceux que vous voulez voir réalisés en 2027, sans dépasser l'enveloppe de "
            "450 000 €. Vote réservé aux habitants vérifiés de la Métropole."
        ),
        organiser="Mission participation de Rives de Saône Loisirs",
        theme="budget",
        days={
            "proposals_opens_at": -90,
            "proposals_closes_at": -45,
            "vote_opens_at": -6,
            "vote_closes_at": 15,
            "decision_at": 40,
        },
        tags=("budget participatif", "vote"),
        image="portal-social",
        audience="residents",
        vote_method="budget",
        budget=450_000,
        live_results=True,
        context=(
            _text(
                "<h2>Comment voter ?</h2>"
                "<p>Cochez les projets que vous souhaitez financer. Le compteur indique le "
                "montant restant : votre bulletin ne peut pas dépasser 450 000 €. Vous pouvez "
                "changer d'avis jusqu'à la clôture, seul votre dernier bulletin compte.</p>"
                "<p>Les projets les plus choisis sont financés dans l'ordre, jusqu'à épuisement "
                "de l'enveloppe.</p>"
            ),
            _figures(
                ("450 000 €", "d'enveloppe"),
                ("7", "projets soumis au vote"),
                ("312", "propositions déposées au printemps"),
            ),
            _faq(
                (
                    "Qui peut voter ?",
                    (
                        "<p>Les habitants de la Métropole dont la résidence a été vérifiée, à "
                        "l'accueil d'un équipement ou par un code reçu par courrier.</p>"
                    ),
                ),
                (
                    "Mon vote est-il secret ?",
                    (
                        "<p>Le sens de votre vote n'est jamais publié. Un code de reçu vous permet "
                        "de vérifier que votre bulletin a bien été compté.</p>"
                    ),
                ),
            ),
        ),
        projects=(
            _project(
                "fauteuils-de-mise-a-l-eau",
                "Des fauteuils de mise à l'eau dans les quatre piscines",
                "Un fauteuil de mise à l'eau et un vestiaire adapté dans chaque centre aquatique.",
                "<p>Seul le centre des Mariniers en est équipé aujourd'hui.</p>",
                48_000,
                appeal=1.6,
            ),
            _project(
                "jeux-d-eau-port-fluvial",
                "Une aire de jeux d'eau à Port-Fluvial",
                "Des jets et brumisateurs en accès libre l'été, à côté de la piscine d'été.",
                "<p>Ouverte de juin à septembre, sans surveillance ni billet.</p>",
                185_000,
                address="quai de la Capitainerie, 69007 Saint-Clair-sur-Saône",
                image="portal-hero",
                appeal=1.3,
            ),
            _project(
                "abris-velos-couverts",
                "Des abris à vélos couverts devant chaque équipement",
                "Des arceaux abrités et éclairés, dont des places pour vélos cargos.",
                "<p>Sept sites équipés : quatre piscines, patinoire, camping et Saône-Expo.</p>",
                96_000,
                appeal=1.2,
            ),
            _project(
                "parcours-sportif-halage",
                "Un parcours sportif le long du chemin du Halage",
                "Dix agrès en bois entre le camping des Îles et Port-Fluvial.",
                "<p>Un parcours de 3 km, libre d'accès, accessible aux débutants.</p>",
                72_000,
                appeal=0.9,
            ),
            _project(
                "sanitaires-camping",
                "Rénover les sanitaires du camping des Îles",
                "Un bloc sanitaire chauffé et accessible, ouvert aux randonneurs de passage.",
                "<p>Le bloc actuel date de 1987 et ferme dès octobre faute de chauffage.</p>",
                140_000,
                image="camping-hero",
                appeal=0.8,
            ),
            _project(
                "patins-adaptes",
                "Des patins adaptés et des aides à la glisse à la patinoire",
                "Luges de glace, déambulateurs et patins à double lame pour tous les âges.",
                "<p>Pour que les personnes handicapées et les tout-petits profitent aussi de la "
                "glace rénovée.</p>",
                35_000,
                image="rink-hero",
                appeal=1.1,
            ),
            _project(
                "ombrieres-saone-expo",
                "Des ombrières solaires sur le parking de Saône-Expo",
                "Ombrager 400 places et produire l'électricité de la halle B.",
                "<p>Production estimée : 520 MWh par an, revendus ou consommés sur place.</p>",
                210_000,
                appeal=0.9,
            ),
        ),
        proposals_per_scale=5,
        support_rate=0.5,
        turnout=0.6,
    ),
    DemoConsultation(
        key="parvis-patinoire",
        site="portal",
        slug="parvis-de-la-patinoire-pendant-les-travaux",
        title="Parvis de la patinoire : que faire pendant les travaux ?",
        question=(
            "Pendant la fermeture de la patinoire, quels aménagements provisoires voulez-vous "
            "sur le parvis ? Choisissez-en deux au plus."
        ),
        summary=(
            "De mai 2027 à mars 2028, le parvis de la patinoire des Tanneurs sera libre. Les "
            "habitants des Tanneurs, de Bellecombe et du Plateau des Canuts choisissent ce "
            "qu'il deviendra pendant les travaux."
        ),
        organiser="Patinoire des Tanneurs et conseil de quartier des Tanneurs",
        theme="parvis",
        days={
            "proposals_opens_at": -70,
            "proposals_closes_at": -30,
            "vote_opens_at": -3,
            "vote_closes_at": 18,
            "decision_at": 35,
        },
        facility="Patinoire des Tanneurs",
        neighbourhoods=("Les Tanneurs", "Bellecombe", "Plateau des Canuts"),
        tags=("patinoire", "espace public", "quartier"),
        image="rink-hero",
        address="Parvis de la patinoire, 2 rue des Tanneurs, 69003 Saint-Clair-sur-Saône",
        latitude="45.818730",
        longitude="4.846120",
        audience="residents",
        eligible_postcodes="69003, 69004",
        vote_method="approval",
        max_choices=2,
        context=(
            _text(
                "<h2>Un parvis de 2 000 m² à animer</h2>"
                "<p>Les engins de chantier passeront par la rue des Tanneurs : le parvis reste "
                "libre pendant toute la durée des travaux. Plutôt que de le laisser vide, le "
                "conseil de quartier propose d'y installer des aménagements démontables.</p>"
                "<p>Seuls les habitants vérifiés des codes postaux 69003 et 69004 peuvent "
                "voter : ce sont eux qui vivront avec ces aménagements.</p>"
            ),
            _figures(
                ("2 000 m²", "de parvis disponibles"),
                ("11 mois", "de travaux"),
                ("2", "choix au plus par bulletin"),
            ),
            _faq(
                (
                    "J'habite le 69005, pourquoi ne puis-je pas voter ?",
                    (
                        "<p>Cette consultation concerne les riverains du parvis. Vous pouvez "
                        "néanmoins lire les projets et les commenter si vous habitez ces "
                        "quartiers.</p>"
                    ),
                ),
            ),
        ),
        projects=(
            _project(
                "skatepark-provisoire",
                "Une piste de skate et de roller provisoire",
                "Des modules démontables pour rouler pendant que la glace est fermée.",
                "<p>Modules loués pour onze mois, encadrés par le club de roller.</p>",
                60_000,
                appeal=1.3,
            ),
            _project(
                "jardin-partage",
                "Un jardin partagé en bacs",
                "Trente bacs de culture confiés aux habitants et aux écoles du quartier.",
                "<p>Les bacs seront déplacés dans la cour de l'école Bellecombe après les "
                "travaux.</p>",
                25_000,
                appeal=1.5,
            ),
            _project(
                "marche-couvert",
                "Un marché couvert le samedi matin",
                "Une halle légère pour accueillir douze producteurs chaque samedi.",
                "<p>La halle serait remontée ensuite à Port-Fluvial.</p>",
                40_000,
                appeal=1.0,
            ),
            _project(
                "tables-et-arbres",
                "Des tables de pique-nique et des arbres en pots",
                "De l'ombre et des tables pour les pauses déjeuner et les goûters.",
                "<p>Vingt arbres en pots replantés dans le quartier à la fin des travaux.</p>",
                30_000,
                appeal=1.2,
            ),
            _project(
                "basket-3x3",
                "Un terrain de basket 3×3",
                "Un terrain homologué, au sol amovible, ouvert de 9 h à 21 h.",
                "<p>Le club des Tanneurs propose des tournois le dimanche.</p>",
                55_000,
                appeal=0.9,
            ),
        ),
        proposals_per_scale=4,
        support_rate=0.5,
        turnout=0.7,
    ),
    DemoConsultation(
        key="salons-saone-expo-2027",
        site="portal",
        slug="salons-saone-expo-2027",
        title="Saône-Expo : quels salons en 2027 ?",
        question="Répartissez 10 points entre les salons que vous aimeriez voir à Saône-Expo.",
        summary=(
            "Le vote est clos. Merci aux participants ! Les résultats sont publiés ; le conseil "
            "d'administration arrêtera le programme 2027 en tenant compte de votre classement."
        ),
        organiser="Saône-Expo",
        theme="expo",
        days={
            "proposals_opens_at": -150,
            "proposals_closes_at": -100,
            "vote_opens_at": -40,
            "vote_closes_at": -10,
            "decision_at": 20,
        },
        facility="Parc des expositions Saône-Expo",
        neighbourhoods=("Port-Fluvial",),
        tags=("salons", "Saône-Expo"),
        image="portal-social",
        address="1 avenue des Congrès, 69007 Saint-Clair-sur-Saône",
        latitude="45.809820",
        longitude="4.852630",
        vote_method="points",
        points_per_voter=10,
        context=(
            _text(
                "<h2>Six salons pour trois créneaux</h2>"
                "<p>Saône-Expo peut accueillir trois salons grand public de plus en 2027, entre "
                "mars et novembre. Six projets ont été proposés par des organisateurs et des "
                "habitants ; chaque votant a réparti 10 points entre eux.</p>"
            ),
            _figures(
                ("10", "points par votant"),
                ("6", "salons en lice"),
                ("3", "créneaux à attribuer"),
            ),
            _faq(
                (
                    "Le classement décide-t-il seul ?",
                    (
                        "<p>Il pèse fortement, mais le conseil d'administration tient aussi compte "
                        "des dates disponibles et de l'équilibre financier de chaque salon.</p>"
                    ),
                ),
            ),
        ),
        projects=(
            _project(
                "salon-du-velo",
                "Salon du vélo et des mobilités douces",
                "Essais de vélos cargos, ateliers de réparation, bourse aux vélos d'occasion.",
                "<p>Deux jours en avril, avec un parcours d'essai sur le parking.</p>",
                90_000,
                appeal=1.4,
            ),
            _project(
                "salon-habitat-durable",
                "Salon de l'habitat durable",
                "Rénovation énergétique, aides publiques, artisans locaux.",
                "<p>Trois jours en octobre, avec l'espace conseil de la Métropole.</p>",
                120_000,
                appeal=1.1,
            ),
            _project(
                "festival-jeux-de-societe",
                "Festival du jeu de société",
                "Tables de jeu en libre accès, auteurs, tournois et espace petite enfance.",
                "<p>Un week-end de novembre, entrée à prix libre.</p>",
                70_000,
                appeal=1.3,
            ),
            _project(
                "salon-des-metiers",
                "Salon des métiers et de l'apprentissage",
                "Rencontres entre lycéens, apprentis et entreprises du territoire.",
                "<p>Une journée en janvier, en lien avec les lycées de la Métropole.</p>",
                60_000,
                appeal=0.8,
            ),
            _project(
                "salon-du-terroir",
                "Salon des produits du terroir de la Saône",
                "Producteurs, restaurateurs et démonstrations culinaires.",
                "<p>Trois jours en mars, avec une halle réservée aux circuits courts.</p>",
                80_000,
                appeal=1.0,
            ),
            _project(
                "convention-manga",
                "Convention des cultures geek et du manga",
                "Auteurs, jeux vidéo, concours de costumes.",
                "<p>Deux jours en juin ; l'édition pilote de 2025 avait attiré 9 000 "
                "visiteurs.</p>",
                110_000,
                appeal=1.2,
            ),
        ),
        proposals_per_scale=5,
        support_rate=0.5,
        turnout=0.45,
    ),
    DemoConsultation(
        key="abords-piscine-ete",
        site="portal",
        slug="abords-piscine-ete-port-fluvial",
        title="Piscine d'été de Port-Fluvial : réaménager les abords",
        question="Pour ou contre chacun des quatre aménagements proposés autour des bassins ?",
        summary=(
            "Consultation terminée. Le conseil d'administration a retenu les ombrières et la "
            "pataugeoire ; les ombrières sont installées, la pataugeoire est en travaux."
        ),
        organiser="Direction des centres aquatiques",
        theme="ete",
        days={
            "proposals_opens_at": -300,
            "proposals_closes_at": -240,
            "vote_opens_at": -200,
            "vote_closes_at": -180,
            "decision_at": -150,
        },
        facility="Piscine d'été de Port-Fluvial",
        neighbourhoods=("Port-Fluvial",),
        tags=("piscines", "été", "aménagements"),
        image="portal-hero",
        address="quai de la Capitainerie, 69007 Saint-Clair-sur-Saône",
        latitude="45.811450",
        longitude="4.855210",
        vote_method="for_against",
        decision=french_spacing(
            "<p>Réuni le 14 novembre, le conseil d'administration a suivi l'avis des "
            "participants :</p>"
            "<ul><li><b>ombrières sur les plages minérales</b> : retenues (78 % pour), "
            "installées en mai ;</li>"
            "<li><b>pataugeoire pour les moins de 6 ans</b> : retenue (71 % pour), en travaux "
            "pour une ouverture en juin ;</li>"
            "<li><b>terrains de beach-volley</b> : non retenus, une majorité de votants s'y "
            "étant opposée ;</li>"
            "<li><b>snack avec terrasse</b> : non retenu pour l'instant ; un appel à "
            "candidatures pour un food truck sera lancé à la place.</li></ul>"
            "<p>Merci aux 1 800 participants. Le compte rendu complet de la séance est "
            "disponible sur demande auprès de la mission participation.</p>"
        ),
        context=(
            _text(
                "<h2>Une piscine d'été très fréquentée</h2>"
                "<p>Avec 96 000 entrées en dix semaines, la piscine d'été de Port-Fluvial est "
                "saturée les jours de canicule. Quatre aménagements ont été soumis au vote, "
                "chacun pour ou contre.</p>"
            ),
            _figures(
                ("96 000", "entrées pendant l'été 2025"),
                ("4", "aménagements soumis au vote"),
                ("465 000 €", "pour l'ensemble des aménagements"),
            ),
        ),
        projects=(
            _project(
                "ombrieres-plages",
                "Des ombrières sur les plages minérales",
                "Des voiles d'ombrage au-dessus des plages, entre les deux bassins.",
                "<p>Installées en mai, avant l'ouverture de la saison.</p>",
                130_000,
                status="done",
                appeal=2.2,
            ),
            _project(
                "pataugeoire",
                "Une pataugeoire pour les moins de 6 ans",
                "Un bassin de 20 cm de profondeur, ombragé, séparé du grand bassin.",
                "<p>Travaux en cours, ouverture prévue en juin.</p>",
                210_000,
                status="in_progress",
                appeal=1.8,
            ),
            _project(
                "beach-volley",
                "Deux terrains de beach-volley",
                "Deux terrains de sable sur la pelouse nord.",
                "<p>Non retenu : une majorité de votants s'y est opposée.</p>",
                45_000,
                status="rejected",
                appeal=0.6,
            ),
            _project(
                "snack-terrasse",
                "Un snack avec terrasse",
                "Un point de restauration ouvert aux baigneurs et aux promeneurs du quai.",
                "<p>Non retenu ; un appel à candidatures pour un food truck le remplacera.</p>",
                80_000,
                status="rejected",
                appeal=0.9,
            ),
        ),
        proposals_per_scale=5,
        support_rate=0.5,
        turnout=0.45,
    ),
    DemoConsultation(
        key="patinoire-renovee",
        site="rink",
        slug="patinoire-renovee-vos-envies",
        title="Patinoire rénovée : créneaux, animations, services",
        question="Qu'attendez-vous de la patinoire des Tanneurs quand elle rouvrira en 2028 ?",
        summary=(
            "La patinoire ferme de mai 2027 à mars 2028. Séances publiques, clubs, soirées, "
            "buvette : proposez ce qui rendra la nouvelle patinoire plus agréable."
        ),
        organiser="Patinoire des Tanneurs",
        theme="patinoire",
        days={
            "proposals_opens_at": -15,
            "proposals_closes_at": 40,
            "decision_at": 80,
        },
        facility="Patinoire des Tanneurs",
        neighbourhoods=("Les Tanneurs",),
        tags=("patinoire", "horaires", "animations"),
        image="rink-hero",
        address="2 rue des Tanneurs, 69003 Saint-Clair-sur-Saône",
        latitude="45.818940",
        longitude="4.845880",
        context=(
            _text(
                "<h2>Une glace à partager</h2>"
                "<p>Près de 4 000 patineurs par semaine, les classes, le hockey et deux clubs de "
                "patinage artistique : les besoins sont nombreux et parfois contradictoires. "
                "Vos propositions aideront à répartir les créneaux de la patinoire rénovée.</p>"
            ),
            _figures(
                ("4 000", "patineurs par semaine"),
                ("1 800 m²", "de glace"),
                ("10 mois", "de travaux"),
            ),
            _faq(
                (
                    "Où patiner pendant les travaux ?",
                    (
                        "<p>À la patinoire intercommunale de Fontaines-la-Rivière, avec une navette "
                        "gratuite le mercredi et le samedi.</p>"
                    ),
                ),
            ),
        ),
        proposals_per_scale=5,
        support_rate=0.4,
    ),
]


@dataclass(frozen=True)
class Idea:
    title: str
    body: str
    tags: tuple = ()


@dataclass(frozen=True)
class Theme:
    ideas: tuple
    # Words a template may use, as {name}: one value is drawn per proposal; a value that is a
    # dict fills several names at once ({a_piscine} and {court} name the same pool).
    fillers: dict = field(default_factory=dict)
    for_arguments: tuple = ()
    against_arguments: tuple = ()
    questions: tuple = ()


_POOLS = [
    {
        "piscine": "le centre aquatique des Mariniers",
        "a_piscine": "au centre aquatique des Mariniers",
        "court": "des Mariniers",
        "quartier": "Les Mariniers",
        "quartier_de": "des Mariniers",
    },
    {
        "piscine": "la piscine Saint-Roch",
        "a_piscine": "à la piscine Saint-Roch",
        "court": "de Saint-Roch",
        "quartier": "Saint-Roch",
        "quartier_de": "de Saint-Roch",
    },
    {
        "piscine": "la piscine des Canuts",
        "a_piscine": "à la piscine des Canuts",
        "court": "des Canuts",
        "quartier": "Plateau des Canuts",
        "quartier_de": "du Plateau des Canuts",
    },
    {
        "piscine": "le centre aquatique des Vignes",
        "a_piscine": "au centre aquatique des Vignes",
        "court": "des Vignes",
        "quartier": "Les Vignes",
        "quartier_de": "des Vignes",
    },
]

_PLACE_FIELDS = ("piscine", "a_piscine", "court", "quartier_de")

_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

THEMES = {
    "piscines": Theme(
        ideas=(
            Idea(
                "Ouvrir le bassin sportif {court} jusqu'à 22 h en semaine",
                "Beaucoup d'entre nous finissent tard et arrivent quand les lignes d'eau "
                "ferment déjà. Garder le bassin sportif ouvert jusqu'à 22 h du lundi au "
                "vendredi permettrait de nager après le travail, sans se bousculer entre 18 h "
                "et 20 h.",
                ("horaires",),
            ),
            Idea(
                "Des lignes d'eau réservées à la nage en longueur le {jour} matin",
                "Le {jour} matin, les lignes sont partagées entre nageurs rapides, familles et "
                "aquagym. Deux lignes réservées à la nage en longueur, avec un sens de "
                "circulation affiché, éviteraient bien des frictions {a_piscine}.",
                ("horaires", "sport"),
            ),
            Idea(
                "Un créneau d'aquagym pour {public} {a_piscine}",
                "Les séances d'aquagym sont complètes en quelques minutes. Un créneau adapté "
                "pour {public}, en milieu de matinée, répondrait à une vraie demande dans le "
                "quartier {quartier_de}.",
                ("activités",),
            ),
            Idea(
                "Des casiers assez grands pour un sac de sport {a_piscine}",
                "Les casiers actuels sont trop petits pour un sac de sport ou un cartable. On "
                "finit par laisser ses affaires sur le banc. Quelques rangées de grands "
                "casiers, même payants, seraient les bienvenues.",
                ("vestiaires",),
            ),
            Idea(
                "Des sèche-cheveux qui fonctionnent dans tous les vestiaires",
                "La moitié des sèche-cheveux sont en panne depuis des mois {a_piscine}. En "
                "hiver, sortir les cheveux mouillés n'est pas possible pour les enfants. Un "
                "contrôle chaque semaine suffirait.",
                ("vestiaires",),
            ),
            Idea(
                "Ouvrir {piscine} dès {heure} le matin",
                "Ouvrir dès {heure} permettrait de nager avant le travail. C'est ce que font "
                "déjà plusieurs villes voisines, avec un seul maître-nageur et deux lignes "
                "d'eau, le temps que le public arrive.",
                ("horaires",),
            ),
            Idea(
                "Des cours de natation gratuits pour les enfants qui entrent en sixième",
                "Un enfant sur cinq entre au collège sans savoir nager. Un stage gratuit de "
                "dix séances pendant l'été, {a_piscine}, permettrait de rattraper ce retard "
                "avant la rentrée.",
                ("enfants", "apprentissage"),
            ),
            Idea(
                "Un abri à vélos couvert et sécurisé devant {piscine}",
                "Je viens à vélo toute l'année, mais les arceaux sont sous la pluie et les vols "
                "fréquents. Un abri fermé, accessible avec la carte d'abonnement, changerait "
                "la donne.",
                ("vélo", "accès"),
            ),
            Idea(
                "Un bassin d'apprentissage plus chaud pour les bébés nageurs {a_piscine}",
                "À 27 °C, les tout-petits grelottent au bout de vingt minutes. Monter le petit "
                "bassin à 31 °C le {jour} matin, pendant les séances bébés nageurs, suffirait.",
                ("enfants", "familles"),
            ),
            Idea(
                "Afficher l'affluence en temps réel sur le site",
                "Savoir avant de partir s'il y a la queue ou si les lignes sont bondées "
                "éviterait des déplacements inutiles. Les tourniquets comptent déjà les "
                "entrées : il suffirait de publier le chiffre.",
                ("numérique",),
            ),
            Idea(
                "Plus de cabines individuelles {a_piscine}",
                "Les vestiaires collectifs gênent beaucoup de monde : adolescents, personnes "
                "âgées, personnes trans. Quelques cabines individuelles de plus rendraient la "
                "piscine accueillante pour tous.",
                ("vestiaires", "inclusion"),
            ),
            Idea(
                "Un créneau pour apprendre à nager sans regard extérieur",
                "Beaucoup d'adultes n'osent pas apprendre à nager devant les autres. Une "
                "séance hebdomadaire réservée aux débutants adultes, le {jour} soir, avec un "
                "maître-nageur dédié, les aiderait à franchir le pas.",
                ("apprentissage", "inclusion"),
            ),
            Idea(
                "Remettre en service le toboggan {a_piscine}",
                "Le toboggan est fermé depuis deux étés. C'était la grande attraction pour les "
                "enfants du quartier {quartier_de}. Si la réparation coûte trop cher, pourquoi "
                "ne pas le remplacer par un modèle plus simple ?",
                ("enfants", "équipements"),
            ),
            Idea(
                "Un tarif réduit pour {public}",
                "Le plein tarif pèse lourd quand on vient plusieurs fois par semaine. Un tarif "
                "réduit pour {public} encouragerait la pratique régulière, qui est justement "
                "celle qui fait du bien.",
                ("tarifs",),
            ),
            Idea(
                "Une carte de dix entrées valable dans les quatre piscines",
                "Je nage aux Mariniers en semaine et près de chez mes parents le week-end. "
                "Aujourd'hui, il faut une carte par piscine. Une carte commune, c'est simple "
                "et ça ne coûte rien.",
                ("tarifs",),
            ),
            Idea(
                "Des créneaux familles le {jour} après-midi {a_piscine}",
                "Le {jour} après-midi, les clubs occupent la moitié du bassin. Réserver deux "
                "heures aux familles, avec jeux et frites en mousse, ferait venir des parents "
                "qui ne viennent jamais.",
                ("familles", "horaires"),
            ),
            Idea(
                "Une eau qui pique moins les yeux",
                "Après une heure de nage, j'ai les yeux rouges et la peau qui tire. Des "
                "piscines voisines traitent l'eau à l'ozone et utilisent beaucoup moins de "
                "chlore : pourquoi pas {a_piscine} ?",
                ("santé", "environnement"),
            ),
            Idea(
                "Un solarium ombragé et végétalisé {a_piscine}",
                "L'été, le solarium est une plaque de béton brûlante. Quelques arbres, des "
                "voiles d'ombrage et de la pelouse rendraient l'endroit vivable pendant les "
                "canicules.",
                ("été", "environnement"),
            ),
            Idea(
                "Des séances pour vaincre la peur de l'eau le {jour} soir",
                "L'aquaphobie touche beaucoup d'adultes. Des séances en petit groupe, dans le "
                "petit bassin, avec un maître-nageur formé, existent ailleurs et marchent très "
                "bien.",
                ("apprentissage",),
            ),
            Idea(
                "Une table à langer dans les vestiaires des hommes {a_piscine}",
                "Les pères qui viennent seuls avec un bébé n'ont nulle part où le changer. Une "
                "table à langer dans chaque vestiaire, c'est peu de chose.",
                ("familles", "vestiaires"),
            ),
            Idea(
                "Ouvrir le bassin extérieur l'hiver {a_piscine}",
                "Nager dehors dans une eau à 28 °C quand il fait 5 °C, c'est une expérience "
                "que beaucoup de villes proposent. Ouvrir le bassin extérieur le {jour} matin "
                "en hiver attirerait un nouveau public.",
                ("équipements", "horaires"),
            ),
            Idea(
                "Une signalétique en braille et en pictogrammes {a_piscine}",
                "Pour une personne malvoyante ou qui ne lit pas le français, trouver les "
                "vestiaires, les douches et le bon bassin est un parcours du combattant. Des "
                "pictogrammes et du braille aideraient tout le monde.",
                ("accessibilité",),
            ),
            Idea(
                "Nager dans la Saône l'été, avec des maîtres-nageurs",
                "D'autres villes ont ouvert des baignades surveillées dans leur fleuve. Un "
                "bassin flottant près de Port-Fluvial, en juillet et août, désengorgerait les "
                "piscines les jours de canicule.",
                ("été", "environnement"),
            ),
            Idea(
                "Chauffer les bassins avec la chaleur des eaux usées",
                "Les eaux des douches sortent à plus de 30 °C et partent à l'égout. Un "
                "récupérateur de chaleur réduirait la facture d'énergie {court}, qui doit être "
                "énorme.",
                ("environnement", "énergie"),
            ),
            Idea(
                "Prêter maillots et bonnets à l'accueil",
                "Combien de fois ai-je vu des enfants refoulés pour un short de bain ? Un "
                "stock de maillots et de bonnets prêtés contre une pièce d'identité éviterait "
                "ces déceptions.",
                ("accueil",),
            ),
            Idea(
                "Une navette le week-end vers {piscine}",
                "Le {jour}, le bus ne passe qu'une fois par heure. Une navette depuis le "
                "centre, ou au moins un bus de plus en fin de matinée, aiderait les familles "
                "sans voiture.",
                ("accès",),
            ),
            Idea(
                "Des fontaines à eau dans le hall {a_piscine}",
                "Le distributeur ne vend que des bouteilles en plastique. Une fontaine à eau "
                "gratuite, c'est bon pour la santé des nageurs et pour la planète.",
                ("environnement", "accueil"),
            ),
            Idea(
                "Un accès de plain-pied au bassin pour les fauteuils",
                "La mise à l'eau se fait par une chaise qu'il faut demander et qui est souvent "
                "en panne {a_piscine}. Une rampe d'accès douce au petit bassin rendrait les "
                "personnes en fauteuil autonomes.",
                ("accessibilité",),
            ),
        ),
        fillers={
            "lieu": _POOLS,
            "jour": _DAYS,
            "heure": ["6 h 30", "7 h", "7 h 30"],
            "public": [
                "les seniors",
                "les familles nombreuses",
                "les personnes en situation de handicap",
                "les étudiants",
                "les femmes enceintes",
                "les demandeurs d'emploi",
                "les personnes en surpoids",
            ],
        },
        for_arguments=(
            "Je nage trois fois par semaine et c'est exactement ce qui manque.",
            "Avec deux enfants en bas âge, ça changerait vraiment notre quotidien.",
            "Les maîtres-nageurs eux-mêmes le disent : la demande est là.",
            "Dans la piscine de mon ancienne ville, ça fonctionnait très bien.",
            "C'est peu coûteux au regard du service rendu.",
        ),
        against_arguments=(
            "Il manque déjà des maîtres-nageurs pour les horaires actuels.",
            "La facture d'énergie des piscines est énorme, il faut faire attention.",
            "Ça risque de se faire au détriment des créneaux des clubs.",
            "Je préférerais qu'on répare d'abord ce qui est cassé.",
        ),
        questions=(
            "Est-ce que quelqu'un sait combien de maîtres-nageurs il faudrait en plus ?",
            "Le service a-t-il déjà chiffré cette idée ?",
            "Est-ce que ça concernerait aussi les petites piscines ou seulement les Mariniers ?",
        ),
    ),
    "camping": Theme(
        ideas=(
            Idea(
                "Des emplacements réservés aux cyclistes de la Voie Bleue",
                "Arriver à vélo à 19 h et trouver le camping complet, c'est arrivé à beaucoup "
                "de cyclotouristes l'été dernier. Garder {nombre} emplacements sans réservation "
                "pour les cyclistes, jusqu'à 21 h, éviterait de les renvoyer sur la route.",
                ("vélo",),
            ),
            Idea(
                "Une station de réparation vélo à l'entrée",
                "Une pompe, quelques outils attachés et un pied d'atelier : c'est peu de "
                "chose et ça dépanne les cyclistes comme les habitants du chemin du Halage.",
                ("vélo", "services"),
            ),
            Idea(
                "Des chalets accessibles en fauteuil roulant",
                "Aucun des chalets n'est accessible : marches, portes étroites, douche à "
                "rebord. En adapter {nombre} permettrait d'accueillir des familles qui "
                "aujourd'hui ne peuvent pas venir.",
                ("accessibilité", "hébergements"),
            ),
            Idea(
                "Ouvrir le camping dès {mois}",
                "Les beaux week-ends de printemps, beaucoup de randonneurs cherchent où dormir. "
                "Ouvrir dès {mois}, au moins les emplacements nus, ne demanderait qu'un bloc "
                "sanitaire chauffé.",
                ("saison",),
            ),
            Idea(
                "Une baignade surveillée dans la Saône",
                "La plage du camping est très agréable mais la baignade y est interdite. Une "
                "zone surveillée en juillet et août, comme à Villebois, ferait le bonheur des "
                "familles.",
                ("baignade", "été"),
            ),
            Idea(
                "Des tentes toutes montées pour les randonneurs",
                "Quelques tentes équipées de lits de camp, louées à la nuit, éviteraient aux "
                "marcheurs et aux cyclistes de porter tout leur matériel.",
                ("hébergements",),
            ),
            Idea(
                "Un marché de producteurs le {jour} soir",
                "Un petit marché de producteurs locaux sur le parking, le {jour} en fin de "
                "journée, profiterait aux campeurs comme aux habitants de Fontaines.",
                ("animations", "alimentation"),
            ),
            Idea(
                "Limiter la vitesse à 20 km/h sur le chemin du Halage",
                "Les voitures qui arrivent au camping roulent vite sur le chemin, où passent "
                "enfants et cyclistes. Une zone de rencontre à 20 km/h sécuriserait tout le "
                "monde.",
                ("sécurité", "riverains"),
            ),
            Idea(
                "Des soirées cinéma en plein air",
                "Un écran gonflable, un film pour les enfants le {jour} soir : une animation "
                "simple qui crée du lien entre campeurs et riverains.",
                ("animations",),
            ),
            Idea(
                "Composter les déchets des campeurs",
                "Les poubelles débordent en août. Des composteurs et un vrai tri, expliqué à "
                "l'accueil, réduiraient les déchets et les odeurs.",
                ("environnement",),
            ),
            Idea(
                "Éclairer le chemin piéton jusqu'à l'arrêt de bus",
                "Le soir, le chemin jusqu'à l'arrêt de bus est dans le noir complet. Un "
                "éclairage à détection de présence suffirait.",
                ("accès", "sécurité"),
            ),
            Idea(
                "Des bornes de recharge pour vélos électriques",
                "De plus en plus de cyclotouristes voyagent en vélo électrique. Quelques prises "
                "sécurisées près de l'accueil leur éviteraient de recharger dans les "
                "sanitaires.",
                ("vélo", "services"),
            ),
        ),
        fillers={
            "nombre": ["dix", "quinze", "quelques", "deux ou trois"],
            "mois": ["mi-mars", "le 1er avril", "les vacances de Pâques"],
            "jour": ["mercredi", "vendredi", "samedi"],
        },
        for_arguments=(
            "Nous venons chaque été avec nos vélos, ce serait parfait.",
            "Les riverains du chemin du Halage y gagneraient aussi.",
            "C'est ce qui fait la différence avec les campings privés.",
        ),
        against_arguments=(
            "Le camping est déjà complet en août, attention à ne pas l'agrandir encore.",
            "Pensez au bruit pour les maisons du chemin du Halage.",
            "Cela augmentera forcément le prix des emplacements.",
        ),
        questions=(
            "La commune de Fontaines a-t-elle été consultée ?",
            "Est-ce compatible avec le plan de prévention des crues ?",
        ),
    ),
    "renovation": Theme(
        ideas=(
            Idea(
                "Garder un bassin ouvert pendant les travaux",
                "Quatorze mois sans piscine dans le quartier, c'est long. Phaser les travaux "
                "pour garder au moins le petit bassin ouvert aux écoles serait un vrai "
                "soulagement.",
                ("travaux",),
            ),
            Idea(
                "Conserver la façade Art déco",
                "La façade de 1934 fait partie de l'identité du quartier Saint-Roch. La "
                "rénovation doit la restaurer à l'identique, mosaïques comprises.",
                ("patrimoine",),
            ),
            Idea(
                "Des vestiaires familles",
                "Un grand vestiaire où parents et enfants se changent ensemble, quel que soit "
                "le sexe du parent, manque cruellement à Saint-Roch.",
                ("vestiaires", "familles"),
            ),
            Idea(
                "Un accès de plain-pied depuis la montée",
                "Il faut aujourd'hui descendre {marches} marches pour entrer. Avec une poussette "
                "ou un fauteuil, c'est impossible. Un ascenseur ou une rampe s'impose.",
                ("accessibilité",),
            ),
            Idea(
                "Des gradins pour les compétitions du club",
                "Le club de natation Saint-Roch organise {nombre} compétitions par an et les "
                "parents restent debout au bord du bassin. Quelques gradins rétractables "
                "suffiraient.",
                ("sport",),
            ),
            Idea(
                "Un local pour le club de plongée",
                "Le club de plongée range son matériel dans un couloir. Un local ventilé, avec "
                "un compresseur, lui permettrait de former davantage de jeunes.",
                ("sport", "associations"),
            ),
            Idea(
                "Ne pas supprimer la fosse de plongée",
                "La fosse de 4 m est la seule de la Métropole. La supprimer pour économiser "
                "l'eau serait une grosse perte pour les clubs et les pompiers qui s'y "
                "entraînent.",
                ("sport",),
            ),
            Idea(
                "Un chantier moins bruyant pour les voisins",
                "Les immeubles de la montée Saint-Roch sont à quelques mètres. Pas de travaux "
                "bruyants avant 8 h ni le samedi, s'il vous plaît.",
                ("travaux", "riverains"),
            ),
            Idea(
                "Une terrasse-buvette sur la montée",
                "Une petite buvette avec terrasse côté montée animerait la rue et permettrait "
                "aux parents d'attendre la fin des cours au soleil.",
                ("services",),
            ),
            Idea(
                "Récupérer l'eau de pluie pour les sanitaires",
                "Le toit de la piscine est immense. L'eau de pluie pourrait alimenter les "
                "chasses d'eau et le nettoyage des plages.",
                ("environnement",),
            ),
        ),
        fillers={"marches": ["douze", "quinze", "dix-huit"], "nombre": ["trois", "quatre", "six"]},
        for_arguments=(
            "Indispensable pour que la piscine tienne encore cinquante ans.",
            "Le quartier attend ça depuis longtemps.",
        ),
        against_arguments=(
            "Le coût total me paraît démesuré pour une piscine de quartier.",
            "Je préfère une rénovation simple et rapide.",
        ),
        questions=("Combien de temps durerait la fermeture avec ce volet en plus ?",),
    ),
    "budget": Theme(
        ideas=(
            Idea(
                "Des fauteuils de mise à l'eau {a_piscine}",
                "Ma mère ne peut plus descendre l'échelle. Un fauteuil de mise à l'eau lui "
                "permettrait de continuer à nager {a_piscine}, comme elle le fait depuis "
                "quarante ans.",
                ("accessibilité",),
            ),
            Idea(
                "Des jeux d'eau en accès libre l'été",
                "Tous les enfants ne peuvent pas aller à la piscine. Des jeux d'eau gratuits, "
                "sur un quai ou dans un parc, rafraîchiraient tout le monde pendant les "
                "canicules.",
                ("été", "enfants"),
            ),
            Idea(
                "Des abris vélos devant les équipements",
                "Venir à vélo devrait être plus simple que venir en voiture. Des abris couverts "
                "devant chaque équipement, ce n'est pas grand-chose.",
                ("vélo",),
            ),
            Idea(
                "Un parcours sportif au bord de la Saône",
                "Quelques agrès en bois le long du chemin du Halage, pour faire du sport "
                "dehors gratuitement.",
                ("sport",),
            ),
            Idea(
                "Rénover les sanitaires du camping",
                "Les sanitaires du camping des Îles sont vétustes et fermés l'hiver. Des "
                "sanitaires neufs profiteraient aussi aux randonneurs.",
                ("camping",),
            ),
            Idea(
                "Du matériel adapté à la patinoire",
                "Des luges de glace et des patins adaptés permettraient aux personnes "
                "handicapées de profiter de la patinoire.",
                ("accessibilité", "patinoire"),
            ),
            Idea(
                "Des panneaux solaires sur les parkings",
                "Les grands parkings de Saône-Expo sont en plein soleil. Des ombrières "
                "solaires produiraient de l'électricité et de l'ombre.",
                ("énergie",),
            ),
            Idea(
                "Une salle de musculation au centre {court}",
                "Beaucoup de nageurs aimeraient compléter leur entraînement sans prendre un "
                "second abonnement ailleurs.",
                ("sport",),
            ),
            Idea(
                "Un espace bébés nageurs {a_piscine}",
                "Il n'existe qu'un créneau bébés nageurs pour toute la Métropole. Un espace "
                "dédié en créerait beaucoup d'autres.",
                ("familles",),
            ),
        ),
        fillers={"lieu": _POOLS},
        for_arguments=(
            "Un projet concret, utile et pas trop cher : je vote pour.",
            "C'est le seul projet qui profite vraiment aux personnes handicapées.",
        ),
        against_arguments=(
            "Trop cher pour ce que c'est, il faut laisser de la place aux autres projets.",
            "Ce n'est pas vraiment un projet de loisirs.",
        ),
        questions=("Qui assurera l'entretien une fois le projet réalisé ?",),
    ),
    "parvis": Theme(
        ideas=(
            Idea(
                "Un skatepark provisoire sur le parvis",
                "Les jeunes du quartier n'ont nulle part où rouler. Des modules démontables "
                "occuperaient le parvis pendant les travaux de la patinoire.",
                ("jeunes", "sport"),
            ),
            Idea(
                "Des bacs de jardinage pour les habitants",
                "Le parvis pourrait devenir un jardin partagé, avec des bacs confiés aux "
                "immeubles de la rue {rue} et aux écoles.",
                ("jardin", "environnement"),
            ),
            Idea(
                "Un marché le samedi matin",
                "Le quartier n'a pas de marché. Le parvis, vide pendant onze mois, s'y prête "
                "très bien.",
                ("commerce",),
            ),
            Idea(
                "Des bancs et de l'ombre",
                "Les personnes âgées de la rue {rue} aimeraient pouvoir s'asseoir à l'ombre. "
                "Des bancs et des arbres en pots suffiraient.",
                ("espace public",),
            ),
            Idea(
                "Un terrain de basket",
                "Un terrain de basket 3×3 attirerait les ados du quartier, qui vont aujourd'hui "
                "jusqu'à Bellecombe.",
                ("jeunes", "sport"),
            ),
            Idea(
                "Garder le parvis calme le soir",
                "Quel que soit le choix, pensez aux riverains de la rue {rue} : pas "
                "d'animation après 22 h.",
                ("riverains",),
            ),
            Idea(
                "Une buvette associative",
                "Une buvette tenue par les associations du quartier, les week-ends, ferait "
                "vivre le parvis.",
                ("associations",),
            ),
        ),
        fillers={"rue": ["des Tanneurs", "Bellecombe", "de la Tannerie", "des Canuts"]},
        for_arguments=(
            "Le quartier manque cruellement de ce genre d'espace.",
            "Mes enfants y passeraient tous leurs mercredis.",
        ),
        against_arguments=(
            "Ça risque d'être bruyant pour les immeubles autour.",
            "Onze mois, c'est court pour un tel investissement.",
        ),
        questions=("Qui s'occupera de l'entretien pendant les travaux ?",),
    ),
    "expo": Theme(
        ideas=(
            Idea(
                "Un salon du vélo au printemps",
                "Essayer un vélo cargo avant de l'acheter, réparer le sien, acheter d'occasion : "
                "un salon du vélo attirerait un large public en {mois}.",
                ("vélo",),
            ),
            Idea(
                "Un festival du jeu de société",
                "Les festivals de jeux attirent des milliers de familles dans les villes "
                "voisines. Saône-Expo a toute la place pour en accueillir un en {mois}.",
                ("familles", "jeux"),
            ),
            Idea(
                "Un salon de la rénovation énergétique",
                "Isolation, pompes à chaleur, aides publiques : les habitants sont perdus. Un "
                "salon avec des conseillers indépendants serait très utile.",
                ("habitat", "énergie"),
            ),
            Idea(
                "Un salon des métiers pour les lycéens",
                "Faire découvrir les métiers du territoire aux lycéens, avec des apprentis et "
                "des entreprises locales, en {mois}.",
                ("emploi", "jeunes"),
            ),
            Idea(
                "Un salon des produits du terroir",
                "Les producteurs de la vallée de la Saône sont nombreux et peu connus. Un "
                "salon gourmand leur donnerait de la visibilité.",
                ("alimentation",),
            ),
            Idea(
                "Une convention manga",
                "L'édition pilote de la convention a fait salle comble. Il faut la "
                "pérenniser, sur deux jours en {mois}.",
                ("culture", "jeunes"),
            ),
            Idea(
                "Des tarifs réduits pour les habitants",
                "Les salons sont chers pour une famille. Un tarif habitant, ou une journée "
                "gratuite, ferait venir les gens du quartier.",
                ("tarifs",),
            ),
            Idea(
                "Une navette depuis la gare les jours de salon",
                "Le parking déborde à chaque salon. Une navette depuis la gare de Saint-Clair "
                "réduirait les embouteillages à Port-Fluvial.",
                ("accès",),
            ),
        ),
        fillers={"mois": ["mars", "avril", "octobre", "novembre"]},
        for_arguments=(
            "Ce genre de salon manque dans la région.",
            "Ça ferait venir du monde au Port-Fluvial hors saison.",
        ),
        against_arguments=(
            "Les riverains de Port-Fluvial subissent déjà le stationnement des jours de salon.",
            "Il y a déjà un salon de ce type à moins d'une heure.",
        ),
        questions=("Est-ce que le salon serait payant ?",),
    ),
    "ete": Theme(
        ideas=(
            Idea(
                "De l'ombre sur les plages",
                "Les jours de canicule, il n'y a pas un coin d'ombre autour des bassins. Des "
                "voiles d'ombrage sont indispensables.",
                ("été", "santé"),
            ),
            Idea(
                "Une pataugeoire pour les petits",
                "Les moins de six ans n'ont aucun bassin à leur taille. Une pataugeoire "
                "ombragée rassurerait les parents.",
                ("enfants",),
            ),
            Idea(
                "Des terrains de beach-volley",
                "La pelouse nord est inutilisée. Deux terrains de sable attireraient les "
                "jeunes en soirée.",
                ("sport", "jeunes"),
            ),
            Idea(
                "Un snack sur place",
                "On ne peut rien acheter à manger sur place. Un snack avec des prix "
                "raisonnables éviterait de ressortir.",
                ("services",),
            ),
            Idea(
                "Ouvrir jusqu'à {heure} pendant les canicules",
                "Les jours de très forte chaleur, ouvrir jusqu'à {heure} permettrait de se "
                "baigner quand il fait un peu moins chaud.",
                ("horaires", "été"),
            ),
            Idea(
                "Des brumisateurs à l'entrée",
                "La file d'attente se fait en plein soleil. Quelques brumisateurs rendraient "
                "l'attente supportable.",
                ("été", "accueil"),
            ),
        ),
        fillers={"heure": ["21 h", "21 h 30", "22 h"]},
        for_arguments=("Indispensable vu les étés que nous avons maintenant.",),
        against_arguments=("La piscine est déjà saturée, inutile d'attirer plus de monde.",),
        questions=("Les travaux seraient-ils faits avant l'été ?",),
    ),
    "patinoire": Theme(
        ideas=(
            Idea(
                "Des séances publiques le {jour} soir",
                "La patinoire ferme au public à 19 h en semaine. Une séance en soirée le "
                "{jour}, avec de la musique, attirerait les étudiants et les jeunes actifs.",
                ("horaires", "animations"),
            ),
            Idea(
                "Un jardin de glace plus grand pour les 3-6 ans",
                "Le jardin de glace est toujours plein le mercredi. L'agrandir, ou ouvrir une "
                "séance de plus, ferait le bonheur des familles.",
                ("enfants", "familles"),
            ),
            Idea(
                "Des patins de location en bon état",
                "Les patins de location sont usés et mal aiguisés. Un affûtage régulier et "
                "des tailles pour les tout-petits rendraient la glace plus agréable.",
                ("services",),
            ),
            Idea(
                "Une buvette avec vue sur la glace",
                "Les parents attendent debout dans le hall. Une buvette chauffée avec vue sur "
                "la piste, c'est ce qui manque le plus.",
                ("services",),
            ),
            Idea(
                "Des créneaux de hockey loisir",
                "Les adultes qui veulent jouer au hockey sans faire de compétition n'ont aucun "
                "créneau. Une heure le {jour} soir suffirait.",
                ("sport",),
            ),
            Idea(
                "Une soirée disco sur glace chaque mois",
                "Les soirées à thème d'avant la fermeture étaient géniales. Il faut les "
                "reprendre, une fois par mois, le {jour}.",
                ("animations",),
            ),
            Idea(
                "Des vestiaires chauffés",
                "On se change dans le froid et les enfants pleurent avant même de monter sur "
                "la glace. Les nouveaux vestiaires doivent être chauffés.",
                ("vestiaires",),
            ),
            Idea(
                "Réserver la glace aux débutants le {jour} matin",
                "Les débutants ont peur des patineurs rapides. Une séance réservée, avec des "
                "aides à la glisse, les mettrait en confiance.",
                ("apprentissage",),
            ),
        ),
        fillers={"jour": ["mardi", "jeudi", "vendredi", "samedi", "dimanche"]},
        for_arguments=(
            "Je patine depuis vingt ans aux Tanneurs, c'est exactement ce qu'il faut.",
            "Les ados du quartier seraient ravis.",
        ),
        against_arguments=(
            "Les clubs ont déjà du mal à trouver des créneaux.",
            "La patinoire doit d'abord rester abordable.",
        ),
        questions=("Les clubs ont-ils été associés à la réflexion ?",),
    ),
    "tarifs": Theme(
        ideas=(),
        for_arguments=(
            "Un tarif selon les revenus, c'est juste : les piscines sont un service public.",
            "Beaucoup de familles renoncent à la piscine à cause du prix.",
        ),
        against_arguments=(
            "Ça va compliquer l'accueil et allonger les files d'attente.",
            "Les classes moyennes vont encore payer pour tout le monde.",
        ),
        questions=(
            "Les habitants hors Métropole paieront-ils plus cher ?",
            "Et pour les abonnements annuels, comment ça se passera ?",
        ),
    ),
}

FOR_OPENINGS = (
    "Tout à fait d'accord.",
    "Excellente idée !",
    "Je soutiens à 100 %.",
    "Oui, enfin !",
    "Bonne proposition.",
    "J'approuve.",
    "Ce serait un vrai plus.",
    "Merci pour cette proposition.",
)
AGAINST_OPENINGS = (
    "J'ai des doutes.",
    "Attention au coût.",
    "Pas d'accord.",
    "Ce n'est pas la priorité.",
    "Je vois un problème.",
)
NEUTRAL_OPENINGS = ("Une question.", "À voir.", "Je m'interroge.", "Avis partagé.")
FOR_ARGUMENTS = (
    "Ça rendrait l'équipement accessible à beaucoup plus de monde.",
    "On en parle depuis des années au conseil de quartier.",
    "Dans d'autres villes, ça fonctionne très bien.",
    "C'est simple à mettre en place et ça ne coûte pas grand-chose.",
    "Ce serait un signal fort pour les familles du quartier.",
    "Je suis sûr que la fréquentation suivrait.",
)
AGAINST_ARGUMENTS = (
    "Le budget serait mieux utilisé pour entretenir ce qui existe.",
    "Ça risque d'augmenter les tarifs pour tout le monde.",
    "Les riverains subissent déjà assez de nuisances.",
    "Il faudrait d'abord recruter du personnel.",
    "Ça ne concerne qu'une petite partie des usagers.",
)
QUESTIONS = (
    "Est-ce que quelqu'un sait ce que ça coûterait ?",
    "Il faudrait demander l'avis des clubs et des associations.",
    "Le service a-t-il déjà étudié cette piste ?",
    "Y a-t-il un retour d'expérience d'une autre ville ?",
)
REPLIES = (
    "Je suis d'accord avec vous.",
    "Pas tout à fait : les horaires ne sont pas le seul problème.",
    "Merci pour la précision.",
    "C'est exactement ce que je voulais dire.",
    "D'après la réunion publique, c'est à l'étude pour 2028.",
    "Bonne remarque, je n'y avais pas pensé.",
    "Vous avez raison, mais il faut bien commencer quelque part.",
    "Je confirme, c'est pareil le week-end.",
    "Ce n'est pas ce que j'ai constaté, mais pourquoi pas.",
    "Tout à fait, et ça vaut aussi pour les autres équipements.",
)
AUTHOR_REPLIES = (
    "Merci pour votre soutien !",
    "Merci, je précise : l'idée est de commencer par un essai de trois mois.",
    "C'est une bonne remarque, je l'ajoute à ma proposition.",
    "Je comprends l'inquiétude, mais l'essai pourrait se faire à moyens constants.",
)

BENCHMARK_PROPOSAL_BODY = (
    "Je nage au centre aquatique des Mariniers depuis dix ans. En semaine, le bassin sportif "
    "ferme à 20 h 30 : entre la sortie du travail et le trajet, il reste à peine une demi-heure, "
    "dans des lignes d'eau bondées.\n\n"
    "Je propose de garder le bassin sportif ouvert jusqu'à 22 h du lundi au vendredi, avec "
    "deux lignes d'eau pour la nage en longueur et une pour l'aquaforme. Le petit bassin peut "
    "fermer à l'heure habituelle.\n\n"
    "Beaucoup de villes de taille comparable le font déjà, et la fréquentation entre 20 h et "
    "22 h y est forte. On pourrait commencer par un essai de trois mois, de janvier à mars, "
    "et décider au vu des entrées."
)


def _fill(template, values):
    return template.format_map(values)


def _fillers(theme, rng):
    values = {}
    for name, choices in theme.fillers.items():
        choice = rng.choice(choices)
        if isinstance(choice, dict):
            values.update(choice)
        else:
            values[name] = choice
    return values


CLOSINGS = (
    "",
    "",
    "",
    " Merci de nous consulter.",
    " Je peux en discuter lors d'un atelier.",
    " J'en parlerai aussi à la prochaine réunion publique.",
    " Qu'en pensez-vous ?",
)


@dataclass(frozen=True)
class ProposalText:
    title: str
    body: str
    tags: tuple
    neighbourhood: str  # the quarter the proposal is about, when it names a facility


def proposal_text(theme_key, rng):
    """Title, body, tags and quarter of a generated proposal on a theme."""
    theme = THEMES[theme_key]
    idea = rng.choice(theme.ideas)
    values = _fillers(theme, rng)
    title = _fill(idea.title, values)
    body = _fill(idea.body, values) + rng.choice(CLOSINGS)
    uses_place = any(f"{{{name}}}" in idea.title + idea.body for name in _PLACE_FIELDS)
    return ProposalText(
        title=french_spacing(title[:1].upper() + title[1:]),
        body=french_spacing(body),
        tags=idea.tags,
        neighbourhood=values.get("quartier", "") if uses_place else "",
    )


def comment_text(theme_key, stance, rng):
    """A comment with a stance ("for", "against" or "neutral") on a theme."""
    theme = THEMES[theme_key]
    if stance == "for":
        text = f"{rng.choice(FOR_OPENINGS)} {rng.choice(theme.for_arguments + FOR_ARGUMENTS)}"
    elif stance == "against":
        text = (
            f"{rng.choice(AGAINST_OPENINGS)} "
            f"{rng.choice(theme.against_arguments + AGAINST_ARGUMENTS)}"
        )
    else:
        text = f"{rng.choice(NEUTRAL_OPENINGS)} {rng.choice(theme.questions + QUESTIONS)}"
    return french_spacing(text)


def reply_text(rng, *, by_author=False):
    return french_spacing(rng.choice(AUTHOR_REPLIES if by_author else REPLIES))


def theme_tags():
    """Every tag a generated proposal may carry."""
    return sorted({tag for theme in THEMES.values() for idea in theme.ideas for tag in idea.tags})
