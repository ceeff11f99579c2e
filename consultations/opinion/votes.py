"""The participants × statements vote matrix, and who is clustered (Polis's "in-conv" rule).

Values: agree = +1, disagree = -1, pass = 0, missing = no vote. (Polis's database and math use
agree = -1; its CSV exports and this module use agree = +1.)

Rules
- The latest vote wins: when the same (participant, statement) pair comes several times, the one
  given last in the input counts, so callers pass votes in chronological order.
- Rows are the participants with at least one vote, columns the statements with at least one vote
  (Polis builds its rating matrix from votes alone), both sorted by key, so the order of the input
  changes nothing but which vote is the latest.
- A participant is clustered when they voted (passes included, moderated-out statements included)
  on at least min(7, number of statements) statements. If fewer than 15 participants qualify, the
  ones with the most votes are added until there are 15 (ties: the smaller key first; Polis's order
  is its row order). Participants clustered in an earlier computation stay clustered when passed as
  `previously_clustered` (Polis's set only grows).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

AGREE, DISAGREE, PASS = 1, -1, 0
MIN_VOTES = 7
MIN_CLUSTERED = 15


@dataclass(frozen=True, eq=False)
class VoteMatrix:
    """Sparse vote matrix. `rows`, `cols`, `values` list the voted cells (one per pair)."""

    participants: tuple
    statements: tuple
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray

    @property
    def shape(self):
        return len(self.participants), len(self.statements)

    def indicator(self, value=None):
        """CSR matrix of 1.0 where the cell was voted (`value` None) or holds `value`."""
        keep = np.ones(len(self.values), dtype=bool) if value is None else self.values == value
        return sparse.csr_matrix(
            (np.ones(int(keep.sum())), (self.rows[keep], self.cols[keep])), shape=self.shape
        )

    def dense(self):
        """Float matrix with NaN for missing votes (for tests and small conversations)."""
        matrix = np.full(self.shape, np.nan)
        matrix[self.rows, self.cols] = self.values
        return matrix

    def votes_per_participant(self):
        return np.bincount(self.rows, minlength=len(self.participants))


def _sort_keys(keys):
    try:
        return sorted(keys)
    except TypeError:  # mixed key types: a stable order all the same
        return sorted(keys, key=lambda key: (type(key).__name__, str(key)))


def vote_matrix(votes):
    """Build the matrix from (participant, statement, value) triples, the latest one winning."""
    latest = {}
    for participant, statement, value in votes:
        if value not in (AGREE, DISAGREE, PASS):
            raise ValueError(
                f"vote {value!r} of {participant!r} on {statement!r}: expected 1, -1 or 0"
            )
        latest[(participant, statement)] = int(value)
    participants = tuple(_sort_keys({participant for participant, _ in latest}))
    statements = tuple(_sort_keys({statement for _, statement in latest}))
    row_of = {key: index for index, key in enumerate(participants)}
    col_of = {key: index for index, key in enumerate(statements)}
    count = len(latest)
    rows = np.fromiter((row_of[p] for p, _ in latest), dtype=np.int64, count=count)
    cols = np.fromiter((col_of[s] for _, s in latest), dtype=np.int64, count=count)
    values = np.fromiter(latest.values(), dtype=np.int8, count=count)
    order = np.lexsort((cols, rows))
    return VoteMatrix(participants, statements, rows[order], cols[order], values[order])


def clustered_mask(matrix, previously_clustered=()):
    """Boolean mask over `matrix.participants`: who is clustered (see the module docstring)."""
    counts = matrix.votes_per_participant()
    clustered = counts >= min(MIN_VOTES, len(matrix.statements))
    if previously_clustered:
        kept = set(previously_clustered)
        clustered |= np.fromiter((key in kept for key in matrix.participants), dtype=bool,
                                 count=len(matrix.participants))
    missing = MIN_CLUSTERED - int(clustered.sum())
    if missing > 0:
        # Most votes first; a stable sort keeps the smaller key first among equals.
        candidates = [index for index in np.argsort(-counts, kind="stable") if not clustered[index]]
        clustered[candidates[:missing]] = True
    return clustered
