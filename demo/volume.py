"""Generated volume: the proposals, supports, comments, upvotes and ballots of generated citizens.

Each contribution is drawn from its own seeded generator, so the demo is the same on every
machine, and written in bulk. The rules it keeps, and those it bypasses and why, are listed in
the docstring of the seed_demo command.
"""

import math
import random
import uuid
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
from functools import cache

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef
from django.utils import timezone
from taggit.models import Tag

from consultations import permissions
from consultations.models import (
    Ballot,
    BallotChoice,
    Comment,
    CommentUpvote,
    ConsultationPage,
    Follow,
    Proposal,
    Support,
    TaggedProposal,
    User,
)
from consultations.phases import Phase
from consultations.services.voting import ballot_projects, validate_choices

from . import citizen_texts
from .accounts import CITIZENS_PER_SCALE, EMAIL_DOMAIN, citizen_index
from .bulk import ROW_BATCH_SIZE, insert, stored_timestamps

# Later runs recognise generated contributions by their submission keys, made in this namespace
# (see contribution_key): it must never change.
CONTRIBUTION_NAMESPACE = uuid.UUID("9b1f6c1e-2f0a-4d6e-9a53-6f3c2b8e7d41")
# Proposals generated at once, with their tags, supports, comments and upvotes.
PROPOSAL_CHUNK = 250
# Fields whose rules (length, plain text, choices) every generated row is checked against;
# its foreign keys point at rows the seed has just read or written.
DISTINCT_TITLE_ATTEMPTS = 30
PROPOSAL_CHECKED = ("title", "body", "status")
COMMENT_CHECKED = ("body", "stance", "status")


@dataclass(frozen=True)
class Citizen:
    index: int
    user: User

    @property
    def pk(self):
        return self.user.pk


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


def seed_volume(scale, consultations, places, *, created, progress):
    """Contributions of the generated citizens of this scale to each consultation they may take
    part in. Returns the primary keys of the consultations that got new rows."""
    citizens = citizen_pool(scale)
    if not citizens:
        return set()
    tags = _proposal_tags(created)
    touched = set()
    for spec, page in consultations:
        # The portal's own eligibility rule (verified address, residence, area).
        pool = [citizen for citizen in citizens if permissions.can_take_part(citizen.user, page)]
        if not pool:
            continue
        writer = ContributionWriter(spec, page, pool, created)
        seed_proposals(writer, scale, places, tags, progress)
        seed_discussions(writer)
        seed_ballots(writer, progress)
        if writer.wrote:
            touched.add(page.pk)
    return touched


def citizen_pool(scale):
    """The generated citizens of this scale, citizen N at index N − 1."""
    wanted = CITIZENS_PER_SCALE * scale
    users = (
        User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
        .only(
            "email",
            "postcode",
            "neighbourhood",
            "is_verified_resident",
            "date_joined",
            "resident_verified_at",
        )
        # What permissions.can_take_part would otherwise read with one query per citizen.
        .annotate(
            _has_verified_email=Exists(
                EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
            )
        )
    )
    pool = []
    for user in users:
        index = citizen_index(user.email)
        if index is not None and index <= wanted:
            pool.append(Citizen(index, user))
    return sorted(pool, key=lambda citizen: citizen.index)


def _proposal_tags(created):
    names = citizen_texts.theme_tags()
    tags = {tag.name.lower(): tag for tag in Tag.objects.filter(name__in=names)}
    for name in names:
        if name.lower() not in tags:
            tags[name.lower()] = Tag.objects.create(name=name)
            created["tags"] += 1
    return tags


def seed_proposals(writer, scale, places, tags, progress):
    """`proposals_per_scale` × scale proposals per consultation, each with its own seed."""
    spec, page = writer.spec, writer.page
    per_scale = spec.get("volume", {}).get("proposals_per_scale", 0)
    if not page.proposals_enabled or not per_scale:
        return
    window = writer.proposal_window()
    if window is None:
        return
    wanted = per_scale * scale
    present = set(
        Proposal.objects.filter(consultation=page).values_list("submission_key", flat=True)
    )
    missing = [
        number
        for number in range(wanted)
        if contribution_key(spec["key"], "proposition", number) not in present
    ]
    if not missing:
        return
    done = wanted - len(missing)
    for start in range(0, len(missing), PROPOSAL_CHUNK):
        chunk = missing[start : start + PROPOSAL_CHUNK]
        plans = [
            plan
            for number in chunk
            if (plan := writer.plan_proposal(number, window, places)) is not None
        ]
        writer.insert_proposals(plans, tags)
        done += len(chunk)
        progress(f"Propositions « {page.title} » : {done}/{wanted}")


def seed_discussions(writer):
    """Comments on the consultation itself and on each of its projects."""
    targets = [("consultation", writer.page, writer.discussion_window(None))]
    for project in ballot_projects(writer.page):
        targets.append(("local_project", project, writer.discussion_window(project)))
    for field_name, target, window in targets:
        if window is not None:
            writer.insert_discussion(field_name, target, window)


def seed_ballots(writer, progress):
    """Ballots of a share of the eligible citizens, once the vote has opened."""
    page = writer.page
    if not page.votes_on_projects or page.phase not in {Phase.VOTE, Phase.RESULTS, Phase.DECISION}:
        return
    projects = list(ballot_projects(page))
    if not projects:
        return
    voters = set(Ballot.objects.filter(consultation=page).values_list("voter_id", flat=True))
    plans = [
        plan
        for citizen in writer.pool
        if citizen.pk not in voters and (plan := writer.plan_ballot(citizen, projects)) is not None
    ]
    cast = len(voters)
    for start in range(0, len(plans), ROW_BATCH_SIZE):
        batch = plans[start : start + ROW_BATCH_SIZE]
        writer.insert_ballots(batch)
        cast += len(batch)
        progress(f"Bulletins « {page.title} » : {cast}")


def _moment(rng, start, end, since=None):
    """A random instant in [start, end) after `since`, or None when there is none."""
    low = max(start, since) if since else start
    if low >= end:
        return None
    return low + (end - low) * rng.random()


class ContributionWriter:
    """Draws and inserts the contributions of one consultation's eligible citizens."""

    def __init__(self, spec, page, pool, created):
        self.spec = spec
        self.volume = spec.get("volume", {})
        self.page = page
        self.pool = pool
        self.created = created
        self.wrote = False
        self.checked = set()
        self.titles = None  # read on the first proposal planned (_distinct_text)
        self.now = timezone.now()
        self.residents_only = page.audience == ConsultationPage.Audience.RESIDENTS
        self.pre_moderated = page.moderation == ConsultationPage.Moderation.PRE
        self.upvote_mean = 0.6 + 0.02 * math.sqrt(len(pool))
        closes = page.proposals_closes_at or self.now
        # Supports are open while proposals are collected, and during the vote when the vote
        # is by supports; comments until the vote closes, or until proposals close without a
        # vote (permissions.support_is_open and comments_are_open).
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
        user = citizen.user
        if self.residents_only and user.resident_verified_at:
            return max(user.date_joined, user.resident_verified_at)
        return user.date_joined

    def check_fields(self, row, names):
        """The model's field validation, once per distinct set of values: texts repeat."""
        values = (type(row), *(getattr(row, name) for name in names))
        if values not in self.checked:
            row.clean_fields(exclude=_all_but(type(row), names))
            self.checked.add(values)

    def _distinct_text(self, rng):
        """A proposal text whose title no other proposal of the consultation has: a list showing
        the same proposal several times reads as a bug. A theme has a few dozen titles at most, so
        past them a number sets the new one apart."""
        for _attempt in range(DISTINCT_TITLE_ATTEMPTS):
            text = citizen_texts.proposal_text(self.spec["theme"], rng)
            if text.title not in self.titles:
                return text
        number = 2
        while f"{text.title} ({number})" in self.titles:
            number += 1
        return replace(text, title=f"{text.title} ({number})")

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
        rng = random.Random(f"seed_demo {spec['key']} proposal {number}")
        benchmark = spec["key"] == citizen_texts.BENCHMARK["consultation"] and number == 0
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
        if self.titles is None:
            self.titles = set(
                Proposal.objects.filter(consultation=self.page).values_list("title", flat=True)
            )
        if benchmark:
            text = citizen_texts.benchmark_proposal_text()
        else:
            text = self._distinct_text(rng)
        self.titles.add(text.title)
        status = self._proposal_status(rng, benchmark)
        published_at = None
        if status in {Proposal.Status.PUBLISHED, Proposal.Status.HIDDEN, Proposal.Status.WITHDRAWN}:
            delay = timedelta(hours=rng.uniform(2, 48)) if self.pre_moderated else timedelta()
            published_at = min(created + delay, self.now)
        neighbourhood = places.neighbourhoods.get(text.neighbourhood)
        if neighbourhood is None and rng.random() < 0.3:
            neighbourhood = places.neighbourhoods.get(author.user.neighbourhood)
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
            submission_key=contribution_key(spec["key"], "proposition", number),
        )
        self._place(proposal, number)
        self.check_fields(proposal, PROPOSAL_CHECKED)
        supports, comments = [], []
        if status == Proposal.Status.PUBLISHED:
            if benchmark:
                wanted = round(0.4 * len(pool))
            else:
                wanted = round(
                    self.volume.get("support_rate", 0.5)
                    * 2
                    * math.sqrt(len(pool))
                    * rng.lognormvariate(-0.5, 1.0)
                )
            supports = self._supporters(rng, author, wanted, published_at)
            if published_at < self.comments_end:
                count = (
                    citizen_texts.BENCHMARK["comments"]
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

    def _place(self, proposal, number):
        """Four proposals in ten placed on the map, within a kilometre or so of the consultation's
        own place (a generator of their own, so that the other draws stay as they were)."""
        if self.page.latitude is None or self.page.longitude is None:
            return
        rng = random.Random(f"seed_demo {self.spec['key']} proposal {number} place")
        if rng.random() < 0.4:
            proposal.latitude = round(self.page.latitude + Decimal(rng.uniform(-0.008, 0.008)), 6)
            proposal.longitude = round(self.page.longitude + Decimal(rng.uniform(-0.012, 0.012)), 6)

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
        # Never the author; each supporter once (the sample has no repeats).
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
        """First-level comments and replies to them (one level, after their parent), a third of
        them replies."""
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
                body = citizen_texts.comment_text(self.spec["theme"], stance, rng)
            else:
                stance = "neutral" if by_author else rng.choice(["for", "against", "neutral"])
                body = citizen_texts.reply_text(rng, by_author=by_author)
            status = Comment.Status.PUBLISHED if always_published else self._comment_status(rng)
            comment = Comment(
                author_id=writer.pk,
                body=body,
                stance=stance,
                status=status,
                created_at=moment,
                submission_key=contribution_key(self.spec["key"], key, number),
            )
            self.check_fields(comment, COMMENT_CHECKED)
            upvotes = []
            if status == Comment.Status.PUBLISHED:
                upvotes = self._upvoters(rng, writer, moment)
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
        # Published comments only, never by their author, each upvoter once.
        wanted = min(int(rng.expovariate(1 / self.upvote_mean)), len(self.pool) - 1)
        if wanted <= 0:
            return []
        upvotes = []
        for citizen in rng.sample(self.pool, wanted + 1):
            if citizen.pk == author.pk:
                continue
            moment = _moment(rng, since, self.now, citizen.user.date_joined)
            if moment:
                upvotes.append((citizen.pk, moment))
            if len(upvotes) == wanted:
                break
        return upvotes

    def insert_proposals(self, plans, tags):
        """The proposals with their counts taken from the rows inserted with them, their tags,
        their authors' follows, supports and comments."""
        for plan in plans:
            plan.proposal.support_count = len(plan.supports)
            plan.proposal.comment_count = sum(
                1 for comment in plan.comments if comment.comment.status == Comment.Status.PUBLISHED
            )
        proposals = [plan.proposal for plan in plans]
        with stored_timestamps(Proposal, Support, Follow):
            insert(Proposal, proposals, key="submission_key")
            insert(
                TaggedProposal,
                [
                    TaggedProposal(content_object_id=plan.proposal.pk, tag_id=tags[name.lower()].pk)
                    for plan in plans
                    for name in plan.tags
                ],
            )
            # Submitting a proposal makes its author follow it (services.proposals).
            insert(
                Follow,
                [
                    Follow(
                        user_id=plan.proposal.author_id,
                        proposal_id=plan.proposal.pk,
                        created_at=plan.proposal.created_at,
                    )
                    for plan in plans
                ],
            )
            supports = insert(
                Support,
                [
                    Support(proposal_id=plan.proposal.pk, user_id=user_id, created_at=moment)
                    for plan in plans
                    for user_id, moment in plan.supports
                ],
            )
        self._insert_comments([("proposal_id", plan.proposal.pk, plan.comments) for plan in plans])
        self.created["proposals"] += len(proposals)
        self.created["supports"] += len(supports)
        self.wrote = self.wrote or bool(proposals)

    def insert_discussion(self, field_name, target, window):
        if Comment.objects.filter(**{field_name: target}).exists():
            return
        spec = self.spec
        base = self.volume.get("page_comments", 4) if field_name == "consultation" else 2
        count = base + round(len(self.pool) ** 0.3)
        rng = random.Random(f"seed_demo {spec['key']} {target.slug} comments")
        plans = self.plan_thread(rng, count, window, key=f"{target.slug}/commentaire")
        self._insert_comments([(f"{field_name}_id", target.pk, plans)])

    def _insert_comments(self, threads):
        """Insert first-level comments, then replies pointing at them, then their upvotes, each
        comment's upvote count taken from its upvotes."""
        first_level, replies = [], []
        for field_name, target_pk, plans in threads:
            for plan in plans:
                setattr(plan.comment, field_name, target_pk)
                plan.comment.upvote_count = len(plan.upvotes)
                (first_level if plan.parent is None else replies).append((plan, plans))
        with stored_timestamps(Comment, CommentUpvote):
            comments = insert(
                Comment, [plan.comment for plan, _plans in first_level], key="submission_key"
            )
            for plan, plans in replies:
                plan.comment.parent_id = plans[plan.parent].comment.pk
            answers = insert(
                Comment, [plan.comment for plan, _plans in replies], key="submission_key"
            )
            upvotes = insert(
                CommentUpvote,
                [
                    CommentUpvote(comment_id=plan.comment.pk, user_id=user_id, created_at=moment)
                    for plan, _plans in first_level + replies
                    for user_id, moment in plan.upvotes
                ],
            )
        self.created["comments"] += len(comments) + len(answers)
        self.created["upvotes"] += len(upvotes)
        self.wrote = self.wrote or bool(comments)

    def plan_ballot(self, citizen, projects):
        page, spec = self.page, self.spec
        rng = random.Random(f"seed_demo {spec['key']} ballot {citizen.index}")
        if rng.random() >= self.volume.get("turnout", 0.0):
            return None
        closes = min(page.vote_closes_at, self.now)
        cast = _moment(rng, page.vote_opens_at, closes, self.since(citizen))
        if cast is None:
            return None
        appeal = {project["slug"]: project.get("appeal", 1.0) for project in spec["projects"]}
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
        with stored_timestamps(Ballot):
            ballots = insert(Ballot, [plan.ballot for plan in plans], key="receipt")
        choices = insert(
            BallotChoice,
            [
                BallotChoice(ballot_id=plan.ballot.pk, project_id=project_id, value=value)
                for plan in plans
                for project_id, value in plan.choices
            ],
        )
        self.created["ballots"] += len(ballots)
        self.created["choices"] += len(choices)
        self.wrote = self.wrote or bool(ballots)


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


@cache
def _all_but(model, names):
    return [field.name for field in model._meta.concrete_fields if field.name not in names]
