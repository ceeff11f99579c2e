"""`manage.py seed_demo [--scale N]`: the demo portal of a fictional metropolis, in French.

Every step creates what is missing and leaves what exists alone: `make run` calls this command
before each start, so a second run must neither duplicate anything nor undo what someone changed
in the admin during the demo. Generated data comes from fixed seeds and is the same on every
machine. The texts live in home.demo_content and home.demo_consultations.

Contributions (proposals, comments, supports, ballots) follow the portal's rules without going
through its services, which would take hours at --scale 100: each is dated inside the phase that
allows it, written by someone allowed to write it, ballots pass `validate_choices`, and the counts
stored on proposals and comments are computed from the rows inserted with them.
"""

import logging
import math
import random
import re
import time
import unicodedata
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from PIL import Image as PillowImage
from PIL import ImageChops, ImageColor, ImageDraw, ImageFont
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from consultations.models import (
    Ballot,
    BallotChoice,
    Comment,
    CommentUpvote,
    Consent,
    ConsultationIndexPage,
    ConsultationPage,
    Facility,
    LocalProjectPage,
    Neighbourhood,
    Proposal,
    ResidentVerificationEvent,
    Support,
    TaggedProposal,
    User,
)
from consultations.phases import Phase
from consultations.services.accounts import TERMS_VERSION
from consultations.services.verification import verify_at_desk
from consultations.services.voting import ballot_projects, validate_choices
from home import demo_consultations, demo_content
from home.models import HomePage, SiteIdentity, StandardPage

BATCH_SIZE = 500
# Proposals generated at once, with their tags, supports, comments and upvotes.
PROPOSAL_CHUNK = 250
ROW_BATCH_SIZE = 5000
CONTRIBUTION_NAMESPACE = uuid.UUID(demo_consultations.CONTRIBUTION_NAMESPACE)

CREATED_LABELS = {
    "images": "images",
    "sites": "sites",
    "pages": "pages éditoriales",
    "home_pages": "pages d'accueil rédigées",
    "identities": "identités de site",
    "accounts": "comptes de démonstration",
    "citizens": "citoyens générés",
    "neighbourhoods": "quartiers",
    "facilities": "équipements",
    "documents": "documents",
    "index_pages": "listes de consultations",
    "consultations": "consultations",
    "projects": "projets soumis au vote",
    "tags": "mots-clés",
    "proposals": "propositions",
    "supports": "soutiens",
    "comments": "commentaires",
    "upvotes": "votes « utile »",
    "ballots": "bulletins",
    "choices": "choix sur les bulletins",
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
            # Places first: desk checks name the neighbourhood they verify.
            places = self.seed_places()
            accounts = self.seed_accounts()
            self.seed_citizens(scale, verified_by=accounts[demo_content.RESIDENT_VERIFIER_EMAIL])
            document = self.seed_document()
            consultations = self.seed_consultations(sites, images, places, document)
            self.seed_participation(scale, consultations, places)
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
                user.set_password(spec.password)
                user.save()
                Consent.objects.create(
                    user=user, kind=Consent.Kind.TERMS, document_version=TERMS_VERSION
                )
                if spec.verified_resident:
                    # Through the service, as at a real desk: the Residents screen and the
                    # account's history show who checked it.
                    verify_at_desk(
                        user,
                        staff=accounts[demo_content.RESIDENT_VERIFIER_EMAIL],
                        postcode=spec.postcode,
                        neighbourhood=spec.neighbourhood,
                        note="Justificatif de domicile présenté à l'accueil (démonstration).",
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
            # The audit trail the verification service would have written, in bulk.
            ResidentVerificationEvent.objects.bulk_create(
                ResidentVerificationEvent(
                    user_id=ids[citizen.email],
                    action=ResidentVerificationEvent.Action.VERIFIED,
                    method=citizen.resident_verification_method,
                    # Staff at a desk; with a letter code, the resident themselves.
                    actor_id=verified_by.pk
                    if citizen.resident_verification_method == User.VerificationMethod.DESK
                    else ids[citizen.email],
                    at=citizen.resident_verified_at,
                    area=citizen.neighbourhood or citizen.postcode,
                )
                for citizen in batch
                if citizen.is_verified_resident
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

    def seed_places(self):
        """Quarters of the metropolis and the facilities the company runs, as snippets."""
        neighbourhoods = {n.name: n for n in Neighbourhood.objects.all()}
        for spec in demo_consultations.NEIGHBOURHOODS:
            if spec.name not in neighbourhoods:
                neighbourhoods[spec.name] = Neighbourhood.objects.create(
                    name=spec.name, postcodes=spec.postcodes
                )
                self.created["neighbourhoods"] += 1
        facilities = {f.name: f for f in Facility.objects.all()}
        for spec in demo_consultations.FACILITIES:
            if spec.name not in facilities:
                facilities[spec.name] = Facility.objects.create(
                    name=spec.name,
                    address=spec.address,
                    neighbourhood=neighbourhoods.get(spec.neighbourhood),
                )
                self.created["facilities"] += 1
        return Places(neighbourhoods, facilities)

    def seed_document(self):
        """The PDF attached to the pools consultation, found again by title."""
        document_model = get_document_model()
        document = document_model.objects.filter(title=demo_consultations.DOCUMENT_TITLE).first()
        if document is None:
            content = draw_attendance_chart(demo_consultations.DOCUMENT_BARS)
            document = document_model(
                title=demo_consultations.DOCUMENT_TITLE,
                file=ContentFile(content, name=demo_consultations.DOCUMENT_FILENAME),
                file_size=len(content),
            )
            document._set_file_hash()
            document.save()
            self.created["documents"] += 1
        return document

    def seed_consultations(self, sites, images, places, document):
        """A list of consultations per site, each consultation with its projects, published."""
        now = timezone.now()
        anchor = timezone.localtime(now).replace(hour=9, minute=0, second=0, microsecond=0)
        indexes = {}
        for site_key, (title, slug, intro) in demo_consultations.INDEX_PAGES.items():
            home = Page.objects.get(pk=sites[site_key].root_page_id)
            index = home.get_children().filter(slug=slug).first()
            if index is None:
                index = home.add_child(
                    instance=ConsultationIndexPage(
                        title=title,
                        slug=slug,
                        intro=demo_content.french_spacing(intro),
                        search_description=demo_content.french_spacing(intro),
                        show_in_menus=True,
                    )
                )
                index.save_revision().publish()
                self.created["index_pages"] += 1
            indexes[site_key] = index
        seeded = {}
        for spec in demo_consultations.CONSULTATIONS:
            index = indexes[spec.site]
            page = ConsultationPage.objects.child_of(index).filter(slug=spec.slug).first()
            if page is None:
                page = self._create_consultation(spec, index, anchor, images, places, document)
            existing = {
                project.slug: project for project in LocalProjectPage.objects.child_of(page)
            }
            for project_spec in spec.projects:
                if project_spec.slug not in existing:
                    project = page.add_child(
                        instance=LocalProjectPage(
                            title=project_spec.title,
                            slug=project_spec.slug,
                            summary=project_spec.summary,
                            description=project_spec.description,
                            cost=project_spec.cost,
                            status=project_spec.status,
                            address=project_spec.address,
                            image=images.get(project_spec.image),
                            search_description=project_spec.summary,
                        )
                    )
                    project.save_revision().publish()
                    self.created["projects"] += 1
            seeded[spec.key] = SeededConsultation(spec, page)
        return seeded

    def _create_consultation(self, spec, index, anchor, images, places, document):
        dates = {name: anchor + timedelta(days=offset) for name, offset in spec.days.items()}
        page = ConsultationPage(
            title=demo_content.french_spacing(spec.title),
            slug=spec.slug,
            question=demo_content.french_spacing(spec.question),
            summary=demo_content.french_spacing(spec.summary),
            search_description=demo_content.french_spacing(spec.summary),
            organiser=spec.organiser,
            facility=places.facilities.get(spec.facility),
            image=images.get(spec.image),
            address=spec.address,
            latitude=spec.latitude or None,
            longitude=spec.longitude or None,
            audience=spec.audience,
            eligible_postcodes=spec.eligible_postcodes,
            proposals_enabled=spec.proposals_enabled,
            vote_method=spec.vote_method,
            max_choices=spec.max_choices,
            budget=spec.budget,
            points_per_voter=spec.points_per_voter,
            live_results=spec.live_results,
            moderation=spec.moderation,
            decision=spec.decision,
            context=[_resolve_block(block, images, document) for block in spec.context],
            **dates,
        )
        page.neighbourhoods = [places.neighbourhoods[name] for name in spec.neighbourhoods]
        page.tags.add(*spec.tags)
        page = index.add_child(instance=page)
        page.save_revision().publish()
        # Dated back to when the consultation was announced, three weeks before its first phase,
        # so that the list of consultations shows the older ones last.
        announced = min(min(dates.values()) - timedelta(days=21), timezone.now())
        Page.objects.filter(pk=page.pk).update(
            first_published_at=announced, last_published_at=announced
        )
        self.created["consultations"] += 1
        return page

    def seed_participation(self, scale, consultations, places):
        """Proposals, supports, comments and ballots of the generated citizens."""
        citizens = self._citizen_pool(scale)
        if not citizens:
            return
        tags = self._proposal_tags()
        for seeded in consultations.values():
            page, spec = seeded.page, seeded.spec
            eligible_names = set(page.eligible_neighbourhoods.values_list("name", flat=True))
            pool = [c for c in citizens if _may_take_part(page, c, eligible_names)]
            if not pool:
                continue
            writer = ContributionWriter(self, spec, page, pool)
            self.seed_proposals(writer, scale, places, tags)
            self.seed_discussions(writer)
            self.seed_ballots(writer)

    def _citizen_pool(self, scale):
        """The generated citizens of this scale, citizen N at index N − 1."""
        wanted = demo_content.CITIZENS_PER_SCALE * scale
        number = re.compile(r"\.(\d+)@")
        rows = User.objects.filter(
            email__endswith=f"@{demo_content.DEMO_EMAIL_DOMAIN}"
        ).values_list(
            "pk",
            "email",
            "postcode",
            "neighbourhood",
            "is_verified_resident",
            "date_joined",
            "resident_verified_at",
        )
        pool = []
        for pk, email, postcode, neighbourhood, verified, joined, verified_at in rows:
            match = number.search(email)
            if match and int(match.group(1)) <= wanted:
                pool.append(
                    Citizen(
                        pk,
                        int(match.group(1)),
                        postcode,
                        neighbourhood,
                        verified,
                        joined,
                        verified_at,
                    )
                )
        return sorted(pool, key=lambda citizen: citizen.index)

    def _proposal_tags(self):
        names = demo_consultations.theme_tags()
        tags = {tag.name.lower(): tag for tag in Tag.objects.filter(name__in=names)}
        for name in names:
            if name.lower() not in tags:
                tags[name.lower()] = Tag.objects.create(name=name)
                self.created["tags"] += 1
        return tags

    def seed_proposals(self, writer, scale, places, tags):
        """`proposals_per_scale` × scale proposals per consultation, each with its own seed."""
        spec, page = writer.spec, writer.page
        if not page.proposals_enabled or not spec.proposals_per_scale:
            return
        window = writer.proposal_window()
        if window is None:
            return
        wanted = spec.proposals_per_scale * scale
        present = set(
            Proposal.objects.filter(consultation=page).values_list("submission_key", flat=True)
        )
        missing = [
            number
            for number in range(wanted)
            if contribution_key(spec.key, "proposition", number) not in present
        ]
        if not missing:
            return
        done = wanted - len(missing)
        for start in range(0, len(missing), PROPOSAL_CHUNK):
            plans = [
                plan
                for number in missing[start : start + PROPOSAL_CHUNK]
                if (plan := writer.plan_proposal(number, window, places)) is not None
            ]
            writer.insert_proposals(plans, tags)
            done += len(missing[start : start + PROPOSAL_CHUNK])
            self.stdout.write(f"Propositions « {page.title} » : {done}/{wanted}")

    def seed_discussions(self, writer):
        """Comments on the consultation itself and on each of its projects."""
        targets = [("consultation", writer.page, writer.discussion_window(None))]
        for project in ballot_projects(writer.page):
            targets.append(("local_project", project, writer.discussion_window(project)))
        for field_name, target, window in targets:
            if window is None:
                continue
            writer.insert_discussion(field_name, target, window)

    def seed_ballots(self, writer):
        """Ballots of a share of the eligible citizens, once the vote has opened."""
        page = writer.page
        if not page.votes_on_projects or page.phase not in {
            Phase.VOTE,
            Phase.RESULTS,
            Phase.DECISION,
        }:
            return
        projects = list(ballot_projects(page))
        if not projects:
            return
        voters = set(Ballot.objects.filter(consultation=page).values_list("voter_id", flat=True))
        plans = [
            plan
            for citizen in writer.pool
            if citizen.pk not in voters
            and (plan := writer.plan_ballot(citizen, projects)) is not None
        ]
        cast = len(voters)
        for start in range(0, len(plans), ROW_BATCH_SIZE):
            batch = plans[start : start + ROW_BATCH_SIZE]
            writer.insert_ballots(batch)
            cast += len(batch)
            self.stdout.write(f"Bulletins « {page.title} » : {cast}")

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


@dataclass(frozen=True)
class Citizen:
    pk: int
    index: int
    postcode: str
    neighbourhood: str
    verified: bool
    joined: object
    verified_at: object


@dataclass(frozen=True)
class Places:
    neighbourhoods: dict
    facilities: dict


@dataclass(frozen=True)
class SeededConsultation:
    spec: object
    page: object


@dataclass
class CommentPlan:
    comment: object
    parent: int | None
    upvotes: list


@dataclass
class ProposalPlan:
    proposal: object
    tags: tuple
    supports: list
    comments: list


@dataclass
class BallotPlan:
    ballot: object
    choices: list


def contribution_key(consultation_key, kind, number):
    """The submission key of a generated contribution: how later runs recognise it."""
    return uuid.uuid5(CONTRIBUTION_NAMESPACE, f"{consultation_key}/{kind}/{number}")


def _may_take_part(page, citizen, eligible_names):
    # consultations.permissions.can_take_part, for the tuples the seed works with: every
    # generated citizen has a verified email address.
    if page.audience != ConsultationPage.Audience.RESIDENTS:
        return True
    if not citizen.verified:
        return False
    postcodes = set(page.postcode_list)
    if not postcodes and not eligible_names:
        return True
    return citizen.postcode in postcodes or citizen.neighbourhood in eligible_names


def _moment(rng, start, end, since=None):
    """A random instant in [start, end) after `since`, or None when there is none."""
    low = max(start, since) if since else start
    if low >= end:
        return None
    return low + (end - low) * rng.random()


class ContributionWriter:
    """Draws and inserts the contributions of one consultation's eligible citizens."""

    def __init__(self, command, spec, page, pool):
        self.command = command
        self.spec = spec
        self.page = page
        self.pool = pool
        self.now = timezone.now()
        self.residents_only = page.audience == ConsultationPage.Audience.RESIDENTS
        self.pre_moderated = page.moderation == ConsultationPage.Moderation.PRE
        self.upvote_mean = 0.6 + 0.02 * math.sqrt(len(pool))
        closes = page.proposals_closes_at or self.now
        if page.vote_method == ConsultationPage.VoteMethod.SUPPORT and page.vote_closes_at:
            self.supports_end = min(page.vote_closes_at, self.now)
        else:
            self.supports_end = min(closes, self.now)
        if page.vote_method != ConsultationPage.VoteMethod.NONE and page.vote_closes_at:
            self.comments_end = min(page.vote_closes_at, self.now)
        else:
            self.comments_end = min(closes, self.now)

    def since(self, citizen):
        """From when a citizen may take part: sign-up, or residence check where it counts."""
        if self.residents_only and citizen.verified_at:
            return max(citizen.joined, citizen.verified_at)
        return citizen.joined

    def proposal_window(self):
        opens = self.page.proposals_opens_at
        if not opens or opens >= self.now:
            return None
        return opens, min(self.page.proposals_closes_at or self.now, self.now)

    def discussion_window(self, project):
        page = self.page
        if project is None:
            first = min(date for date in page.phase_dates.values() if date)
            start = min(first - timedelta(days=14), self.now - timedelta(days=7))
        else:
            start = page.proposals_closes_at or page.vote_opens_at or self.now
        if start >= self.comments_end:
            return None
        return start, self.comments_end

    def plan_proposal(self, number, window, places):
        spec, pool = self.spec, self.pool
        rng = random.Random(f"seed_demo {spec.key} proposal {number}")
        benchmark = spec.key == demo_consultations.BENCHMARK_CONSULTATION and number == 0
        start, end = window
        if benchmark:
            end = start + (end - start) / 5
        for _attempt in range(10):
            author = rng.choice(pool)
            created = _moment(rng, start, end, self.since(author))
            if created:
                break
        else:
            return None
        if benchmark:
            text = demo_consultations.ProposalText(
                demo_consultations.BENCHMARK_PROPOSAL_TITLE,
                demo_consultations.BENCHMARK_PROPOSAL_BODY,
                ("horaires", "sport"),
                "Les Mariniers",
            )
        else:
            text = demo_consultations.proposal_text(spec.theme, rng)
        status = self._proposal_status(rng, benchmark)
        published_at = None
        if status in {Proposal.Status.PUBLISHED, Proposal.Status.HIDDEN, Proposal.Status.WITHDRAWN}:
            delay = timedelta(hours=rng.uniform(2, 48)) if self.pre_moderated else timedelta()
            published_at = min(created + delay, self.now)
        neighbourhood = places.neighbourhoods.get(text.neighbourhood)
        if neighbourhood is None and rng.random() < 0.3:
            neighbourhood = places.neighbourhoods.get(author.neighbourhood)
        proposal = Proposal(
            consultation_id=self.page.pk,
            author_id=author.pk,
            title=text.title,
            body=text.body,
            neighbourhood=neighbourhood,
            status=status,
            created_at=created,
            updated_at=published_at or created,
            published_at=published_at,
            submission_key=contribution_key(spec.key, "proposition", number),
        )
        supports, comments = [], []
        if status == Proposal.Status.PUBLISHED:
            if benchmark:
                wanted = round(0.4 * len(pool))
            else:
                wanted = round(
                    spec.support_rate * 2 * math.sqrt(len(pool)) * rng.lognormvariate(-0.5, 1.0)
                )
            supports = self._supporters(rng, author, wanted, published_at)
            if published_at < self.comments_end:
                count = (
                    demo_consultations.BENCHMARK_COMMENTS
                    if benchmark
                    else round(0.8 * len(pool) ** 0.25 * rng.expovariate(1.0))
                )
                comments = self.plan_thread(
                    rng,
                    count,
                    (published_at, self.comments_end),
                    key=f"proposition/{number}/commentaire",
                    proposal_author=author,
                    always_published=benchmark,
                )
        return ProposalPlan(proposal, text.tags, supports, comments)

    def _proposal_status(self, rng, benchmark):
        if benchmark:
            return Proposal.Status.PUBLISHED
        draw = rng.random()
        if self.pre_moderated:
            if draw < 0.12:
                return Proposal.Status.REJECTED
            if draw < 0.27 and self.page.phase == Phase.PROPOSALS:
                return Proposal.Status.PENDING
            return Proposal.Status.PUBLISHED
        if draw < 0.02:
            return Proposal.Status.HIDDEN
        if draw < 0.05:
            return Proposal.Status.WITHDRAWN
        return Proposal.Status.PUBLISHED

    def _supporters(self, rng, author, wanted, since):
        wanted = max(0, min(wanted, len(self.pool) - 1))
        supports = []
        for citizen in rng.sample(self.pool, min(len(self.pool), wanted + 1)):
            if citizen.pk == author.pk:
                continue
            moment = _moment(rng, since, self.supports_end, self.since(citizen))
            if moment:
                supports.append((citizen.pk, moment))
            if len(supports) == wanted:
                break
        return supports

    def plan_thread(self, rng, count, window, *, key, proposal_author=None, always_published=False):
        """First-level comments and replies to them, a third of them replies."""
        start, end = window
        first_level = count if count < 3 else round(count * 0.64)
        plans, threads = [], []
        for number in range(count):
            parent = rng.choice(threads) if number >= first_level and threads else None
            by_author = (
                parent is not None
                and proposal_author is not None
                and plans[parent].comment.author_id != proposal_author.pk
                and rng.random() < 0.3
            )
            writer = proposal_author if by_author else rng.choice(self.pool)
            after = plans[parent].comment.created_at if parent is not None else start
            moment = _moment(rng, after, end, self.since(writer))
            if moment is None:
                continue
            if parent is None:
                stance = rng.choices(["for", "against", "neutral"], weights=[5, 3, 2])[0]
                body = demo_consultations.comment_text(self.spec.theme, stance, rng)
            else:
                stance = "neutral" if by_author else rng.choice(["for", "against", "neutral"])
                body = demo_consultations.reply_text(rng, by_author=by_author)
            status = Comment.Status.PUBLISHED if always_published else self._comment_status(rng)
            comment = Comment(
                author_id=writer.pk,
                body=body,
                stance=stance,
                status=status,
                created_at=moment,
                submission_key=contribution_key(self.spec.key, key, number),
            )
            upvotes = []
            if status == Comment.Status.PUBLISHED:
                upvotes = self._upvoters(rng, writer, moment)
                comment.upvote_count = len(upvotes)
                if parent is None:
                    threads.append(len(plans))
            plans.append(CommentPlan(comment, parent, upvotes))
        return plans

    def _comment_status(self, rng):
        draw = rng.random()
        if self.pre_moderated:
            if draw < 0.05:
                return Comment.Status.REJECTED
            if draw < 0.15 and self.comments_end == self.now:
                return Comment.Status.PENDING
            return Comment.Status.PUBLISHED
        return Comment.Status.HIDDEN if draw < 0.03 else Comment.Status.PUBLISHED

    def _upvoters(self, rng, author, since):
        wanted = min(int(rng.expovariate(1 / self.upvote_mean)), len(self.pool) - 1)
        if wanted <= 0:
            return []
        upvotes = []
        for citizen in rng.sample(self.pool, wanted + 1):
            if citizen.pk == author.pk:
                continue
            moment = _moment(rng, since, self.now, citizen.joined)
            if moment:
                upvotes.append((citizen.pk, moment))
            if len(upvotes) == wanted:
                break
        return upvotes

    def insert_proposals(self, plans, tags):
        for plan in plans:
            plan.proposal.support_count = len(plan.supports)
            plan.proposal.comment_count = sum(
                1 for comment in plan.comments if comment.comment.status == Comment.Status.PUBLISHED
            )
        proposals = [plan.proposal for plan in plans]
        with stored_timestamps(Proposal, Support):
            Proposal.objects.bulk_create(proposals, batch_size=ROW_BATCH_SIZE)
            _read_back_pks(Proposal, proposals, "submission_key")
            TaggedProposal.objects.bulk_create(
                (
                    TaggedProposal(content_object_id=plan.proposal.pk, tag_id=tags[name.lower()].pk)
                    for plan in plans
                    for name in plan.tags
                ),
                batch_size=ROW_BATCH_SIZE,
            )
            supports = [
                Support(proposal_id=plan.proposal.pk, user_id=user_id, created_at=moment)
                for plan in plans
                for user_id, moment in plan.supports
            ]
            Support.objects.bulk_create(supports, batch_size=ROW_BATCH_SIZE)
        self._insert_comments([("proposal_id", plan.proposal.pk, plan.comments) for plan in plans])
        self.command.created["proposals"] += len(proposals)
        self.command.created["supports"] += len(supports)

    def insert_discussion(self, field_name, target, window):
        if Comment.objects.filter(**{field_name: target}).exists():
            return
        spec = self.spec
        base = spec.page_comments if field_name == "consultation" else 2
        count = base + round(len(self.pool) ** 0.3)
        rng = random.Random(f"seed_demo {spec.key} {target.slug} comments")
        plans = self.plan_thread(rng, count, window, key=f"{target.slug}/commentaire")
        self._insert_comments([(f"{field_name}_id", target.pk, plans)])

    def _insert_comments(self, threads):
        """Insert first-level comments, then replies pointing at them, then their upvotes."""
        first_level, replies = [], []
        for field_name, target_pk, plans in threads:
            for plan in plans:
                setattr(plan.comment, field_name, target_pk)
                (first_level if plan.parent is None else replies).append((plan, plans))
        with stored_timestamps(Comment, CommentUpvote):
            comments = [plan.comment for plan, _plans in first_level]
            Comment.objects.bulk_create(comments, batch_size=ROW_BATCH_SIZE)
            _read_back_pks(Comment, comments, "submission_key")
            for plan, plans in replies:
                plan.comment.parent_id = plans[plan.parent].comment.pk
            answers = [plan.comment for plan, _plans in replies]
            Comment.objects.bulk_create(answers, batch_size=ROW_BATCH_SIZE)
            _read_back_pks(Comment, answers, "submission_key")
            upvotes = [
                CommentUpvote(comment_id=plan.comment.pk, user_id=user_id, created_at=moment)
                for plan, _plans in first_level + replies
                for user_id, moment in plan.upvotes
            ]
            CommentUpvote.objects.bulk_create(upvotes, batch_size=ROW_BATCH_SIZE)
        self.command.created["comments"] += len(comments) + len(answers)
        self.command.created["upvotes"] += len(upvotes)

    def plan_ballot(self, citizen, projects):
        page, spec = self.page, self.spec
        rng = random.Random(f"seed_demo {spec.key} ballot {citizen.index}")
        if rng.random() >= spec.turnout:
            return None
        closes = min(page.vote_closes_at, self.now)
        cast = _moment(rng, page.vote_opens_at, closes, self.since(citizen))
        if cast is None:
            return None
        appeal = {project.slug: project.appeal for project in spec.projects}
        choices = draw_choices(page, projects, appeal, rng)
        # The service's own rules: a seed that breaks them fails here, not in the demo.
        validate_choices(page, choices, projects=projects)
        revision, changed = 0, cast
        if rng.random() < 0.12:
            revision, changed = rng.randint(1, 2), _moment(rng, cast, closes) or cast
        ballot = Ballot(
            consultation_id=page.pk,
            voter_id=citizen.pk,
            method=page.vote_method,
            created_at=cast,
            updated_at=changed,
            revision=revision,
        )
        return BallotPlan(ballot, choices)

    def insert_ballots(self, plans):
        ballots = [plan.ballot for plan in plans]
        with stored_timestamps(Ballot):
            Ballot.objects.bulk_create(ballots, batch_size=ROW_BATCH_SIZE)
        _read_back_pks(Ballot, ballots, "receipt")
        choices = [
            BallotChoice(ballot_id=plan.ballot.pk, project_id=project_id, value=value)
            for plan in plans
            for project_id, value in plan.choices
        ]
        BallotChoice.objects.bulk_create(choices, batch_size=ROW_BATCH_SIZE)
        self.command.created["ballots"] += len(ballots)
        self.command.created["choices"] += len(choices)


def draw_choices(page, projects, appeal, rng):
    """(project_id, value) pairs of one voter, favouring the projects with more appeal."""
    method = page.vote_method
    Method = ConsultationPage.VoteMethod
    ranked = sorted(
        projects,
        key=lambda project: rng.random() ** (1 / appeal.get(project.slug, 1.0)),
        reverse=True,
    )
    if method == Method.BUDGET:
        wanted, spent, chosen = rng.choice((1, 2, 3, 3, 4, 5)), 0, []
        for project in ranked:
            if len(chosen) < wanted and spent + project.cost <= page.budget:
                chosen.append((project.pk, 1))
                spent += project.cost
        return chosen
    if method == Method.APPROVAL:
        return [(project.pk, 1) for project in ranked[: rng.randint(1, page.max_choices)]]
    if method == Method.POINTS:
        allowance = page.points_per_voter
        count = min(len(ranked), rng.choice((1, 2, 2, 3, 3, 4)))
        total = allowance if rng.random() < 0.85 else rng.randint(count, allowance)
        count = min(count, total)
        cuts = sorted(rng.sample(range(1, total), count - 1))
        shares = sorted(
            (high - low for low, high in zip([0, *cuts], [*cuts, total], strict=True)),
            reverse=True,
        )
        return [(project.pk, share) for project, share in zip(ranked, shares, strict=False)]
    choices = []
    for project in projects:
        weight = appeal.get(project.slug, 1.0)
        if rng.random() < 0.06:
            continue
        if rng.random() < weight / (weight + 0.9):
            choices.append((project.pk, 1))
        else:
            choices.append((project.pk, 0 if rng.random() < 0.2 else -1))
    return choices or [(projects[0].pk, 0)]


@contextmanager
def stored_timestamps(*models):
    """Let bulk inserts keep the dates the seed chose instead of auto_now(_add)'s "now"."""
    fields = [
        field
        for model in models
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _read_back_pks(model, objects, key):
    # PostgreSQL and SQLite ≥ 3.35 return primary keys from bulk inserts; others do not.
    missing = [obj for obj in objects if obj.pk is None]
    if missing:
        pks = dict(
            model.objects.filter(
                **{f"{key}__in": [getattr(obj, key) for obj in missing]}
            ).values_list(key, "pk")
        )
        for obj in missing:
            obj.pk = pks[getattr(obj, key)]


def _resolve_block(block, images, document):
    """Swap the image keys and document title of a demo context block for primary keys."""
    if block["type"] == "image":
        return {**block, "value": {**block["value"], "image": images[block["value"]["image"]].pk}}
    if block["type"] == "document":
        return {**block, "value": {**block["value"], "document": document.pk}}
    return block


def draw_attendance_chart(bars):
    """A one-page PDF: attendance per pool as a bar chart."""
    width, height = 1240, 1754
    page = PillowImage.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    title_font = ImageFont.load_default(size=44)
    font = ImageFont.load_default(size=30)
    draw.text(
        (100, 120), "Fréquentation 2026 des centres aquatiques", fill="#0b4f6c", font=title_font
    )
    draw.text((100, 190), "Entrées par centre, toutes activités", fill="#333333", font=font)
    top = max(value for _name, value in bars)
    for number, (name, value) in enumerate(bars):
        left = 140 + number * 250
        bar_height = int(900 * value / top)
        draw.rectangle((left, 1300 - bar_height, left + 160, 1300), fill="#1b7a9c")
        draw.text((left, 1320), name, fill="#333333", font=font)
        draw.text(
            (left, 1260 - bar_height),
            f"{value:,}".replace(",", "\u202f"),
            fill="#333333",
            font=font,
        )
    output = BytesIO()
    page.save(output, format="PDF", resolution=150)
    return output.getvalue()


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
