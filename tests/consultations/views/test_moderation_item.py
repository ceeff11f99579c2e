"""A contribution's page in the moderation admin tells its author's record in each kind's words."""

import pytest

from consultations.models import Comment, Proposal
from tests.factories import CommentFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_authors_record_counts_proposals_and_comments_apart(client, moderator, open_consultation):
    author = UserFactory(display_name="Léon")
    pending = ProposalFactory(consultation=open_consultation, author=author, status=Proposal.Status.PENDING)
    ProposalFactory(consultation=open_consultation, author=author, status=Proposal.Status.REJECTED)
    CommentFactory(author=author, status=Comment.Status.PUBLISHED)
    CommentFactory(author=author, status=Comment.Status.PUBLISHED)
    client.force_login(moderator)
    html = client.get(f"/admin/moderation/proposal/{pending.pk}/").content.decode()
    record = html[html.index('id="author-title"'):]
    record = record[: record.index("</section>")]
    proposals, comments = record.split("<dt>")[1:3]
    assert proposals.startswith("Propositions") and "Refusée\u00a0: 1" in proposals and "Publiée" not in proposals
    assert comments.startswith("Commentaires") and "Publié\u00a0: 2" in comments


def test_a_moderator_warns_a_citizen_who_reports_in_bad_faith(client, moderator, citizen):
    from consultations.models import Sanction
    from consultations.services import moderation

    comment = CommentFactory(body="Un avis tout à fait correct sur les horaires.")
    moderation.report(comment, reporter=citizen, reason="insulte")
    url = f"/admin/moderation/comment/{comment.pk}/"
    client.force_login(moderator)
    page = client.get(url).content.decode()
    assert "Avertir ce signaleur" in page and "1\u00a0signalement en tout" in page

    # A report of another contribution cannot be used to pick someone else.
    other = CommentFactory()
    elsewhere = moderation.report(other, reporter=UserFactory(), reason="spam")
    assert client.post(url, {"sanction": "1", "report": str(elsewhere.pk), "kind": "warning", "reason": "autre"}).status_code == 404
    assert client.post(url, {"sanction": "1", "report": "x1", "kind": "warning", "reason": "autre"}).status_code == 404
    assert not Sanction.objects.exists()

    report = comment.reports.get()
    response = client.post(url, {"sanction": "1", "report": str(report.pk), "kind": "warning", "reason": "autre", "note": "Signalements répétés sans motif."})
    assert response.status_code == 302
    warning = Sanction.objects.get()
    assert warning.user == citizen and warning.kind == "warning"
    # The comment's author was not sanctioned, and never learns who reported them.
    assert not Sanction.objects.filter(user=comment.author).exists()


def test_the_site_history_tells_a_comments_decision_in_a_comments_words(client, moderator):
    from consultations.services import moderation

    comment = CommentFactory(body="L'adresse personnelle d'un agent, à retirer.")
    moderation.hide(comment, moderator=moderator, reason="donnees-personnelles")
    client.force_login(moderator)
    html = client.get("/admin/reports/site-history/results/", {"action": "consultations.moderation.hide"}).content.decode()
    assert "Masquage\u00a0: Publié → Masqué par la modération" in html
    assert "Données personnelles" in html
