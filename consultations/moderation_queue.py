"""The moderation queue: proposals, comments and opinion-round statements in one list, paged in
the database.

- moderation_queue(scope, ...): the rows (kind, pk, created_at) a moderator filters for, as one
  UNION that the database orders and pages, reported contributions first, then oldest first;
- moderated_contributions(scope, ...): each kind's contributions under the moderator's sites;
- queue_items(rows): the contributions of one page of rows, one query per kind on the page;
- waiting_count(scope): what the admin menu counts.

A statement belongs to the consultation of its opinion round: it is scoped and filtered by that
consultation's place in the tree, as proposals are by theirs. A comment on a page discussed outside
any consultation (consultations/discussions.py) is scoped by that page's place: the moderators of
its site see it; filtering on one consultation leaves it out.
"""

from django.db.models import Case, F, IntegerField, Q, Value, When

from .models import Comment, Proposal, Statement
from .selectors import under_paths

QUEUE_KINDS = ("proposal", "comment", "statement")
PENDING = "pending"  # the same word for every kind's status


def moderation_queue(*, scope, kind="", state="waiting", consultation=None, site=None, older_than=None):
    """Rows (kind, pk, created_at) of the contributions a moderator filters for, oldest first.

    `state`: "waiting" (awaiting moderation, reported, or contested), "reported", "contested"
    (contested or resubmitted by its author since the last decision), "decided" (a moderator
    decided), "" for all. `kind`: one of QUEUE_KINDS, "" for all. Each table is filtered on its
    own, then joined in one UNION that the database orders and pages; queue_items() then reads
    the page's contributions. `scope`: the tree paths the moderator moderates under
    (permissions.moderation_scope)."""
    contributions = moderated_contributions(scope, consultation=consultation, site=site)
    sides = [
        _queue_side(queryset, name, state, older_than)
        for name, queryset in contributions.items()
        if kind in ("", name)
    ]
    first, *others = sides
    if others:
        return first.union(*others, all=True).order_by("first", "created_at", "kind", "id")
    return first.order_by("first", "created_at", "id")


def moderated_contributions(scope, *, consultation=None, site=None):
    """{kind: queryset} of the proposals, comments and statements a moderator moderates (`scope`:
    the tree paths of permissions.moderation_scope), optionally of one consultation or one site."""
    proposals = Proposal.objects.filter(under_paths(scope, "consultation__path"))
    comments = Comment.objects.filter(
        under_paths(scope, "consultation__path")
        | under_paths(scope, "proposal__consultation__path")
        | under_paths(scope, "local_project__path")
        | under_paths(scope, "page__path")
    )
    statements = Statement.objects.filter(under_paths(scope, "round__consultation__path"))
    if consultation is not None:
        proposals = proposals.filter(consultation=consultation)
        comments = comments.filter(
            Q(consultation=consultation)
            | Q(proposal__consultation=consultation)
            | Q(local_project__path__startswith=consultation.path)
        )
        statements = statements.filter(round__consultation=consultation)
    if site is not None:
        root = site.root_page.path
        proposals = proposals.filter(consultation__path__startswith=root)
        comments = comments.filter(
            Q(consultation__path__startswith=root)
            | Q(proposal__consultation__path__startswith=root)
            | Q(local_project__path__startswith=root)
            | Q(page__path__startswith=root)
        )
        statements = statements.filter(round__consultation__path__startswith=root)
    return {"proposal": proposals, "comment": comments, "statement": statements}


def _queue_side(queryset, kind, state, older_than):
    reported = Q(report_count__gt=0)
    # Contested or resubmitted by its author since the last decision (Moderated.appeal_awaits).
    appealed = Q(appealed_at__isnull=False) & (Q(moderated_at__isnull=True) | Q(moderated_at__lt=F("appealed_at")))
    if state == "waiting":
        queryset = queryset.filter(Q(status=PENDING) | reported | appealed)
    elif state == "reported":
        queryset = queryset.filter(reported)
    elif state == "contested":
        queryset = queryset.filter(appealed)
    elif state == "decided":
        queryset = queryset.filter(moderated_at__isnull=False)
    if older_than is not None:
        queryset = queryset.filter(created_at__lte=older_than)
    # Reported contributions come first: some are hidden from everyone until decided.
    first = Case(When(reported, then=Value(0)), default=Value(1), output_field=IntegerField())
    return queryset.annotate(kind=Value(kind), first=first).values_list(
        "first", "kind", "id", "created_at", named=True
    )


QUEUE_ROW_FIELDS = (
    "id", "status", "report_count", "created_at", "moderated_at", "appeal", "appealed_at",
    "author__id", "author__display_name", "author__deleted_at",
)


def queue_items(rows):
    """The contributions of one page of the queue, in its order: one query for each kind the page
    holds (three at most), whatever its size."""
    ids = {kind: [row.id for row in rows if row.kind == kind] for kind in QUEUE_KINDS}
    # Only what a row shows: the pages' own columns (their bodies, a stream of blocks each) would
    # be most of what is read. in_bulk() asks nothing of the database for a kind not on the page.
    proposals = (
        Proposal.objects.select_related("author", "consultation")
        .only(*QUEUE_ROW_FIELDS, "title", "consultation__title")
        .in_bulk(ids["proposal"])
    )
    comments = (
        Comment.objects.select_related("author", "consultation", "local_project", "page", "proposal__consultation")
        .only(
            *QUEUE_ROW_FIELDS, "body", "consultation__title", "local_project__title", "page__title",
            "proposal__consultation__title",
        )
        .in_bulk(ids["comment"])
    )
    statements = (
        Statement.objects.select_related("author", "round__consultation")
        .only(*QUEUE_ROW_FIELDS, "text", "round__title", "round__consultation__title")
        .in_bulk(ids["statement"])
    )
    found = {"proposal": proposals, "comment": comments, "statement": statements}
    return [found[row.kind][row.id] for row in rows if row.id in found[row.kind]]


def waiting_count(scope):
    return moderation_queue(scope=scope, state="waiting").count()
