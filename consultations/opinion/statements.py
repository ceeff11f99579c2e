"""Which statements describe the groups: representative, consensus, majority and divisive ones.

Counts per group (A agree, D disagree, P pass, S = A + D + P voted) are taken over the group's
clustered members; moderated-out statements are never selected. Polis's formulas
(`repness.clj`), with z90 = 1.2816 (one-sided 90 %):

- pa = (A+1)/(S+2), pd = (D+1)/(S+2); pat = prop_test(A, S), pdt = prop_test(D, S) with
  prop_test(s, n) = 2·sqrt(n+1)·((s+1)/(n+1) − 0.5).
- The other groups' counts are summed (Ao, Do, So): ra = pa / ((Ao+1)/(So+2)), rd likewise;
  rat = two_prop_test(A, Ao, S, So), rdt likewise: add 1 to the four counts, p1 = s1/n1,
  p2 = s2/n2, p = (s1+s2)/(n1+n2), z = (p1−p2)/sqrt(p(1−p)(1/n1+1/n2)), and z = 0 when p = 1.

Representative statements of a group (`select-rep-comments`)
- Sufficient: (rat > z90 and pat > z90) or (rdt > z90 and pdt > z90); the direction is agree if
  rat > rdt, otherwise disagree; ranked by repness × repness test × probability × probability
  test of that direction.
- "Best agree", scanned in statement order: a statement with no agree and no disagree never
  qualifies; against a current best whose ra > 1 it must beat ra·rat·pa·pat, against another
  current best pa·pat; the first candidate needs pat > z90 or (ra > 1 and pa > 0.5).
- The best agree comes first (as agree), then the sufficient ones by rank; the first 5 are kept,
  agrees before disagrees. Without any sufficient statement: only the best agree, or failing that
  the statement with the largest max(rat, rdt).

Consensus (group-informed): statements that a majority of every group agrees with, pa > 0.5 in
each group (disagree: pd > 0.5 in each), ranked by Polis's group-aware consensus
Π_g (A_g+1)/(S_g+2) (with D for disagree), top 5 each way.

Majority (Polis's own `select-consensus-comments`): the same statistics over all participants
(clustered or not): pa > 0.5 and pat > z90, ranked by pa·pat, top 5; disagree likewise.

Divisive: the gap between the highest and the lowest group agree probability pa, top 5 (ties by
statement order). Polis publishes no such measure; this one reads directly as "group 1 agrees at
85 %, group 3 at 10 %", is 0 when all groups agree alike, and the +1/+2 smoothing keeps a group
with a single vote from making a statement look divisive.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .results import (
    AGREE,
    DISAGREE,
    ConsensusStatement,
    DivisiveStatement,
    GroupVotes,
    MajorityStatement,
    RepresentativeStatement,
)

Z90 = 1.2816
PICK = 5


def prop_test(successes, trials):
    return 2 * np.sqrt(trials + 1) * ((successes + 1) / (trials + 1) - 0.5)


def two_prop_test(successes_1, successes_2, trials_1, trials_2):
    s1, s2, n1, n2 = (
        np.asarray(value, dtype=float) + 1
        for value in (successes_1, successes_2, trials_1, trials_2)
    )
    p1, p2 = s1 / n1, s2 / n2
    pooled = (s1 + s2) / (n1 + n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return np.where(pooled >= 1, 0.0, z)


class Counts:
    """A, D, P, S per group (rows) and statement (columns) over the clustered members."""

    def __init__(self, matrix, member_rows, labels, k):
        membership = sparse.csr_matrix(
            (np.ones(len(member_rows)), (labels, member_rows)), shape=(k, matrix.shape[0])
        )
        self.agree, self.disagree, self.voted = (
            np.asarray((membership @ matrix.indicator(value)).todense()).round().astype(int)
            for value in (1, -1, None)
        )
        self.passed = self.voted - self.agree - self.disagree
        self.pa = (self.agree + 1) / (self.voted + 2)
        self.pd = (self.disagree + 1) / (self.voted + 2)

    def votes(self, group, column):
        voted = int(self.voted[group, column])
        agree, disagree, passed = (
            int(m[group, column]) for m in (self.agree, self.disagree, self.passed)
        )
        shares = [n / voted if voted else 0.0 for n in (agree, disagree, passed)]
        return GroupVotes(group, agree, disagree, passed, voted, *shares)

    def all_groups(self, column):
        return tuple(self.votes(group, column) for group in range(self.voted.shape[0]))


def group_statistics(counts, group):
    """Polis's per-statement statistics of `group` against the other groups, as arrays."""
    a, d, s = counts.agree[group], counts.disagree[group], counts.voted[group]
    ao, do, so = (m.sum(axis=0) - m[group] for m in (counts.agree, counts.disagree, counts.voted))
    pa, pd = counts.pa[group], counts.pd[group]
    return {
        "a": a, "d": d, "s": s, "ao": ao, "do": do, "so": so, "pa": pa, "pd": pd,
        "pat": prop_test(a, s), "pdt": prop_test(d, s),
        "ra": pa / ((ao + 1) / (so + 2)), "rd": pd / ((do + 1) / (so + 2)),
        "rat": two_prop_test(a, ao, s, so), "rdt": two_prop_test(d, do, s, so),
    }


def _best_agree(st, selectable):
    """Polis's "best agree" of a group: scanned in statement order (see the module docstring)."""
    strong = st["ra"] * st["rat"] * st["pa"] * st["pat"]
    plain = st["pa"] * st["pat"]
    best = None
    for column in selectable:
        if st["a"][column] == 0 and st["d"][column] == 0:
            continue
        if best is None:
            beats = st["pat"][column] > Z90 or (st["ra"][column] > 1 and st["pa"][column] > 0.5)
        else:
            metric = strong if st["ra"][best] > 1 else plain
            beats = metric[column] > metric[best]
        if beats:
            best = column
    return best


def _representative(counts, group, statements, selectable):
    st = group_statistics(counts, group)

    def entry(column, direction, best_agree=False):
        names = ("pa", "pd", "pat", "pdt", "ra", "rd", "rat", "rdt")
        values = {name: float(st[name][column]) for name in names}
        a, d = ("a", "d") if direction == AGREE else ("d", "a")
        return RepresentativeStatement(
            statement=statements[column], direction=direction, best_agree=best_agree,
            votes=counts.votes(group, column), others_agree=int(st["ao"][column]),
            others_disagree=int(st["do"][column]), others_voted=int(st["so"][column]), **values,
            repness=values[f"r{a}"], repness_test=values[f"r{a}t"],
            probability=values[f"p{a}"], probability_test=values[f"p{a}t"],
        )

    agree_rank = st["ra"] * st["rat"] * st["pa"] * st["pat"]
    disagree_rank = st["rd"] * st["rdt"] * st["pd"] * st["pdt"]
    sufficient = []
    for column in selectable:
        agree_ok = st["rat"][column] > Z90 and st["pat"][column] > Z90
        disagree_ok = st["rdt"][column] > Z90 and st["pdt"][column] > Z90
        if not (agree_ok or disagree_ok):
            continue
        if st["rat"][column] > st["rdt"][column]:
            sufficient.append((-agree_rank[column], column, AGREE))
        else:
            sufficient.append((-disagree_rank[column], column, DISAGREE))
    sufficient.sort()

    best = _best_agree(st, selectable)
    chosen = [entry(best, AGREE, best_agree=True)] if best is not None else []
    chosen += [entry(column, direction) for _, column, direction in sufficient if column != best]
    if not chosen and len(selectable):
        strongest = max(selectable, key=lambda c: (max(st["rat"][c], st["rdt"][c]), -c))
        direction = AGREE if st["rat"][strongest] > st["rdt"][strongest] else DISAGREE
        chosen = [entry(strongest, direction)]
    chosen = chosen[:PICK]
    return tuple(sorted(chosen, key=lambda item: item.direction != AGREE))  # stable: agrees first


def representative(counts, statements, selectable):
    """Representative statements of each group, as a tuple indexed by group id."""
    groups = range(len(counts.voted))
    return tuple(_representative(counts, group, statements, selectable) for group in groups)


def consensus(counts, statements, selectable):
    found = []
    for direction, p in ((AGREE, counts.pa), (DISAGREE, counts.pd)):
        product = p.prod(axis=0)
        candidates = [column for column in selectable if (p[:, column] > 0.5).all()]
        candidates.sort(key=lambda column: (-product[column], column))
        found += [
            ConsensusStatement(
                statements[column], direction, float(product[column]), counts.all_groups(column)
            )
            for column in candidates[:PICK]
        ]
    return tuple(found)


def majority(matrix, statements, selectable):
    agree = np.bincount(matrix.cols[matrix.values == 1], minlength=len(statements))
    disagree = np.bincount(matrix.cols[matrix.values == -1], minlength=len(statements))
    voted = np.bincount(matrix.cols, minlength=len(statements))
    found = []
    for direction, successes in ((AGREE, agree), (DISAGREE, disagree)):
        p = (successes + 1) / (voted + 2)
        test = prop_test(successes, voted)
        candidates = [column for column in selectable if p[column] > 0.5 and test[column] > Z90]
        candidates.sort(key=lambda column: (-p[column] * test[column], column))
        found += [
            MajorityStatement(
                statements[column], direction, int(agree[column]), int(disagree[column]),
                int(voted[column]), float(p[column]), float(test[column]),
            )
            for column in candidates[:PICK]
        ]
    return tuple(found)


def divisive(counts, statements, selectable):
    gap = counts.pa.max(axis=0) - counts.pa.min(axis=0)
    candidates = sorted((c for c in selectable if gap[c] > 0), key=lambda c: (-gap[c], c))
    return tuple(
        DivisiveStatement(statements[column], float(gap[column]), counts.all_groups(column))
        for column in candidates[:PICK]
    )
