"""An author contests, or edits and resubmits, a rejected or hidden contribution from its own page
or from "My contributions", without JavaScript; moderators find it in the queue marked as such."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from consultations.models import Comment, ModerationReason, Proposal
from consultations.services import appeals, moderation, sanctions
from tests.factories import CommentFactory, ProposalFactory, UserFactory, filled_in

pytestmark = pytest.mark.django_db

CONTRIBUTIONS = reverse("consultations:account_contributions")
QUEUE = "/admin/moderation/"


@pytest.fixture
def rejected(moderator, citizen, open_consultation):
    proposal = ProposalFactory(
        consultation=open_consultation, author=citizen, status=Proposal.Status.PENDING,
        title="Une piste cyclable", body="Une piste cyclable le long du quai, de la gare au parc.",
    )
    return moderation.reject(proposal, moderator=moderator, reason="hors-sujet", note="Voir l'article 3 de la charte.")


@pytest.fixture
def hidden_comment(moderator, citizen, open_consultation):
    comment = CommentFactory(target=ProposalFactory(consultation=open_consultation), author=citizen,
                             body="Un commentaire trop vif.")
    return moderation.hide(comment, moderator=moderator, reason="insulte")


def test_my_contributions_shows_the_decision_its_reason_note_and_date_with_the_two_ways_out(
    client, citizen, rejected
):
    client.force_login(citizen)
    html = client.get(CONTRIBUTIONS).content.decode()
    reason = ModerationReason.objects.get(code="hors-sujet")
    assert "Refusée" in html and "Décision de la modération du" in html
    assert f"Motif\u00a0: {reason.label}." in html
    assert reason.explanation and escape(reason.explanation) in html
    assert f"Note de la modération\u00a0: {escape(rejected.moderation_note)}" in html
    assert f'href="/contester/proposition/{rejected.pk}/"' in html
    assert f'href="/resoumettre/proposition/{rejected.pk}/"' in html


def test_the_author_contests_from_the_proposal_page_and_reads_that_it_is_under_review(client, citizen, rejected):
    client.force_login(citizen)
    page = client.get(rejected.get_absolute_url()).content.decode()
    url = f"/contester/proposition/{rejected.pk}/"
    assert f'href="{url}"' in page and "Hors sujet" in page

    form = client.get(url)
    assert form.status_code == 200
    assert "Pourquoi contestez-vous cette décision\u00a0?" in form.content.decode()
    empty = client.post(url, {"text": "  ", **filled_in()})
    assert "Dites pourquoi vous contestez cette décision." in empty.content.decode()
    rejected.refresh_from_db()
    assert rejected.appeal == ""

    response = client.post(url, {"text": "Elle porte bien sur le réaménagement du quai.", **filled_in()}, follow=True)
    assert response.redirect_chain[-1][0] == rejected.get_absolute_url()
    html = response.content.decode()
    assert "Votre contestation est envoyée" in html
    assert "Vous avez contesté cette décision le" in html and "va la réexaminer" in html
    assert f'href="{url}"' not in html
    rejected.refresh_from_db()
    assert (rejected.appeal, rejected.status) == ("contested", Proposal.Status.REJECTED)
    # Once used, the form is not offered again and says why.
    again = client.get(url)
    assert again.status_code == 403
    assert "déjà contesté ou resoumis" in again.content.decode()


def test_the_author_resubmits_a_hidden_comment_which_awaits_moderation_again(client, citizen, hidden_comment):
    client.force_login(citizen)
    url = f"/resoumettre/commentaire/{hidden_comment.pk}/"
    assert "Un commentaire trop vif." in client.get(url).content.decode()

    response = client.post(url, {"body": "Un commentaire plus mesuré.", **filled_in()})

    assert response.status_code == 302 and response["Location"] == f"{CONTRIBUTIONS}?type=comments"
    hidden_comment.refresh_from_db()
    assert (hidden_comment.status, hidden_comment.body, hidden_comment.appeal) == (
        Comment.Status.PENDING, "Un commentaire plus mesuré.", "resubmitted"
    )
    html = client.get(f"{CONTRIBUTIONS}?type=comments").content.decode()
    assert "Vous l'avez modifiée et resoumise le" in html
    assert f"/contester/commentaire/{hidden_comment.pk}/" not in html


def test_a_resubmitted_proposal_is_checked_like_a_proposal(client, citizen, rejected):
    client.force_login(citizen)
    url = f"/resoumettre/proposition/{rejected.pk}/"
    response = client.post(url, {"title": "Non", "body": "Trop court", **filled_in()})
    assert response.status_code == 200
    rejected.refresh_from_db()
    assert (rejected.status, rejected.title) == (Proposal.Status.REJECTED, "Une piste cyclable")


@pytest.mark.parametrize("who", [None, "other", "moderator"])
def test_no_one_but_the_author_contests_or_resubmits(client, request, who, rejected):
    if who == "other":
        client.force_login(UserFactory())
    elif who == "moderator":
        client.force_login(request.getfixturevalue("moderator"))
    for url, data in (
        (f"/contester/proposition/{rejected.pk}/", {"text": "Je conteste."}),
        (f"/resoumettre/proposition/{rejected.pk}/", {"title": "Une autre piste", "body": "Un autre texte assez long."}),
    ):
        assert client.get(url).status_code in {302, 403}
        assert client.post(url, {**data, **filled_in()}).status_code in {302, 403}
    rejected.refresh_from_db()
    assert (rejected.appeal, rejected.status, rejected.title) == ("", Proposal.Status.REJECTED, "Une piste cyclable")


def test_a_banned_author_is_told_why_and_nothing_changes(client, citizen, moderator, rejected):
    sanctions.sanction_account(citizen, moderator=moderator, kind="ban", reason="haine")
    client.force_login(citizen)
    response = client.post(f"/contester/proposition/{rejected.pk}/", {"text": "Je conteste.", **filled_in()})
    assert response.status_code == 403
    assert "Votre compte est exclu" in response.content.decode()
    rejected.refresh_from_db()
    assert rejected.appeal == ""


def test_contested_and_resubmitted_items_are_marked_in_the_queue_and_its_filter(
    client, moderator, citizen, rejected, hidden_comment
):
    waiting = ProposalFactory(consultation=rejected.consultation, status=Proposal.Status.PENDING, title="Toujours en attente")
    appeals.contest(rejected, author=citizen, text="Elle porte bien sur le quai.")
    appeals.resubmit(hidden_comment, author=citizen, body="Un commentaire plus mesuré.")
    client.force_login(moderator)

    html = client.get(QUEUE).content.decode()
    assert "Une piste cyclable" in html and "Contestée" in html and "Modifiée et resoumise" in html
    contested = client.get(QUEUE, {"state": "contested"}).content.decode()
    assert "Une piste cyclable" in contested and "Un commentaire plus mesuré." in contested
    assert waiting.title not in contested

    item = client.get(f"{QUEUE}proposal/{rejected.pk}/").content.decode()
    assert "Elle porte bien sur le quai." in item
    assert 'value="confirm"' in item and 'value="restore"' in item
    comment_item = client.get(f"{QUEUE}comment/{hidden_comment.pk}/").content.decode()
    assert "Un commentaire trop vif." in comment_item  # the version that was hidden


def test_a_moderator_restores_a_contested_proposal_from_its_page_and_the_author_is_told(
    client, moderator, citizen, rejected, django_capture_on_commit_callbacks
):
    appeals.contest(rejected, author=citizen, text="Elle porte bien sur le quai.")
    mail.outbox.clear()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{QUEUE}proposal/{rejected.pk}/", {"decision": "restore", "seen_status": "rejected"})
    assert response.status_code == 302
    rejected.refresh_from_db()
    assert rejected.status == Proposal.Status.PUBLISHED
    assert [message.to for message in mail.outbox] == [[citizen.email]]
    assert "Une piste cyclable" not in client.get(QUEUE, {"state": "contested"}).content.decode()

    client.force_login(citizen)
    html = client.get(rejected.get_absolute_url()).content.decode()
    assert "l'équipe de modération l'a réexaminée" in html
    assert "/contester/" not in html


def test_my_contributions_costs_the_same_whatever_the_number_of_decisions(client, citizen, moderator, open_consultation):
    def reject(count):
        for _ in range(count):
            proposal = ProposalFactory(consultation=open_consultation, author=citizen, status=Proposal.Status.PENDING)
            moderation.reject(proposal, moderator=moderator, reason="spam", note="Note.")
            comment = CommentFactory(target=proposal, author=citizen, status=Comment.Status.PENDING)
            moderation.reject(comment, moderator=moderator, reason="spam")

    def cost(kind):
        client.get(f"{CONTRIBUTIONS}?type={kind}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{CONTRIBUTIONS}?type={kind}").status_code == 200
        return len(queries)

    client.force_login(citizen)
    reject(1)
    few = cost("proposals"), cost("comments")
    reject(5)
    assert (cost("proposals"), cost("comments")) == few


def test_an_appeal_answers_on_its_contributions_site_only(client, citizen, moderator, home_page):
    from wagtail.models import Page, Site

    from consultations.models import ConsultationIndexPage
    from home.models import HomePage
    from tests.factories import ConsultationPageFactory

    rink_home = Page.objects.get(depth=1).add_child(instance=HomePage(title="Patinoire", slug="patinoire"))
    Site.objects.create(hostname="patinoire.example.fr", port=8443, root_page=rink_home, site_name="Patinoire")
    index = rink_home.add_child(instance=ConsultationIndexPage(title="Consultations", slug="consultations"))
    rink = ConsultationPageFactory(parent=index, title="Soirées sur glace", slug="soirees", phase="proposals")
    proposal = moderation.reject(
        ProposalFactory(consultation_id=rink.pk, author=citizen, status=Proposal.Status.PENDING),
        moderator=moderator, reason="spam",
    )
    client.force_login(citizen)
    url = f"/contester/proposition/{proposal.pk}/"

    moved = client.get(url, HTTP_HOST="localhost")
    assert (moved.status_code, moved["Location"]) == (301, f"http://patinoire.example.fr:8443{url}")
    refused = client.post(url, {"text": "Posté depuis le mauvais site.", **filled_in()}, HTTP_HOST="localhost")
    assert refused.status_code == 400
    proposal.refresh_from_db()
    assert proposal.appeal == ""
    assert client.post(url, {"text": "Ce n'est pas du spam.", **filled_in()}, HTTP_HOST="patinoire.example.fr:8443").status_code == 302
    proposal.refresh_from_db()
    assert proposal.appeal == "contested"


def test_an_objection_sent_by_a_robot_is_refused(client, rejected):
    client.force_login(rejected.author)
    url = f"/contester/proposition/{rejected.pk}/"
    assert 'name="website"' in client.get(url).content.decode()
    for data in ({"text": "Je conteste.", **filled_in(), "website": "http://spam.example"}, {"text": "Je conteste."}):
        response = client.post(url, data)
        assert response.status_code == 200
    rejected.refresh_from_db()
    assert rejected.appeal == ""
