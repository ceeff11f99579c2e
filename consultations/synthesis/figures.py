"""Every figure of a consultation's synthesis, computed in one pass into plain JSON data.

The figures come from where the rest of the portal reads them, so that the synthesis, the results
page and the exports never disagree:
- participation: participation.participation, and the export's per-day and per-residence tables
  (the per-residence one as open data: groups of fewer than 5 people merged or left empty);
- results: selectors.vote_results and, for budget and points votes, budget_results.funding;
- moderation: the export's moderation table, as open data;
- decisions: decision_reads.decisions;
- opinion map: each opinion round's latest stored result (opinion_map.py).
What only the synthesis shows (most supported and discussed proposals, the arguments) is read here.

The result holds only JSON types (ints, strings, lists, dicts, None; dates as ISO strings,
shares as the strings of their exact fractions) so that a snapshot stores it as it is and the page
shows it without another query.
"""

from fractions import Fraction

from django.db.models import Count, Q
from django.urls import reverse

from .. import budget_results, decision_reads, participation
from ..consultation_export.open_data import moderation_open_rows, per_residence_rows
from ..consultation_export.tables import Export, participation_rows
from ..models import Comment, ConsultationPage, LocalProjectPage, Proposal
from ..selectors import vote_results
from ..services.voting import ballot_projects
from .opinion_map import opinion_rounds

VERSION = 1
TOP = 5
# Two results closer than this share of the ballots (or of the points) are pointed out as a near tie.
NEAR_TIE = 0.02
STANCES = (Comment.Stance.FOR, Comment.Stance.AGAINST, Comment.Stance.NEUTRAL)
SHOWN_PROPOSALS = (Proposal.Status.PUBLISHED, Proposal.Status.MERGED)


def compute(consultation):
    export = Export(consultation, open_data=True)
    return {
        "version": VERSION,
        "consultation": {"id": consultation.pk, "title": consultation.title, "vote_method": consultation.vote_method},
        "participation": _participation(consultation, export),
        "results": _results(consultation, export),
        "proposals": _proposals(consultation),
        "arguments": _arguments(consultation),
        "moderation": [
            {"kind": kind, "decision": decision, "reason": reason, "count": count}
            for kind, decision, _code, reason, count in moderation_open_rows(export)
        ],
        "decisions": [
            {
                "title": decision.item.title, "outcome": decision.outcome,
                "outcome_label": str(decision.get_outcome_display()),
                "budget": _money(decision.budget_granted), "meeting_date": decision.meeting_date.isoformat(),
                "rationale": decision.rationale, "stage": decision.stage, "progress": decision.progress,
            }
            for decision in decision_reads.decisions(consultation)
        ],
        "opinion_maps": opinion_rounds(consultation),
    }


def _share(fraction):
    """An exact share as the string of its fraction ("3/8"; the `percent` filter reads it), or None."""
    return None if fraction is None else str(Fraction(fraction))


def _money(value):
    return None if value is None else str(value)


def _participation(consultation, export):
    figures = participation.participation([consultation])[consultation.pk]
    return {
        "participants": figures.participants, "proposals": figures.proposals, "comments": figures.comments,
        "supports": figures.supports, "ballots": figures.ballots, "eligible": figures.eligible,
        "turnout": _share(figures.turnout), "new": figures.new_participants,
        "returning": figures.returning_participants,
        "per_day": [[day.isoformat(), *counts] for day, *counts in participation_rows(export)],
        "per_residence": [list(row) for row in per_residence_rows(export)],
        # Every contribution is made online so far; a facility desk will add its own channel.
        "channels": [{"channel": "online", "participants": figures.participants}],
    }


def _results(consultation, export):
    if consultation.vote_method == ConsultationPage.VoteMethod.NONE:
        return None
    if consultation.vote_method == ConsultationPage.VoteMethod.SUPPORT:
        return None  # supports rank proposals: the proposals section shows them
    results = export.results
    rows = [
        {
            "project_id": row.project.pk, "title": row.project.title, "approvals": row.approvals,
            "against": row.against, "abstentions": row.abstentions, "points": row.points,
            "share": _share(row.share), "score": _score(results.method, row),
        }
        for row in results.rows
    ]
    total = sum(row["points"] for row in rows) if results.method == ConsultationPage.VoteMethod.POINTS else results.ballots
    close = []
    for first, second in zip(rows, rows[1:]):
        gap = first["score"] - second["score"]
        if gap == 0 or (total and gap / total < NEAR_TIE):
            close.append({"first": first["title"], "second": second["title"], "gap": gap})
    return {
        "method": results.method, "ballots": results.ballots, "eligible": results.eligible,
        "turnout": _share(results.turnout), "rows": rows,
        "margin": rows[0]["score"] - rows[1]["score"] if len(rows) > 1 else None,
        "close": close, "funding": _funding(export.funding),
    }


def _score(method, row):
    """What ranks a project: points, for minus against, or approvals (selectors.vote_results)."""
    if method == ConsultationPage.VoteMethod.POINTS:
        return row.points
    if method == ConsultationPage.VoteMethod.FOR_AGAINST:
        return row.approvals - row.against
    return row.approvals


def _funding(funding):
    if funding is None:
        return None
    return {
        "rule": funding.rule, "other_rule": funding.other_rule, "budget": funding.budget,
        "budget_used": funding.budget_used, "voters": funding.voters, "share": _money(funding.share),
        "increment": funding.increment, "differs": funding.differs,
        "funded": [_funding_row(row) for row in funding.funded],
        "not_funded": [_funding_row(row) for row in funding.not_funded],
        "overrides": len(funding.overrides),
    }


def _funding_row(row):
    return {
        "project_id": row.project.pk, "title": row.project.title, "cost": row.project.cost, "score": row.score,
        "funded_by_rule": row.funded_by_rule, "funded_by_other_rule": row.funded_by_other_rule,
        "supporters": row.purchase.supporters if row.purchase else None,
        "price": f"{row.purchase.price:.2f}" if row.purchase and row.purchase.supporters else None,
        "reason": row.rejection.reason if row.rejection and not row.funded else None,
        "override": row.override.action if row.override else None,
        "override_reason": row.override.reason if row.override else None,
    }


def _proposal_entry(proposal):
    return {
        "id": proposal.pk, "title": proposal.title, "supports": proposal.support_count,
        "comments": proposal.comment_count, "url": reverse("consultations:proposal_detail", args=[proposal.pk]),
        "answer": proposal.answer_status,
    }


def _proposals(consultation):
    shown = Proposal.objects.filter(consultation=consultation, status__in=SHOWN_PROPOSALS)
    fields = ("pk", "title", "support_count", "comment_count", "answer_status")
    most_supported = shown.filter(support_count__gt=0).order_by("-support_count", "pk").only(*fields)[:TOP]
    most_discussed = shown.filter(comment_count__gt=0).order_by("-comment_count", "pk").only(*fields)[:TOP]
    answered = shown.exclude(answer_status="").order_by("answer_status", "-support_count", "pk").only(*fields)
    by_tag = (
        shown.filter(tags__isnull=False).values("tags__name").annotate(n=Count("pk", distinct=True))
        .order_by("-n", "tags__name")
    )
    by_neighbourhood = (
        shown.filter(neighbourhood__isnull=False).values("neighbourhood__name").annotate(n=Count("pk"))
        .order_by("-n", "neighbourhood__name")
    )
    answer_labels = dict(Proposal._meta.get_field("answer_status").choices)
    return {
        "count": shown.count(),
        "most_supported": [_proposal_entry(proposal) for proposal in most_supported],
        "most_discussed": [_proposal_entry(proposal) for proposal in most_discussed],
        "answered": [
            {**_proposal_entry(proposal), "answer_label": str(answer_labels.get(proposal.answer_status, ""))}
            for proposal in answered
        ],
        "by_tag": [[row["tags__name"], row["n"]] for row in by_tag],
        "by_neighbourhood": [[row["neighbourhood__name"], row["n"]] for row in by_neighbourhood],
    }


def _arguments(consultation):
    """For each local project, then the most discussed proposals: their comments by stance and the
    most upvoted comment of each stance (published, with no report waiting: as in the open data)."""
    projects = list(ballot_projects(consultation).only("pk", "title", "url_path"))
    proposals = list(
        Proposal.objects.filter(consultation=consultation, status__in=SHOWN_PROPOSALS, comment_count__gt=0)
        .order_by("-comment_count", "pk").only("pk", "title")[:TOP]
    )
    targets = [("local_project", project.pk, project.title, project.url) for project in projects]
    targets += [("proposal", proposal.pk, proposal.title,
                 reverse("consultations:proposal_detail", args=[proposal.pk])) for proposal in proposals]
    if not targets:
        return []
    shown = Comment.objects.filter(status=Comment.Status.PUBLISHED, deleted_at__isnull=True)
    on_targets = Q(local_project__in=[project.pk for project in projects]) | Q(proposal__in=[p.pk for p in proposals])
    counts = {}
    for row in shown.filter(on_targets).values("local_project_id", "proposal_id", "stance").annotate(n=Count("pk")):
        key = ("local_project", row["local_project_id"]) if row["local_project_id"] else ("proposal", row["proposal_id"])
        counts.setdefault(key, {})[row["stance"]] = row["n"]
    # The most upvoted of each stance on each target, oldest first among equals: one query, the
    # database keeps the first row per (target, stance).
    best = {}
    quoted = (
        shown.filter(on_targets, report_count=0)
        .order_by("local_project_id", "proposal_id", "stance", "-upvote_count", "created_at", "pk")
        .values_list("pk", "local_project_id", "proposal_id", "stance", "body", "upvote_count")
    )
    for pk, project_id, proposal_id, stance, body, upvotes in quoted.iterator(chunk_size=2000):
        key = ("local_project", project_id) if project_id else ("proposal", proposal_id)
        best.setdefault(key, {}).setdefault(stance, {"comment_id": pk, "body": body, "upvotes": upvotes})
    arguments = []
    for kind, pk, title, url in targets:
        stances = counts.get((kind, pk), {})
        quotes = best.get((kind, pk), {})
        arguments.append({
            "kind": kind, "id": pk, "title": title, "url": url,
            "counts": {stance: stances.get(stance, 0) for stance in STANCES},
            "quotes": {
                stance: {**quotes[stance], "url": f"{url}#comment-{quotes[stance]['comment_id']}"}
                for stance in STANCES if stance in quotes
            },
        })
    return arguments
