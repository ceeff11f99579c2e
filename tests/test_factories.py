"""The factories leave what the services leave: counters that match their rows, replies one level
deep, ballots with choices, pages in the tree."""

import pytest

from consultations.models import Comment, ConsultationPage, Follow, LocalProjectPage, Proposal
from tests.factories import (
    BallotFactory,
    CommentFactory,
    ConsultationPageFactory,
    FacilityFactory,
    FollowFactory,
    ProposalFactory,
    SupportFactory,
)

pytestmark = pytest.mark.django_db


def test_supports_and_comments_are_counted_on_their_proposal():
    proposal = ProposalFactory(supporters=2)
    SupportFactory(proposal=proposal)
    CommentFactory(target=proposal)
    CommentFactory(target=proposal, status=Comment.Status.PENDING)
    stored = Proposal.objects.get(pk=proposal.pk)
    assert (stored.support_count, stored.supports.count()) == (3, 3)
    assert stored.comment_count == 1
    assert proposal.support_count == 3


def test_a_new_proposal_is_published_and_followed_by_its_author():
    proposal = ProposalFactory()
    assert proposal.status == Proposal.Status.PUBLISHED and proposal.published_at
    assert Follow.objects.filter(user=proposal.author, proposal=proposal).exists()
    assert proposal.consultation.phase == "proposals"


def test_a_reply_to_a_reply_hangs_on_the_first_comment_of_its_thread():
    consultation = ConsultationPageFactory()
    first = CommentFactory(target=consultation)
    reply = CommentFactory(parent=CommentFactory(parent=first))
    assert reply.parent == first and reply.consultation == consultation and reply.proposal is None
    assert CommentFactory(upvoters=2).upvote_count == 2


def test_a_ballot_has_a_choice_on_a_project_of_its_consultation():
    ballot = BallotFactory()
    project = LocalProjectPage.objects.child_of(ballot.consultation).get()
    assert list(ballot.choices.values_list("project", "value")) == [(project.pk, 1)]
    assert ballot.consultation.phase == "vote" and ballot.method == ConsultationPage.VoteMethod.APPROVAL


def test_pages_go_under_the_list_of_consultations_and_follows_on_one_target():
    first, second = ConsultationPageFactory(), ConsultationPageFactory(phase="results")
    assert first.get_parent() == second.get_parent()
    assert first.url and second.phase == "results"
    follow = FollowFactory(target=first)
    assert (follow.consultation, follow.proposal) == (first, None)
    assert FacilityFactory().neighbourhood.facilities.count() == 1
