"""Composite reads.

- personal_data(user): everything the portal holds about one person, for the GDPR download
  (art. 15 and 20). Each model that stores personal data adds its section here.
- contributions(user), contribution_counts(user): what one person posted, supported, voted and
  follows, newest first, as querysets that page or slice without a query per row (the readable
  "My data" page and "My contributions").
- proposal_list(...): the filtered, searched and sorted proposals of a consultation.
- vote_results(consultation): counts and shares per project, ballots and turnout.
- eligible_voter_count(consultation): how many people may vote, where the portal can know it.
- consultation_list(index_page, ...): a site's consultations, filtered, open ones first.
- latest_proposals(consultation), reader_state(consultation, user): what a consultation page
  shows of its proposals and of the reader's own follow and ballot.
- consultation_overview(): every live consultation with its site and participation counts, for
  the staff dashboard.
- open_data_licence(site): the short name of the licence a site's open data is published under.
- exportable_consultations(scope): the consultations a user may export, with their site.

The board's decisions and their follow-up are read in decision_reads.py.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from wagtail.models import Page, Site

from freshness.kept import kept
from freshness.sites import root_of, site_root_paths
from freshness.versions import CONTENT

from . import account_sections
from .phases import Phase, phase_conditions
from .search_text import search_words
from .models.open_data import LICENCE_TERMS, Licence
from .models import (
    Ballot,
    BallotChoice,
    Comment,
    Consent,
    ConsultationPage,
    Follow,
    LoginEvent,
    NotificationPreferences,
    OpenDataSettings,
    Proposal,
    Statement,
    StatementVote,
    Support,
    User,
)


def personal_data(user):
    """Dates stay datetimes: the page formats them for the reader, the download as ISO 8601. Other
    apps' sections (account_sections.register_personal_data) come last."""
    return {**account_details(user), **_contributions_data(user), **account_sections.personal_data_sections(user)}


def account_details(user):
    """personal_data without the contributions, which the readable page lists page by page."""
    profile = {
        "email": user.email,
        "display_name": user.display_name,
        "public_name": user.public_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "postcode": user.postcode,
        "neighbourhood": user.neighbourhood,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_verified_resident": user.is_verified_resident,
        "resident_verified_at": user.resident_verified_at,
        "resident_verification_method": user.get_resident_verification_method_display()
        if user.resident_verification_method
        else "",
    }
    email_addresses = [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]
    linked_accounts = [
        {"provider": account.provider, "uid": account.uid, "date_joined": account.date_joined}
        for account in SocialAccount.objects.filter(user=user).order_by("pk")
    ]
    consents = [
        {
            "kind": consent.get_kind_display(),
            "document_version": consent.document_version,
            "given_at": consent.given_at,
            "withdrawn_at": consent.withdrawn_at,
        }
        for consent in Consent.objects.filter(user=user)
    ]
    logins = [
        {
            "logged_in_at": event.logged_in_at,
            "ip_address": event.ip_address,
            "user_agent": event.user_agent,
        }
        for event in LoginEvent.objects.filter(user=user)
    ]
    return {
        "profile": profile,
        "email_addresses": email_addresses,
        "linked_accounts": linked_accounts,
        "consents": consents,
        "logins": logins,
        "resident_verifications": [
            {
                "action": event.get_action_display(),
                "method": event.get_method_display(),
                "area": event.area,
                "note": event.note,
                "by_staff": event.actor_id not in (None, user.pk),
                "at": event.at,
            }
            for event in user.resident_verification_events.order_by("at", "id")
        ],
        "notification_preferences": NotificationPreferences.objects.filter(user=user)
        .values(*NotificationPreferences.KINDS)
        .first()
        or dict.fromkeys(NotificationPreferences.KINDS, True),
    }


def _appeal_data(item):
    if not item.appeal:
        return {}
    return {"appeal": item.get_appeal_display(), "appeal_text": item.appeal_text, "appealed_at": item.appealed_at}


def _contributions_data(user):
    proposals = [
        {
            "title": proposal.title,
            "body": proposal.body,
            "status": proposal.get_status_display(),
            "consultation": proposal.consultation.title,
            "created_at": proposal.created_at,
            "url": proposal.get_absolute_url(),
            **_appeal_data(proposal),
        }
        for proposal in Proposal.objects.filter(author=user).select_related("consultation").order_by("created_at")
    ]
    comments = [
        {
            "body": comment.body,
            "stance": comment.get_stance_display(),
            "status": comment.get_status_display(),
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
            "deleted_at": comment.deleted_at,
            **_appeal_data(comment),
        }
        for comment in Comment.objects.filter(author=user).order_by("created_at")
    ]
    statements = [
        {
            "text": statement.text,
            "status": statement.get_status_display(),
            "consultation": statement.round.consultation.title,
            "opinion_round": statement.round.title,
            "created_at": statement.created_at,
            **_appeal_data(statement),
        }
        for statement in Statement.objects.filter(author=user)
        .select_related("round__consultation")
        .order_by("created_at", "id")
    ]
    statement_votes = [
        {
            "statement": vote.statement.text,
            "consultation": vote.statement.round.consultation.title,
            "vote": vote.get_value_display(),
            "voted_at": vote.created_at,
            "last_changed_at": vote.updated_at,
        }
        for vote in StatementVote.objects.filter(participant=user)
        .select_related("statement__round__consultation")
        .order_by("created_at", "id")
    ]
    supports = [
        {"proposal": support.proposal.title, "created_at": support.created_at}
        for support in Support.objects.filter(user=user).select_related("proposal").order_by("created_at")
    ]
    ballots = [
        {
            "consultation": ballot.consultation.title,
            "receipt": ballot.receipt,
            "cast_at": ballot.created_at,
            "last_changed_at": ballot.updated_at,
            "choices": [
                {"project": choice.project.title, "value": choice.value}
                for choice in ballot.choices.all()
            ],
        }
        for ballot in Ballot.objects.filter(voter=user)
        .select_related("consultation")
        .prefetch_related("choices__project")
        .order_by("created_at")
    ]
    return {
        "proposals": proposals,
        "comments": comments,
        "statements": statements,
        "statement_votes": statement_votes,
        "supports": supports,
        "ballots": ballots,
        "follows": [
            {
                "kind": "proposal" if follow.proposal_id else "consultation",
                "title": follow.target.title,
                "followed_since": follow.created_at,
            }
            for follow in user.follows.select_related("consultation", "proposal").order_by("created_at", "id")
        ],
    }


CONTRIBUTION_KINDS = ("proposals", "comments", "statements", "supports", "ballots")


def contributions(user):
    """The person's proposals, comments, opinion-round statements, supports, ballots and follows,
    newest first, each with
    what a list shows of it (consultation, target) read in the same query. Ballots are listed
    for their consultation and dates only: what they say stays on the ballot page."""
    newest = ("-created_at", "-id")
    return {
        "proposals": Proposal.objects.filter(author=user)
        .select_related("consultation", "moderation_reason")
        .order_by(*newest),
        "comments": Comment.objects.filter(author=user)
        .select_related("proposal__consultation", "consultation", "local_project", "page", "moderation_reason")
        .order_by(*newest),
        "statements": Statement.objects.filter(author=user)
        .select_related("round__consultation", "moderation_reason")
        .order_by(*newest),
        "supports": Support.objects.filter(user=user)
        .select_related("proposal__consultation")
        .order_by(*newest),
        "ballots": Ballot.objects.filter(voter=user)
        .select_related("consultation")
        .only("id", "created_at", "updated_at", "consultation")
        .order_by(*newest),
        "follows": Follow.objects.of(user).for_listing(),
    }


def contribution_counts(user):
    """How many proposals, comments, statements, supports, ballots and follows the person has, in
    one query."""
    counted = {
        "proposals": Proposal.objects.filter(author=user),
        "comments": Comment.objects.filter(author=user),
        "statements": Statement.objects.filter(author=user),
        "supports": Support.objects.filter(user=user),
        "ballots": Ballot.objects.filter(voter=user),
        "follows": Follow.objects.filter(user=user),
    }
    counts = (
        User.objects.filter(pk=user.pk)
        .annotate(**{f"{kind}_count": _total_of(rows) for kind, rows in counted.items()})
        .values(*(f"{kind}_count" for kind in counted))
        .get()
    )
    return {kind: counts[f"{kind}_count"] or 0 for kind in counted}


def _total_of(queryset):
    return Subquery(
        queryset.order_by().annotate(group=Value(1)).values("group").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


SORTS = {
    "newest": ("-created_at", "-id"),
    "supported": ("-support_count", "-created_at", "-id"),
    "discussed": ("-comment_count", "-created_at", "-id"),
}


ANSWER_FILTERS = ("answered", "unanswered", *Proposal.Answer.values)


def proposal_list(consultation, *, user, query="", tag="", status="", neighbourhood=None,
                  sort="random", seed=0, answer=""):
    """Proposals a visitor sees in a consultation, filtered, searched and sorted.

    The default order is random with a seed kept per visitor, so early proposals are not
    favoured and pagination stays stable for that visitor. Merged proposals are not listed:
    they live on in the proposal they were merged into. `answer`: "answered", "unanswered" or
    one of the official answers.
    """
    proposals = (
        Proposal.objects.for_consultation(consultation).visible_to(user).exclude(status=Proposal.Status.MERGED)
    )
    if status in Proposal.Status.values:
        proposals = proposals.filter(status=status)
    if answer == "answered":
        proposals = proposals.exclude(answer_status="")
    elif answer == "unanswered":
        proposals = proposals.filter(answer_status="")
    elif answer in Proposal.Answer.values:
        proposals = proposals.filter(answer_status=answer)
    if tag:
        proposals = proposals.filter(tags__slug=tag)
    if neighbourhood:
        proposals = proposals.filter(neighbourhood=neighbourhood)
    if query:
        proposals = search_proposals(proposals, query)
    if sort in SORTS:
        proposals = proposals.order_by(*SORTS[sort])
    else:
        proposals = proposals.in_random_order(seed)
    return proposals



def search_proposals(proposals, query, *, any_word=False):
    """Full-text search: PostgreSQL's text search where available, a plain match on SQLite.
    Every word must match, or one of them with `any_word`."""
    from django.db import connection

    words = search_words(query)
    if not words:
        return proposals
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector("title", weight="A", config="french") + SearchVector(
            "body", weight="B", config="french"
        )
        text = " or ".join(words) if any_word else " ".join(words)
        return proposals.annotate(search=vector).filter(
            search=SearchQuery(text, config="french", search_type="websearch")
        )
    if any_word:
        matches = Q()
        for word in words:
            matches |= Q(title__icontains=word) | Q(body__icontains=word)
        return proposals.filter(matches)
    for word in words:
        proposals = proposals.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return proposals


# Words too common in proposals' titles to make two of them similar (PostgreSQL's French
# configuration drops most of them anyway; SQLite's plain match does not).
SIMILARITY_STOP_WORDS = {
    "afin", "aussi", "avec", "dans", "depuis", "elle", "elles", "entre", "être", "leur", "leurs",
    "mais", "moins", "nous", "pour", "plus", "sans", "sont", "sous", "tous", "toute", "toutes",
    "très", "vers", "votre", "vous", "faire", "avoir", "cette", "ces", "chaque", "quand",
}


def similar_proposals(consultation, title, *, limit=5):
    """Published proposals of the consultation whose text shares a significant word with `title`
    (words of four letters or more, so that articles do not match everything)."""
    words = " ".join(
        word for word in search_words(title) if len(word) >= 4 and word not in SIMILARITY_STOP_WORDS
    )
    if not words:
        return []
    proposals = Proposal.objects.for_consultation(consultation).published()
    return list(
        search_proposals(proposals, words, any_word=True)
        .order_by("-support_count", "-created_at")
        .only("pk", "title", "support_count")[:limit]
    )


def site_proposals(site_root, query):
    """Published proposals of the live, public consultations under `site_root` matching `query`."""
    consultations = ConsultationPage.objects.live().public().descendant_of(site_root)
    proposals = Proposal.objects.published().filter(consultation__in=consultations.values("pk"))
    return search_proposals(proposals, query).select_related("consultation").order_by("-created_at", "-id")


@dataclass
class ProjectResult:
    project: object
    approvals: int = 0
    against: int = 0
    abstentions: int = 0
    points: int = 0
    # Exact fractions, so that a share of exactly 28.75 % rounds half up to 28.8 % (a float would be
    # 28.749999… and show 28.7).
    share: Fraction = Fraction(0)  # of ballots (approval, budget, for) or of points given (points)
    against_share: Fraction = Fraction(0)
    abstention_share: Fraction = Fraction(0)


@dataclass
class VoteResults:
    method: str
    ballots: int
    eligible: int | None
    rows: list = field(default_factory=list)

    @property
    def turnout(self):
        if not self.eligible:
            return None
        return Fraction(self.ballots, self.eligible)


def vote_results(consultation, projects):
    """Counts per project from the stored ballots; `projects` are the projects on the ballot."""
    ballots = Ballot.objects.filter(consultation=consultation).count()
    totals = {
        row["project_id"]: row
        for row in BallotChoice.objects.filter(ballot__consultation=consultation)
        .values("project_id")
        .annotate(
            approvals=Count("id", filter=Q(value__gte=1)),
            against=Count("id", filter=Q(value=-1)),
            abstentions=Count("id", filter=Q(value=0)),
            points=Sum("value", filter=Q(value__gte=1)),
        )
    }
    method = consultation.vote_method
    points_given = sum((row["points"] or 0) for row in totals.values())
    rows = []
    for project in projects:
        row = totals.get(project.pk, {})
        result = ProjectResult(
            project=project,
            approvals=row.get("approvals", 0),
            against=row.get("against", 0),
            abstentions=row.get("abstentions", 0),
            points=row.get("points") or 0,
        )
        if method == ConsultationPage.VoteMethod.POINTS:
            result.share = Fraction(result.points, points_given) if points_given else Fraction(0)
        elif ballots:
            result.share = Fraction(result.approvals, ballots)
            result.against_share = Fraction(result.against, ballots)
            result.abstention_share = Fraction(result.abstentions, ballots)
        rows.append(result)
    rows.sort(key=result_order(method))
    return VoteResults(method=method, ballots=ballots, eligible=eligible_voter_count(consultation), rows=rows)


def result_order(method):
    """The sort key of a vote's ProjectResult rows, first the winner."""
    if method == ConsultationPage.VoteMethod.POINTS:
        return lambda r: (-r.points, r.project.title)
    if method == ConsultationPage.VoteMethod.FOR_AGAINST:
        return lambda r: (-(r.approvals - r.against), -r.approvals, r.project.title)
    return lambda r: (-r.approvals, r.project.title)


def eligible_voter_count(consultation):
    """Known only for consultations open to verified residents: the register is the portal's."""
    if consultation.audience != ConsultationPage.Audience.RESIDENTS:
        return None
    residents = User.objects.filter(is_verified_resident=True, is_active=True, deleted_at__isnull=True)
    postcodes = consultation.postcode_list
    names = list(consultation.eligible_neighbourhood_names)
    if postcodes or names:
        residents = residents.filter(Q(postcode__in=postcodes) | Q(neighbourhood__in=names))
    return residents.count()


@dataclass
class Thread:
    comment: object
    replies: list


def comment_thread(target, user):
    """The discussion on a target: first-level comments with their replies, in two queries' worth."""
    comments = list(Comment.objects.on(target).visible_to(user).for_thread())
    threads = {}
    ordered = []
    for comment in comments:
        if comment.parent_id is None:
            threads[comment.pk] = Thread(comment, [])
            ordered.append(threads[comment.pk])
    for comment in comments:
        if comment.parent_id is not None and comment.parent_id in threads:
            threads[comment.parent_id].replies.append(comment)
    return ordered


# The consultation list's status filter: which phases each choice shows.
STATUS_FILTERS = {
    "open": (Phase.PROPOSALS, Phase.VOTE),
    "vote": (Phase.VOTE,),
    "upcoming": (Phase.INFORMATION,),
    "closed": (Phase.RESULTS, Phase.DECISION),
}


def _in_phases(phases, conditions):
    matched = Q()
    for phase in phases:
        matched |= conditions[phase]
    return matched


def consultation_list(index_page, *, now, status="", facility=None, neighbourhood=None, tag=""):
    """The live, public consultations under `index_page`: filtered, open ones first, newest next."""
    consultations = (
        ConsultationPage.objects.live().public().child_of(index_page)
        .select_related("facility", "image")
        .prefetch_related("tags", "neighbourhoods")
    )
    conditions = phase_conditions(now)
    if status in STATUS_FILTERS:
        consultations = consultations.filter(_in_phases(STATUS_FILTERS[status], conditions))
    if facility is not None:
        consultations = consultations.filter(facility=facility)
    if neighbourhood is not None:
        consultations = consultations.filter(neighbourhoods=neighbourhood)
    if tag:
        consultations = consultations.filter(tags__slug=tag)
    is_open = _in_phases(STATUS_FILTERS["open"], conditions)
    return consultations.annotate(
        open_rank=Case(When(is_open, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("open_rank", "-first_published_at", "-pk").distinct()


def latest_proposals(consultation, count=3):
    """(number of published proposals, the `count` latest of them)."""
    published = Proposal.objects.for_consultation(consultation).published()
    latest = published.order_by("-created_at", "-id").only("id", "author_id", "status")[:count]
    return published.count(), list(latest)


def reader_state(consultation, user):
    """Whether the reader follows the consultation, and their ballot where it votes on projects."""
    return {
        "is_following": Follow.objects.of(user).on(consultation).exists(),
        "ballot": Ballot.objects.filter(consultation=consultation, voter=user).first()
        if consultation.votes_on_projects
        else None,
    }


@dataclass
class ConsultationOverview:
    consultation: object
    site: object
    proposals: int
    ballots: int


def _count_of(queryset):
    """A correlated COUNT per consultation: two plain joins would multiply each other's rows."""
    counted = queryset.filter(consultation=OuterRef("pk")).order_by().values("consultation")
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")), 0)


def consultation_overview():
    """Every live consultation, grouped by site (sites by name, consultations newest first), with
    its published proposals and its ballots counted. Two queries, whatever the number of sites."""
    sites = Site.objects.select_related("root_page").in_bulk()
    roots = site_root_paths()
    consultations = (
        ConsultationPage.objects.live()
        .annotate(
            proposal_total=_count_of(Proposal.objects.filter(status=Proposal.Status.PUBLISHED)),
            ballot_total=_count_of(Ballot.objects.all()),
        )
        .order_by("-first_published_at", "pk")
    )
    rows = []
    for consultation in consultations:
        root = root_of(consultation.url_path, roots)
        site = sites.get(root.site_id) if root else None
        if site is not None:
            rows.append(
                ConsultationOverview(
                    consultation=consultation,
                    site=site,
                    proposals=consultation.proposal_total,
                    ballots=consultation.ballot_total,
                )
            )
    rows.sort(key=lambda row: (not row.site.is_default_site, row.site.site_name or row.site.hostname))
    return rows


def open_data_licence(site):
    """The short name of the licence of `site`'s open data (OpenDataSettings), kept under the
    content version that saving the setting bumps."""

    def read():
        setting = OpenDataSettings.objects.filter(site=site).first() if site else None
        return LICENCE_TERMS[Licence(setting.licence if setting else Licence.ETALAB)]["short"]

    return kept(f"open-data-licence:{site.pk if site else 0}", [CONTENT], read)


def under_paths(roots, field):
    """Rows whose page lies under one of the tree paths; none for an empty list. The tree's root
    (or "", a superuser's) takes everything in, without joining pages for nothing."""
    if any(len(root) <= Page.steplen for root in roots):
        return Q()
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(**{f"{field}__startswith": root})
    return condition


def exportable_consultations(scope):
    """[(consultation, site)] under the tree paths of permissions.export_scope (None: all), sites
    in name order, newest consultations first. One query, plus the sites' once per request."""
    consultations = ConsultationPage.objects.order_by("-first_published_at", "-pk")
    if scope is not None:
        consultations = consultations.filter(under_paths(scope, "path"))
    sites = Site.objects.in_bulk()
    roots = site_root_paths()
    rows = []
    for consultation in consultations:
        root = root_of(consultation.url_path, roots)
        rows.append((consultation, sites.get(root.site_id) if root else None))
    rows.sort(key=lambda row: _site_order(row[1]))
    return rows


def _site_order(site):
    if site is None:
        return (2, "")
    return (0 if site.is_default_site else 1, site.site_name or site.hostname)
