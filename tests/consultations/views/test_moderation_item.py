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
