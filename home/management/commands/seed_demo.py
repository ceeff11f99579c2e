"""`manage.py seed_demo [--scale N]`: the demo portal of a fictional metropolis, in French.

Every step creates what is missing and leaves what exists alone: `make run` calls this command
before each start, so a second run must neither duplicate anything nor undo what someone changed
in the admin during the demo. Generated data comes from fixed seeds and is the same on every
machine. The texts live in home.demo_content.
"""

import logging
import math
import random
import time
import unicodedata
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta
from io import BytesIO

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from PIL import Image as PillowImage
from PIL import ImageChops, ImageColor, ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from consultations.models import Consent, User
from consultations.services.accounts import TERMS_VERSION
from home import demo_content
from home.models import HomePage, SiteIdentity, StandardPage

BATCH_SIZE = 500

CREATED_LABELS = {
    "images": "images",
    "sites": "sites",
    "pages": "pages éditoriales",
    "home_pages": "pages d'accueil rédigées",
    "identities": "identités de site",
    "accounts": "comptes de démonstration",
    "citizens": "citoyens générés",
}


class Command(BaseCommand):
    help = (
        "Crée (ou complète) le portail de démonstration : sites, pages, images, comptes de "
        "démonstration et citoyens générés. Peut être relancée sans rien dupliquer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help=(
                "Multiplie le volume généré "
                f"({demo_content.CITIZENS_PER_SCALE} citoyens par unité, 1 par défaut)."
            ),
        )

    def handle(self, *args, scale, verbosity, **options):
        if scale < 0:
            raise CommandError("--scale doit être un entier positif ou nul.")
        started = time.monotonic()
        self.created = Counter()
        # Each published page logs half a dozen INFO lines that would bury the accounts table.
        quiet = ("wagtail", "django_tasks") if verbosity < 2 else ()
        with transaction.atomic(), loggers_at_warning(*quiet):
            images = self.seed_images()
            sites = self.seed_sites()
            pages = self.seed_pages(sites)
            self.seed_home_pages(sites, pages, images)
            self.seed_identities(sites, pages, images)
            accounts = self.seed_accounts()
            self.seed_citizens(scale, verified_by=accounts[demo_content.RESIDENT_VERIFIER_EMAIL])
        self.report(time.monotonic() - started)

    def seed_images(self):
        """Illustrations drawn locally, found again by title on later runs."""
        image_model = get_image_model()
        images = {}
        for spec in demo_content.IMAGES:
            image = image_model.objects.filter(title=spec.title).first()
            if image is None:
                content = ImageFile(BytesIO(draw_illustration(spec)), name=spec.filename)
                image = image_model(title=spec.title, file=content)
                # What the admin's upload view does, so duplicate detection and renditions work.
                image._set_image_file_metadata()
                image.save()
                self.created["images"] += 1
            images[spec.key] = image
        return images

    def seed_sites(self):
        """One Wagtail site per facility, each with its own home page, served by hostname."""
        root = Page.get_first_root_node()
        sites = {}
        for spec in demo_content.SITES:
            site = Site.objects.filter(hostname=spec.hostname).order_by("port").first()
            if site is None and spec.is_default:
                site = Site.objects.filter(is_default_site=True).first()
            if site is None:
                home = root.get_children().filter(slug=spec.home_slug).first()
                if home is None:
                    home = root.add_child(
                        instance=HomePage(title=spec.home_title, slug=spec.home_slug)
                    )
                site = Site.objects.create(
                    hostname=spec.hostname,
                    port=80,
                    root_page=home,
                    site_name=spec.site_name,
                    is_default_site=False,
                )
                self.created["sites"] += 1
            if spec.is_default and site.hostname == spec.hostname:
                self._serve_by_default(site)
            sites[spec.key] = site
        return sites

    def _serve_by_default(self, site):
        # Browsers reach the demo as 127.0.0.1:8000, which only the default site answers; another
        # site already made the default in the admin is left in charge.
        if site.port == 80 and site.is_default_site:
            return
        site.port = 80
        if not Site.objects.filter(is_default_site=True).exclude(pk=site.pk).exists():
            site.is_default_site = True
        site.save()

    def seed_pages(self, sites):
        """How-to, accessibility, legal notice and privacy pages under each home page."""
        pages = {}
        for spec in demo_content.SITES:
            home = Page.objects.get(pk=sites[spec.key].root_page_id)
            existing = {page.slug: page for page in home.get_children()}
            for page_spec in demo_content.editorial_pages(spec):
                page = existing.get(page_spec.slug)
                if page is None:
                    page = home.add_child(
                        instance=StandardPage(
                            title=page_spec.title,
                            slug=page_spec.slug,
                            intro=page_spec.intro,
                            body=page_spec.body,
                            search_description=page_spec.search_description,
                            show_in_menus=page_spec.show_in_menus,
                        )
                    )
                    page.save_revision().publish()
                    self.created["pages"] += 1
                pages[spec.key, page_spec.key] = page
        return pages

    def seed_home_pages(self, sites, pages, images):
        """Write home pages that have no body yet: fresh from the migration or from seed_sites."""
        for spec in demo_content.SITES:
            home = Page.objects.get(pk=sites[spec.key].root_page_id).specific
            if not isinstance(home, HomePage) or home.body:
                continue
            how_to = pages[spec.key, "how-to"]
            home.title = spec.home_title
            home.search_description = spec.home_search_description
            home.body = [
                {
                    "type": "hero",
                    "value": {
                        "heading": spec.hero_heading,
                        "text": spec.hero_text,
                        # Abstract illustrations carry no information: screen readers skip them.
                        "image": {
                            "image": images[spec.hero_image].pk,
                            "decorative": True,
                            "alt_text": "",
                        },
                        "button_text": how_to.title,
                        "button_page": how_to.pk,
                    },
                },
                {"type": "text", "value": spec.about},
                {
                    "type": "featured",
                    "value": {
                        "heading": spec.featured_heading,
                        "pages": [
                            how_to.pk,
                            pages[spec.key, "accessibility"].pk,
                            pages[spec.key, "privacy"].pk,
                        ],
                    },
                },
                {
                    "type": "call_to_action",
                    "value": {
                        "heading": spec.cta_heading,
                        "text": spec.cta_text,
                        "button_text": spec.cta_button,
                        "page": None,
                        "url": spec.cta_url,
                    },
                },
            ]
            home.save_revision().publish()
            self.created["home_pages"] += 1

    def seed_identities(self, sites, pages, images):
        """Name, colours, contact, legal pages and social links of each site, if never filled in."""
        for spec in demo_content.SITES:
            identity = SiteIdentity.for_site(sites[spec.key])
            if identity.organisation_name:
                continue
            for field, value in spec.identity.items():
                setattr(identity, field, value)
            identity.logo = images[spec.logo]
            identity.default_social_image = images[spec.social_image]
            identity.legal_notice_page = pages[spec.key, "legal-notice"]
            identity.privacy_page = pages[spec.key, "privacy"]
            identity.accessibility_page = pages[spec.key, "accessibility"]
            identity.full_clean()
            identity.save()
            self.created["identities"] += 1

    def seed_accounts(self):
        """One account per role, with the documented password and a verified address."""
        group_names = {name for account in demo_content.DEMO_ACCOUNTS for name in account.groups}
        groups = {group.name: group for group in Group.objects.filter(name__in=group_names)}
        if missing := group_names - groups.keys():
            raise CommandError(
                f"Groupes introuvables : {', '.join(sorted(missing))}. "
                "Lancez d'abord « manage.py migrate »."
            )
        accounts = {}
        for spec in demo_content.DEMO_ACCOUNTS:
            user = User.objects.filter(email__iexact=spec.email).first()
            if user is None:
                user = User(
                    email=spec.email,
                    first_name=spec.first_name,
                    last_name=spec.last_name,
                    display_name=spec.display_name,
                    postcode=spec.postcode,
                    neighbourhood=spec.neighbourhood,
                    is_staff=spec.is_superuser,
                    is_superuser=spec.is_superuser,
                )
                if spec.verified_resident:
                    user.is_verified_resident = True
                    user.resident_verified_at = timezone.now()
                    user.resident_verification_method = User.VerificationMethod.DESK
                    user.resident_verified_by = accounts.get(demo_content.RESIDENT_VERIFIER_EMAIL)
                user.set_password(spec.password)
                user.save()
                Consent.objects.create(
                    user=user, kind=Consent.Kind.TERMS, document_version=TERMS_VERSION
                )
                self.created["accounts"] += 1
            user.groups.add(*(groups[name] for name in spec.groups))
            EmailAddress.objects.get_or_create(
                user=user, email=spec.email, defaults={"primary": True, "verified": True}
            )
            accounts[spec.email] = user
        return accounts

    def seed_citizens(self, scale, *, verified_by):
        """CITIZENS_PER_SCALE × scale residents and visitors, citizen N always the same person."""
        wanted = demo_content.CITIZENS_PER_SCALE * scale
        domain = f"@{demo_content.DEMO_EMAIL_DOMAIN}"
        present = set(User.objects.filter(email__endswith=domain).values_list("email", flat=True))
        now = timezone.now()
        missing = [
            citizen
            for citizen in (generated_citizen(index, now) for index in range(1, wanted + 1))
            if citizen.email not in present
        ]
        done = wanted - len(missing)
        if not missing:
            self.stdout.write(f"Citoyens : {done}/{wanted} (déjà présents)")
            return
        # One hash for everybody: hashing thousands of passwords would take minutes.
        password = make_password(demo_content.CITIZEN_PASSWORD)
        for start in range(0, len(missing), BATCH_SIZE):
            batch = missing[start : start + BATCH_SIZE]
            for citizen in batch:
                citizen.password = password
                if citizen.is_verified_resident:
                    citizen.resident_verified_by = verified_by
            User.objects.bulk_create(batch)
            # Not every backend returns primary keys from bulk_create: read them back.
            ids = dict(
                User.objects.filter(email__in=[citizen.email for citizen in batch]).values_list(
                    "email", "pk"
                )
            )
            EmailAddress.objects.bulk_create(
                EmailAddress(user_id=pk, email=email, primary=True, verified=True)
                for email, pk in ids.items()
            )
            Consent.objects.bulk_create(
                Consent(user_id=pk, kind=Consent.Kind.TERMS, document_version=TERMS_VERSION)
                for pk in ids.values()
            )
            # given_at is auto_now_add: date each consent back to its sign-up.
            Consent.objects.filter(user_id__in=ids.values()).update(
                given_at=Subquery(
                    User.objects.filter(pk=OuterRef("user_id")).values("date_joined")[:1]
                )
            )
            done += len(batch)
            self.created["citizens"] += len(batch)
            self.stdout.write(f"Citoyens : {done}/{wanted}")

    def report(self, elapsed):
        if self.created:
            summary = ", ".join(
                f"{count} {CREATED_LABELS[key]}" for key, count in self.created.items()
            )
            self.stdout.write(f"Créé : {summary}.")
        else:
            self.stdout.write("Rien à créer : les données de démonstration sont déjà en place.")
        seconds = f"{elapsed:.1f}".replace(".", ",")
        self.stdout.write(self.style.SUCCESS(f"Portail de démonstration prêt en {seconds} s."))
        self.stdout.write("")
        self.stdout.write("Sites (avec « make run ») :")
        for spec in demo_content.SITES:
            self.stdout.write(
                f"  http://{spec.hostname}:8000/  {spec.identity['organisation_name']}"
            )
        self.stdout.write("")
        self.stdout.write("Comptes de démonstration")
        self.stdout.write(f"  connexion : {demo_content.LOGIN_URL}")
        self.stdout.write(f"  administration : {demo_content.ADMIN_URL}")
        self.stdout.write("")
        self.stdout.write(demo_content.ACCOUNTS_TABLE)


@contextmanager
def loggers_at_warning(*names):
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def generated_citizen(index, now):
    """Citizen number `index`, drawn from its own seed so it does not depend on --scale."""
    rng = random.Random(f"seed_demo citizen {index}")
    first_name = rng.choice(demo_content.FIRST_NAMES)
    last_name = rng.choice(demo_content.LAST_NAMES)
    joined = now - timedelta(days=rng.randint(1, 540), minutes=rng.randint(0, 24 * 60))
    citizen = User(
        email=f"{_email_part(first_name)}.{_email_part(last_name)}.{index}"
        f"@{demo_content.DEMO_EMAIL_DOMAIN}",
        first_name=first_name,
        last_name=last_name,
        display_name=f"{first_name} {last_name[0]}.",
        date_joined=joined,
    )
    if rng.random() < 0.5:
        citizen.postcode, citizen.neighbourhood = rng.choice(demo_content.DISTRICTS)
        citizen.is_verified_resident = True
        citizen.resident_verified_at = joined + (now - joined) * rng.random()
        citizen.resident_verification_method = rng.choice(
            [User.VerificationMethod.DESK, User.VerificationMethod.LETTER_CODE]
        )
    elif rng.random() < 0.5:
        citizen.postcode, citizen.neighbourhood = rng.choice(demo_content.DISTRICTS)
    return citizen


def _email_part(name):
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(ascii_name.lower().replace("'", " ").split())


def draw_illustration(spec):
    """A gradient with a few shapes (waves, skate tracks or tents), as PNG or JPEG bytes."""
    width, height = spec.size
    top, bottom, *highlight = (ImageColor.getrgb(colour) for colour in spec.colours)
    rng = random.Random(spec.key)
    is_logo = spec.motif.endswith("-logo")
    if is_logo:
        disc = PillowImage.new("L", spec.size, 0)
        ImageDraw.Draw(disc).ellipse((8, 8, width - 8, height - 8), fill=255)
        canvas = PillowImage.new("RGBA", spec.size, top + (0,))
        canvas.putalpha(disc)
    else:
        mask = PillowImage.linear_gradient("L").resize(spec.size)
        canvas = PillowImage.composite(
            PillowImage.new("RGB", spec.size, bottom), PillowImage.new("RGB", spec.size, top), mask
        ).convert("RGBA")
    overlay = PillowImage.new("RGBA", spec.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    motif = spec.motif.removesuffix("-logo")
    if motif in ("waves", "waves-sun"):
        if is_logo:
            _draw_waves(draw, spec.size, rng, rows=3, band=(0.32, 0.68), line_width=width // 24)
        else:
            _draw_waves(draw, spec.size, rng, rows=7, band=(0.3, 0.85), line_width=width // 90)
        if motif == "waves-sun":
            radius = height // 6
            centre = (int(width * 0.78), int(height * 0.28))
            draw.ellipse(
                (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius),
                fill=(highlight or [bottom])[0] + (235,),
            )
    elif motif == "ice":
        _draw_skate_tracks(draw, spec.size, rng, tracks=5 if is_logo else 12, is_logo=is_logo)
    elif motif == "tents":
        _draw_campsite(draw, spec.size, rng, disc_colour=top, is_logo=is_logo)
    if is_logo:
        overlay.putalpha(ImageChops.multiply(overlay.getchannel("A"), disc))
    canvas = PillowImage.alpha_composite(canvas, overlay)
    output = BytesIO()
    if spec.filename.endswith(".png"):
        canvas.save(output, format="PNG", optimize=True)
    else:
        canvas.convert("RGB").save(output, format="JPEG", quality=85)
    return output.getvalue()


def _draw_waves(draw, size, rng, *, rows, band, line_width):
    width, height = size
    for row in range(rows):
        baseline = height * (band[0] + (band[1] - band[0]) * row / (rows - 1))
        amplitude = height * rng.uniform(0.02, 0.045)
        period = width * rng.uniform(0.25, 0.45)
        phase = rng.uniform(0, 2 * math.pi)
        points = [
            (x, baseline + amplitude * math.sin(2 * math.pi * x / period + phase))
            for x in range(0, width + 8, 8)
        ]
        draw.line(points, fill=(255, 255, 255, 230 - row * 15), width=line_width)


def _draw_skate_tracks(draw, size, rng, *, tracks, is_logo):
    width, height = size
    for _track in range(tracks):
        box_width = width * rng.uniform(0.3, 0.9)
        box_height = height * rng.uniform(0.2, 0.6)
        left = rng.uniform(-0.1 * width, width - box_width * 0.6)
        top = rng.uniform(0.05 * height, height - box_height * 0.7)
        start = rng.uniform(0, 360)
        draw.arc(
            (left, top, left + box_width, top + box_height),
            start=start,
            end=start + rng.uniform(90, 250),
            fill=(255, 255, 255, rng.randint(120, 220)),
            width=width // 45 if is_logo else max(width // 160, 3),
        )


def _draw_campsite(draw, size, rng, *, disc_colour, is_logo):
    width, height = size
    forest = (45, 90, 61, 255)
    meadow = (79, 138, 91, 255)
    sun = ImageColor.getrgb("#f6c344") + (255,)
    radius = height // (5 if is_logo else 9)
    sun_centre = (int(width * 0.72), int(height * (0.3 if is_logo else 0.22)))
    draw.ellipse(
        (
            sun_centre[0] - radius,
            sun_centre[1] - radius,
            sun_centre[0] + radius,
            sun_centre[1] + radius,
        ),
        fill=sun,
    )
    if not is_logo:
        horizon = height * 0.62
        hills = (
            [(0, height)]
            + [
                (x, horizon - height * 0.08 * math.sin(math.pi * x / width * 2.2 + 0.4))
                for x in range(0, width + 10, 10)
            ]
            + [(width, height)]
        )
        draw.polygon(hills, fill=meadow)
        draw.rectangle((0, height * 0.88, width, height), fill=(88, 166, 201, 255))
        tent_count = 4
    else:
        tent_count = 1
    for number in range(tent_count):
        tent_width = width * (0.5 if is_logo else rng.uniform(0.1, 0.16))
        left = width * 0.25 if is_logo else width * (0.08 + 0.22 * number) + rng.uniform(0, 40)
        base = height * (0.78 if is_logo else rng.uniform(0.74, 0.84))
        apex = (left + tent_width / 2, base - tent_width * 0.75)
        colour = (255, 255, 255, 255) if is_logo else forest
        draw.polygon([(left, base), apex, (left + tent_width, base)], fill=colour)
        door = tent_width * 0.18
        door_colour = disc_colour + (255,) if is_logo else (246, 210, 139, 255)
        draw.polygon(
            [(apex[0] - door, base), (apex[0], base - tent_width * 0.4), (apex[0] + door, base)],
            fill=door_colour,
        )
