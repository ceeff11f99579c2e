"""Recording the board's decisions in the admin (download the sheet, upload it filled in, preview,
apply), who may do it, and the decisions shown back on the portal's pages."""

import io
import tempfile
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from consultations import decision_sheet
from consultations import activity
from consultations.models import BoardDecision, ConsultationPage, Proposal
from consultations.services import decisions
from consultations.services.voting import ballot_projects
from tests.consultations.other_sites import campsite
from tests.factories import UserFactory, phase_dates
from tests.consultations.services.test_decisions import (  # noqa: F401
    BENCHES,
    MEETING,
    decided_vote,
    exported_sheet,
    fill,
    upload,
)

pytestmark = pytest.mark.django_db


def sheet_of(client, consultation):
    response = client.get(reverse("board_decisions:sheet", args=[consultation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == decision_sheet.XLSX_MIME
    return b"".join(response.streaming_content) if response.streaming else response.content


def filled(content, values):
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook[decision_sheet.SHEET]
    for row in sheet.iter_rows(min_row=decision_sheet.FIRST_ROW):
        if row[2].value in values:
            for cell, value in zip(row[4:9], values[row[2].value]):
                cell.value = value
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("decisions.xlsx", out.getvalue())


@pytest.fixture
def staff(request):
    def make(role):
        if role.startswith("other_site"):
            moderator, editor, _consultation = campsite()
            return moderator if role == "other_site_moderator" else editor
        return request.getfixturevalue(role)
    return make


@pytest.mark.parametrize(
    "role, index, page, sheet",
    [
        ("moderator", 200, 200, 200),
        ("editor", 200, 200, 200),
        ("elected_official", 302, 302, 200),  # reads and exports, never records
        ("other_site_moderator", 200, 302, 404),
        ("other_site_editor", 200, 302, 404),
        ("citizen", 302, 302, 302),
    ],
)
def test_who_records_decisions_and_who_downloads_the_sheet(client, staff, decided_vote, role, index, page, sheet):  # noqa: F811
    client.force_login(staff(role))
    assert client.get(reverse("board_decisions:index")).status_code == index
    assert client.get(reverse("board_decisions:consultation", args=[decided_vote.pk])).status_code == page
    assert client.get(reverse("board_decisions:sheet", args=[decided_vote.pk])).status_code == sheet
    # Whoever posts a forged confirmation is sent back (to the page, or out of it) with nothing recorded.
    assert client.post(reverse("board_decisions:apply", args=[decided_vote.pk]), {"plan": "x"}).status_code == 302
    assert not BoardDecision.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, decided_vote):  # noqa: F811
    response = client.get(reverse("board_decisions:consultation", args=[decided_vote.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_moderator_uploads_sees_the_preview_then_records_and_participants_are_told(
    client, moderator, decided_vote, django_capture_on_commit_callbacks  # noqa: F811
):
    first, *_rest = [project.title for project in ballot_projects(decided_vote)]
    client.force_login(moderator)
    url = reverse("board_decisions:consultation", args=[decided_vote.pk])
    upload = filled(sheet_of(client, decided_vote), {
        first: ("Adopté", 40000, MEETING, "Le plus soutenu.", "Direction des sports"),
        BENCHES: ("Rejeté", None, MEETING, "Déjà prévu ailleurs.", ""),
    })
    with translation.override("fr"):
        preview = client.post(url, {"sheet": upload}, HTTP_ACCEPT_LANGUAGE="fr")
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Aperçu\u00a0: 2 changements" in page and "Enregistrer et publier 2 décisions" in page
    assert not BoardDecision.objects.exists()
    token = preview.context["token"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("board_decisions:apply", args=[decided_vote.pk]), {"plan": token, "notify": "on"}
        )
    assert response.status_code == 302 and response["Location"] == url
    assert BoardDecision.objects.count() == 2
    assert len(mail.outbox) == 5

    # The same confirmation posted again (a double click) changes nothing and tells nobody.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("board_decisions:apply", args=[decided_vote.pk]), {"plan": token, "notify": "on"})
    assert BoardDecision.objects.count() == 2 and len(mail.outbox) == 5

    listing = client.get(url).content.decode()
    assert "Le plus soutenu." in listing and "Direction des sports" in listing


def test_a_file_with_errors_lists_them_all_and_offers_nothing_to_apply(client, editor, decided_vote):  # noqa: F811
    first, second, *_rest = [project.title for project in ballot_projects(decided_vote)]
    client.force_login(editor)
    url = reverse("board_decisions:consultation", args=[decided_vote.pk])
    upload = filled(sheet_of(client, decided_vote), {
        first: ("Adopté", "beaucoup", MEETING, "", ""),
        second: ("Peut-être", None, MEETING, "", ""),
    })
    response = client.post(url, {"sheet": upload})
    page = response.content.decode()
    assert "2 erreurs\u00a0: rien n’a été enregistré" in page
    assert "Décisions!F3" in page and "Décisions!E4" in page
    assert response.context["token"] == "" and "board_decisions:apply" not in page
    assert 'action="%s"' % reverse("board_decisions:apply", args=[decided_vote.pk]) not in page
    assert not BoardDecision.objects.exists()


def test_an_expired_or_forged_preview_records_nothing(client, moderator, decided_vote):  # noqa: F811
    client.force_login(moderator)
    response = client.post(reverse("board_decisions:apply", args=[decided_vote.pk]), {"plan": "forged"}, follow=True)
    assert "Cet aperçu a expiré" in response.content.decode()
    assert not BoardDecision.objects.exists()


def test_decisions_are_shown_on_the_consultation_the_project_and_the_proposal(
    client, moderator, decided_vote  # noqa: F811
):
    projects = list(ballot_projects(decided_vote))
    with tempfile.TemporaryDirectory() as folder:
        path = fill(exported_sheet(decided_vote, Path(folder)), {
            projects[0].title: ("Adopté", 40000, MEETING, "Le plus soutenu.", "Direction des sports"),
            BENCHES: ("Rejeté", None, MEETING, "Déjà prévu ailleurs.", ""),
        })
        decisions.apply(decisions.plan(decided_vote, upload(path)), by=moderator)

    # The vote has closed; the decision was expected in a few days, and the board met earlier.
    ConsultationPage.objects.filter(pk=decided_vote.pk).update(**phase_dates("results"))
    activity.touch(decided_vote.pk)
    consultation_page = client.get(decided_vote.url).content.decode()
    assert 'id="decisions"' in consultation_page
    # Decided before the expected date: the phase box no longer announces a decision to come.
    assert "Le conseil a déjà décidé" in consultation_page and "Décision attendue" not in consultation_page
    assert consultation_page.index(projects[0].title) < consultation_page.index("Déjà prévu ailleurs.")
    assert "par le conseil le 15 novembre 2026, 40\u00a0000\u00a0€ accordés." in consultation_page

    project_page = client.get(projects[0].url).content.decode()
    assert "La décision du conseil" in project_page and "Service responsable\u00a0: Direction des sports" in project_page
    assert "La décision du conseil" not in client.get(projects[1].url).content.decode()

    proposal = Proposal.objects.get(title=BENCHES)
    proposal_page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Rejeté" in proposal_page and "Déjà prévu ailleurs." in proposal_page


def test_round_trip_from_the_officials_export_to_the_follow_up_and_the_followers_emails(
    client, moderator, decided_vote, home_page, django_capture_on_commit_callbacks  # noqa: F811
):
    """Export → the board fills in the sheet → import → pages; then the adopted project is
    followed up until done, and those who follow the consultation hear of it."""
    from consultations.models import ImplementationIndexPage
    from consultations.services.implementation import add_update
    from consultations.services.notifications import follow

    follow_up = home_page.add_child(instance=ImplementationIndexPage(title="Suivi des réalisations", slug="suivi"))
    follow_up.save_revision().publish()
    follower = UserFactory(email="suiveuse@exemple.fr")
    follow(decided_vote, user=follower)
    project = list(ballot_projects(decided_vote))[0]
    with tempfile.TemporaryDirectory() as folder:
        path = fill(exported_sheet(decided_vote, Path(folder)), {
            project.title: ("Adopté", 40000, MEETING, "Le plus soutenu.", "Direction des sports"),
        })
        with django_capture_on_commit_callbacks(execute=True):
            decisions.apply(decisions.plan(decided_vote, upload(path)), by=moderator)
    assert "Vous avez participé à la consultation" in next(m for m in mail.outbox if m.to == [follower.email]).body
    mail.outbox.clear()

    decision = BoardDecision.objects.get(local_project=project)
    with django_capture_on_commit_callbacks(execute=True):
        add_update(decision, by=moderator, date=MEETING, stage="in_progress", percent=40, text="Chantier ouvert.")
    assert mail.outbox == []  # under way: nobody is written to yet
    listing = client.get(follow_up.url).content.decode()
    assert project.title in listing and "Chantier ouvert." in listing

    with django_capture_on_commit_callbacks(execute=True):
        add_update(decision, by=moderator, date=MEETING, stage="done", percent=100, text="Livré.")
    assert [message.to for message in mail.outbox] == [[follower.email]]
    project_page = client.get(project.url).content.decode()
    assert "La décision du conseil" in project_page and "Livré." in project_page and "Chantier ouvert." in project_page
