"""Opinion rounds: voting on statements, and computing the round's opinion groups.

Rules enforced here:
- a vote counts only while the round is open (from `opens_at`, until `closes_at` when set), on a
  published statement, by an active account that may take part in the consultation;
- the value is 1 (agree), -1 (disagree) or 0 (pass);
- one vote per participant and statement, guarded by a unique constraint: voting again rewrites the
  row (the latest vote counts), and concurrent votes of one participant end in one row;
- the acting user is always passed explicitly: nobody votes for somebody else.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import activity, permissions
from ..models import OpinionResult, Statement, StatementVote

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
        vote, _created = StatementVote.objects.update_or_create(
            statement=statement, participant=user, defaults={"value": int(value)}
        )
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

    votes, hidden = round_votes(opinion_round)
    previous = opinion_round.results.order_by("-computed_at", "-pk").first()
    previously_clustered = previous.data.get("clustered", ()) if previous else ()
    result = opinion_groups(votes, moderated_out=hidden, previously_clustered=previously_clustered)
    with transaction.atomic():
        stored = OpinionResult.objects.create(round=opinion_round, data=result.as_json(), vote_count=len(votes))
        activity.touch(opinion_round.consultation_id)
    return stored
