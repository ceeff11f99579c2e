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


class PolisExportError(ValueError):
    """A file of the export is missing or malformed; the message (French, for the command line)
    names the file and the line."""


@dataclass(frozen=True)
class PolisComment:
    comment_id: int
    author_id: int | None
    moderated: int  # 1 accepted, 0 not yet moderated, -1 rejected
    body: str


@dataclass(frozen=True)
class PolisConversation:
    comments: tuple  # PolisComment, by comment id
    votes: tuple  # (voter id, comment id, vote), chronological, every event (changes included)


def read_conversation(folder):
    """comments.csv and votes.csv only, every cell checked: what an import needs."""
    folder = Path(folder)
    comments = {}
    for line, row in _rows(folder / "comments.csv", ("comment-id", "author-id", "moderated", "comment-body")):
        comment_id = _integer(row["comment-id"], "comment-id", "comments.csv", line)
        author = row["author-id"].strip()
        moderated = _integer(row["moderated"], "moderated", "comments.csv", line)
        if moderated not in (-1, 0, 1):
            raise PolisExportError(f"comments.csv, ligne {line} : moderated vaut « {moderated} » (attendu -1, 0 ou 1)")
        if comment_id in comments:
            raise PolisExportError(f"comments.csv, ligne {line} : le commentaire {comment_id} apparaît deux fois")
        comments[comment_id] = PolisComment(
            comment_id,
            _integer(author, "author-id", "comments.csv", line) if author else None,
            moderated,
            row["comment-body"] or "",
        )
    votes = []
    for line, row in _rows(folder / "votes.csv", ("timestamp", "comment-id", "voter-id", "vote")):
        timestamp = _integer(row["timestamp"], "timestamp", "votes.csv", line)
        voter = _integer(row["voter-id"], "voter-id", "votes.csv", line)
        comment = _integer(row["comment-id"], "comment-id", "votes.csv", line)
        vote = _integer(row["vote"], "vote", "votes.csv", line)
        if vote not in (-1, 0, 1):
            raise PolisExportError(f"votes.csv, ligne {line} : vote vaut « {vote} » (attendu -1, 0 ou 1)")
        if comment not in comments:
            raise PolisExportError(f"votes.csv, ligne {line} : le commentaire {comment} n'est pas dans comments.csv")
        votes.append((timestamp, voter, comment, vote))
    votes.sort(key=lambda row: row[0])  # stable: equal timestamps keep the file's order
    return PolisConversation(
        tuple(comments[key] for key in sorted(comments)),
        tuple((voter, comment, vote) for _, voter, comment, vote in votes),
    )


def _rows(path, columns):
    try:
        file = open(path, newline="", encoding="utf-8")
    except OSError as error:
        raise PolisExportError(f"impossible de lire {path.name} : {error.strerror}") from error
    with file:
        reader = csv.DictReader(file)
        try:
            missing = [name for name in columns if name not in (reader.fieldnames or ())]
            if missing:
                raise PolisExportError(f"{path.name} : colonne(s) absente(s) : {', '.join(missing)}")
            for row in reader:
                # line_num counts physical lines: a multi-line comment body is still one row.
                yield reader.line_num, row
        except UnicodeDecodeError as error:
            raise PolisExportError(f"{path.name} : le fichier n'est pas encodé en UTF-8") from error


def _integer(text, column, file, line):
    try:
        return int((text or "").strip())
    except ValueError:
        raise PolisExportError(f"{file}, ligne {line} : {column} « {text} » n'est pas un nombre entier") from None
