"""The board's decisions: the « Décisions » sheet goes out with the officials' export, comes back
filled in, is checked whole, applied once, and every participant is told once."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook
from wagtail.models import PageLogEntry

from consultations import decision_sheet
from consultations.consultation_export import export_consultation
from consultations.models import BoardDecision, DecisionNotice, NotificationPreferences, Proposal
from consultations.services import decisions
from consultations.services.notifications import follow
from consultations.services.voting import ballot_projects
from tests.factories import BallotFactory, CommentFactory, ProposalFactory, SupportFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_french():
    # Staff read the messages in the portal's language, French.
    with translation.override("fr"):
        yield

MEETING = datetime.date(2026, 11, 15)
BENCHES = "Des bancs à l'ombre"


@pytest.fixture
def decided_vote(budget_vote):
    """A closed budget vote with two ballots, a supported proposal and a comment."""
    consultation = budget_vote
    projects = list(ballot_projects(consultation))
    BallotFactory(consultation=consultation, choices=[(projects[0], 1), (projects[2], 1)],
                  voter=UserFactory(email="votante@exemple.fr"))
    BallotFactory(consultation=consultation, choices=[(projects[1], 1)],
                  voter=UserFactory(email="votant@exemple.fr"))
    proposal = ProposalFactory(consultation=consultation, title="Des bancs à l'ombre",
                               author=UserFactory(email="autrice@exemple.fr"))
    SupportFactory(proposal=proposal, user=UserFactory(email="soutien@exemple.fr"))
    CommentFactory(target=projects[3], author=UserFactory(email="commentaire@exemple.fr"))
    return consultation


def exported_sheet(consultation, tmp_path):
    path = tmp_path / "export.xlsx"
    export_consultation(consultation, "xlsx", str(path))
    return path


def fill(path, values, *, out=None):
    """Fill in the board's columns: values maps a title to (decision, budget, date, rationale, department)."""
    workbook = load_workbook(path)
    sheet = workbook[decision_sheet.SHEET]
    for row in sheet.iter_rows(min_row=decision_sheet.FIRST_ROW):
        title = row[2].value
        if title in values:
            for cell, value in zip(row[4:9], values[title]):
                cell.value = value
    out = out or path
    workbook.save(out)
    return out


def upload(path, name="decisions.xlsx"):
    return SimpleUploadedFile(name, path.read_bytes() if hasattr(path, "read_bytes") else path)


def titles(consultation):
    return [project.title for project in ballot_projects(consultation)]


def test_the_officials_workbook_has_a_decisions_sheet_with_every_item_and_guiding_lists(decided_vote, tmp_path):
    workbook = load_workbook(exported_sheet(decided_vote, tmp_path))
    sheet = workbook[decision_sheet.SHEET]
    assert [cell.value for cell in sheet[1]][:2] == ["Consultation", decided_vote.pk]
    assert tuple(cell.value for cell in sheet[2]) == decision_sheet.HEADERS
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert [row[2] for row in rows] == titles(decided_vote) + ["Des bancs à l'ombre"]
    assert [row[0] for row in rows] == ["projet"] * 4 + ["proposition"]
    first = titles(decided_vote)[0]
    assert next(row for row in rows if row[2] == first)[3] == "rang 1\u00a0: 1 approbation (50,0\u00a0% des bulletins)"
    assert rows[-1][3] == "1 soutien"
    assert all(value is None for row in rows for value in row[4:])
    lists = [validation for validation in sheet.data_validations.dataValidation if validation.type == "list"]
    assert lists and "Adopté avec modifications" in lists[0].formula1
    assert sheet.freeze_panes == "A3"


def test_a_filled_in_sheet_is_previewed_then_applied_and_shown_then_applying_it_again_changes_nothing(
    decided_vote, tmp_path, moderator, django_capture_on_commit_callbacks
):
    first, second, third, fourth = titles(decided_vote)
    path = fill(exported_sheet(decided_vote, tmp_path), {
        first: ("Adopté", 40000, MEETING, "Le projet le plus soutenu.", "Direction des sports"),
        second: ("adopté avec modifications", "45 000,50 €", "15/11/2026", "Réduit d'un terrain.", ""),
        third: ("Reporté", None, datetime.datetime(2026, 11, 15), "À revoir en 2028.", None),
        "Des bancs à l'ombre": ("Rejeté", None, MEETING, "Déjà prévu ailleurs.", None),
    })
    plan = decisions.plan(decided_vote, upload(path))
    assert plan.errors == []
    assert [(change.item.title, change.values["outcome"], change.is_new) for change in plan.changes] == [
        (first, "adopted", True), (second, "adopted_with_changes", True), (third, "deferred", True),
        ("Des bancs à l'ombre", "rejected", True),
    ]
    assert not BoardDecision.objects.exists()  # a plan changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        assert decisions.apply(plan, by=moderator) == 4
    adopted = BoardDecision.objects.get(local_project__title=second)
    assert adopted.budget_granted == Decimal("45000.50") and adopted.meeting_date == MEETING
    assert adopted.recorded_by == moderator
    assert not BoardDecision.objects.filter(local_project__title=fourth).exists()
    assert PageLogEntry.objects.filter(page=decided_vote, action=decisions.LOG_DECISIONS).count() == 1
    told = len(mail.outbox)
    assert told == 5  # two voters, the author, the supporter, the commenter, each once

    again = decisions.plan(decided_vote, upload(path))
    assert again.changes == [] and again.unchanged == 4
    with django_capture_on_commit_callbacks(execute=True):
        assert decisions.apply(again, by=moderator) == 0
    assert PageLogEntry.objects.filter(page=decided_vote, action=decisions.LOG_DECISIONS).count() == 1
    assert len(mail.outbox) == told


def test_each_participant_gets_one_email_about_what_they_took_part_in(
    decided_vote, tmp_path, moderator, django_capture_on_commit_callbacks
):
    first, second, *_rest = titles(decided_vote)
    follower = UserFactory(email="suiveuse@exemple.fr")
    follow(decided_vote, user=follower)
    silent = UserFactory(email="silencieux@exemple.fr")
    SupportFactory(proposal=Proposal.objects.get(title="Des bancs à l'ombre"), user=silent)
    NotificationPreferences.objects.create(user=silent, decisions=False)
    path = fill(exported_sheet(decided_vote, tmp_path), {
        first: ("Adopté", 40000, MEETING, "Le projet le plus soutenu.", ""),
        "Des bancs à l'ombre": ("Rejeté", None, MEETING, "Déjà prévu ailleurs.", ""),
    })
    with django_capture_on_commit_callbacks(execute=True):
        decisions.apply(decisions.plan(decided_vote, upload(path)), by=moderator)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "silencieux@exemple.fr" not in by_address
    assert len(by_address) == len(mail.outbox)
    voter = by_address["votante@exemple.fr"].body
    assert f"{first}\u00a0: adopté (40\u00a0000\u00a0€ accordés)" in voter
    assert "Le projet le plus soutenu." in voter and "Des bancs" not in voter
    assert "1 autre élément" in voter
    assert "bancs à l'ombre\u00a0: rejeté" in by_address["soutien@exemple.fr"].body
    assert "#decisions" in by_address["suiveuse@exemple.fr"].body
    assert by_address["autrice@exemple.fr"].extra_headers["List-Unsubscribe"]

    # A later decision is recorded; those already told are not written to again.
    newcomer = UserFactory(email="nouvelle@exemple.fr")
    follow(decided_vote, user=newcomer)
    mail.outbox.clear()
    path = fill(path, {second: ("Rejeté", None, MEETING, "Trop cher.", "")})
    with django_capture_on_commit_callbacks(execute=True):
        decisions.apply(decisions.plan(decided_vote, upload(path)), by=moderator)
    assert [message.to for message in mail.outbox] == [["nouvelle@exemple.fr"]]
    assert DecisionNotice.objects.filter(consultation=decided_vote).count() == 7


def errors_of(consultation, path):
    plan = decisions.plan(consultation, upload(path))
    assert plan.changes == []
    return plan.errors


def test_every_error_of_a_file_is_listed_with_its_cell_and_nothing_is_applied(decided_vote, tmp_path):
    first, second, third, fourth = titles(decided_vote)
    path = exported_sheet(decided_vote, tmp_path)
    workbook = load_workbook(path)
    sheet = workbook[decision_sheet.SHEET]
    rows = {row[2].value: row for row in sheet.iter_rows(min_row=3)}
    for cell, value in zip(rows[first][4:7], ("Adpoté", "beaucoup", "le 15 mars")):
        cell.value = value
    rows[second][4].value, rows[second][5].value = "Rejeté", 1000  # a budget for a rejected item
    rows[second][6].value = MEETING
    rows[third][5].value = 10  # a budget without a decision
    rows[fourth][1].value = 999_999  # an id that is not the consultation's
    rows[BENCHES][4].value = "Adopté"  # no meeting date
    workbook.save(path)
    errors = errors_of(decided_vote, path)
    row_of = {title: row[0].row for title, row in rows.items()}
    expected_cells = [
        f"Décisions!E{row_of[first]}", f"Décisions!F{row_of[first]}", f"Décisions!G{row_of[first]}",
        f"Décisions!F{row_of[second]}", f"Décisions!E{row_of[third]}", f"Décisions!B{row_of[fourth]}",
        f"Décisions!G{row_of[BENCHES]}",
    ]
    assert sorted(error.split("\u00a0:")[0] for error in errors) == sorted(expected_cells)
    assert any("«\u00a0Adpoté\u00a0» n’est pas une décision" in error for error in errors)
    assert not BoardDecision.objects.exists()


def test_a_changed_id_a_repeated_row_and_a_sheet_from_another_consultation_are_refused(
    decided_vote, make_consultation, tmp_path
):
    first, second, *_rest = titles(decided_vote)
    path = exported_sheet(decided_vote, tmp_path)
    workbook = load_workbook(path)
    sheet = workbook[decision_sheet.SHEET]
    rows = {row[2].value: row for row in sheet.iter_rows(min_row=3)}
    rows[first][1].value = rows[second][1].value  # the id of another project under this title
    workbook.save(path)
    [error] = errors_of(decided_vote, path)
    assert error.startswith(f"Décisions!C{rows[first][0].row}") and "identifiants et les titres" in error

    other = make_consultation("vote", title="Une autre consultation", slug="autre")
    [error] = errors_of(other, path)
    assert "Décisions!B1" in error and decided_vote.title in error


@pytest.mark.parametrize(
    "content, message",
    [
        (b"Type;Identifiant\nprojet;1\n", "n’est pas un classeur Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "protégé par un mot de passe"),
        (b"PK\x03\x04 damaged", "n’est pas un classeur Excel"),
    ],
    ids=["csv", "password-protected", "corrupted"],
)
def test_a_file_that_is_not_a_workbook_gets_a_clear_message(decided_vote, content, message):
    [error] = errors_of(decided_vote, content)
    assert message in error.replace("'", "’")


def test_a_workbook_with_macros_or_without_the_sheet_or_too_large_is_refused(decided_vote, tmp_path, settings):
    path = exported_sheet(decided_vote, tmp_path)
    with_macros = io.BytesIO()
    with zipfile.ZipFile(with_macros, "w") as archive, zipfile.ZipFile(path) as original:
        for name in original.namelist():
            archive.writestr(name, original.read(name))
        archive.writestr("xl/vbaProject.bin", b"Sub AutoOpen()")
    [error] = errors_of(decided_vote, with_macros.getvalue())
    assert "macros" in error

    bare = io.BytesIO()
    Workbook().save(bare)
    [error] = errors_of(decided_vote, bare.getvalue())
    assert "Décisions" in error

    settings.DECISIONS_UPLOAD_MAX_BYTES = 1000
    [error] = errors_of(decided_vote, path)
    assert "trop volumineux" in error and "0,0\u00a0Mo" in error


def test_a_formula_typed_in_the_sheet_is_never_run_only_its_stored_value_read(decided_vote, tmp_path):
    first, *_rest = titles(decided_vote)
    path = fill(exported_sheet(decided_vote, tmp_path), {
        first: ("Adopté", "=20000*2", MEETING, '=HYPERLINK("http://exemple.org")', ""),
    })
    # openpyxl stores no computed value: a formula without one reads as a blank cell, never runs.
    plan = decisions.plan(decided_vote, upload(path))
    assert plan.errors == []
    [change] = plan.changes
    assert change.values["budget_granted"] is None and change.values["rationale"] == ""


def test_the_command_imports_a_valid_file_and_refuses_an_invalid_one_listing_its_errors(
    decided_vote, tmp_path, capsys
):
    first, *_rest = titles(decided_vote)
    path = fill(exported_sheet(decided_vote, tmp_path), {first: ("Adopté", 1, "32/13/2027", "", "")})
    with pytest.raises(CommandError, match="1 erreur : aucune décision n'a été enregistrée"):
        call_command("import_decisions", str(decided_vote.pk), str(path))
    assert "Décisions!G3" in capsys.readouterr().err
    fill(path, {first: ("Adopté", 1, MEETING, "", "")})
    call_command("import_decisions", decided_vote.slug, str(path), "--dry-run")
    assert not BoardDecision.objects.exists()
    call_command("import_decisions", decided_vote.slug, str(path), "--no-email")
    assert BoardDecision.objects.get().outcome == "adopted"
    output = capsys.readouterr().out
    assert "1 changement" in output and "Décisions enregistrées" in output
    assert not mail.outbox


def test_a_meeting_still_to_come_is_refused(decided_vote, tmp_path):
    first, *_rest = titles(decided_vote)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    path = fill(exported_sheet(decided_vote, tmp_path), {first: ("Adopté", None, tomorrow, "", "")})
    [error] = errors_of(decided_vote, path)
    assert error.startswith("Décisions!G3\u00a0: cette date est à venir")
