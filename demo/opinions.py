"""The demo's opinion rounds (opinions.yaml): the staff's statements, the participants' ones (two
approved, one waiting in the moderation queue), the votes of generated citizens with planted
camps, and the computed opinion groups.

Keeps the rules of services/opinions.py: votes go to published statements of an open round, by
citizens who may take part in the consultation (permissions.can_take_part), once per citizen and
statement, dated between the round's opening (or the citizen's sign-up) and now, values 1, -1, 0.
Bypasses, as seed_demo says for the other contributions: cast_statement_vote (one call per vote,
and each would queue a computation; the groups are computed once at the end instead), and the
moderation services for the participants' statements (their status is set as a moderator's
decision would, without a log entry: the demo invents no moderator's act).
"""

import random
from datetime import timedelta

from django.utils import timezone

from consultations import permissions
from consultations.models import OpinionRound, Statement, StatementVote, User
from consultations.services.opinions import compute_if_changed

from . import data
from .bulk import insert, stored_timestamps
from .volume import citizen_pool

ROUNDS = data.load("opinions")["rounds"]


def seed_opinion_rounds(scale, consultations, created):
    """Each round of opinions.yaml on its consultation, its votes and its computed groups.
    Returns the primary keys of the consultations whose rounds changed."""
    pages = {spec["key"]: page for spec, page in consultations}
    citizens = citizen_pool(scale)
    touched = set()
    for spec in ROUNDS:
        page = pages[spec["consultation"]]
        pool = [citizen for citizen in citizens if permissions.can_take_part(citizen.user, page)]
        opinion_round = _round(spec, page, created)
        _proposed_statements(spec, opinion_round, pool, created)
        if _seed_votes(spec, opinion_round, pool[: spec["participants"]], created):
            touched.add(page.pk)
        if compute_if_changed(opinion_round):
            created["opinion_results"] += 1
    return touched


def _round(spec, page, created):
    opinion_round = OpinionRound.objects.filter(consultation=page, title=spec["title"]).first()
    if opinion_round is not None:
        return opinion_round
    now = timezone.now()
    opinion_round = OpinionRound(
        consultation=page,
        title=spec["title"],
        introduction=" ".join(spec["introduction"].split()),
        accepts_statements=spec["accepts_statements"],
        opens_at=now + timedelta(days=spec["days"]["opens_at"]),
        closes_at=now + timedelta(days=spec["days"]["closes_at"]),
    )
    opinion_round.full_clean()
    opinion_round.save()
    created["opinion_rounds"] += 1
    statements = [
        Statement(round=opinion_round, text=row["text"], status=Statement.Status.PUBLISHED,
                  created_at=opinion_round.opens_at)
        for row in spec["statements"]
    ]
    for statement in statements:
        statement.full_clean(exclude=["round"])
    with stored_timestamps(Statement):
        insert(Statement, statements)
    created["statements"] += len(statements)
    return opinion_round


def _proposed_statements(spec, opinion_round, pool, created):
    """The participants' statements not in the round yet, by participants of the pool."""
    present = set(opinion_round.statements.values_list("text", flat=True))
    wanted = [row for row in spec.get("proposed", ()) if row["text"] not in present]
    if not wanted or not pool:
        return
    moderators = {user.email: user for user in User.objects.filter(
        email__in=[row["moderated_by"] for row in wanted if "moderated_by" in row]
    )}
    statements = []
    for row in wanted:
        rng = random.Random(f"seed_demo opinion round {spec['title']} statement {row['text']}")
        proposed_at = opinion_round.opens_at + timedelta(days=rng.uniform(1, 8))
        statement = Statement(round=opinion_round, text=row["text"], status=row["status"],
                              author=rng.choice(pool).user, created_at=proposed_at)
        if row["status"] == Statement.Status.PUBLISHED:
            statement.moderated_by = moderators[row["moderated_by"]]
            statement.moderated_at = proposed_at + timedelta(hours=rng.uniform(2, 30))
        statement.full_clean(exclude=["round", "author", "moderated_by"])
        statements.append(statement)
    with stored_timestamps(Statement):
        insert(Statement, statements)
    created["statements"] += len(statements)


def _seed_votes(spec, opinion_round, participants, created):
    """Votes of the participants who have not voted in the round yet; True when some were added."""
    voted = set(StatementVote.objects.filter(statement__round=opinion_round).values_list("participant", flat=True))
    newcomers = [citizen for citizen in participants if citizen.pk not in voted]
    texts = {row["text"]: row["agree"] for row in [*spec["statements"], *spec.get("proposed", ())] if "agree" in row}
    statements = [
        (statement, texts[statement.text])
        for statement in opinion_round.statements.filter(status=Statement.Status.PUBLISHED).order_by("pk")
        if statement.text in texts
    ]
    if not newcomers or not statements:
        return False
    camps = spec["camps"]
    now = timezone.now()
    low, high = spec["votes"]
    votes = []
    for citizen in newcomers:
        rng = random.Random(f"seed_demo opinion round {spec['title']} citizen {citizen.index}")
        camp = rng.choices(range(len(camps)), weights=[camp["share"] for camp in camps])[0]
        chosen = rng.sample(statements, min(len(statements), rng.randint(low, high)))
        for statement, agree in chosen:
            start = max(statement.moderated_at or opinion_round.opens_at, citizen.user.date_joined)
            if rng.random() * spec["passes"] < 1:
                value = StatementVote.Value.PASS
            else:
                value = StatementVote.Value.AGREE if rng.random() < agree[camp] else StatementVote.Value.DISAGREE
            at = start + (now - start) * rng.random()
            votes.append(StatementVote(statement=statement, participant=citizen.user, value=value,
                                       created_at=at, updated_at=at))
    with stored_timestamps(StatementVote):
        insert(StatementVote, votes)
    created["statement_votes"] += len(votes)
    return True
