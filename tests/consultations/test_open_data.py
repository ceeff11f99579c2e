import csv
import datetime
import io
import json
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from consultations.consultation_export import export_consultation
from consultations.consultation_export.open_data import write_open_data
from consultations.models import (
    Ballot,
    BoardDecision,
    Comment,
    ConsultationPage,
    ImplementationUpdate,
    ModerationReason,
    OpenDataSettings,
    Proposal,
    User,
)
from consultations.services.voting import ballot_projects
from tests.factories import (
    BallotFactory,
    CommentFactory,
    NeighbourhoodFactory,
    ProposalFactory,
    UserFactory,
    phase_dates,
)

pytestmark = pytest.mark.django_db

OPEN_TABLES = {
    "consultation", "local_projects", "proposals", "comments", "ballot_choices", "results", "funding",
    "participation_per_day", "participation_per_neighbourhood", "moderation_outcomes", "decisions",
    "implementation_updates",
}
TIME = re.compile(r"\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}[T ]\d")


def resident(neighbourhood, **fields):
    return UserFactory(
        first_name="Gertrude", last_name=f"Vasseur{UserFactory._meta.model.objects.count()}",
        is_verified_resident=True, resident_verified_at=timezone.now(), neighbourhood=neighbourhood, **fields,
    )


def close(consultation):
    ConsultationPage.objects.filter(pk=consultation.pk).update(**phase_dates("results"))
    return ConsultationPage.objects.get(pk=consultation.pk)


@pytest.fixture
def seeded(budget_vote):
    """A vote with named residents of two neighbourhoods (six in one, two in the other), proposals
    and comments in every state, ballots, moderation decisions and a board decision; then closed."""
    consultation = budget_vote
    people = [resident("Croix-Rousse") for _ in range(6)] + [resident("Vaise") for _ in range(2)]
    reason = ModerationReason.objects.get(code="hors-sujet")
    published = ProposalFactory(
        consultation=consultation, author=people[0], title="Des arbres sur le parvis",
        neighbourhood=NeighbourhoodFactory(name="Croix-Rousse"), answer_status=Proposal.Answer.ACCEPTED,
        answer_text="Retenue : plantation à l'automne.", supporters=people[1:3],
    )
    ProposalFactory(
        consultation=consultation, author=people[1], title="Idée de Gertrude pour le bassin",
        status=Proposal.Status.REJECTED, moderation_reason=reason, moderated_at=timezone.now(),
    )
    ProposalFactory(consultation=consultation, author=people[2], title="Encore en attente", status=Proposal.Status.PENDING)
    CommentFactory(target=published, author=people[3], body="Bonne idée pour l'ombre.")
    CommentFactory(target=published, author=people[4], body="Texte en attente de modération", status=Comment.Status.PENDING)
    CommentFactory(
        target=published, author=people[5], body="Texte masqué par la modération", status=Comment.Status.HIDDEN,
        moderation_reason=reason, moderated_at=timezone.now(),
    )
    CommentFactory(target=published, author=people[6], body="Texte supprimé par son auteur", deleted_at=timezone.now())
    CommentFactory(target=consultation, author=people[7], body="Texte signalé, pas encore revu", report_count=1)
    projects = list(ballot_projects(consultation))
    for person in people[:7]:
        BallotFactory(consultation=consultation, voter=person, choices=[(projects[0], 1), (projects[2], 1)])
    decision = BoardDecision.objects.create(
        consultation=consultation, local_project=projects[0], outcome=BoardDecision.Outcome.ADOPTED,
        budget_granted=40_000, meeting_date=datetime.date(2026, 11, 20), rationale="Projet le plus soutenu.",
        department="Direction des sports",
    )
    ImplementationUpdate.objects.create(
        decision=decision, date=datetime.date(2026, 11, 28), stage="planned", percent=0, text="Marché lancé.",
    )
    return close(consultation)


def read(folder, table):
    raw = (folder / f"{table}.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))


def test_no_email_name_time_or_receipt_in_any_open_data_file(seeded, tmp_path):
    export_consultation(seeded, "csv", tmp_path / "open", open_data=True)
    files = list((tmp_path / "open").iterdir())
    assert {path.name for path in files} == {f"{name}.csv" for name in OPEN_TABLES} | {"datapackage.json"}
    for path in files:
        text = path.read_text(encoding="utf-8")
        for user in User.objects.all():
            for personal in (user.email, user.first_name, user.last_name, user.display_name, user.public_name):
                assert not personal or personal not in text, (path.name, personal)
        for receipt in Ballot.objects.values_list("receipt", flat=True):
            assert receipt[:4] not in text
        assert not TIME.search(text), (path.name, TIME.search(text))
    comments = read(tmp_path / "open", "comments")
    assert [row["body"] for row in comments if row["body"]] == ["Bonne idée pour l'ombre."]
    proposals = read(tmp_path / "open", "proposals")
    assert sorted(row["title"] for row in proposals) == ["", "", "Des arbres sur le parvis"]
    assert "author" not in proposals[0] and "author" not in comments[0]
    answered = next(row for row in proposals if row["title"])
    assert answered["answer_text"] == "Retenue : plantation à l'automne."
    assert answered["created_at"] == timezone.localdate().isoformat()
    choices = read(tmp_path / "open", "ballot_choices")
    assert len(choices) == 14 and len({row["ballot"] for row in choices}) == 7
    assert "receipt_start" not in choices[0]


def test_the_officials_export_keeps_what_open_data_leaves_out(seeded, tmp_path):
    export_consultation(seeded, "csv", tmp_path / "full")
    text = "".join(path.read_text(encoding="utf-8-sig") for path in (tmp_path / "full").iterdir())
    assert "Idée de Gertrude" in text and TIME.search(text)


def test_datapackage_describes_every_file_as_written(seeded, tmp_path):
    write_open_data(seeded, tmp_path / "open")
    package = json.loads((tmp_path / "open" / "datapackage.json").read_text(encoding="utf-8"))
    assert re.fullmatch(r"[-a-z0-9._/]+", package["name"])
    assert package["title"] == seeded.title
    assert package["licenses"] == [{
        "name": "etalab-2.0", "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "title": "Licence Ouverte / Open Licence version 2.0",
    }]
    assert {resource["name"] for resource in package["resources"]} == OPEN_TABLES
    checks = {
        "integer": re.compile(r"-?\d+"), "number": re.compile(r"-?\d+(\.\d+)?"),
        "date": re.compile(r"\d{4}-\d{2}-\d{2}"), "string": re.compile(r".*", re.S),
        "boolean": re.compile(r"true|false"),
    }
    for resource in package["resources"]:
        assert (resource["format"], resource["mediatype"], resource["encoding"]) == ("csv", "text/csv", "utf-8")
        path = tmp_path / "open" / resource["path"]
        with path.open(encoding="utf-8", newline="") as file:
            header, *rows = list(csv.reader(file))
        fields = resource["schema"]["fields"]
        assert header == [field["name"] for field in fields]
        assert all(field["type"] in checks and field["description"] for field in fields)
        for row in rows:
            for value, field in zip(row, fields, strict=True):
                assert value == "" or checks[field["type"]].fullmatch(value), (resource["name"], field, value)


def test_small_groups_are_merged_or_left_empty(seeded, tmp_path):
    reason = ModerationReason.objects.get(code="hors-sujet")
    for _ in range(5):
        ProposalFactory(consultation=seeded, status=Proposal.Status.HIDDEN, moderation_reason=reason)
    write_open_data(seeded, tmp_path / "open")
    residences = {row["residence"]: row for row in read(tmp_path / "open", "participation_per_neighbourhood")}
    # Six residents of Croix-Rousse, five authors not verified, and Vaise's two merged into "Autres".
    assert set(residences) == {"Croix-Rousse", "Résidence non vérifiée", "Autres"}
    assert residences["Croix-Rousse"]["participants"] == "6"
    assert residences["Croix-Rousse"]["ballots"] == "6"
    assert residences["Croix-Rousse"]["supports"] == ""  # two supports: too few to show
    assert residences["Résidence non vérifiée"]["proposals"] == "5"
    assert residences["Autres"]["participants"] == ""  # still two people once merged
    outcomes = read(tmp_path / "open", "moderation_outcomes")
    assert [(row["contribution"], row["decision"], row["reason_code"], row["count"]) for row in outcomes] == [
        ("comment", "hidden", "autres", ""),
        ("proposal", "hidden", "hors-sujet", "5"),
        ("proposal", "rejected", "autres", ""),
    ]
    [today] = read(tmp_path / "open", "participation_per_day")
    assert (today["proposals"], today["comments"], today["supports"], today["ballots"]) == ("8", "5", "", "7")


def test_the_officials_export_counts_exactly(seeded, tmp_path):
    export_consultation(seeded, "csv", tmp_path / "full")
    with (tmp_path / "full" / "participation_per_neighbourhood.csv").open(encoding="utf-8-sig") as file:
        rows = {row["residence"]: row for row in csv.DictReader(file)}
    assert rows["Vaise"]["participants"] == "2" and rows["Croix-Rousse"]["supports"] == "2"
    with (tmp_path / "full" / "decisions.csv").open(encoding="utf-8-sig") as file:
        [decision] = list(csv.DictReader(file))
    assert (decision["item_kind"], decision["outcome"], decision["meeting_date"]) == (
        "local_project", "adopted", "2026-11-20",
    )
    with (tmp_path / "full" / "implementation_updates.csv").open(encoding="utf-8-sig") as file:
        [update] = list(csv.DictReader(file))
    assert (update["item_id"], update["text"]) == (decision["item_id"], "Marché lancé.")


def test_an_empty_consultation_gives_open_files_with_headers_only(make_consultation, tmp_path):
    write_open_data(make_consultation("results"), tmp_path / "open")
    package = json.loads((tmp_path / "open" / "datapackage.json").read_text())
    for resource in package["resources"]:
        lines = (tmp_path / "open" / resource["path"]).read_text(encoding="utf-8").splitlines()
        expected = 1 if resource["name"] != "consultation" else 2
        assert len(lines) == expected
        assert lines[0] == ",".join(field["name"] for field in resource["schema"]["fields"])


def test_the_licence_is_the_sites(seeded, tmp_path):
    setting = OpenDataSettings.for_site(seeded.get_site())
    setting.licence = "ODbL-1.0"
    setting.save()
    write_open_data(seeded, tmp_path / "open.zip")
    with zipfile.ZipFile(tmp_path / "open.zip") as package:
        assert set(package.namelist()) == {f"{name}.csv" for name in OPEN_TABLES} | {"datapackage.json"}
        descriptor = json.loads(package.read("datapackage.json"))
    assert descriptor["licenses"][0]["name"] == "ODbL-1.0"
    assert descriptor["licenses"][0]["path"] == "https://opendatacommons.org/licenses/odbl/1-0/"


def _grow(consultation, count):
    projects = list(ballot_projects(consultation))
    for _ in range(count):
        proposal = ProposalFactory(consultation=consultation, tags=["sport"])
        CommentFactory(target=proposal)
        BallotFactory(consultation=consultation, choices=[(projects[0], 1)])
        BoardDecision.objects.create(
            consultation=consultation, proposal=proposal, outcome="adopted", meeting_date=datetime.date(2026, 1, 1),
        )


def test_the_open_data_query_count_does_not_grow_with_the_data(budget_vote, make_consultation, tmp_path):
    big = make_consultation("vote", vote_method="budget", budget=100_000, projects=[40_000, 50_000])
    _grow(budget_vote, 3)
    _grow(big, 30)
    for decision in BoardDecision.objects.all():
        ImplementationUpdate.objects.create(decision=decision, date=datetime.date(2026, 2, 1), stage="planned",
                                            percent=0, text="Prévu.")
    write_open_data(budget_vote, tmp_path / "warm")
    write_open_data(big, tmp_path / "warm2")
    with CaptureQueriesContext(connection) as small_queries:
        write_open_data(budget_vote, tmp_path / "small")
    with CaptureQueriesContext(connection) as big_queries:
        write_open_data(big, tmp_path / "big")
    assert len(small_queries) == len(big_queries)


def test_the_command_writes_the_open_data_package(seeded, tmp_path, capsys):
    call_command("export_consultation", seeded.slug, "--open-data", "--output", str(tmp_path / "od.zip"))
    assert zipfile.is_zipfile(tmp_path / "od.zip")
    printed = capsys.readouterr().out
    assert "(données ouvertes)" in printed and "datapackage.json" in printed


def test_jsonl_writes_one_object_a_line_per_table(seeded, tmp_path):
    call_command("export_consultation", str(seeded.pk), "--format", "jsonl", "--output", str(tmp_path / "jl"))
    lines = (tmp_path / "jl" / "ballot_choices.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 14
    assert json.loads(lines[0])["value"] == 1
    assert (tmp_path / "jl" / "decisions.jsonl").read_text().count("\n") == 1


def test_site_all_exports_each_consultation_in_its_own_folder(seeded, make_consultation, tmp_path, capsys):
    other = make_consultation("proposals")
    hostname = Site.objects.get(is_default_site=True).hostname
    call_command("export_consultation", "--site", hostname, "--all", "--format", "xlsx", "--output", str(tmp_path / "all"))
    assert sorted(path.name for path in (tmp_path / "all").iterdir()) == sorted(
        [f"{seeded.slug}.xlsx", f"{other.slug}.xlsx"]
    )
    call_command("export_consultation", "--site", hostname, "--all", "--open-data", "--output", str(tmp_path / "od"))
    assert (tmp_path / "od" / other.slug / "datapackage.json").exists()
    with pytest.raises(CommandError, match="Aucun site"):
        call_command("export_consultation", "--site", "nulle-part.example", "--all", "--output", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="--all"):
        call_command("export_consultation", str(seeded.pk), "--site", hostname, "--output", str(tmp_path / "y"))


def test_progress_is_told_on_large_tables_and_quiet_at_verbosity_0(seeded, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("consultations.consultation_export.writers.PROGRESS_EVERY", 5)
    monkeypatch.setattr("consultations.management.commands.export_consultation.PROGRESS_LINE_EVERY", 5)
    call_command("export_consultation", str(seeded.pk), "--output", str(tmp_path / "a"))
    assert "ballot_choices : 10 lignes" in capsys.readouterr().err
    call_command("export_consultation", str(seeded.pk), "--output", str(tmp_path / "b"), "--verbosity", "0")
    assert capsys.readouterr().err == ""


def test_the_download_link_is_on_closed_consultations_only(seeded, open_consultation, client):
    response = client.get(seeded.url)
    link = f"/consultations/{seeded.pk}/donnees-ouvertes.zip"
    assert link.encode() in response.content
    assert "Données ouvertes (ZIP, CSV + datapackage.json, Licence Ouverte 2.0)" in response.content.decode()
    assert b"donnees-ouvertes.zip" not in client.get(open_consultation.url).content


def test_the_download_is_a_zip_once_closed_and_404_before(seeded, open_consultation, client):
    response = client.get(f"/consultations/{seeded.pk}/donnees-ouvertes.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as package:
        assert "datapackage.json" in package.namelist()
        assert "Des arbres sur le parvis" in package.read("proposals.csv").decode()
    assert client.get(f"/consultations/{open_consultation.pk}/donnees-ouvertes.zip").status_code == 404

