"""Citizens report a proposal or a comment to the moderators: a form without JavaScript."""

import pytest

from consultations.models import Comment, Proposal, Report
from tests.factories import CommentFactory, ProposalFactory, filled_in

pytestmark = pytest.mark.django_db


def test_every_published_contribution_offers_a_report_link_but_not_to_its_author(client, citizen):
    proposal = ProposalFactory()
    comment = CommentFactory(target=proposal)
    html = client.get(f"/propositions/{proposal.pk}/").content.decode()
    assert f"/signaler/proposition/{proposal.pk}/" in html
    assert f"/signaler/commentaire/{comment.pk}/" in html

    client.force_login(proposal.author)
    html = client.get(f"/propositions/{proposal.pk}/").content.decode()
    assert f"/signaler/proposition/{proposal.pk}/" not in html


def test_an_anonymous_visitor_signs_in_first(client):
    response = client.get(f"/signaler/proposition/{ProposalFactory().pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_citizen_reports_a_comment_with_a_reason(client, citizen):
    comment = CommentFactory(body="Un commentaire désobligeant.")
    client.force_login(citizen)
    url = f"/signaler/commentaire/{comment.pk}/"
    page = client.get(url).content.decode()
    assert "Un commentaire désobligeant." in page and "<legend>" in page

    refused = client.post(url, {"reason": "", "text": "x", **filled_in()})
    assert refused.status_code == 200
    assert "Choisissez le motif de votre signalement." in refused.content.decode()
    assert not Report.objects.exists()

    response = client.post(url, {"reason": "insulte", "text": "Il vise un agent.", **filled_in()})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.comment, report.reporter, report.reason.code) == (comment, citizen, "insulte")
    comment.refresh_from_db()
    assert comment.report_count == 1

    again = client.post(url, {"reason": "spam", **filled_in()}, follow=True)
    assert "déjà signalé" in again.content.decode()
    assert Report.objects.count() == 1


def test_the_error_summary_leads_to_the_first_reason(client, citizen):
    """A list of radio buttons has no element with the field's own id: the summary's link goes to
    the first choice, not to the top of the page."""
    comment = CommentFactory()
    client.force_login(citizen)
    refused = client.post(f"/signaler/commentaire/{comment.pk}/", {"reason": "", **filled_in()})
    html = refused.content.decode()
    assert '<a href="#id_reason_0">' in html
    assert 'id="id_reason_0"' in html


def test_a_contribution_that_is_not_published_cannot_be_reported(client, citizen):
    proposal = ProposalFactory(status=Proposal.Status.PENDING)
    client.force_login(citizen)
    response = client.post(f"/signaler/proposition/{proposal.pk}/", {"reason": "spam", **filled_in()})
    assert response.status_code == 302
    assert not Report.objects.exists()
    assert client.get("/signaler/sondage/1/").status_code == 404
    assert Comment.objects.count() == 0
