"""Reads of opinion rounds for participants: the next statement to answer, their progress and
answers, and the rounds a consultation page lists.

Rules:
- a participant is shown the published statements of the round they have not answered, the one
  with the fewest votes first, so that every statement gathers votes at a similar pace;
- ties (many statements with as many votes, as at the start of a round) are broken by a shuffle
  that is stable for one participant (the same order on every visit) and differs between
  participants, so that they do not all meet the same statement first;
- only published statements are offered, counted and listed; a participant's answers on
  statements since hidden stay stored (the computation reads them) but are not listed.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import activity
from .models import OpinionRound, Statement, StatementVote

# Constants of the participant's shuffle: a multiplicative hash (Knuth's) modulo the largest prime
# under 2**32, after mixing the participant in with a XOR. Every intermediate value stays under
# 2**63, so SQLite and PostgreSQL compute it in integers, as `shuffle_rank` does in Python.
_MULTIPLIER = 2654435761
_PRIME = 4294967291
_MASK_MODULUS = 2147483647


def shuffle_rank(participant_id, statement_id):
    """The participant's stable rank of a statement among those with as many votes."""
    mask = (participant_id * _MULTIPLIER) % _MASK_MODULUS
    return ((statement_id ^ mask) * _MULTIPLIER) % _PRIME


def _shuffle_expression(participant_id):
    mask = (participant_id * _MULTIPLIER) % _MASK_MODULUS
    return (F("pk").bitxor(Value(mask)) * Value(_MULTIPLIER)) % Value(_PRIME)


def _vote_count():
    # Counted through the (statement, participant) unique index: an index-only scan per statement.
    votes = (
        StatementVote.objects.filter(statement=OuterRef("pk"))
        .order_by().values("statement").annotate(n=Count("*")).values("n")
    )
    return Coalesce(Subquery(votes, output_field=IntegerField()), 0)


def next_statement(opinion_round, participant):
    """The published statement of `opinion_round` that `participant` should answer next, or None
    when they have answered them all. One query."""
    return next_statement_query(opinion_round, participant).first()


def next_statement_query(opinion_round, participant):
    answered = StatementVote.objects.filter(participant=participant, statement=OuterRef("pk"))
    return (
        Statement.objects.published()
        .filter(round=opinion_round)
        .annotate(vote_count=_vote_count(), shuffle=_shuffle_expression(participant.pk))
        .filter(~Exists(answered))
        .order_by("vote_count", "shuffle", "pk")
        .only("pk", "text", "round_id")[:1]
    )


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int
    # {statement id: value} of the participant's answers on the published statements.
    answers: dict

    @property
    def is_complete(self):
        return self.total > 0 and self.answered >= self.total


def progress(opinion_round, participant):
    """How many published statements `participant` has answered, out of how many. Two queries."""
    total = Statement.objects.published().filter(round=opinion_round).count()
    answers = dict(
        StatementVote.objects.filter(
            participant=participant, statement__round=opinion_round,
            statement__status=Statement.Status.PUBLISHED,
        ).values_list("statement_id", "value")
    )
    return Progress(answered=len(answers), total=total, answers=answers)


def own_answers(opinion_round, participant):
    """The participant's answers on the round's published statements, in the round's order:
    (statement, value) pairs. One query."""
    votes = (
        StatementVote.objects.filter(
            participant=participant, statement__round=opinion_round,
            statement__status=Statement.Status.PUBLISHED,
        )
        .select_related("statement")
        .only("value", "statement__id", "statement__text", "statement__round_id")
        .order_by("statement__pk")
    )
    return [(vote.statement, vote.value) for vote in votes]


def published_statements(opinion_round):
    """The round's published statements, oldest first, as visitors read them: kept under the
    versions of the consultation's opinion rounds."""
    return activity.remembered_opinions(
        opinion_round.consultation_id, f"round-statements:{opinion_round.pk}",
        lambda: list(Statement.objects.published().filter(round=opinion_round).order_by("pk").only("pk", "text")),
    )


@dataclass(frozen=True)
class RoundSummary:
    pk: int
    consultation_id: int
    title: str
    opens_at: object
    closes_at: object
    statement_count: int
    participant_count: int

    def is_open(self, moment=None):
        return OpinionRound(opens_at=self.opens_at, closes_at=self.closes_at).is_open(moment)

    def is_closed(self):
        return self.closes_at is not None and self.closes_at <= timezone.now()

    def get_absolute_url(self):
        return OpinionRound(pk=self.pk, consultation_id=self.consultation_id).get_absolute_url()


def round_summaries(consultation):
    """The consultation's rounds, newest first, with their numbers of published statements and
    of participants: one query, kept under the versions of the consultation's opinion rounds."""

    def load():
        published = Statement.objects.filter(round=OuterRef("pk"), status=Statement.Status.PUBLISHED)
        statements = published.order_by().values("round").annotate(n=Count("*")).values("n")
        participants = (
            StatementVote.objects.filter(
                statement__round=OuterRef("pk"), statement__status=Statement.Status.PUBLISHED
            )
            .order_by().values("statement__round").annotate(n=Count("participant", distinct=True))
            .values("n")
        )
        rows = (
            OpinionRound.objects.filter(consultation=consultation)
            .annotate(
                statement_count=Coalesce(Subquery(statements, output_field=IntegerField()), 0),
                participant_count=Coalesce(Subquery(participants, output_field=IntegerField()), 0),
            )
            .order_by("-opens_at", "-pk")
            .values_list("pk", "consultation_id", "title", "opens_at", "closes_at",
                         "statement_count", "participant_count")
        )
        return [RoundSummary(*row) for row in rows]

    return activity.remembered_opinions(consultation.pk, "round-summaries", load)
