"""The synthesis page: exact figures on a consultation whose numbers are known by construction,
frozen once it closes, recomputed on record, checked against its open data, and kept for
officials when the consultation says so."""

import html
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.models import PageLogEntry

from consultations.models import Comment, ConsultationPage, ModerationReason, Proposal, SynthesisPage
from consultations.services.voting import ballot_projects
from consultations.synthesis import figures, snapshots
from tests.factories import BallotFactory, CommentFactory, ProposalFactory, SupportFactory, UserFactory

pytestmark = pytest.mark.django_db
Method = ConsultationPage.VoteMethod


def synthesis_of(consultation, **fields):
    return consultation.add_child(instance=SynthesisPage(title="Synthèse", slug="synthese", **fields))


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def text_of(response):
    """The page's words, without its tags."""
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split()))


@pytest.fixture
def known(make_consultation):
    """Closed for/against vote on three projects. People: Ana and Bo vote for P1 and against P2;
    Cy votes for P1 and P2; Di proposes two proposals (one rejected), Ed supports the published one
    and comments on P1 (for, 3 upvotes) and Fa on P1 (against, 1 upvote, reported later), Gu on
    P1 (for, 0 upvotes), and a hidden comment by Ha. Participants: Ana, Bo, Cy, Di, Ed, Fa, Gu = 7."""
    consultation = make_consultation("results", vote_method=Method.FOR_AGAINST, projects=[10, 20, 30])
    p1, p2, p3 = ballot_projects(consultation)
    people = {name: UserFactory(email=f"{name}@exemple.fr", display_name=name) for name in
              ("ana", "bo", "cy", "di", "ed", "fa", "gu", "ha")}
    for name in ("ana", "bo"):
        BallotFactory(consultation=consultation, voter=people[name], choices=[(p1, 1), (p2, -1)])
    BallotFactory(consultation=consultation, voter=people["cy"], choices=[(p1, 1), (p2, 1)])
    published = ProposalFactory(consultation=consultation, author=people["di"], title="Des bancs à l'ombre")
    ProposalFactory(consultation=consultation, author=people["di"], title="Refusée pour test",
                    status=Proposal.Status.REJECTED,
                    moderation_reason=ModerationReason.objects.get(code="hors-sujet"))
    SupportFactory(proposal=published, user=people["ed"])
    CommentFactory(target=p1, author=people["ed"], stance="for", upvote_count=3, body="Enfin de l'ombre.")
    CommentFactory(target=p1, author=people["fa"], stance="against", upvote_count=1, body="Trop cher.")
    CommentFactory(target=p1, author=people["gu"], stance="for", upvote_count=0, body="Oui.")
    CommentFactory(target=p1, author=people["ha"], stance="against", status=Comment.Status.HIDDEN, body="Masqué.")
    return consultation


def test_every_section_gives_the_figures_known_by_construction(known):
    p1, p2, p3 = ballot_projects(known)
    data = figures.compute(known)
    participation = data["participation"]
    assert (participation["participants"], participation["proposals"], participation["comments"],
            participation["supports"], participation["ballots"]) == (7, 1, 3, 1, 3)
    assert participation["new"] == 7 and participation["returning"] == 0
    results = data["results"]
    assert [(row["title"], row["approvals"], row["against"], row["score"]) for row in results["rows"]] == [
        (p1.title, 3, 0, 3), (p3.title, 0, 0, 0), (p2.title, 1, 2, -1),
    ]
    assert results["margin"] == 3 and results["ballots"] == 3
    assert data["proposals"]["count"] == 1
    assert [item["title"] for item in data["proposals"]["most_supported"]] == ["Des bancs à l'ombre"]
    argument = next(argument for argument in data["arguments"] if argument["id"] == p1.pk)
    assert argument["counts"] == {"for": 2, "against": 1, "neutral": 0}
    assert argument["quotes"]["for"]["body"] == "Enfin de l'ombre." and argument["quotes"]["for"]["upvotes"] == 3
    assert argument["quotes"]["against"]["body"] == "Trop cher."
    # One rejected proposal and one hidden comment: fewer than 5, so their count is left empty.
    assert {(row["kind"], row["decision"]) for row in data["moderation"]} == {("proposal", "rejected"), ("comment", "hidden")}
    assert data["decisions"] == []


def test_a_reported_comment_is_not_quoted(known):
    p1 = next(iter(ballot_projects(known)))
    Comment.objects.filter(body="Trop cher.").update(report_count=1)
    argument = next(argument for argument in figures.compute(known)["arguments"] if argument["id"] == p1.pk)
    assert "against" not in argument["quotes"] and argument["counts"]["against"] == 1


def test_the_page_shows_the_figures_and_freezes_them_with_the_open_data_digest(client, known):
    page = synthesis_of(known)
    response = client.get(page.url)
    assert response.status_code == 200
    page_text = text_of(response)
    assert "7 personnes ont participé." in page_text
    assert "Chiffres arrêtés le" in page_text
    snapshot = snapshots.latest(page)
    assert snapshot.digest in page_text and len(snapshot.digest) == 64
    assert "Enfin de l'ombre." in page_text
    assert "chaque projet est classé selon ses voix pour moins ses voix contre" in page_text


def test_the_frozen_page_does_not_move_when_data_changes_and_a_recomputation_is_on_record(client, known, moderator):
    page = synthesis_of(known)
    client.get(page.url)
    frozen = snapshots.latest(page)
    Comment.objects.filter(body="Enfin de l'ombre.").update(status=Comment.Status.HIDDEN)
    page_text = text_of(client.get(page.url))
    assert frozen.digest in page_text and "3 commentaires" in page_text
    recomputed = snapshots.recompute(page, by=moderator, reason="Un commentaire masqué après coup.")
    assert recomputed.digest != frozen.digest
    assert recomputed.figures["participation"]["comments"] == 2
    page_text = text_of(client.get(page.url))
    assert recomputed.digest in page_text and "2 commentaires" in page_text
    assert "Calculs précédents" in page_text and frozen.digest in page_text
    entry = PageLogEntry.objects.get(page=page, action=snapshots.LOG_RECOMPUTED)
    assert entry.data["previous_digest"] == frozen.digest and entry.user == moderator


def test_verify_synthesis_checks_the_digest_against_a_downloaded_open_data_package(client, known, tmp_path):
    page = synthesis_of(known)
    client.get(page.url)
    package = tmp_path / "donnees.zip"
    package.write_bytes(download(client, reverse("consultations:open_data", args=[known.pk])))
    out = io.StringIO()
    call_command("verify_synthesis", page.pk, str(package), stdout=out)
    assert "Concordance" in out.getvalue()
    # The data changes after the freeze: today's open data no longer matches the synthesis.
    Comment.objects.filter(body="Oui.").update(status=Comment.Status.HIDDEN)
    changed = tmp_path / "changees.zip"
    changed.write_bytes(download(client, reverse("consultations:open_data", args=[known.pk])))
    with pytest.raises(CommandError, match="Pas de concordance"):
        call_command("verify_synthesis", page.pk, str(changed), stdout=io.StringIO())


def test_before_the_consultation_closes_the_figures_are_provisional_and_not_frozen(client, make_consultation):
    consultation = make_consultation("vote", vote_method=Method.BUDGET, budget=100, projects=[50, 50])
    page = synthesis_of(consultation)
    page_text = text_of(client.get(page.url))
    assert "Chiffres provisoires" in page_text and "Personne n'a encore participé." in page_text
    assert not page.snapshots.exists()


def test_a_synthesis_kept_for_officials(client, known, citizen, elected_official, moderator):
    page = synthesis_of(known, officials_only=True)
    assert client.get(page.url).status_code == 302  # to the login page
    client.force_login(citizen)
    assert client.get(page.url).status_code in (302, 403)
    for reader in (elected_official, moderator):
        client.force_login(reader)
        assert client.get(page.url).status_code == 200
    page.officials_only = False
    page.save_revision().publish()
    client.logout()
    assert client.get(page.url).status_code == 200


def test_the_frozen_page_costs_the_same_queries_whatever_the_size(client, known, django_assert_num_queries):
    page = synthesis_of(known)
    client.get(page.url)
    client.get(page.url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as small:
        client.get(page.url)
    p1 = next(iter(ballot_projects(known)))
    for n in range(30):
        CommentFactory(target=p1, body=f"Commentaire {n}")
    Comment.objects.update()  # no version bump: the page is frozen anyway
    with CaptureQueriesContext(connection) as large:
        client.get(page.url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_consultations_staff_recompute_from_the_admin_and_others_cannot(client, known, moderator, elected_official):
    page = synthesis_of(known)
    client.get(page.url)
    url = reverse("synthesis_recompute", args=[page.pk])
    client.force_login(elected_official)
    assert client.post(url, {"reason": "x"}).status_code in (302, 403)
    assert page.snapshots.count() == 1
    client.force_login(moderator)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Comptes supprimés"}, follow=True)
    assert response.status_code == 200 and page.snapshots.count() == 2
    assert "Comptes supprimés" in text_of(response)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert url in edit.content.decode()


@pytest.mark.parametrize("method", [Method.NONE, Method.FOR_AGAINST, Method.BUDGET, Method.POINTS, Method.SUPPORT])
def test_a_consultation_nobody_took_part_in_renders_with_sentences(client, make_consultation, method):
    fields = {"budget": 100} if method == Method.BUDGET else {"points_per_voter": 5} if method == Method.POINTS else {}
    consultation = make_consultation("results", vote_method=method, projects=[50, 50] if method != Method.NONE else [],
                                     **fields)
    page = synthesis_of(consultation)
    response = client.get(page.url)
    assert response.status_code == 200
    page_text = text_of(response)
    assert "Personne n'a encore participé." in page_text
    assert "Aucune proposition n'a été publiée." in page_text
    if method in (Method.FOR_AGAINST, Method.BUDGET, Method.POINTS):
        assert "Personne n'a voté." in page_text


def test_one_participant_ties_withdrawn_merged_and_erased_accounts(client, make_consultation):
    from consultations.services.accounts import delete_account

    consultation = make_consultation("results", vote_method=Method.BUDGET, budget=100, projects=[50, 50, 50])
    p1, p2, p3 = ballot_projects(consultation)
    voter = UserFactory(email="seule@exemple.fr")
    BallotFactory(consultation=consultation, voter=voter, choices=[(p1, 1), (p2, 1)])
    kept = ProposalFactory(consultation=consultation, author=voter, title="Une proposition gardée")
    ProposalFactory(consultation=consultation, author=voter, title="Retirée par son autrice", status=Proposal.Status.WITHDRAWN)
    ProposalFactory(consultation=consultation, author=voter, title="Fusionnée", status=Proposal.Status.MERGED, merged_into=kept)
    delete_account(voter, acting_user=voter)
    data = figures.compute(consultation)
    # The erased account still counts, once; the withdrawn proposal does not, the merged one does.
    assert data["participation"]["participants"] == 1 and data["participation"]["proposals"] == 2
    assert data["results"]["close"] == [{"first": p1.title, "second": p2.title, "gap": 0}]
    page_text = text_of(client.get(synthesis_of(consultation).url))
    assert "1 personne a participé." in page_text
    assert f"Égalité entre « {p1.title} » et « {p2.title} »." in page_text


def test_computing_the_figures_costs_the_same_queries_whatever_the_size(make_consultation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(people):
        consultation = make_consultation("results", vote_method=Method.FOR_AGAINST, projects=[10, 20])
        p1, p2 = ballot_projects(consultation)
        for n in range(people):
            BallotFactory(consultation=consultation, choices=[(p1, 1), (p2, -1)])
            proposal = ProposalFactory(consultation=consultation)
            CommentFactory(target=p1, stance="for" if n % 2 else "against", upvote_count=n)
            CommentFactory(target=proposal)
        figures.compute(consultation)  # warms what Wagtail and Django keep for the process
        with CaptureQueriesContext(connection) as captured:
            figures.compute(consultation)
        return len(captured.captured_queries)

    assert queries_for(1) == queries_for(12)


def test_a_thread_of_5000_comments_renders(client, make_consultation):
    consultation = make_consultation("results", vote_method=Method.FOR_AGAINST, projects=[10])
    [project] = ballot_projects(consultation)
    author = UserFactory()
    Comment.objects.bulk_create([
        Comment(local_project=project, author=author, body=f"Avis numéro {n}", stance=("for", "against", "neutral")[n % 3],
                upvote_count=n % 17)
        for n in range(5000)
    ])
    data = figures.compute(consultation)
    assert data["arguments"][0]["counts"] == {"for": 1667, "against": 1667, "neutral": 1666}
    assert data["arguments"][0]["quotes"]["for"]["upvotes"] == 16
    assert client.get(synthesis_of(consultation).url).status_code == 200


def test_the_consultation_page_links_its_public_synthesis_only(client, known):
    page = synthesis_of(known, officials_only=True)
    assert "Lire la synthèse de la consultation" not in text_of(client.get(known.url))
    page.officials_only = False
    page.save_revision().publish()
    response = client.get(known.url)
    assert "Lire la synthèse de la consultation" in text_of(response)
    assert f'href="{page.url}"' in response.content.decode()
