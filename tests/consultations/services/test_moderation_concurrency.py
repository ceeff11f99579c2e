"""Moderators deciding on the same contribution at once: one decision is taken, the others are
told and change nothing; counts stay exact."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from consultations.models import Comment, Proposal
from consultations.roles import MODERATORS
from consultations.services import moderation
from tests.factories import CommentFactory, UserFactory
from tests.markers import postgresql_only

from .test_voting_concurrency import run_together

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), postgresql_only]

MODERATORS_AT_ONCE = 10


def test_simultaneous_decisions_on_one_comment_take_one_and_keep_the_count(db):
    moderators = [UserFactory(groups=[MODERATORS]) for _ in range(MODERATORS_AT_ONCE)]
    comment = CommentFactory(status=Comment.Status.PENDING)
    refused = []

    def decide(index):
        try:
            if index % 2:
                moderation.approve(comment, moderator=moderators[index], seen_status="pending")
            else:
                moderation.reject(comment, moderator=moderators[index], reason="spam", seen_status="pending")
        except ValidationError as error:
            refused.append(error)

    errors = run_together(decide, MODERATORS_AT_ONCE)

    assert errors == []
    assert len(refused) == MODERATORS_AT_ONCE - 1
    assert ModelLogEntry.objects.filter(action__startswith="consultations.moderation").count() == 1
    comment.refresh_from_db()
    # Each refused moderator is told who decided first (threads speak the default language).
    assert all(comment.moderated_by.public_name in " ".join(error.messages) for error in refused)
    proposal = Proposal.objects.get(pk=comment.proposal_id)
    assert proposal.comment_count == (1 if comment.status == Comment.Status.PUBLISHED else 0)
