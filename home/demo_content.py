"""French text and facts of the demo portal built by `manage.py seed_demo`.

Everything is invented: the metropolis (Métropole Rives de Saône), the public leisure company that
runs its facilities (Rives de Saône Loisirs, a société publique locale), people, addresses and
numbers. Phone numbers sit in the 04 65 71 range that ARCEP keeps for fiction and mail and web
addresses end in .example (RFC 2606), so no message can reach a real mailbox; social links point at
the real networks with invented account names. The CNIL and the Défenseur des droits are real:
their contact details are the ones a real notice must give.
"""

from dataclasses import dataclass, replace

LOGIN_URL = "http://127.0.0.1:8000/accounts/login/"
ADMIN_URL = "http://127.0.0.1:8000/admin/"
DEMO_EMAIL_DOMAIN = "demo.example"

# Generated citizens share one password so that any of them can be tried from the admin's user list.
CITIZEN_PASSWORD = "demo-participant-2026"
CITIZENS_PER_SCALE = 40

_PUNCTUATION_SPACES = [
    (" :", "\u00a0:"),
    (" ;", "\u202f;"),
    (" ?", "\u202f?"),
    (" !", "\u202f!"),
    ("« ", "«\u00a0"),
    (" »", "\u00a0»"),
    (" %", "\u00a0%"),
]


def french_spacing(text):
    """Non-breaking spaces before French double punctuation, so '?' never starts a line."""
    for plain, fixed in _PUNCTUATION_SPACES:
        text = text.replace(plain, fixed)
    return text


@dataclass(frozen=True)
class DemoImage:
    key: str
    title: str
    filename: str
    motif: str
    size: tuple
    colours: tuple


@dataclass(frozen=True)
class DemoPage:
    key: str
    slug: str
    title: str
    intro: str
    body: str
    search_description: str
    show_in_menus: bool = False


@dataclass(frozen=True)
class DemoSite:
    key: str
    hostname: str
    is_default: bool
    site_name: str
    home_slug: str
    home_title: str
    home_search_description: str
    hero_heading: str
    hero_text: str
    about: str
    featured_heading: str
    cta_heading: str
    cta_text: str
    cta_button: str
    cta_url: str
    site_label: str
    identity: dict
    logo: str
    hero_image: str
    social_image: str


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str
    first_name: str
    last_name: str
    display_name: str
    groups: tuple = ()
    is_superuser: bool = False
    verified_resident: bool = False
    postcode: str = ""
    neighbourhood: str = ""

    @property
    def reaches_admin(self):
        return self.is_superuser or bool(self.groups)


ORGANISATION = {
    "name": "Rives de Saône Loisirs",
    "legal_form": "société publique locale (SPL) au capital de 1 850 000 euros",
    "owners": (
        "la Métropole Rives de Saône (86 %) et les communes de Saint-Clair-sur-Saône, "
        "Villebois-en-Saône et Fontaines-la-Rivière"
    ),
    "registration": "RCS Saint-Clair-sur-Saône 912 604 377 – SIRET 912 604 377 00015",
    "address": "Maison des Loisirs, 14 quai des Mariniers, 69002 Saint-Clair-sur-Saône",
    "phone": "04 65 71 20 00",
    "director": "Hélène Rambert, directrice générale",
    "chair": "Claire Vasseur, vice-présidente de la Métropole déléguée aux sports et aux loisirs",
    "dpo_email": "dpo@rives-saone-loisirs.example",
    "host": (
        "Saône Numérique SAS, centre de données de Villebois, 40 avenue de l'Europe, "
        "69100 Villebois-en-Saône – 04 65 71 90 00"
    ),
}

IMAGES = [
    DemoImage(
        "portal-logo",
        "Logo de Rives de Saône Loisirs : des vagues blanches dans un disque bleu canard",
        "logo-rives-de-saone-loisirs.png",
        "waves-logo",
        (512, 512),
        ("#0b4f6c", "#1b7a9c"),
    ),
    DemoImage(
        "portal-hero",
        "Illustration : vagues claires sur un dégradé bleu et turquoise, "
        "comme la surface d'un bassin",
        "illustration-bassins.jpg",
        "waves",
        (1600, 900),
        ("#0b4f6c", "#3fb6c4"),
    ),
    DemoImage(
        "portal-social",
        "Rives de Saône Loisirs : vagues turquoise et soleil orangé, "
        "illustration du portail de la participation",
        "partage-rives-de-saone-loisirs.jpg",
        "waves-sun",
        (1200, 630),
        ("#0b4f6c", "#3fb6c4", "#f4a259"),
    ),
    DemoImage(
        "rink-logo",
        "Logo de la patinoire des Tanneurs : traces de patins sur un disque bleu nuit",
        "logo-patinoire-des-tanneurs.png",
        "ice-logo",
        (512, 512),
        ("#123a5e", "#2f6f9f"),
    ),
    DemoImage(
        "rink-hero",
        "Illustration : traces de patins entrecroisées sur une glace bleutée",
        "illustration-glace.jpg",
        "ice",
        (1600, 900),
        ("#123a5e", "#a8e1ea"),
    ),
    DemoImage(
        "rink-social",
        "Patinoire des Tanneurs : courbes de patinage blanches sur fond bleu glacier",
        "partage-patinoire-des-tanneurs.jpg",
        "ice",
        (1200, 630),
        ("#1b4965", "#7fd1dc"),
    ),
    DemoImage(
        "camping-logo",
        "Logo du camping des Îles : une tente blanche et un soleil jaune sur un disque vert",
        "logo-camping-des-iles.png",
        "tents-logo",
        (512, 512),
        ("#2d5a3d", "#4f8a5b"),
    ),
    DemoImage(
        "camping-hero",
        "Illustration : tentes sur une prairie au bord de l'eau, ciel de fin d'après-midi",
        "illustration-camping.jpg",
        "tents",
        (1600, 900),
        ("#8ecae6", "#ffe8b0"),
    ),
    DemoImage(
        "camping-social",
        "Camping des Îles : collines vertes, tentes et soleil, illustration de la saison 2027",
        "partage-camping-des-iles.jpg",
        "tents",
        (1200, 630),
        ("#a7d3e8", "#f6d28b"),
    ),
]

_SITES_AS_WRITTEN = [
    DemoSite(
        key="portal",
        hostname="localhost",
        is_default=True,
        site_name="Participez ! – Rives de Saône Loisirs",
        home_slug="home",
        home_title="Participez !",
        home_search_description=(
            "Piscines, patinoire, camping, salons : Rives de Saône Loisirs consulte les habitants "
            "de la Métropole. Proposez vos idées, soutenez celles des autres, suivez les décisions."
        ),
        hero_heading="Vos équipements de loisirs, vos idées",
        hero_text=(
            "Horaires des piscines, rénovation de la patinoire, saison du camping, programme des "
            "salons : avant de décider, nous vous demandons votre avis. Proposez, soutenez, "
            "commentez, votez."
        ),
        about=(
            "<h2>Qui vous consulte ?</h2>"
            "<p>Rives de Saône Loisirs est la société publique locale qui exploite, pour la "
            "Métropole et trois de ses communes, quatre centres aquatiques, la patinoire des "
            "Tanneurs, le camping des Îles et le parc des expositions Saône-Expo. Plus d'un "
            "million d'entrées par an : vos habitudes et vos attentes pèsent dans nos choix.</p>"
            "<p>Chaque consultation annonce ce qui est en jeu, son calendrier, qui peut y prendre "
            "part et ce que deviendront les contributions. À la clôture, une synthèse est publiée "
            "ici même et présentée au conseil d'administration, dont les élus répondent "
            "publiquement aux propositions les plus soutenues.</p>"
            "<h2>Ce que vous pouvez faire</h2>"
            "<ul><li>déposer une proposition, avec une photo ou un plan si vous le souhaitez ;</li>"
            "<li>soutenir les propositions des autres participants et les commenter ;</li>"
            "<li>voter lorsque la consultation arrive à l'étape du choix ;</li>"
            "<li>lire les synthèses et les réponses des élus, même sans compte.</li></ul>"
        ),
        featured_heading="Pour bien commencer",
        cta_heading="Horaires, tarifs, fermetures techniques",
        cta_text=(
            "Ce portail sert à vous consulter. Les informations pratiques sur les piscines, la "
            "patinoire, le camping et Saône-Expo sont sur le site de Rives de Saône Loisirs."
        ),
        cta_button="Voir les informations pratiques",
        cta_url="https://www.rives-saone-loisirs.example/equipements",
        site_label="portail « Participez ! »",
        identity={
            "organisation_name": "Rives de Saône Loisirs",
            "tagline": "Piscines, patinoire, camping, salons : la Métropole vous consulte",
            "primary_colour": "#0b4f6c",
            "accent_colour": "#f4a259",
            "contact_email": "participation@rives-saone-loisirs.example",
            "contact_phone": "04 65 71 20 00",
            "contact_address": (
                "Rives de Saône Loisirs – Mission participation\n"
                "Maison des Loisirs\n14 quai des Mariniers\n69002 Saint-Clair-sur-Saône"
            ),
            "facebook_url": "https://www.facebook.com/RivesDeSaoneLoisirs",
            "instagram_url": "https://www.instagram.com/rivesdesaone.loisirs/",
            "linkedin_url": "https://www.linkedin.com/company/rives-de-saone-loisirs/",
            "youtube_url": "https://www.youtube.com/@RivesDeSaoneLoisirs",
            "mastodon_url": "https://social.rives-saone.example/@loisirs",
            "bluesky_url": "https://bsky.app/profile/rives-saone-loisirs.bsky.social",
            "x_url": "https://x.com/RivesSaoneLois",
            "x_handle": "@RivesSaoneLois",
        },
        logo="portal-logo",
        hero_image="portal-hero",
        social_image="portal-social",
    ),
    DemoSite(
        key="rink",
        hostname="patinoire.localhost",
        is_default=False,
        site_name="Patinoire des Tanneurs",
        home_slug="patinoire",
        home_title="Imaginons la patinoire de demain",
        home_search_description=(
            "La patinoire des Tanneurs ferme pour rénovation de mai 2027 à mars 2028. Créneaux, "
            "vestiaires, animations, buvette : dites-nous ce qui compte pour vous."
        ),
        hero_heading="Une patinoire rénovée, pensée avec vous",
        hero_text=(
            "La patinoire des Tanneurs fermera de mai 2027 à mars 2028 pour remplacer sa piste "
            "réfrigérée et refaire les vestiaires. Avant de figer le projet, nous voulons "
            "connaître vos besoins : créneaux, accessibilité, animations, buvette."
        ),
        about=(
            "<h2>Une glace partagée</h2>"
            "<p>Chaque semaine, la patinoire accueille près de 4 000 patineuses et patineurs en "
            "séances publiques, les classes de la Métropole, le club de hockey des Renards de "
            "Saint-Clair et deux clubs de patinage artistique. Trouver le bon équilibre entre ces "
            "usages est l'objet des consultations de cette saison.</p>"
            "<h2>Pendant les travaux</h2>"
            "<p>Les abonnements en cours seront prolongés de la durée de la fermeture. Les clubs "
            "s'entraîneront à la patinoire intercommunale de Fontaines-la-Rivière ; une navette "
            "gratuite sera proposée le mercredi et le samedi.</p>"
        ),
        featured_heading="Avant de participer",
        cta_heading="Séances publiques et tarifs",
        cta_text=(
            "Horaires des séances, location de patins, jardin de glace pour les 3-6 ans : toutes "
            "les informations pratiques sont sur le site de Rives de Saône Loisirs."
        ),
        cta_button="Voir les horaires de la patinoire",
        cta_url="https://www.rives-saone-loisirs.example/patinoire-des-tanneurs",
        site_label="site de consultation de la patinoire des Tanneurs",
        identity={
            "organisation_name": "Patinoire des Tanneurs",
            "tagline": "Patinage, hockey, soirées sur glace : parlons de votre patinoire",
            "primary_colour": "#123a5e",
            "accent_colour": "#7fd1dc",
            "contact_email": "patinoire@rives-saone-loisirs.example",
            "contact_phone": "04 65 71 20 40",
            "contact_address": (
                "Patinoire des Tanneurs\n2 rue des Tanneurs\n69003 Saint-Clair-sur-Saône"
            ),
            "facebook_url": "https://www.facebook.com/PatinoireDesTanneurs",
            "instagram_url": "https://www.instagram.com/patinoire.tanneurs/",
            "youtube_url": "https://www.youtube.com/@PatinoireDesTanneurs",
            "mastodon_url": "https://social.rives-saone.example/@patinoire",
            "x_url": "https://x.com/PatinoireTann",
            "x_handle": "@PatinoireTann",
        },
        logo="rink-logo",
        hero_image="rink-hero",
        social_image="rink-social",
    ),
    DemoSite(
        key="camping",
        hostname="camping.localhost",
        is_default=False,
        site_name="Camping des Îles",
        home_slug="camping",
        home_title="Le camping des Îles, avec vous",
        home_search_description=(
            "Le camping des Îles prépare la saison 2027 : emplacements vélo, nouveaux "
            "hébergements, baignade surveillée. Campeurs et riverains, donnez votre avis."
        ),
        hero_heading="Imaginons ensemble la saison 2027",
        hero_text=(
            "Emplacements réservés aux cyclistes de la Voie Bleue, nouveaux hébergements, espace "
            "de baignade sur la Saône : le camping des Îles prépare sa prochaine saison et vous "
            "demande votre avis, que vous soyez campeur de passage ou riverain."
        ),
        about=(
            "<h2>Un camping en ville, au bord de l'eau</h2>"
            "<p>À vingt minutes à vélo du centre de Saint-Clair, le camping des Îles compte "
            "142 emplacements et 18 chalets, ouverts d'avril à octobre. Il accueille chaque été "
            "des familles, des cyclotouristes et les exposants des grands salons de Saône-Expo.</p>"
            "<p>Les riverains du chemin du Halage sont aussi concernés : circulation, bruit, accès "
            "à la berge. Leur avis compte autant que celui des campeurs.</p>"
        ),
        featured_heading="Avant de participer",
        cta_heading="Réserver un emplacement",
        cta_text=(
            "Les réservations pour la saison 2027 ouvriront le 15 janvier. Tarifs et conditions "
            "sont sur le site de Rives de Saône Loisirs."
        ),
        cta_button="Voir les tarifs du camping",
        cta_url="https://www.rives-saone-loisirs.example/camping-des-iles",
        site_label="site de consultation du camping des Îles",
        identity={
            "organisation_name": "Camping des Îles",
            "tagline": "Au bord de la Saône, à vingt minutes du centre à vélo",
            "primary_colour": "#2d5a3d",
            "accent_colour": "#e9b44c",
            "contact_email": "camping@rives-saone-loisirs.example",
            "contact_phone": "04 65 71 20 60",
            "contact_address": "Camping des Îles\n5 chemin du Halage\n69270 Fontaines-la-Rivière",
            "facebook_url": "https://www.facebook.com/CampingDesIlesSaone",
            "instagram_url": "https://www.instagram.com/camping.des.iles/",
        },
        logo="camping-logo",
        hero_image="camping-hero",
        social_image="camping-social",
    ),
]

_SITE_TEXT_FIELDS = [
    "site_name",
    "home_title",
    "home_search_description",
    "hero_heading",
    "hero_text",
    "about",
    "featured_heading",
    "cta_heading",
    "cta_text",
    "cta_button",
]


def _with_french_spacing(site):
    texts = {name: french_spacing(getattr(site, name)) for name in _SITE_TEXT_FIELDS}
    identity = {**site.identity, "tagline": french_spacing(site.identity["tagline"])}
    return replace(site, identity=identity, **texts)


SITES = [_with_french_spacing(site) for site in _SITES_AS_WRITTEN]


def _page(key, slug, title, intro, body, search_description, show_in_menus=False):
    return DemoPage(
        key=key,
        slug=slug,
        title=french_spacing(title),
        intro=french_spacing(intro),
        body=french_spacing(body),
        search_description=french_spacing(search_description),
        show_in_menus=show_in_menus,
    )


def how_to_page(site):
    contact = site.identity
    return _page(
        "how-to",
        "comment-participer",
        "Comment participer ?",
        "Créer un compte, faire vérifier sa résidence, proposer, soutenir, voter : le mode "
        "d'emploi du portail en cinq étapes, et les règles que chacun s'engage à respecter.",
        "<h2>1. Créez votre compte</h2>"
        "<p>Il suffit d'une adresse électronique, d'un mot de passe et d'un nom d'affichage : "
        "c'est lui, et jamais votre adresse, qui apparaît à côté de vos contributions. Vous pouvez "
        "choisir un pseudonyme. Un lien de confirmation vous est envoyé ; tant que vous ne l'avez "
        "pas ouvert, vous ne pouvez pas vous connecter.</p>"
        "<p>Lire les consultations, les propositions et les synthèses ne demande pas de compte.</p>"
        "<h2>2. Faites vérifier votre résidence, si la consultation le demande</h2>"
        "<p>Certaines consultations, comme le budget participatif des équipements, sont réservées "
        "aux habitants de la Métropole. Deux façons de le prouver :</p>"
        "<ul><li>à l'accueil de n'importe quel équipement de Rives de Saône Loisirs, avec une "
        "pièce d'identité et un justificatif de domicile de moins de trois mois. Nous ne gardons "
        "aucune copie : nous notons seulement la date, le mode de vérification et le nom de "
        "l'agent ;</li>"
        "<li>par courrier : demandez un code depuis votre espace « Mon compte », il arrive à "
        "votre adresse sous cinq jours ouvrés.</li></ul>"
        "<h2>3. Proposez, soutenez, commentez</h2>"
        "<p>Pendant la phase de propositions, décrivez votre idée en quelques lignes : ce qui "
        "vous manque aujourd'hui, ce que vous suggérez, pour qui. Les autres participants "
        "peuvent la soutenir d'un clic et la commenter. Une proposition n'est visible qu'après "
        "relecture par l'équipe de modération, en général sous deux jours ouvrés.</p>"
        "<h2>4. Votez</h2>"
        "<p>Quand une consultation passe au vote, chaque participant dispose d'un bulletin. "
        "Vous pouvez modifier votre choix jusqu'à la clôture ; seul le dernier compte.</p>"
        "<h2>5. Suivez les suites données</h2>"
        "<p>À la fin de chaque consultation, une synthèse présente les chiffres de "
        "participation, les propositions retenues et celles qui ne le sont pas, avec les "
        "raisons. Les élus du conseil d'administration y répondent dans les trois mois.</p>"
        "<h2>Charte de participation</h2>"
        "<ul><li>on débat des idées, pas des personnes : pas d'insulte, de moquerie ni de "
        "propos discriminatoire ;</li>"
        "<li>on ne publie aucune information personnelle sur autrui (nom d'un agent, plaque "
        "d'immatriculation, photo d'une personne reconnaissable) ;</li>"
        "<li>pas de publicité, de propagande électorale ni de contenu hors sujet ;</li>"
        "<li>une contribution refusée ou masquée l'est pour un motif de cette charte, qui vous "
        "est indiqué par courriel.</li></ul>"
        "<h2>Besoin d'aide ?</h2>"
        f"<p>L'équipe de la mission participation répond au {contact['contact_phone']} du lundi "
        "au vendredi, de 9 h à 12 h 30 et de 14 h à 17 h, ou par courriel à "
        f'<a href="mailto:{contact["contact_email"]}">{contact["contact_email"]}</a>. Les '
        "médiateurs numériques des médiathèques de la Métropole peuvent aussi vous accompagner "
        "pour créer votre compte.</p>",
        "Le mode d'emploi du portail : créer un compte, faire vérifier sa résidence, proposer, "
        "soutenir, voter, et la charte que chaque participant s'engage à respecter.",
        show_in_menus=True,
    )


def legal_notice_page(site):
    org = ORGANISATION
    return _page(
        "legal-notice",
        "mentions-legales",
        "Mentions légales",
        f"Qui publie le {site.site_label}, qui l'héberge et à quelles conditions vous pouvez en "
        "réutiliser le contenu.",
        "<h2>Éditeur</h2>"
        f"<p>Le {site.site_label} est édité par {org['name']}, "
        f"{org['legal_form']}, détenue par {org['owners']}.</p>"
        f"<p>{org['registration']}<br>Siège social : {org['address']}<br>"
        f"Téléphone : {org['phone']}</p>"
        "<h2>Direction de la publication</h2>"
        f"<p>Directrice de la publication : {org['director']}. Le conseil d'administration "
        f"est présidé par {org['chair']}.</p>"
        "<h2>Hébergement</h2>"
        f"<p>{org['host']}. Les données sont hébergées en France.</p>"
        "<h2>Conception et réalisation</h2>"
        "<p>Équipe numérique de Rives de Saône Loisirs, à partir du logiciel libre « Portail de "
        "la participation », diffusé sous licence AGPL-3.0-or-later. Illustrations : Rives de "
        "Saône Loisirs.</p>"
        "<h2>Propriété intellectuelle et réutilisation</h2>"
        "<p>Les textes rédigés par Rives de Saône Loisirs peuvent être réutilisés en citant la "
        "source et la date de mise à jour. Les contributions des participants restent leur "
        "propriété ; en les publiant, ils autorisent leur reproduction sur ce site, dans les "
        "synthèses et dans les documents présentés aux instances de la Métropole.</p>"
        "<h2>Liens vers d'autres sites</h2>"
        "<p>Les liens vers des sites extérieurs sont fournis à titre d'information. Rives de "
        "Saône Loisirs n'est pas responsable de leur contenu.</p>"
        "<h2>Données personnelles</h2>"
        "<p>La façon dont nous traitons vos données et les droits dont vous disposez sont "
        "décrits sur la page « Données personnelles ».</p>",
        f"Mentions légales : éditeur ({org['name']}, société publique locale), directrice de la "
        "publication, hébergeur et conditions de réutilisation des contenus.",
    )


def privacy_page(site):
    org = ORGANISATION
    contact = site.identity
    return _page(
        "privacy",
        "donnees-personnelles",
        "Données personnelles",
        "Quelles données nous recueillons quand vous participez, pourquoi, combien de temps "
        "nous les gardons et comment exercer vos droits.",
        "<h2>Responsable du traitement</h2>"
        f"<p>{org['name']}, {org['address']}, représentée par sa directrice générale. "
        "La mission participation gère le portail au quotidien.</p>"
        "<h2>Délégué à la protection des données</h2>"
        "<p>Notre délégué à la protection des données est mutualisé avec la Métropole Rives de "
        f'Saône. Écrivez-lui à <a href="mailto:{org["dpo_email"]}">{org["dpo_email"]}</a> ou '
        f"par courrier : Délégué à la protection des données, {org['name']}, {org['address']}.</p>"
        "<h2>Ce que nous recueillons et pourquoi</h2>"
        "<ul><li><b>Votre compte</b> : adresse électronique, nom d'affichage, mot de passe "
        "(conservé sous une forme hachée, illisible), et si vous les indiquez, nom, prénom, "
        "code postal et quartier. Ils servent à vous identifier et à vous écrire au sujet de "
        "vos contributions.</li>"
        "<li><b>La vérification de résidence</b> : la date, le mode de vérification et l'agent "
        "qui l'a faite. Vos justificatifs ne sont ni copiés ni conservés.</li>"
        "<li><b>Vos contributions</b> : propositions, commentaires, soutiens et votes, publiés "
        "sous votre nom d'affichage. Le sens de votre vote n'est jamais publié.</li>"
        "<li><b>L'historique de connexion</b> : date, adresse IP et navigateur de chaque "
        "connexion, pour protéger votre compte et vous permettre de repérer un accès "
        "suspect.</li></ul>"
        "<h2>Base légale</h2>"
        "<p>Ces traitements relèvent de la mission d'intérêt public confiée par la Métropole à "
        "Rives de Saône Loisirs (article 6.1.e du RGPD), qui comprend la consultation des "
        "usagers. Les courriels d'information sur les nouvelles consultations reposent sur "
        "votre consentement (article 6.1.a), que vous pouvez retirer à tout moment depuis "
        "« Mon compte ».</p>"
        "<h2>Qui y a accès</h2>"
        "<p>Les agents de la mission participation et l'équipe de modération. Les élus et les "
        "services de la Métropole reçoivent des synthèses et des exports qui ne contiennent "
        "pas vos coordonnées. Notre hébergeur, Saône Numérique, agit pour notre compte. Aucune "
        "donnée n'est vendue, ni transférée hors de l'Union européenne.</p>"
        "<h2>Durées de conservation</h2>"
        "<ul><li>compte : tant qu'il est actif, puis supprimé après trois ans sans connexion, "
        "un courriel d'avertissement vous étant envoyé un mois avant ;</li>"
        "<li>historique de connexion : douze mois ;</li>"
        "<li>contributions : publiées pendant la consultation et dans sa synthèse, puis "
        "archivées dix ans au titre des archives publiques. Si vous supprimez votre compte, "
        "elles restent lisibles sous la mention « participant supprimé » et ne sont plus "
        "reliées à vous ;</li>"
        "<li>demandes d'exercice de vos droits : trois ans.</li></ul>"
        "<h2>Vos droits</h2>"
        "<p>Vous pouvez accéder à vos données, les rectifier, les effacer, en limiter "
        "l'utilisation, vous opposer à leur traitement et les récupérer dans un format "
        "réutilisable. Depuis « Mon compte », vous pouvez directement télécharger toutes vos "
        "données et supprimer votre compte. Pour toute autre demande, écrivez au délégué à la "
        f'protection des données ou à <a href="mailto:{contact["contact_email"]}">'
        f"{contact['contact_email']}</a> ; nous répondons sous un mois.</p>"
        "<p>Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une "
        "réclamation à la Commission nationale de l'informatique et des libertés (CNIL), "
        "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, ou en ligne sur "
        '<a href="https://www.cnil.fr/fr/plaintes">www.cnil.fr/fr/plaintes</a>.</p>'
        "<h2>Cookies</h2>"
        "<p>Le portail ne dépose que les cookies nécessaires à son fonctionnement : session de "
        "connexion, protection des formulaires et langue choisie. Aucun cookie de mesure "
        "d'audience ni de réseau social : c'est pourquoi aucun bandeau ne vous demande votre "
        "accord.</p>",
        "Données personnelles : responsable du traitement, finalités, base légale, durées de "
        "conservation, vos droits, contact du délégué à la protection des données et recours "
        "auprès de la CNIL.",
    )


def accessibility_page(site):
    contact = site.identity
    return _page(
        "accessibility",
        "accessibilite",
        "Accessibilité",
        "Accessibilité : partiellement conforme. Où en est ce site au regard du référentiel "
        "général d'amélioration de l'accessibilité (RGAA), et comment nous signaler une "
        "difficulté.",
        "<p>Rives de Saône Loisirs s'engage à rendre ses sites internet accessibles "
        "conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette "
        f"déclaration d'accessibilité s'applique au {site.site_label} "
        f"(http://{site.hostname}/).</p>"
        "<h2>État de conformité</h2>"
        f"<p>Le {site.site_label} est <b>partiellement conforme</b> "
        "avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1.2, "
        "en raison des non-conformités énumérées ci-dessous.</p>"
        "<h2>Résultats des tests</h2>"
        "<p>L'audit interne réalisé en novembre 2026 sur un échantillon de douze pages révèle "
        "que 81 % des critères applicables du RGAA sont respectés. Un audit complet par un "
        "prestataire indépendant est programmé au premier trimestre 2027 ; cette déclaration "
        "sera mise à jour avec ses résultats.</p>"
        "<h2>Contenus non accessibles</h2>"
        "<ul><li>certains documents PDF joints aux consultations (plans, comptes rendus de "
        "réunion) ne sont pas balisés ; une version texte est envoyée sur simple demande ;</li>"
        "<li>les vidéos de présentation hébergées sur YouTube n'ont pas toutes de sous-titres "
        "relus ;</li>"
        "<li>sur les cartes des équipements, les repères ne sont pas tous accompagnés d'une "
        "liste équivalente.</li></ul>"
        "<p>Dérogations pour charge disproportionnée : aucune.</p>"
        "<h2>Établissement de cette déclaration</h2>"
        "<p>Déclaration établie le 25 novembre 2026. Technologies utilisées : HTML5, CSS, "
        "JavaScript (facultatif). Tests réalisés avec NVDA 2024 et Firefox, VoiceOver et Safari "
        "sur iOS, le zoom du navigateur à 200 % et la navigation au clavier seul.</p>"
        "<h2>Retour d'information et contact</h2>"
        "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez-nous à "
        f'<a href="mailto:{contact["contact_email"]}">{contact["contact_email"]}</a> ou '
        f"appelez le {contact['contact_phone']} : nous vous orienterons vers une alternative "
        "accessible ou vous transmettrons le contenu sous une autre forme.</p>"
        "<h2>Voies de recours</h2>"
        "<p>Si vous nous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un "
        "contenu ou à un service et que vous n'avez pas obtenu de réponse satisfaisante, vous "
        "pouvez saisir le Défenseur des droits :</p>"
        "<ul><li>par le formulaire en ligne : "
        '<a href="https://formulaire.defenseurdesdroits.fr/">formulaire.defenseurdesdroits.fr'
        "</a> ;</li>"
        "<li>en contactant le délégué du Défenseur des droits de votre département ;</li>"
        "<li>par téléphone au 09 69 39 00 00 ;</li>"
        "<li>par courrier gratuit, sans affranchissement : Défenseur des droits, Libre réponse "
        "71120, 75342 Paris CEDEX 07.</li></ul>",
        "Déclaration d'accessibilité (RGAA 4.1.2) : site partiellement conforme, résultats de "
        "l'audit, contenus non accessibles, contact et recours au Défenseur des droits.",
        show_in_menus=True,
    )


def editorial_pages(site):
    """The pages every facility site carries, in menu order."""
    return [
        how_to_page(site),
        accessibility_page(site),
        legal_notice_page(site),
        privacy_page(site),
    ]


DEMO_ACCOUNTS = [
    DemoAccount(
        email="admin@demo.example",
        password="demo-admin-2026",
        role="Administrateur (superutilisateur)",
        first_name="Sacha",
        last_name="Lemaire",
        display_name="Sacha L. – équipe numérique",
        is_superuser=True,
    ),
    DemoAccount(
        email="moderation@demo.example",
        password="demo-moderation-2026",
        role="Modératrice",
        first_name="Nadia",
        last_name="Belkacem",
        display_name="Nadia B. – modération",
        groups=("Moderators",),
    ),
    DemoAccount(
        email="redaction@demo.example",
        password="demo-redaction-2026",
        role="Rédacteur",
        first_name="Julien",
        last_name="Ferrand",
        display_name="Julien F. – rédaction",
        groups=("Editors",),
    ),
    DemoAccount(
        email="elue@demo.example",
        password="demo-elue-sports-2026",
        role="Élue",
        first_name="Claire",
        last_name="Vasseur",
        display_name="Claire Vasseur, vice-présidente aux sports",
        groups=("Elected officials",),
    ),
    DemoAccount(
        email="citoyenne.verifiee@demo.example",
        password="demo-habitante-2026",
        role="Habitante vérifiée",
        first_name="Inès",
        last_name="Moreau",
        display_name="Inès M.",
        verified_resident=True,
        postcode="69003",
        neighbourhood="Les Tanneurs",
    ),
    DemoAccount(
        email="citoyen@demo.example",
        password="demo-citoyen-2026",
        role="Citoyen (résidence non vérifiée)",
        first_name="Thomas",
        last_name="Girard",
        display_name="Thomas G.",
        postcode="69100",
        neighbourhood="Villebois – Les Charmettes",
    ),
]

# The moderator who checked the verified residents' proof of address at a desk.
RESIDENT_VERIFIER_EMAIL = "moderation@demo.example"


def _accounts_table():
    rows = [("Rôle", "Adresse électronique", "Mot de passe", "Accès")]
    for account in DEMO_ACCOUNTS:
        access = "portail + administration" if account.reaches_admin else "portail"
        rows.append((account.role, account.email, account.password, access))
    rows.append(
        (
            f"Citoyens générés ({CITIZENS_PER_SCALE} × --scale)",
            f"prenom.nom.N@{DEMO_EMAIL_DOMAIN}",
            CITIZEN_PASSWORD,
            "portail",
        )
    )
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = [
        "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


# A Markdown table, aligned so that it also reads well in a terminal.
ACCOUNTS_TABLE = _accounts_table()

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Inès",
    "Jade",
    "Louise",
    "Sarah",
    "Zoé",
    "Clara",
    "Juliette",
    "Lina",
    "Anaïs",
    "Mathilde",
    "Nour",
    "Salomé",
    "Élise",
    "Margaux",
    "Aïcha",
    "Sophie",
    "Nathalie",
    "Isabelle",
    "Sylvie",
    "Françoise",
    "Monique",
    "Mireille",
    "Lucas",
    "Hugo",
    "Louis",
    "Nathan",
    "Gabriel",
    "Arthur",
    "Jules",
    "Adam",
    "Mathis",
    "Théo",
    "Raphaël",
    "Yanis",
    "Maël",
    "Noah",
    "Karim",
    "Mehdi",
    "Antoine",
    "Baptiste",
    "Quentin",
    "Romain",
    "Nicolas",
    "Laurent",
    "Philippe",
    "Patrick",
    "Bernard",
    "Thierry",
    "Dominique",
    "Alix",
    "Sacha",
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
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guerin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Benali",
    "Haddad",
    "Nguyen",
    "Da Silva",
    "Le Gall",
    "Ferreira",
    "Brun",
    "Chauvin",
    "Collomb",
    "Perret",
    "Bouvier",
    "Tissot",
    "Jacquet",
    "Berthet",
]

# Postcode and neighbourhood of the metropolis' districts where generated residents live.
DISTRICTS = [
    ("69001", "Saint-Clair – Centre"),
    ("69002", "Les Mariniers"),
    ("69003", "Les Tanneurs"),
    ("69003", "Bellecombe"),
    ("69004", "Plateau des Canuts"),
    ("69005", "Saint-Roch"),
    ("69007", "Port-Fluvial"),
    ("69008", "Les Vignes"),
    ("69100", "Villebois – Les Charmettes"),
    ("69100", "Villebois – Grand-Clos"),
    ("69270", "Fontaines-la-Rivière"),
]
