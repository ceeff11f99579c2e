"""Reading pabulib `.pb` files (https://pabulib.org/format): META, PROJECTS, VOTES sections.

Only what the portal needs is kept: the budget, the ballot kind, the projects (id, cost, name) and
each vote. A malformed file raises `PabulibError` naming the line and the reason; messages are in
French, like the rest of the command-line output.
"""

import csv
import io
from dataclasses import dataclass, field

from . import budgeting

# What the portal's columns hold (LocalProjectPage.cost, BallotChoice.value).
MAX_COST = 2_147_483_647
MAX_POINTS = 32_767
SUPPORTED_KINDS = {"approval": budgeting.APPROVAL, "cumulative": budgeting.CUMULATIVE}


class PabulibError(ValueError):
    def __init__(self, line, reason):
        self.line, self.reason = line, reason
        super().__init__(f"ligne {line} : {reason}" if line else reason)


@dataclass
class PbProject:
    project_id: str
    cost: int
    name: str


@dataclass
class PbFile:
    meta: dict
    kind: str
    budget: int
    projects: dict = field(default_factory=dict)  # project_id -> PbProject, in file order
    votes: list = field(default_factory=list)  # (voter_id, {project_id: points}) ; approval: points 1

    def instance(self):
        if self.kind == budgeting.APPROVAL:
            ballots = [set(vote) for _voter, vote in self.votes]
        else:
            ballots = [dict(vote) for _voter, vote in self.votes]
        costs = {p.project_id: p.cost for p in self.projects.values()}
        return budgeting.Instance(budget=self.budget, costs=costs, ballots=ballots, kind=self.kind)


def _whole_number(text, line, what):
    text = text.strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise PabulibError(line, f"{what} « {text} » n'est pas un nombre") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise PabulibError(line, f"{what} « {text} » n'est pas un nombre")
    if value < 0:
        raise PabulibError(line, f"{what} « {text} » est négatif")
    if value != int(value):
        raise PabulibError(line, f"{what} « {text} » n'est pas un nombre entier")
    return int(value)


def parse(data):
    """Parse the bytes of a .pb file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PabulibError(line, "le fichier n'est pas encodé en UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    sections = {}
    section, header = None, None
    for row in reader:
        line = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        title = row[0].strip().upper()
        if len(row) == 1 and title in ("META", "PROJECTS", "VOTES"):
            if title in sections:
                raise PabulibError(line, f"section {title} en double")
            section, header = title, None
            sections[title] = []
            continue
        if section is None:
            raise PabulibError(line, "le fichier doit commencer par la section META")
        if header is None:
            header = [cell.strip() for cell in row]
            continue
        if len(row) != len(header):
            raise PabulibError(line, f"{len(row)} champs au lieu de {len(header)}")
        sections[section].append((line, dict(zip(header, row))))
    for title in ("META", "PROJECTS", "VOTES"):
        if title not in sections:
            raise PabulibError(None, f"section {title} absente")

    meta = {}
    for line, row in sections["META"]:
        if "key" not in row or "value" not in row:
            raise PabulibError(line, "la section META doit avoir les colonnes key;value")
        meta[row["key"].strip()] = row["value"].strip()
    for key in ("budget", "vote_type"):
        if key not in meta:
            raise PabulibError(None, f"la section META n'a pas de clé « {key} »")
    meta_line = {row["key"].strip(): line for line, row in sections["META"]}
    vote_type = meta["vote_type"].lower()
    if vote_type == "ordinal":
        raise PabulibError(meta_line["vote_type"], "les votes par classement (ordinal) ne sont pas pris en charge")
    if vote_type not in SUPPORTED_KINDS:
        raise PabulibError(meta_line["vote_type"], f"type de vote « {vote_type} » non pris en charge")
    kind = SUPPORTED_KINDS[vote_type]
    budget = _whole_number(meta["budget"], meta_line["budget"], "le budget")

    pb = PbFile(meta=meta, kind=kind, budget=budget)
    for line, row in sections["PROJECTS"]:
        if "project_id" not in row or "cost" not in row:
            raise PabulibError(line, "la section PROJECTS doit avoir les colonnes project_id et cost")
        project_id = row["project_id"].strip()
        if not project_id:
            raise PabulibError(line, "project_id vide")
        if project_id in pb.projects:
            raise PabulibError(line, f"projet « {project_id} » en double")
        cost = _whole_number(row["cost"], line, "le coût")
        if cost > MAX_COST:
            raise PabulibError(line, f"le coût {cost} dépasse {MAX_COST}")
        pb.projects[project_id] = PbProject(project_id, cost, (row.get("name") or "").strip())

    voters = set()
    for line, row in sections["VOTES"]:
        if "voter_id" not in row or "vote" not in row:
            raise PabulibError(line, "la section VOTES doit avoir les colonnes voter_id et vote")
        voter = row["voter_id"].strip()
        if voter in voters:
            raise PabulibError(line, f"votant « {voter} » en double")
        voters.add(voter)
        chosen = [p.strip() for p in row["vote"].split(",") if p.strip()]
        for project in chosen:
            if project not in pb.projects:
                raise PabulibError(line, f"le vote nomme un projet inconnu « {project} »")
        if len(set(chosen)) != len(chosen):
            raise PabulibError(line, "le vote nomme deux fois le même projet")
        if kind == budgeting.CUMULATIVE:
            if "points" not in row:
                raise PabulibError(line, "un vote cumulatif doit avoir une colonne points")
            points = [p for p in row["points"].split(",") if p.strip()]
            if len(points) != len(chosen):
                raise PabulibError(line, "autant de points que de projets sont attendus")
            vote = {p: _whole_number(v, line, "le nombre de points") for p, v in zip(chosen, points)}
            if any(value > MAX_POINTS for value in vote.values()):
                raise PabulibError(line, f"plus de {MAX_POINTS} points pour un projet")
        else:
            vote = dict.fromkeys(chosen, 1)
        pb.votes.append((voter, vote))
    return pb


def read(path):
    with open(path, "rb") as handle:
        return parse(handle.read())
