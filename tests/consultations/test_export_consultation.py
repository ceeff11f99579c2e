import csv
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook
from wagtail.models import PageLogEntry

from consultations.consultation_export import export_consultation, tables
from consultations.models import Ballot, Comment, Proposal, User
from consultations.selectors import vote_results
from consultations.services.voting import ballot_projects
from tests.factories import BallotFactory, CommentFactory, NeighbourhoodFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

TABLES = (
    "consultation", "local_projects", "proposals", "comments", "ballot_choices", "results", "funding", "participation_per_day",
    "participation_per_neighbourhood", "moderation_outcomes", "decisions", "implementation_updates",
)


@pytest.fixture
def filled(budget_vote):
    """A vote with proposals (one answered, tagged, with a formula-looking title), comments
    (published and hidden) and two ballots."""
    consultation = budget_vote
    answered = ProposalFactory(
        consultation=consultation, title="=HYPERLINK(\"http://x\")", tags=["sport", "ombre"],
        neighbourhood=NeighbourhoodFactory(name="Centre"), answer_status=Proposal.Answer.ACCEPTED,
        answer_text="Retenue pour 2027.", supporters=2,
    )
    ProposalFactory(consultation=consultation)
    CommentFactory(target=answered, body="Un commentaire publié visible")
    CommentFactory(target=answered, body="Un secret masqué par la modération", status=Comment.Status.HIDDEN)
    CommentFactory(target=consultation, body="Sur la consultation elle-même")
    projects = list(ballot_projects(consultation))
    BallotFactory(consultation=consultation, choices=[(projects[0], 1), (projects[2], 1)])
    BallotFactory(consultation=consultation, choices=[(projects[0], 1)])
    return consultation


def read_csv(folder, table, delimiter=","):
    raw = (folder / f"{table}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=delimiter))


def all_text(folder):
    return "".join(path.read_text(encoding="utf-8-sig") for path in folder.iterdir())


def test_csv_export_writes_one_file_per_table_with_semicolons(filled, tmp_path):
    call_command("export_consultation", str(filled.pk), "--format", "csv",
                 "--output", str(tmp_path / "out"), "--delimiter", ";")
    folder = tmp_path / "out"
    assert sorted(path.stem for path in folder.iterdir()) == sorted(TABLES)
    proposals = read_csv(folder, "proposals", ";")
    assert len(proposals) == 2
    answered = next(row for row in proposals if row["tags"])
    assert answered["title"].startswith("'=")
    assert answered["tags"] == "ombre, sport"
    assert answered["neighbourhood"] == "Centre"
    assert answered["answer_status"] == "accepted"
    assert answered["answer_text"] == "Retenue pour 2027."
    assert answered["support_count"] == "2"
    comments = read_csv(folder, "comments", ";")
    assert len(comments) == 3
    hidden = next(row for row in comments if row["status"] == "hidden")
    assert hidden["body"] == ""
    assert "secret" not in all_text(folder)
    assert {row["target_kind"] for row in comments} == {"proposal", "consultation"}
    choices = read_csv(folder, "ballot_choices", ";")
    assert len(choices) == 3
    receipts = set(Ballot.objects.values_list("receipt", flat=True))
    assert {row["receipt_start"] for row in choices} == {receipt[:4] for receipt in receipts}
    assert all(len(row["receipt_start"]) == 4 for row in choices)
    [consultation] = read_csv(folder, "consultation", ";")
    assert (consultation["proposals"], consultation["comments"], consultation["ballots"]) == ("2", "2", "2")


def test_no_email_no_name_no_full_receipt_in_any_file(filled, tmp_path):
    export_consultation(filled, "csv", tmp_path / "csv")
    export_consultation(filled, "json", tmp_path / "export.json")
    text = all_text(tmp_path / "csv") + (tmp_path / "export.json").read_text()
    for user in User.objects.all():
        assert user.email not in text
        assert not user.display_name or user.display_name not in text
    for receipt in Ballot.objects.values_list("receipt", flat=True):
        assert receipt not in text


def test_pseudonyms_are_stable_across_exports_and_differ_across_consultations(filled, make_consultation, tmp_path):
    author = Proposal.objects.filter(consultation=filled).first().author
    other = make_consultation("proposals")
    ProposalFactory(consultation=other, author=author)
    export_consultation(filled, "csv", tmp_path / "a")
    export_consultation(filled, "csv", tmp_path / "b")
    export_consultation(other, "csv", tmp_path / "c")
    first = {row["id"]: row["author"] for row in read_csv(tmp_path / "a", "proposals")}
    again = {row["id"]: row["author"] for row in read_csv(tmp_path / "b", "proposals")}
    assert first == again
    mine = first[str(Proposal.objects.filter(consultation=filled, author=author).get().pk)]
    [elsewhere] = read_csv(tmp_path / "c", "proposals")
    assert len(mine) == 12 and mine != elsewhere["author"]


def test_results_table_equals_the_results_page(filled, tmp_path):
    export_consultation(filled, "csv", tmp_path / "out")
    rows = read_csv(tmp_path / "out", "results")
    results = vote_results(filled, list(ballot_projects(filled)))
    assert [(int(row["project_id"]), int(row["approvals"]), int(row["points"])) for row in rows] == [
        (result.project.pk, result.approvals, result.points) for result in results.rows
    ]
    assert rows[0]["share_percent"] == "100.0"


def test_participation_per_day_counts_in_sql(filled, tmp_path):
    export_consultation(filled, "csv", tmp_path / "out")
    [today] = read_csv(tmp_path / "out", "participation_per_day")
    assert (today["proposals"], today["comments"], today["supports"], today["ballots"]) == ("2", "3", "2", "2")


def test_xlsx_has_a_readme_frozen_headers_and_typed_cells(filled, tmp_path):
    path = tmp_path / "export.xlsx"
    call_command("export_consultation", filled.slug, "--format", "xlsx", "--output", str(path))
    workbook = load_workbook(path)
    # The decisions table is the editable « Décisions » sheet in a workbook.
    assert workbook.sheetnames == ["Lisez-moi", *(name for name in TABLES if name != "decisions"), "Décisions"]
    readme = [cell for row in workbook["Lisez-moi"].iter_rows(values_only=True) for cell in row if cell]
    assert "receipt_start" in readme
    sheet = workbook["proposals"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    answered = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[header.index("tags")])
    assert answered[header.index("title")].startswith("'=")
    assert isinstance(answered[header.index("support_count")], int)
    created = answered[header.index("created_at")]
    assert created.__class__.__name__ == "datetime" and created.tzinfo is None
    assert sheet.max_row == 3
    assert workbook["results"]["H2"].value == 100  # a number, not the text "100.0"


def test_json_is_one_valid_document_with_the_same_counts(filled, tmp_path):
    path = tmp_path / "export.json"
    written = export_consultation(filled, "json", path)
    document = json.loads(path.read_text())
    assert document["consultation"]["id"] == filled.pk
    assert {name: len(rows) for name, rows in document["tables"].items()} == {
        table: rows for _file, table, rows in written
    }
    assert len(document["tables"]["proposals"]) == 2
    assert document["tables"]["ballot_choices"][0]["value"] == 1


def test_an_empty_consultation_gives_files_with_headers_only(make_consultation, tmp_path):
    empty = make_consultation("proposals")
    export_consultation(empty, "csv", tmp_path / "out")
    header = (tmp_path / "out" / "comments.csv").read_text(encoding="utf-8-sig").splitlines()
    assert header == ["id,target_kind,target_id,parent_id,stance,status,created_at,upvote_count,author,body"]
    export_consultation(empty, "xlsx", tmp_path / "empty.xlsx")
    assert load_workbook(tmp_path / "empty.xlsx")["ballot_choices"].max_row == 1
    document = json.loads(export_consultation(empty, "json", tmp_path / "e.json") and (tmp_path / "e.json").read_text())
    assert document["tables"]["proposals"] == []


def _grow(consultation, count):
    projects = list(ballot_projects(consultation))
    for _ in range(count):
        proposal = ProposalFactory(consultation=consultation, tags=["sport"])
        CommentFactory(target=proposal)
        BallotFactory(consultation=consultation, choices=[(projects[0], 1)])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_the_query_count_does_not_grow_with_the_data(budget_vote, make_consultation, tmp_path, fmt):
    big = make_consultation("vote", vote_method="budget", budget=100_000, projects=[40_000, 50_000])
    _grow(budget_vote, 5)
    _grow(big, 50)
    output = "out" if fmt == "csv" else f"out.{fmt}"
    # A first export fills the cache of the sites' addresses: count the next ones.
    export_consultation(budget_vote, fmt, tmp_path / "warm" / output if fmt == "csv" else tmp_path / f"w{output}")
    export_consultation(big, fmt, tmp_path / "warm2" / output if fmt == "csv" else tmp_path / f"w2{output}")
    with CaptureQueriesContext(connection) as small_queries:
        export_consultation(budget_vote, fmt, tmp_path / "small" / output if fmt == "csv" else tmp_path / f"s{output}")
    with CaptureQueriesContext(connection) as big_queries:
        export_consultation(big, fmt, tmp_path / "big" / output if fmt == "csv" else tmp_path / f"b{output}")
    assert len(small_queries) == len(big_queries)


def test_more_proposals_than_a_chunk_cost_no_more_queries_and_keep_their_tags(budget_vote, make_consultation, tmp_path):
    small = make_consultation("vote", vote_method="budget", budget=100_000, projects=[40_000])
    ProposalFactory(consultation=small, tags=["sport"])
    author = UserFactory()
    Proposal.objects.bulk_create(
        Proposal(consultation=budget_vote, author=author, title=f"Proposition {number}", body="Une proposition.")
        for number in range(tables.CHUNK + 1)
    )
    last = Proposal.objects.filter(consultation=budget_vote).latest("pk")
    last.tags.set(["vélo", "eau"])
    # A first export fills the cache of the sites' addresses: count the next ones.
    export_consultation(small, "csv", tmp_path / "warm")
    export_consultation(budget_vote, "csv", tmp_path / "warm2")
    with CaptureQueriesContext(connection) as small_queries:
        export_consultation(small, "csv", tmp_path / "small")
    with CaptureQueriesContext(connection) as big_queries:
        export_consultation(budget_vote, "csv", tmp_path / "big")
    assert len(big_queries) == len(small_queries)
    rows = read_csv(tmp_path / "big", "proposals")
    assert len(rows) == tables.CHUNK + 1
    assert rows[-1]["id"] == str(last.pk) and rows[-1]["tags"] == "eau, vélo"
    assert {row["tags"] for row in rows[:-1]} == {""}


def test_ballot_choices_keep_the_title_of_a_project_moved_since_the_vote(filled, make_consultation, tmp_path):
    projects = list(ballot_projects(filled))
    other = make_consultation("proposals")
    projects[2].move(other, pos="last-child")
    export_consultation(filled, "csv", tmp_path / "out")
    choices = read_csv(tmp_path / "out", "ballot_choices")
    ballots = list(Ballot.objects.filter(consultation=filled).order_by("pk"))
    assert [(row["receipt_start"], row["project_title"]) for row in choices] == [
        (ballots[0].receipt[:4], projects[0].title),
        (ballots[0].receipt[:4], projects[2].title),
        (ballots[1].receipt[:4], projects[0].title),
    ]
    assert choices[0]["voter"] == choices[1]["voter"] != choices[2]["voter"]
    assert choices[0]["created_at"] == ballots[0].created_at.astimezone(
        timezone.get_current_timezone()
    ).strftime("%Y-%m-%d %H:%M:%S")


def test_each_export_is_logged_on_the_consultation(filled, tmp_path):
    call_command("export_consultation", str(filled.pk), "--format", "json", "--output", str(tmp_path / "e.json"))
    entry = PageLogEntry.objects.get(page=filled, action="consultations.export")
    assert entry.user is None
    assert entry.data["source"] == "command line"
    assert entry.data["format"] == "json"
    assert entry.data["tables"]["proposals"] == 2
    assert entry.data["tables"]["ballot_choices"] == 3
    with translation.override("en"):
        assert entry.message == "Data exported from the command line (json, 24 rows)"
    with translation.override("fr"):
        entry = PageLogEntry.objects.get(pk=entry.pk)  # the message is kept once read
        assert entry.message == "Données exportées en ligne de commande (json, 24 lignes)"


def test_the_command_refuses_bad_input_and_writes_nothing(filled, tmp_path):
    existing = tmp_path / "file.txt"
    existing.write_text("x")
    with pytest.raises(CommandError, match="Aucune consultation"):
        call_command("export_consultation", "nope", "--output", str(tmp_path / "a"))
    with pytest.raises(CommandError, match="Format inconnu"):
        call_command("export_consultation", str(filled.pk), "--format", "pdf", "--output", str(tmp_path / "a"))
    with pytest.raises(CommandError, match="est un fichier"):
        call_command("export_consultation", str(filled.pk), "--output", str(existing))
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("export_consultation", str(filled.pk), "--format", "xlsx", "--output", str(existing))
    with pytest.raises(CommandError, match="n'existe pas"):
        call_command("export_consultation", str(filled.pk), "--format", "json",
                     "--output", str(tmp_path / "missing" / "e.json"))
    assert not (tmp_path / "a").exists()
    assert not PageLogEntry.objects.filter(action="consultations.export").exists()


def test_the_command_says_what_it_wrote(filled, tmp_path, capsys):
    call_command("export_consultation", str(filled.pk), "--output", str(tmp_path / "out"))
    printed = capsys.readouterr().out
    assert "proposals : 2 lignes" in printed
    assert "ballot_choices : 3 lignes" in printed
