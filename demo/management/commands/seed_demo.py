"""`manage.py seed_demo [--scale N] [--port P]`: the demo portal of a fictional metropolis, in French.

The texts and facts live in demo/data/*.yaml; this command reads them and builds the portal.
Every step creates what is missing and leaves what exists alone: `make run` calls it before each
start, so a second run neither duplicates anything nor undoes what someone changed in the admin
during the demo. Generated data comes from fixed seeds and is the same on every machine.

Role accounts, sites and pages are few and go the way an editor or a desk would (the verified demo
resident through services.verification.verify_at_desk). The generated volume of --scale (40
citizens per unit; at --scale 100, 2,000 proposals in the busiest consultation, about 30,000
comments, 375,000 supports and 4,500 ballots) is written in bulk, keeping these rules:

- every author, supporter and voter may take part (permissions.can_take_part: verified address,
  verified residence and area where the consultation asks for them), from their sign-up on, and
  from their residence check on where it counts;
- every contribution is dated inside the phase that allows it: proposals while they are collected,
  supports while supports are open, comments until the discussion closes, replies after their
  comment, upvotes after theirs, ballots (and their changes) while the vote is open;
- supports and comments go to published proposals only; nobody supports their own proposal or
  upvotes their own comment, nor twice the same; replies are one level deep, on their comment's
  target; pre-moderated consultations have pending and rejected contributions, others hidden ones;
- ballots: one per voter, the consultation's vote method, choices that pass
  services.voting.validate_choices (projects on the ballot, values, limits, budget, points);
- titles, bodies, stances and statuses pass the model fields' validation; the unique and check
  constraints hold (one support, upvote, ballot, choice per project, one target per comment);
- support_count, comment_count (published comments) and upvote_count are computed from the rows
  inserted with them; the author of a proposal follows it, as after submit_proposal;
- once written, every consultation that got rows gets a new activity stamp, and the people stamp
  is renewed once, as the services' writes would have done (bulk inserts send no signal).

It bypasses, on purpose:

- the services themselves (submit_proposal, support_proposal, post_comment, upvote_comment,
  cast_ballot): they act now, in the current phase, while the demo is a history across phases that
  are over; and one call per row would take hours at --scale 100;
- the rate limits, which stop floods from a live form, not a history written at once, and the
  spam guards of consultations/contribution_guards.py (links from young accounts, a text repeated
  within the hour) for the same reason;
- emails: no reply, moderation or phase notification goes out for invented contributions;
- moderators' log entries for the generated volume: its hidden, rejected and pending statuses
  are set directly, as no moderator acted; the cases of moderation.yaml (reports, decisions, a
  suspension) go through the moderation services instead (demo/moderation.py);
- for generated citizens, the sign-up and verification flows: one password hash for all (hashing
  thousands takes minutes), addresses verified and consents given as sign-up records them, and
  verification events written as the services write them, dated between sign-up and now;
- Wagtail's search index of proposals, which bulk inserts do not fill: the portal searches
  proposals in the database (selectors.search_proposals).
"""

import logging
import os
import time
from collections import Counter
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from consultations import activity
from demo import accounts, campaign_discussions, decisions, financing, financing_updates, images, implementation, moderation, opinions, pages, places, synthesis, teams, volume

CREATED_LABELS = {
    "images": "images",
    "sites": "sites",
    "pages": "pages éditoriales",
    "home_pages": "pages d'accueil rédigées",
    "identities": "identités de site",
    "teams": "équipes de rédaction",
    "moderator_teams": "équipes de modération",
    "moderation_cases": "contributions modérées ou signalées",
    "sanctions": "sanctions",
    "answers": "réponses officielles",
    "decisions": "décisions du conseil",
    "accounts": "comptes de démonstration",
    "citizens": "citoyens générés",
    "neighbourhoods": "quartiers",
    "facilities": "équipements",
    "documents": "documents",
    "index_pages": "listes de consultations",
    "follow_up_pages": "pages de suivi des réalisations",
    "syntheses": "synthèses pour les élus",
    "consultations": "consultations",
    "projects": "projets soumis au vote",
    "tags": "mots-clés",
    "proposals": "propositions",
    "supports": "soutiens",
    "comments": "commentaires",
    "upvotes": "votes « utile »",
    "ballots": "bulletins",
    "choices": "choix sur les bulletins",
    "decisions": "décisions du conseil",
    "implementation_updates": "points d'avancement",
    "opinion_rounds": "tours d'opinions",
    "statements": "affirmations",
    "statement_votes": "votes sur les affirmations",
    "opinion_results": "calculs des groupes d'opinion",
    "campaign_pages": "pages de financement participatif",
    "campaigns": "campagnes de financement",
    "pledges": "contributions",
    "campaign_updates": "nouvelles de campagnes",
    "campaign_comments": "commentaires de campagnes",
    "interest_expressions": "marques d'intérêt",
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
                f"({accounts.CITIZENS_PER_SCALE} citoyens par unité, 1 par défaut)."
            ),
        )

        parser.add_argument(
            "--port",
            type=int,
            default=None,
            help=(
                "Port sur lequel le portail est servi (variable PORT, sinon 8000) : les sites, "
                "les adresses affichées et les liens des courriels l'utilisent."
            ),
        )

    def handle(self, *args, scale, verbosity, port=None, **options):
        if scale < 0:
            raise CommandError("--scale doit être un entier positif ou nul.")
        if port is None:
            port = os.environ.get("PORT", "8000")
        try:
            port = int(port)
        except ValueError:
            raise CommandError("--port (ou PORT) doit être un numéro de port.") from None
        if not 0 < port < 65536:
            raise CommandError("--port (ou PORT) doit être un numéro de port.")
        started = time.monotonic()
        created = Counter()
        progress = self.stdout.write
        # Each published page logs half a dozen INFO lines that would bury the accounts table.
        quiet = ("wagtail", "django_tasks", "consultations.services.notifications") if verbosity < 2 else ()
        # Emails go out when the transaction commits: withheld until after it.
        with emails_withheld(), loggers_at_warning(*quiet), transaction.atomic():
            illustrations = images.seed_images(created)
            sites = pages.seed_sites(created, port)
            editorial = pages.seed_editorial_pages(sites, created)
            pages.seed_home_pages(sites, editorial, illustrations, created)
            pages.seed_identities(sites, editorial, illustrations, created)
            teams.seed_site_teams(sites, created)
            moderation.seed_site_moderators(sites, created)
            # Places first: desk checks name the neighbourhood they verify.
            territory = places.seed_places(created)
            staff = accounts.seed_accounts(created)
            accounts.seed_citizens(
                scale,
                verified_by=staff[accounts.RESIDENT_VERIFIER],
                created=created,
                progress=progress,
            )
            documents = images.seed_documents(created)
            consultations = pages.seed_consultations(
                sites, illustrations, documents, territory, created
            )
            touched = volume.seed_volume(
                scale, consultations, territory, created=created, progress=progress
            )
            touched |= moderation.seed_moderation(consultations, staff, created)
            touched |= decisions.seed_decisions(consultations, created)
            implementation.seed_follow_up_pages(sites, created)
            touched |= implementation.seed_updates(consultations, staff, created)
            touched |= opinions.seed_opinion_rounds(scale, consultations, created)
            financing.seed_financing(sites, territory, created)
            financing_updates.seed_campaign_news(created)
            campaign_discussions.seed_campaign_discussions(sites, scale, created)
            # Last: the frozen figures include the decisions and moderation seeded above.
            synthesis.seed_syntheses(consultations, created)
            for consultation_id in touched:
                activity.touch(consultation_id)
            if touched or created["citizens"]:
                activity.touch_people()
        self.report(created, time.monotonic() - started, port)

    def report(self, created, elapsed, port):
        if created:
            summary = ", ".join(f"{count} {CREATED_LABELS[key]}" for key, count in created.items())
            self.stdout.write(f"Créé : {summary}.")
        else:
            self.stdout.write("Rien à créer : les données de démonstration sont déjà en place.")
        seconds = f"{elapsed:.1f}".replace(".", ",")
        self.stdout.write(self.style.SUCCESS(f"Portail de démonstration prêt en {seconds} s."))
        self.stdout.write("")
        self.stdout.write("Sites (avec « make run ») :")
        for spec in pages.SITES:
            self.stdout.write(
                f"  {_at_port('http://' + spec['hostname'] + '/', port)}  "
                f"{spec['identity']['organisation_name']}"
            )
        self.stdout.write("")
        self.stdout.write("Comptes de démonstration")
        self.stdout.write(f"  connexion : {_at_port(accounts.LOGIN_URL, port)}")
        self.stdout.write(f"  administration : {_at_port(accounts.ADMIN_URL, port)}")
        self.stdout.write("")
        self.stdout.write(accounts.accounts_table())


def _at_port(url, port):
    parts = urlsplit(url)
    netloc = parts.hostname if port == 80 else f"{parts.hostname}:{port}"
    return urlunsplit(parts._replace(netloc=netloc))


@contextmanager
def emails_withheld():
    """No email for what the demo invents (decisions, reports, the suspension): the services send
    them through the default backend, here one that sends nothing."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        yield


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
