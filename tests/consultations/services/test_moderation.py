"""Moderators' decisions: transitions, reasons, counts, the record, the author told, and a decision
that arrives after another moderator's changes nothing."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from consultations.models import Comment, ModerationReason, Proposal
from consultations.services import moderation
from freshness.models import Version
from tests.factories import CommentFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def consultation_version(proposal):
    key = f"consultation:{proposal.consultation_id}"
    return Version.objects.filter(key=key).values_list("value", flat=True).first() or 0


@pytest.fixture
def author():
    return UserFactory(email="auteure@exemple.fr", display_name="Awa D.")


def test_the_charters_reasons_are_there_to_choose_from():
    assert {"insulte", "haine", "spam", "hors-sujet", "donnees-personnelles", "doublon", "autre"} <= set(
        ModerationReason.objects.values_list("code", flat=True)
    )


def test_approving_a_waiting_proposal_publishes_it_logs_it_and_tells_its_author(
    moderator, author, committed
):
    proposal = ProposalFactory(author=author, status=Proposal.Status.PENDING)
    version = consultation_version(proposal)
    with committed():
        moderation.approve(proposal, moderator=moderator)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PUBLISHED
    assert proposal.published_at is not None
    assert proposal.moderated_by == moderator
    entry = ModelLogEntry.objects.get(action="consultations.moderation.approve")
    assert (entry.user, entry.data["before"], entry.data["after"]) == (moderator, "pending", "published")
    assert str(entry.object_id) == str(proposal.pk)
    # Every page that shows the consultation is rebuilt at once.
    assert consultation_version(proposal) > version
    assert [message.to for message in mail.outbox] == [["auteure@exemple.fr"]]


def test_hiding_needs_a_reason_which_the_author_reads_in_the_email(moderator, author, committed):
    proposal = ProposalFactory(author=author)
    with pytest.raises(ValidationError, match="Choose the reason"):
        moderation.hide(proposal, moderator=moderator, reason="")
    with pytest.raises(ValidationError, match="not one of the moderation reasons"):
        moderation.hide(proposal, moderator=moderator, reason="made-up")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PUBLISHED
    assert not ModelLogEntry.objects.exists()

    with committed():
        moderation.hide(proposal, moderator=moderator, reason="spam", note="Lien publicitaire.")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.HIDDEN
    assert proposal.moderation_reason.code == "spam"
    body = mail.outbox[0].body
    assert "Publicité ou spam" in body
    assert "Lien publicitaire." in body


def test_a_decision_after_another_moderators_changes_nothing_and_says_who_decided(moderator):
    other = UserFactory(display_name="Nadia B.", groups=[moderator.groups.first().name])
    proposal = ProposalFactory(status=Proposal.Status.PENDING)
    moderation.approve(proposal, moderator=other)

    # The first moderator still has the page that showed it waiting.
    with pytest.raises(ValidationError, match="Already decided by Nadia B."):
        moderation.reject(proposal, moderator=moderator, reason="spam", seen_status="pending")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.moderated_by) == (Proposal.Status.PUBLISHED, other)
    assert ModelLogEntry.objects.filter(action__startswith="consultations.moderation").count() == 1


def test_a_transition_that_does_not_apply_is_refused(moderator):
    proposal = ProposalFactory(status=Proposal.Status.WITHDRAWN)
    with pytest.raises(ValidationError):
        moderation.hide(proposal, moderator=moderator, reason="spam")
    with pytest.raises(ValidationError):
        moderation.approve(ProposalFactory(), moderator=moderator)


def test_only_moderators_decide(citizen, editor, elected_official):
    proposal = ProposalFactory(status=Proposal.Status.PENDING)
    for user in (citizen, editor, elected_official):
        with pytest.raises(PermissionDenied):
            moderation.approve(proposal, moderator=user)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING


def test_a_proposals_comment_count_follows_its_comments_through_every_decision(moderator):
    proposal = ProposalFactory()
    waiting = CommentFactory(target=proposal, status=Comment.Status.PENDING)
    shown = CommentFactory(target=proposal)

    def count():
        proposal.refresh_from_db(fields=["comment_count"])
        return proposal.comment_count

    assert count() == 1
    moderation.approve(waiting, moderator=moderator)
    assert count() == 2
    moderation.hide(shown, moderator=moderator, reason="insulte")
    assert count() == 1
    moderation.restore(shown, moderator=moderator)
    assert count() == 2
    rejected = CommentFactory(target=proposal, status=Comment.Status.PENDING)
    moderation.reject(rejected, moderator=moderator, reason="hors-sujet")
    assert count() == 2
    assert count() == Comment.objects.filter(proposal=proposal, status="published").count()


def test_a_comments_author_is_told_of_a_hidden_comment(moderator, author, committed):
    comment = CommentFactory(author=author)
    with committed():
        moderation.hide(comment, moderator=moderator, reason="insulte")
    assert len(mail.outbox) == 1
    assert "Insulte ou attaque personnelle" in mail.outbox[0].body
    assert f"#comment-{comment.pk}" in mail.outbox[0].body


def test_an_author_who_turned_decisions_off_gets_no_email(moderator, author, committed):
    from consultations.services.notifications import update_preferences

    update_preferences(author, proposal_status=False)
    with committed():
        moderation.hide(CommentFactory(author=author), moderator=moderator, reason="insulte")
    assert mail.outbox == []
