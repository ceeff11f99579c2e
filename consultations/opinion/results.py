"""What an opinion-groups computation returns: frozen dataclasses, JSON-ready through `as_json`.

Participant and statement keys are kept as given (ints or strings); lists are sorted (participants
by key, statements by rank then key) so the same votes give the same JSON.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

AGREE = "agree"
DISAGREE = "disagree"

# Why a map is not drawn (`OpinionGroups.reason`)
TOO_FEW_PARTICIPANTS = "too_few_participants"
TOO_FEW_STATEMENTS = "too_few_statements"
NO_DIFFERENCE = "no_difference"  # every clustered participant sits on the same point


@dataclass(frozen=True)
class GroupVotes:
    """How one group voted on one statement; shares are of the members who voted (passes
    included)."""

    group: int
    agree: int
    disagree: int
    passed: int
    voted: int
    agree_share: float
    disagree_share: float
    pass_share: float


@dataclass(frozen=True)
class RepresentativeStatement:
    """A statement on which a group differs from the others (Polis's repness, see statements.py).

    pa, pd: the group's agree and disagree probabilities (A+1)/(S+2); pat, pdt: their z-scores;
    ra, rd: pa and pd over the same for the other groups; rat, rdt: two-proportion z-scores.
    `repness`, `repness_test`, `probability`, `probability_test` are those of `direction`.
    """

    statement: object
    direction: str
    best_agree: bool
    votes: GroupVotes
    others_agree: int
    others_disagree: int
    others_voted: int
    pa: float
    pd: float
    pat: float
    pdt: float
    ra: float
    rd: float
    rat: float
    rdt: float
    repness: float
    repness_test: float
    probability: float
    probability_test: float


@dataclass(frozen=True)
class ConsensusStatement:
    """Agreed (or disagreed) in every group. `group_aware_consensus` = Π over groups of
    (A+1)/(S+2) (D instead of A for disagreement)."""

    statement: object
    direction: str
    group_aware_consensus: float
    groups: tuple[GroupVotes, ...]


@dataclass(frozen=True)
class MajorityStatement:
    """Polis's own "consensus": agreed (disagreed) by all participants taken together."""

    statement: object
    direction: str
    agree: int
    disagree: int
    voted: int
    probability: float
    probability_test: float


@dataclass(frozen=True)
class DivisiveStatement:
    """`divisiveness` = the gap between the groups' agree probabilities (A+1)/(S+2), highest
    minus lowest."""

    statement: object
    divisiveness: float
    groups: tuple[GroupVotes, ...]


@dataclass(frozen=True)
class Group:
    id: int
    size: int
    x: float
    y: float
    representative: tuple[RepresentativeStatement, ...]


@dataclass(frozen=True)
class Placement:
    """A participant on the map; `group` is None for someone not clustered (too few votes)."""

    participant: object
    x: float
    y: float
    group: int | None


@dataclass(frozen=True)
class OpinionGroups:
    enough_data: bool
    reason: str  # empty when enough_data
    participants: int  # participants with at least one vote
    statements: int  # statements with at least one vote, moderated-out ones included
    moderated_out: int
    clustered: tuple = ()
    placements: tuple[Placement, ...] = ()
    k: int = 0
    silhouettes: tuple[tuple[int, float], ...] = ()
    stability: float = 0.0
    explained_variance_ratio: tuple[float, ...] = ()
    groups: tuple[Group, ...] = ()
    consensus: tuple[ConsensusStatement, ...] = ()
    majority: tuple[MajorityStatement, ...] = ()
    divisive: tuple[DivisiveStatement, ...] = ()

    def as_json(self):
        """Plain dicts, lists, strings and numbers: what a JSON column gives back."""
        return json.loads(json.dumps(asdict(self)))

    @classmethod
    def from_json(cls, data):
        """The inverse of `as_json`."""
        return _build(cls, data)


_NESTED = {
    ("OpinionGroups", "placements"): Placement,
    ("OpinionGroups", "groups"): Group,
    ("OpinionGroups", "consensus"): ConsensusStatement,
    ("OpinionGroups", "majority"): MajorityStatement,
    ("OpinionGroups", "divisive"): DivisiveStatement,
    ("Group", "representative"): RepresentativeStatement,
    ("RepresentativeStatement", "votes"): GroupVotes,
    ("ConsensusStatement", "groups"): GroupVotes,
    ("DivisiveStatement", "groups"): GroupVotes,
}


def _build(cls, data):
    values = {}
    for field in fields(cls):
        value = data[field.name]
        nested = _NESTED.get((cls.__name__, field.name))
        if nested and isinstance(value, dict):
            value = _build(nested, value)
        elif nested:
            value = tuple(_build(nested, item) for item in value)
        elif isinstance(value, list):
            value = tuple(tuple(item) if isinstance(item, list) else item for item in value)
        values[field.name] = value
    return cls(**values)
