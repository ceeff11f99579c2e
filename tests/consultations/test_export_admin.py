"""Exports from the admin (/admin/exports/): who may ask for one and download it, the background
job from queued to done, named exports, expiry and purge, and the query count of the page."""

import io
import json
import os
import zipfile
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone, translation
from openpyxl import load_workbook
from wagtail.models import PageLogEntry

from consultations.consultation_export.tables import TABLES
from consultations.models import ExportFile, User
from consultations.services.exports import request_export
from tests.consultations.other_sites import campsite
from tests.factories import CommentFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/exports/"
ROLES = (
    "anonymous", "citizen", "moderator", "other_site_moderator", "editor", "other_site_editor",
    "elected_official", "superuser",
)
# Who may export a consultation of the main site: its moderators and editors (the Modération and
# Rédaction groups hold their page permissions from the root), every elected official, superusers.
MAY_EXPORT = {"moderator", "editor", "elected_official", "superuser"}
QUERIES = 13
STAFF = MAY_EXPORT | {"other_site_moderator", "other_site_editor"}


@pytest.fixture
def consultation(open_consultation):
    author = UserFactory(email="autrice.secrete@exemple.fr", display_name="Autrice Connue")
    proposal = ProposalFactory(consultation=open_consultation, author=author, title="Des bancs à l'ombre")
    CommentFactory(target=proposal, body="Bonne idée", author=UserFactory(email="commentateur@exemple.fr"))
    return open_consultation


@pytest.fixture
def people(citizen, moderator, editor, elected_official):
    other_moderator, other_editor, _camp = campsite()
    return {
        "anonymous": None,
        "citizen": citizen,
        "moderator": moderator,
        "other_site_moderator": other_moderator,
        "other_site_editor": other_editor,
        "editor": editor,
        "elected_official": elected_official,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }


def named_official(elected_official):
    elected_official.user_permissions.add(Permission.objects.get(codename="export_named"))
    return type(elected_official).objects.get(pk=elected_official.pk)


def sign_in(client, user):
    if user is not None:
        client.force_login(user)


def ask(client, consultation, fmt="xlsx", named=False):
    data = {"consultation": consultation.pk, f"export-{consultation.pk}-format": fmt}
    if named:
        data[f"export-{consultation.pk}-named"] = "on"
    return client.post(INDEX, data)


def download(client, job):
    return client.get(f"/admin/exports/{job.pk}/download/")


def body_of(response):
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("role", ROLES)
def test_the_exports_page_lists_the_consultation_only_to_who_may_export_it(client, people, consultation, role):
    sign_in(client, people[role])
    response = client.get(INDEX)
    if role not in STAFF:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert (f'id="export-{consultation.pk}"' in response.content.decode()) == (role in MAY_EXPORT)


@pytest.mark.parametrize("role", ROLES)
def test_asking_for_an_export(client, people, consultation, role):
    sign_in(client, people[role])
    response = ask(client, consultation)
    if role in MAY_EXPORT:
        assert response.status_code == 302
        assert response["Location"] == f"{INDEX}#export-jobs"
        job = ExportFile.objects.get()
        assert (job.requested_by, job.state, job.named) == (people[role], ExportFile.State.DONE, False)
        return
    # Staff of another site are told nothing exists; others never reach the admin.
    assert response.status_code == (404 if role in STAFF else 302)
    assert not ExportFile.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_downloading_an_export(client, people, consultation, elected_official, role):
    job = request_export(consultation, user=elected_official, fmt="json")
    sign_in(client, people[role])
    response = download(client, job)
    if role in MAY_EXPORT:
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert json.loads(body_of(response))["consultation"]["id"] == consultation.pk
    else:
        assert response.status_code == (404 if role in STAFF else 302)


@pytest.mark.parametrize("role", ROLES)
def test_a_named_export_is_downloaded_only_with_the_named_permission(client, people, consultation, role):
    job = request_export(consultation, user=people["superuser"], fmt="json", named=True)
    sign_in(client, people[role])
    response = download(client, job)
    # Only superusers hold export_named among these roles.
    if role == "superuser":
        assert response.status_code == 200
        assert b"autrice.secrete@exemple.fr" in body_of(response)
    else:
        assert response.status_code == (404 if role in STAFF else 302)


def test_an_official_with_the_named_permission_is_offered_named_exports_and_gets_names(
    client, consultation, elected_official
):
    official = named_official(elected_official)
    client.force_login(official)
    assert f'name="export-{consultation.pk}-named"' in client.get(INDEX).content.decode()
    ask(client, consultation, fmt="json", named=True)
    job = ExportFile.objects.get()
    assert job.named
    data = json.loads(body_of(download(client, job)))
    [proposal] = data["tables"]["proposals"]
    assert (proposal["author_name"], proposal["author_email"]) == ("Autrice Connue", "autrice.secrete@exemple.fr")
    # Only the proposals' authors are named: commenters stay pseudonymous.
    assert "commentateur@exemple.fr" not in json.dumps(data)
    assert "author_email" not in data["tables"]["comments"][0]


def test_without_the_named_permission_no_name_is_offered_nor_exported(client, consultation, elected_official):
    client.force_login(elected_official)
    assert "-named" not in client.get(INDEX).content.decode()
    # A tampered form gets a pseudonymous export; the service itself refuses a named one.
    ask(client, consultation, fmt="json", named=True)
    job = ExportFile.objects.get()
    assert not job.named
    content = body_of(download(client, job)).decode()
    assert "autrice.secrete@exemple.fr" not in content
    assert "Autrice Connue" not in content
    assert "author_email" not in content
    with pytest.raises(PermissionDenied):
        request_export(consultation, user=elected_official, fmt="json", named=True)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_a_pseudonymous_export_holds_no_email_and_no_name_in_any_format(consultation, elected_official, fmt):
    job = request_export(consultation, user=elected_official, fmt=fmt)
    raw = job.file.open("rb").read()
    texts = [raw]
    if fmt == "csv":
        texts = [zipfile.ZipFile(io.BytesIO(raw)).read(name) for name in zipfile.ZipFile(io.BytesIO(raw)).namelist()]
    elif fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(raw), read_only=True)
        texts = [repr(list(sheet.values)).encode() for sheet in workbook.worksheets]
    for text in texts:
        assert b"@exemple.fr" not in text
        assert b"Autrice Connue" not in text


def test_a_named_export_names_the_proposals_authors_in_every_format(consultation, people, tmp_path):
    for fmt in ("csv", "xlsx"):
        job = request_export(consultation, user=people["superuser"], fmt=fmt, named=True)
        raw = job.file.open("rb").read()
        if fmt == "csv":
            proposals = zipfile.ZipFile(io.BytesIO(raw)).read("proposals.csv").decode("utf-8-sig")
            header, row = proposals.splitlines()
            assert header.endswith("author_name;author_email")
            assert row.endswith("Autrice Connue;autrice.secrete@exemple.fr")
        else:
            sheet = load_workbook(io.BytesIO(raw), read_only=True)["proposals"]
            header, row = list(sheet.values)
            assert dict(zip(header, row))["author_email"] == "autrice.secrete@exemple.fr"


def test_the_job_goes_from_queued_to_done_and_the_csv_zip_holds_every_table(consultation, elected_official):
    seen = []

    def watch(sender, task_result, **kwargs):
        seen.append(ExportFile.objects.get().state)

    from django_tasks.signals import task_started

    task_started.connect(watch)
    try:
        job = request_export(consultation, user=elected_official, fmt="csv")
    finally:
        task_started.disconnect(watch)
    assert seen == [ExportFile.State.QUEUED]
    assert job.state == ExportFile.State.DONE
    # One consultation row, one proposal, one comment, one day of participation and one residence
    # (the participants', unverified), in the eleven tables of the export.
    assert (job.tables_done, job.tables_total, job.rows_written) == (len(TABLES), len(TABLES), 5)
    assert job.percent == 100
    assert job.size == job.file.size
    names = zipfile.ZipFile(job.file.open("rb")).namelist()
    assert sorted(names) == sorted(f"{table.name}.csv" for table in TABLES)
    assert job.expires_at - job.finished_at == timedelta(days=7)
    # Written outside the public media folder, under a name nobody can guess.
    assert job.file.path.startswith(str(settings.EXPORTS_ROOT))
    assert not job.file.path.startswith(str(settings.MEDIA_ROOT))
    assert len(job.file.name.rsplit("/", 1)[1]) > 20


def test_an_xlsx_export_is_a_valid_workbook(consultation, elected_official):
    job = request_export(consultation, user=elected_official, fmt="xlsx")
    workbook = load_workbook(job.file.open("rb"), read_only=True)
    assert workbook.sheetnames[0] == "Lisez-moi"
    assert "proposals" in workbook.sheetnames


def test_a_failed_export_says_so(consultation, elected_official, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr("consultations.services.exports.export_consultation", broken)
    job = request_export(consultation, user=elected_official, fmt="xlsx")
    assert job.state == ExportFile.State.FAILED
    assert job.error == "disque plein"
    assert not job.file


def test_progress_is_saved_every_thousand_rows_not_every_row(consultation, elected_official, monkeypatch):
    from consultations.services import exports

    saved = []
    real = exports._Progress.__call__

    def spy(self, table, rows):
        saved.append((table, rows))
        return real(self, table, rows)

    monkeypatch.setattr(exports._Progress, "__call__", spy)
    monkeypatch.setattr("consultations.consultation_export.writers.PROGRESS_EVERY", 2)
    for _n in range(4):
        CommentFactory(target=consultation)
    request_export(consultation, user=elected_official, fmt="json")
    # Five comments: after the second and the fourth, and once the table is done.
    assert [rows for table, rows in saved if table == "comments"] == [2, 4, 5]


def test_each_admin_export_is_logged_with_who_the_format_and_named_or_not(consultation, people):
    request_export(consultation, user=people["elected_official"], fmt="xlsx")
    request_export(consultation, user=people["superuser"], fmt="json", named=True)
    plain, named = PageLogEntry.objects.filter(page=consultation, action="consultations.export").order_by("pk")
    assert (plain.user, plain.data["format"], plain.data["named"], plain.data["source"]) == (
        people["elected_official"], "xlsx", False, "admin",
    )
    assert (named.user, named.data["format"], named.data["named"]) == (people["superuser"], "json", True)
    with translation.override("en"):
        assert named.message.startswith("Data exported with authors' names (json, ")
    with translation.override("fr"):
        named = PageLogEntry.objects.get(pk=named.pk)
        assert named.message.startswith("Données exportées avec les noms des auteurs (json, ")


def test_the_command_line_named_export_is_logged_as_named(consultation, tmp_path):
    call_command("export_consultation", str(consultation.pk), "--format", "json",
                 "--output", str(tmp_path / "e.json"), "--named")
    assert "autrice.secrete@exemple.fr" in (tmp_path / "e.json").read_text()
    entry = PageLogEntry.objects.get(page=consultation, action="consultations.export")
    assert (entry.data["named"], entry.data["source"]) == (True, "command line")


def test_an_expired_file_is_not_served_and_the_purge_deletes_it(client, consultation, elected_official):
    client.force_login(elected_official)
    old = request_export(consultation, user=elected_official, fmt="json")
    fresh = request_export(consultation, user=elected_official, fmt="json")
    path = old.file.path
    ExportFile.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert download(client, old).status_code == 404
    page = client.get(INDEX).content.decode()
    assert f"/admin/exports/{old.pk}/download/" not in page
    assert f"/admin/exports/{fresh.pk}/download/" in page
    out = io.StringIO()
    call_command("purge_exports", stdout=out)
    assert "Exports expirés supprimés : 1" in out.getvalue()
    assert list(ExportFile.objects.all()) == [fresh]
    assert not os.path.exists(path)
    assert os.path.exists(fresh.file.path)
    assert download(client, fresh).status_code == 200


def test_an_elected_official_exports_but_cannot_edit_the_consultation(client, consultation, elected_official):
    client.force_login(elected_official)
    assert client.get(INDEX).status_code == 200
    response = client.get(f"/admin/pages/{consultation.pk}/edit/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_page_explorer_offers_export_to_its_staff_only(client, consultation, moderator, editor):
    other_moderator, _editor, camp = campsite()
    client.force_login(moderator)
    listing = client.get(f"/admin/pages/{consultation.get_parent().pk}/").content.decode()
    assert f"/admin/exports/?consultation={consultation.pk}" in listing
    header = client.get(f"/admin/pages/{consultation.pk}/edit/").content.decode()
    assert f"/admin/exports/?consultation={consultation.pk}" in header
    client.force_login(other_moderator)
    listing = client.get(f"/admin/pages/{camp.get_parent().pk}/").content.decode()
    assert f"/admin/exports/?consultation={camp.pk}" in listing
    assert f"?consultation={consultation.pk}" not in listing


def test_the_exports_page_costs_the_same_queries_whatever_the_jobs_and_consultations(
    client, consultation, make_consultation, elected_official, django_assert_num_queries
):
    client.force_login(elected_official)
    request_export(consultation, user=elected_official, fmt="json")
    client.get(INDEX)  # site root paths are kept after the first request
    # Session, user, its permissions (2), its admin profile, the versions, sites, consultations,
    # jobs, locales, and the admin menu's page, collection and site permissions (3).
    with django_assert_num_queries(QUERIES):
        assert client.get(INDEX).status_code == 200
    for _n in range(3):
        other = make_consultation("proposals")
        request_export(other, user=elected_official, fmt="json")
        request_export(consultation, user=elected_official, fmt="csv")
    with django_assert_num_queries(QUERIES):
        page = client.get(INDEX).content.decode()
    assert page.count('name="consultation"') == 4
    assert page.count("/download/") == 7


def test_a_named_export_names_no_erased_account(consultation, people):
    User.objects.filter(email="autrice.secrete@exemple.fr").update(deleted_at=timezone.now())
    job = request_export(consultation, user=people["superuser"], fmt="json", named=True)
    [proposal] = json.loads(job.file.open("rb").read())["tables"]["proposals"]
    assert (proposal["author_name"], proposal["author_email"]) == ("participant supprimé", "")
