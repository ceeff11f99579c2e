"""Importing a pabulib election as a closed consultation (demos, benchmarks, verification).

Everything is created in one transaction: a "Pabulib" list of consultations (once), the
consultation (vote closed, budget from the file), one local project per file project (cost and
pabulib project_id kept), one inactive account per voter and their ballots. Accounts, ballots and
choices are bulk-created: the largest shared file (6,586 voters) imports in seconds.
"""

import datetime
import secrets

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Site

from .. import budgeting
from ..models import (
    Ballot,
    BallotChoice,
    ConsultationIndexPage,
    ConsultationPage,
    LocalProjectPage,
    User,
)

INDEX_SLUG = "pabulib"


def index_page(slug, title, intro):
    """The home page's list of consultations with this slug, made on first use (imports)."""
    home = Site.objects.get(is_default_site=True).root_page
    existing = ConsultationIndexPage.objects.child_of(home).filter(slug=slug).first()
    if existing:
        return existing
    return home.add_child(instance=ConsultationIndexPage(title=title, slug=slug, intro=intro))


def _index_page():
    return index_page(
        INDEX_SLUG, "Pabulib",
        "Budgets participatifs réels importés de pabulib.org, pour les démonstrations et les vérifications.",
    )


def _vote_dates(meta):
    """The file's voting dates (dd.mm.yyyy) when readable, else last week; always in the past."""
    now = timezone.now()
    try:
        begin = datetime.datetime.strptime(meta.get("date_begin", ""), "%d.%m.%Y")
        end = datetime.datetime.strptime(meta.get("date_end", ""), "%d.%m.%Y") + datetime.timedelta(days=1)
        begin, end = timezone.make_aware(begin), timezone.make_aware(end)
        if begin < end < now:
            return begin, end
    except ValueError:
        pass
    return now - datetime.timedelta(days=8), now - datetime.timedelta(days=1)


def unique_slug(parent, base):
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def import_pb(pb, *, source_name):
    """Create the consultation for a parsed file (`pabulib.PbFile`); returns it."""
    meta = pb.meta
    place = " ".join(filter(None, [meta.get("unit"), meta.get("subunit") or meta.get("district"), meta.get("instance")]))
    title = (place or source_name)[:255]
    opens, closes = _vote_dates(meta)
    cumulative = pb.kind == budgeting.CUMULATIVE
    with transaction.atomic():
        index = _index_page()
        consultation = index.add_child(instance=ConsultationPage(
            title=title,
            slug=unique_slug(index, slugify(source_name)[:200] or "pabulib"),
            question=(meta.get("description") or title)[:255],
            summary=f"Importé de pabulib.org ({source_name}).",
            proposals_enabled=False,
            vote_method=ConsultationPage.VoteMethod.POINTS if cumulative else ConsultationPage.VoteMethod.BUDGET,
            budget=pb.budget,
            points_per_voter=_points_per_voter(pb) if cumulative else None,
            vote_opens_at=opens,
            vote_closes_at=closes,
        ))
        project_pages = {}
        for number, project in enumerate(pb.projects.values(), start=1):
            name = project.name or f"Projet {project.project_id}"
            project_pages[project.project_id] = consultation.add_child(instance=LocalProjectPage(
                title=name[:255],
                slug=f"p{number}-{slugify(project.project_id)}"[:255],
                summary=name[:400],
                cost=project.cost,
                external_id=project.project_id,
            ))
        # Voters cannot sign in: an unusable password and an inactive account.
        token = secrets.token_hex(4)
        password = make_password(None)
        voters = User.objects.bulk_create(
            [
                User(email=f"pabulib-{consultation.pk}-{token}-{number}@pabulib.invalid",
                     display_name=f"Votant {voter_id}"[:60], password=password, is_active=False)
                for number, (voter_id, _vote) in enumerate(pb.votes, start=1)
            ],
            batch_size=2000,
        )
        method = consultation.vote_method
        ballots = Ballot.objects.bulk_create(
            [Ballot(consultation=consultation, voter=voter, method=method) for voter in voters],
            batch_size=2000,
        )
        BallotChoice.objects.bulk_create(
            (
                BallotChoice(ballot=ballot, project=project_pages[project_id], value=value)
                for ballot, (_voter_id, vote) in zip(ballots, pb.votes)
                for project_id, value in vote.items()
                if value > 0
            ),
            batch_size=5000,
        )
    return consultation


def _points_per_voter(pb):
    declared = pb.meta.get("max_sum_points", "")
    if declared.isdigit() and int(declared) > 0:
        return int(declared)
    return max((sum(vote.values()) for _voter, vote in pb.votes), default=1) or 1
