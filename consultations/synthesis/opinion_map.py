"""The synthesis's opinion map: for each opinion round of a consultation, its latest stored result
(OpinionResult, computed in the background by services/opinions.compute_round, never here) as
plain JSON figures, in three queries whatever the number of rounds, statements and votes.

Rules:
- no personal data: the map keeps points (x, y, group) and nothing that names or numbers a
  participant; points are sorted by place, so their order does not follow the accounts' ids;
- a statement is shown only while it is published: one hidden since the computation, or pending,
  is left out of every list (the computation already leaves out the moderated-out ones);
- shares are exact fractions as strings ("17/20"), as in figures.py;
- a large round's map keeps at most MAX_POINTS points, taken at regular steps in that order (the
  same every time), and says how many it stands for.
"""

from fractions import Fraction
from string import ascii_uppercase

from django.db.models import OuterRef, Subquery

from ..models import OpinionResult, OpinionRound, Statement
from ..opinion.results import AGREE, OpinionGroups

MAX_POINTS = 2000
# Stability (mean adjusted Rand index over bootstrap samples) from which the groups are called stable.
STABLE = 0.8


def letter(group_id):
    return ascii_uppercase[group_id] if group_id < len(ascii_uppercase) else str(group_id + 1)


def _share(count, total):
    return str(Fraction(count, total)) if total else None


def opinion_rounds(consultation):
    latest = OpinionResult.objects.filter(round=OuterRef("pk")).order_by("-computed_at", "-pk").values("pk")[:1]
    rounds = list(
        OpinionRound.objects.filter(consultation=consultation).annotate(latest_result=Subquery(latest))
        .order_by("opens_at", "pk").only("pk", "title", "opens_at", "closes_at")
    )
    computed = [opinion_round.latest_result for opinion_round in rounds if opinion_round.latest_result]
    results = OpinionResult.objects.in_bulk(computed) if computed else {}
    texts = {}
    if computed:
        texts = dict(
            Statement.objects.published().filter(round__in=[r.pk for r in rounds if r.latest_result])
            .values_list("pk", "text")
        )
    return [_round(opinion_round, results.get(opinion_round.latest_result), texts) for opinion_round in rounds]


def _round(opinion_round, result, texts):
    entry = {"id": opinion_round.pk, "title": opinion_round.title, "computed": result is not None}
    if result is None:
        return entry
    groups = OpinionGroups.from_json(result.data)
    entry.update({
        "computed_at": result.computed_at.isoformat(), "vote_count": result.vote_count,
        "participants": groups.participants, "statements": groups.statements - groups.moderated_out,
        "enough_data": groups.enough_data, "reason": groups.reason,
    })
    if not groups.enough_data:
        return entry
    clustered = sum(group.size for group in groups.groups)
    entry.update({
        "clustered": clustered, "k": groups.k, "stability": round(groups.stability, 3),
        "stable": groups.stability >= STABLE,
        "groups": [
            {
                "letter": letter(group.id), "size": group.size, "share": _share(group.size, clustered),
                "representative": [
                    _representative(statement, texts) for statement in group.representative
                    if statement.statement in texts
                ],
            }
            for group in groups.groups
        ],
        "consensus": [
            {"text": texts[item.statement], "direction": item.direction,
             "groups": [_group_votes(votes) for votes in item.groups]}
            for item in groups.consensus if item.statement in texts
        ],
        "divisive": [
            {"text": texts[item.statement], "groups": [_group_votes(votes) for votes in item.groups]}
            for item in groups.divisive if item.statement in texts
        ],
        **_points(groups.placements),
    })
    return entry


def _representative(statement, texts):
    votes = statement.votes
    agree = statement.direction == AGREE
    return {
        "text": texts[statement.statement], "direction": statement.direction,
        "group": _share(votes.agree if agree else votes.disagree, votes.voted),
        "others": _share(statement.others_agree if agree else statement.others_disagree, statement.others_voted),
        "voted": votes.voted, "others_voted": statement.others_voted,
    }


def _group_votes(votes):
    return {
        "letter": letter(votes.group), "voted": votes.voted,
        "agree": _share(votes.agree, votes.voted), "disagree": _share(votes.disagree, votes.voted),
    }


def _points(placements):
    points = sorted(
        ((round(p.x, 3), round(p.y, 3), p.group) for p in placements),
        key=lambda point: (point[0], point[1], -1 if point[2] is None else point[2]),
    )
    total = len(points)
    if total > MAX_POINTS:
        points = [points[i * total // MAX_POINTS] for i in range(MAX_POINTS)]
    return {"points": [list(point) for point in points], "points_total": total,
            "unclustered": sum(1 for p in placements if p.group is None)}
