"""Read a Polis CSV export (openData format: votes.csv, comments.csv, participants-votes.csv).

Polis's exports already use agree = +1. votes.csv can hold several rows for the same
(voter, comment) pair when someone changed their vote: rows are returned in timestamp order, so
the last one is the latest vote.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PolisExport:
    votes: tuple  # (voter id, comment id, vote) in chronological order
    moderated_out: frozenset  # comment ids with moderated = -1
    groups: dict  # participant id -> Polis group id, for the participants Polis clustered
    matrix: dict  # (participant id, comment id) -> vote, from participants-votes.csv
    totals: dict  # participant id -> (n-votes, n-agree, n-disagree), from participants-votes.csv


def read_export(folder):
    folder = Path(folder)
    with open(folder / "votes.csv", newline="") as file:
        rows = [
            (int(r["timestamp"]), int(r["voter-id"]), int(r["comment-id"]), int(r["vote"]))
            for r in csv.DictReader(file)
        ]
    rows.sort(key=lambda row: row[0])  # stable: equal timestamps keep the file's order
    with open(folder / "comments.csv", newline="") as file:
        moderated_out = frozenset(
            int(r["comment-id"]) for r in csv.DictReader(file) if r["moderated"] == "-1"
        )
    groups, matrix, totals = {}, {}, {}
    with open(folder / "participants-votes.csv", newline="") as file:
        reader = csv.DictReader(file)
        comment_columns = [name for name in reader.fieldnames if name.isdigit()]
        for r in reader:
            participant = int(r["participant"])
            totals[participant] = (int(r["n-votes"]), int(r["n-agree"]), int(r["n-disagree"]))
            if r["group-id"] != "":
                groups[participant] = int(r["group-id"])
            for column in comment_columns:
                if r[column] != "":
                    matrix[(participant, int(column))] = int(r[column])
    votes = tuple((voter, comment, vote) for _, voter, comment, vote in rows)
    return PolisExport(votes, moderated_out, groups, matrix, totals)
