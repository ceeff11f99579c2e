"""Opinion rounds: voting on statements, and computing the round's opinion groups.

Rules enforced here:
- a vote counts only while the round is open (from `opens_at`, until `closes_at` when set), on a
  published statement, by an active account that may take part in the consultation;
- the value is 1 (agree), -1 (disagree) or 0 (pass);
- one vote per participant and statement, guarded by a unique constraint: voting again rewrites the
  row (the latest vote counts), and concurrent votes of one participant end in one row;
- the acting user is always passed explicitly: nobody votes for somebody else;
- votes are rate-limited per account (consultations/ratelimits.py, "statement_vote");
- a participant's first vote in a round bumps the version of the consultation's opinion rounds
  (their numbers of participants, consultations/activity.py); later votes change no number
  shown, and leave what pages keep alone.

Computing the groups (compute_round) takes up to a second on a large round, so it never runs in
the request that changed the votes:
- a vote, or a statement hidden or restored by moderation (computation_needed), schedules one
  computation after the commit: a conditional UPDATE sets the round's `computation_due_at` only
  where it is empty, so of many votes at once one wins, without a lock, and queues the task
  `compute_opinion_round` to run at that date (OPINION_COMPUTE_DELAY seconds later, where the
  task backend can defer; at once otherwise);
- the task empties the date first, then computes: a vote committed during the computation sets a
  new date and queues another run, so the last vote is always counted;
- nothing is computed when the counted votes and hidden statements are those of the last result
  (a run queued twice, the daily `compute_opinion_rounds`, the immediate backend of development);
- a round keeps its OPINION_RESULTS_KEPT latest results: the synthesis shows the last one, and the
  earlier ones serve only as the start of the next (participants clustered stay clustered).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .. import activity, permissions, ratelimits
from ..models import OpinionResult, OpinionRound, Statement, StatementVote

VALUES = (StatementVote.Value.AGREE, StatementVote.Value.DISAGREE, StatementVote.Value.PASS)


def cast_statement_vote(statement, user, value):
    """Store `user`'s vote on `statement`, replacing an earlier one. Returns the StatementVote.

    Raises PermissionDenied when the user may not vote, ValidationError when the round is not
    open, the statement not published or the value unknown; nothing is stored then.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied(_("Sign in or create an account to take part."))
    if isinstance(value, bool) or value not in VALUES:
        raise ValidationError(_("Answer agree, disagree or pass."), code="invalid")
    ratelimits.consume(user, "statement_vote")
    with transaction.atomic():
        # The statement row is locked so that a moderator hiding it waits for this vote (or the
        # vote sees it hidden), and the round is read fresh, as is its closing date.
        statement = (
            Statement.objects.select_for_update(of=("self",)).select_related("round__consultation")
            .get(pk=statement.pk)
        )
        opinion_round = statement.round
        if not opinion_round.is_open():
            raise ValidationError(_("This opinion round is not open for votes."), code="closed")
        if statement.status != Statement.Status.PUBLISHED:
            raise ValidationError(_("This statement cannot be voted on."), code="not_published")
        decision = permissions.can_take_part(user, opinion_round.consultation)
        if not decision:
            raise PermissionDenied(decision.reason)
        vote, created = StatementVote.objects.update_or_create(
            statement=statement, participant=user, defaults={"value": int(value)}
        )
        if created and not (
            StatementVote.objects.filter(participant=user, statement__round=opinion_round)
            .exclude(pk=vote.pk).exists()
        ):
            activity.changed(opinions=[opinion_round.consultation_id])
        computation_needed(opinion_round)
    return vote


def round_votes(opinion_round):
    """(participant id, statement id, value) of the published and hidden statements, oldest
    change first; and the hidden statements' ids (kept in the matrix, never shown, as Polis does)."""
    votes = list(
        StatementVote.objects.filter(
            statement__round=opinion_round,
            statement__status__in=(Statement.Status.PUBLISHED, Statement.Status.HIDDEN),
        )
        .order_by("updated_at", "pk")
        .values_list("participant_id", "statement_id", "value")
    )
    hidden = set(
        opinion_round.statements.filter(status=Statement.Status.HIDDEN).values_list("pk", flat=True)
    )
    return votes, hidden


def compute_round(opinion_round):
    """Compute the round's opinion groups, store them as an OpinionResult and return it.

    Participants clustered by the previous result stay clustered (Polis's set only grows). The
    consultation's version is bumped with the new result: its synthesis shows the latest one.
    """
    from ..opinion.groups import opinion_groups  # loads scikit-learn: only when computing

    # Read before the votes: a vote committed in between is counted but not in the fingerprint,
    # which costs one computation more later, never one vote less.
    counted = votes_fingerprint(opinion_round)
    votes, hidden = round_votes(opinion_round)
    previous = latest_result(opinion_round)
    previously_clustered = previous.data.get("clustered", ()) if previous else ()
    result = opinion_groups(votes, moderated_out=hidden, previously_clustered=previously_clustered)
    data = {**result.as_json(), COUNTED_KEY: counted}
    with transaction.atomic():
        stored = OpinionResult.objects.create(round=opinion_round, data=data, vote_count=len(votes))
        newest = opinion_round.results.order_by("-computed_at", "-pk").values_list("pk", flat=True)
        opinion_round.results.exclude(pk__in=list(newest[: settings.OPINION_RESULTS_KEPT])).delete()
        activity.touch(opinion_round.consultation_id)
    return stored


# Computing in the background

# The key of a result's data under which compute_round records what it counted.
COUNTED_KEY = "counted"
# A due date this far in the past belongs to a task that was lost (a worker stopped before
# running it): the next vote may queue another one.
LOST_AFTER = timedelta(hours=1)


def latest_result(opinion_round):
    return opinion_round.results.order_by("-computed_at", "-pk").first()


def votes_fingerprint(opinion_round):
    """What a computation of the round depends on, read in two small queries: the number of
    agree, disagree and pass votes on its published and hidden statements, the latest change
    among them, and which statements are hidden."""
    totals = StatementVote.objects.filter(
        statement__round=opinion_round,
        statement__status__in=(Statement.Status.PUBLISHED, Statement.Status.HIDDEN),
    ).aggregate(
        agree=Count("pk", filter=Q(value=StatementVote.Value.AGREE)),
        disagree=Count("pk", filter=Q(value=StatementVote.Value.DISAGREE)),
        passed=Count("pk", filter=Q(value=StatementVote.Value.PASS)),
        latest=Max("updated_at"),
    )
    hidden = opinion_round.statements.filter(status=Statement.Status.HIDDEN).order_by("pk")
    return {
        **totals,
        "latest": totals["latest"].isoformat() if totals["latest"] else None,
        "hidden": list(hidden.values_list("pk", flat=True)),
    }


def is_up_to_date(opinion_round, result=None):
    """Whether the round's last result counted the votes and hidden statements it has now."""
    result = result or latest_result(opinion_round)
    if result is None:
        return False
    counted = result.data.get(COUNTED_KEY)
    if counted is None:
        return False
    # Both read by votes_fingerprint: the same notation for the same instant.
    return votes_fingerprint(opinion_round) == counted


def compute_if_changed(opinion_round):
    """compute_round unless the last result counted the same votes; returns the new result or
    None."""
    if is_up_to_date(opinion_round):
        return None
    return compute_round(opinion_round)


def computation_needed(opinion_round):
    """Schedule one computation of the round once the current transaction commits (at once
    outside one). Called after every vote and when moderation hides or restores a statement;
    calls made while one is already scheduled add nothing."""
    round_id = opinion_round.pk
    transaction.on_commit(lambda: schedule_computation(round_id), robust=True)


def schedule_computation(round_id, *, delay=None):
    """Queue compute_opinion_round for the round unless a computation is already due; returns
    whether this call queued it."""
    now = timezone.now()
    due = now + timedelta(seconds=settings.OPINION_COMPUTE_DELAY if delay is None else delay)
    claimed = OpinionRound.objects.filter(
        Q(computation_due_at__isnull=True) | Q(computation_due_at__lt=now - LOST_AFTER), pk=round_id
    ).update(computation_due_at=due)
    if not claimed:
        return False
    runner = compute_opinion_round
    if runner.get_backend().supports_defer:
        runner = runner.using(run_after=due)
    runner.enqueue(round_id)
    return True


@task()
def compute_opinion_round(round_id, force=False):
    """Empty the round's due date, then compute its groups if its votes changed (always with
    `force`: the editors' « Recalculer maintenant »). Returns the new result's id, or None."""
    if not OpinionRound.objects.filter(pk=round_id).update(computation_due_at=None):
        return None  # the round was deleted
    opinion_round = OpinionRound.objects.get(pk=round_id)
    result = compute_round(opinion_round) if force else compute_if_changed(opinion_round)
    return result.pk if result else None


def compute_stale_rounds():
    """The safety net, run daily (`manage.py compute_opinion_rounds`): compute every round whose
    due date has passed (its task was lost) or whose votes changed after its last result.
    Returns (rounds looked at, results computed)."""
    now = timezone.now()
    last_vote = StatementVote.objects.filter(statement__round=OuterRef("pk")).order_by("-updated_at")
    last_result = OpinionResult.objects.filter(round=OuterRef("pk")).order_by("-computed_at")
    stale = (
        OpinionRound.objects.annotate(
            last_vote=Subquery(last_vote.values("updated_at")[:1]),
            last_result=Subquery(last_result.values("computed_at")[:1]),
        )
        .filter(
            Q(computation_due_at__lte=now)
            | Q(last_vote__isnull=False, last_result__isnull=True)
            | Q(last_vote__gt=F("last_result"))
        )
        .order_by("pk")
    )
    looked_at = computed = 0
    for opinion_round in stale:
        looked_at += 1
        OpinionRound.objects.filter(pk=opinion_round.pk, computation_due_at__lte=now).update(
            computation_due_at=None
        )
        if compute_if_changed(opinion_round):
            computed += 1
    return looked_at, computed
