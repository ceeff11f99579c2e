"""Opinion groups of a conversation, computed from its votes: the whole pipeline.

votes (votes.py) → clustered participants (votes.py) → 2-D map (projection.py) → groups
(clustering.py) → representative, consensus, majority and divisive statements (statements.py) →
an `OpinionGroups` result (results.py). Pure computation: no database, no Django.

No map is drawn (`enough_data` False, with a reason) when fewer than 7 participants voted, when
fewer than 3 statements are left once the moderated-out ones are set aside, or when every clustered
participant sits on the same point of the map (all voted alike: there are no groups to show).
"""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from . import clustering, statements
from .projection import project
from .results import (
    NO_DIFFERENCE,
    TOO_FEW_PARTICIPANTS,
    TOO_FEW_STATEMENTS,
    Group,
    OpinionGroups,
    Placement,
)
from .votes import clustered_mask, vote_matrix

MIN_PARTICIPANTS = 7
MIN_STATEMENTS = 3


def opinion_groups(votes, *, moderated_out=(), previously_clustered=()):
    """Compute the opinion groups.

    votes: (participant key, statement key, value) triples, value 1 = agree, -1 = disagree,
    0 = pass, in chronological order (the last vote on a pair counts).
    moderated_out: statement keys rejected by moderation (or meta statements): kept in the matrix
    as Polis does, never shown as representative, consensus or divisive.
    previously_clustered: participant keys clustered by an earlier computation; they stay in.
    """
    # One thread: the k-means runs are on at most 100 points, where OpenMP threads cost far more
    # than they save (15× slower on a busy 2-core machine), and a web worker should not fan out.
    with threadpool_limits(limits=1):
        return _opinion_groups(votes, moderated_out, previously_clustered)


def _opinion_groups(votes, moderated_out, previously_clustered):
    matrix = vote_matrix(votes)
    moderated = set(moderated_out)
    out_mask = np.array([key in moderated for key in matrix.statements], dtype=bool)
    n_participants, n_statements = matrix.shape
    sizes = {"participants": n_participants, "statements": n_statements}
    sizes["moderated_out"] = int(out_mask.sum())
    if n_participants < MIN_PARTICIPANTS:
        return OpinionGroups(enough_data=False, reason=TOO_FEW_PARTICIPANTS, **sizes)
    if n_statements - out_mask.sum() < MIN_STATEMENTS:
        return OpinionGroups(enough_data=False, reason=TOO_FEW_STATEMENTS, **sizes)

    clustered = clustered_mask(matrix, previously_clustered)
    projection = project(matrix, out_mask)
    points = projection.coordinates[clustered]
    if len(np.unique(points, axis=0)) < 2:
        return OpinionGroups(enough_data=False, reason=NO_DIFFERENCE, **sizes)

    grouping = clustering.group(points)
    member_rows = np.flatnonzero(clustered)
    counts = statements.Counts(matrix, member_rows, grouping.labels, grouping.k)
    selectable = np.flatnonzero(~out_mask)
    keys = matrix.statements

    group_of = np.full(n_participants, -1)
    group_of[member_rows] = grouping.labels
    placements = tuple(
        Placement(participant, float(x), float(y), None if g < 0 else int(g))
        for participant, (x, y), g in zip(matrix.participants, projection.coordinates, group_of)
    )
    sizes_per_group = np.bincount(grouping.labels, minlength=grouping.k)
    groups = tuple(
        Group(id=g, size=int(sizes_per_group[g]), x=float(grouping.centres[g][0]),
              y=float(grouping.centres[g][1]), representative=chosen)
        for g, chosen in enumerate(statements.representative(counts, keys, selectable))
    )
    return OpinionGroups(
        enough_data=True,
        reason="",
        **sizes,
        clustered=tuple(matrix.participants[row] for row in member_rows),
        placements=placements,
        k=grouping.k,
        silhouettes=tuple((k, float(score)) for k, score in grouping.silhouettes),
        stability=grouping.stability,
        explained_variance_ratio=projection.explained_variance_ratio,
        groups=groups,
        consensus=statements.consensus(counts, keys, selectable),
        majority=statements.majority(matrix, keys, selectable),
        divisive=statements.divisive(counts, keys, selectable),
    )
