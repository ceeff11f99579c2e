"""Authors' appeals: a rejected or hidden contribution is contested, or edited and resubmitted,
once, by its author only; it is back in the queue until a moderator decides, for good."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from wagtail.models import ModelLogEntry

from consultations.models import Comment, Proposal
from consultations.moderation_queue import moderation_queue, waiting_count
from consultations.services import appeals, moderation, sanctions
from freshness.models import Version
from tests.factories import CommentFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def version(consultation_id):
    return Version.objects.filter(key=f"consultation:{consultation_id}").values_list("value", flat=True).first() or 0


@pytest.fixture
def rejected(moderator, citizen, open_consultation):
    proposal = ProposalFactory(
        consultation=open_consultation, author=citizen, status=Proposal.Status.PENDING,
        title="Une piste cyclable", body="Une piste cyclable le long du quai, de la gare au parc.",
    )
    return moderation.reject(proposal, moderator=moderator, reason="hors-sujet", note="Voir la charte.")


@pytest.fixture
def hidden_comment(moderator, citizen, open_consultation):
    proposal = ProposalFactory(consultation=open_consultation)
    comment = CommentFactory(target=proposal, author=citizen, body="Un commentaire trop vif.")
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=1)
    return moderation.hide(comment, moderator=moderator, reason="insulte")


def unchanged(item):
    fresh = type(item).objects.get(pk=item.pk)
    return (fresh.status, fresh.appeal, fresh.appeal_text, fresh.appealed_at, fresh.body) == (
        item.status, item.appeal, item.appeal_text, item.appealed_at, item.body
    )


def test_the_author_contests_a_rejection_which_goes_back_to_the_queue_as_contested(citizen, rejected):
    before = version(rejected.consultation_id)
    assert moderation_queue(scope=[""], state="contested").count() == 0

    appeals.contest(rejected, author=citizen, text="  Ma proposition porte bien sur la consultation.  ")

    rejected.refresh_from_db()
    assert rejected.status == Proposal.Status.REJECTED  # until a moderator decides
    assert (rejected.appeal, rejected.appeal_text) == ("contested", "Ma proposition porte bien sur la consultation.")
    assert rejected.appeal_awaits
    assert [row.id for row in moderation_queue(scope=[""], state="contested")] == [rejected.pk]
    assert [row.id for row in moderation_queue(scope=[""], state="waiting")] == [rejected.pk]
    entry = ModelLogEntry.objects.get(action="consultations.moderation.contest")
    assert (entry.user, entry.data["text"]) == (citizen, "Ma proposition porte bien sur la consultation.")
    assert entry.message == "Decision contested by the author"
    assert version(rejected.consultation_id) > before
    assert moderation.decisions_for(rejected) == ["restore", "confirm"]


def test_a_moderator_restores_a_contested_proposal_which_is_published_and_its_author_told(
    moderator, citizen, rejected, committed
):
    appeals.contest(rejected, author=citizen, text="Elle porte sur le sujet.")
    mail.outbox.clear()
    with committed():
        moderation.restore(rejected, moderator=moderator, seen_status="rejected")

    rejected.refresh_from_db()
    assert rejected.status == Proposal.Status.PUBLISHED and rejected.published_at is not None
    assert not rejected.appeal_awaits
    assert moderation_queue(scope=[""], state="contested").count() == 0
    assert waiting_count([""]) == 0
    assert [message.to for message in mail.outbox] == [[citizen.email]]
    assert "Publiée" in mail.outbox[0].subject
    # Published again, it cannot be contested a second time later.
    moderation.hide(rejected, moderator=moderator, reason="spam")
    rejected.refresh_from_db()
    with pytest.raises(PermissionDenied, match="already contested or resubmitted"):
        appeals.contest(rejected, author=citizen, text="Encore.")


def test_confirming_a_contested_rejection_is_final_and_told_to_the_author(moderator, citizen, rejected, committed):
    appeals.contest(rejected, author=citizen, text="Elle porte sur le sujet.")
    mail.outbox.clear()
    with pytest.raises(ValidationError, match="Choose the reason"):
        moderation.decide(rejected, "confirm", moderator=moderator)
    with committed():
        moderation.decide(rejected, "confirm", moderator=moderator, reason="hors-sujet", note="Décision maintenue.")

    rejected.refresh_from_db()
    assert rejected.status == Proposal.Status.REJECTED
    assert moderation.decisions_for(rejected) == ["restore"]  # no second confirmation
    assert moderation_queue(scope=[""], state="waiting").count() == 0
    entry = ModelLogEntry.objects.get(action="consultations.moderation.confirm")
    assert entry.message == "Rejection confirmed after the author contested it: Rejected → Rejected (reason: Hors sujet)"
    assert "Décision maintenue." in mail.outbox[0].body
    assert "/accounts/contributions/" not in mail.outbox[0].body  # nothing more to contest
    with pytest.raises(PermissionDenied, match="already contested or resubmitted"):
        appeals.resubmit(rejected, author=citizen, title="Une autre piste", body="Encore une autre version du texte.")


def test_the_rejection_email_tells_the_author_how_to_contest_once(moderator, citizen, open_consultation, committed):
    proposal = ProposalFactory(consultation=open_consultation, author=citizen, status=Proposal.Status.PENDING)
    with committed():
        moderation.reject(proposal, moderator=moderator, reason="spam")
    body = mail.outbox[0].body
    assert "Vous pouvez, une seule fois, contester cette décision" in body
    assert "/accounts/contributions/?type=proposals" in body


def test_confirm_applies_only_to_a_contested_rejection(moderator, rejected):
    assert "confirm" not in moderation.decisions_for(rejected)
    with pytest.raises(ValidationError):
        moderation.decide(rejected, "confirm", moderator=moderator, reason="spam")


def test_a_contested_hidden_comment_is_confirmed_by_hiding_or_restored_with_its_count(
    moderator, citizen, hidden_comment
):
    proposal = Proposal.objects.get(pk=hidden_comment.proposal_id)
    assert proposal.comment_count == 0
    assert moderation.decisions_for(hidden_comment) == ["restore"]
    appeals.contest(hidden_comment, author=citizen, text="Je n'insultais personne.")
    hidden_comment.refresh_from_db()
    assert moderation.decisions_for(hidden_comment) == ["hide", "restore"]

    moderation.restore(hidden_comment, moderator=moderator)

    proposal.refresh_from_db()
    hidden_comment.refresh_from_db()
    assert (hidden_comment.status, proposal.comment_count) == (Comment.Status.PUBLISHED, 1)


def test_the_author_resubmits_an_edited_proposal_which_awaits_moderation_again(moderator, citizen, rejected):
    appeals.resubmit(rejected, author=citizen, title="Une piste cyclable sur le quai",
                     body="Une piste cyclable protégée le long du quai, pour aller au parc.")

    rejected.refresh_from_db()
    assert (rejected.status, rejected.appeal) == (Proposal.Status.PENDING, "resubmitted")
    assert rejected.title == "Une piste cyclable sur le quai"
    assert [row.id for row in moderation_queue(scope=[""], state="contested")] == [rejected.pk]
    entry = ModelLogEntry.objects.get(action="consultations.moderation.resubmit")
    assert entry.data["previous_title"] == "Une piste cyclable"
    assert entry.message == "Edited and resubmitted by the author: Rejected → Awaiting moderation"
    assert moderation.decisions_for(rejected) == ["approve", "reject"]

    moderation.approve(rejected, moderator=moderator)
    rejected.refresh_from_db()
    assert rejected.status == Proposal.Status.PUBLISHED
    assert moderation_queue(scope=[""], state="contested").count() == 0


def test_a_resubmitted_comment_is_counted_only_once_approved(moderator, citizen, hidden_comment):
    appeals.resubmit(hidden_comment, author=citizen, body="Un commentaire plus mesuré.")
    hidden_comment.refresh_from_db()
    proposal = Proposal.objects.get(pk=hidden_comment.proposal_id)
    assert (hidden_comment.status, hidden_comment.body, proposal.comment_count) == (
        Comment.Status.PENDING, "Un commentaire plus mesuré.", 0
    )
    assert hidden_comment.edited_at is not None

    moderation.approve(hidden_comment, moderator=moderator)
    proposal.refresh_from_db()
    assert proposal.comment_count == 1


def test_only_the_author_appeals(rejected, citizen):
    other = UserFactory()
    with pytest.raises(PermissionDenied, match="Only its author"):
        appeals.contest(rejected, author=other, text="Ce n'est pas la mienne.")
    with pytest.raises(PermissionDenied, match="Only its author"):
        appeals.resubmit(rejected, author=other, title="Piratage", body="Je change le texte d'une autre personne.")
    assert unchanged(rejected)
    assert not ModelLogEntry.objects.filter(action__startswith="consultations.moderation.re").exclude(
        action="consultations.moderation.reject"
    ).exists()


def test_an_appeal_is_used_once(citizen, rejected):
    appeals.contest(rejected, author=citizen, text="Première fois.")
    rejected.refresh_from_db()
    with pytest.raises(PermissionDenied, match="already contested or resubmitted"):
        appeals.contest(rejected, author=citizen, text="Deuxième fois.")
    with pytest.raises(PermissionDenied, match="already contested or resubmitted"):
        appeals.resubmit(rejected, author=citizen, title="Une piste", body="Une autre version du texte proposé.")
    assert unchanged(rejected)
    assert ModelLogEntry.objects.filter(action="consultations.moderation.contest").count() == 1


def test_a_stale_copy_cannot_appeal_twice(citizen, rejected):
    """The rule is read on the locked row, not on the caller's copy."""
    stale = Proposal.objects.get(pk=rejected.pk)
    appeals.contest(rejected, author=citizen, text="Première fois.")
    with pytest.raises(PermissionDenied):
        appeals.resubmit(stale, author=citizen, title="Une piste", body="Une autre version du texte proposé.")
    rejected.refresh_from_db()
    assert (rejected.appeal, rejected.status) == ("contested", Proposal.Status.REJECTED)


def test_published_pending_or_report_hidden_contributions_are_not_appealed(citizen, open_consultation):
    published = ProposalFactory(consultation=open_consultation, author=citizen)
    pending = ProposalFactory(consultation=open_consultation, author=citizen, status=Proposal.Status.PENDING)
    hidden_by_reports = ProposalFactory(
        consultation=open_consultation, author=citizen, status=Proposal.Status.HIDDEN, report_count=3
    )
    for item, message in (
        (published, "Only a rejected or hidden"), (pending, "Only a rejected or hidden"),
        (hidden_by_reports, "not decided"),
    ):
        with pytest.raises(PermissionDenied, match=message):
            appeals.contest(item, author=citizen, text="Pourquoi ?")
        assert unchanged(item)


def test_a_sanctioned_author_appeals_nothing(moderator, citizen, rejected):
    sanctions.sanction_account(citizen, moderator=moderator, kind="ban", reason="haine")
    citizen.refresh_from_db()
    with pytest.raises(PermissionDenied, match="banned"):
        appeals.contest(rejected, author=citizen, text="Je conteste.")
    with pytest.raises(PermissionDenied, match="banned"):
        appeals.resubmit(rejected, author=citizen, title="Une piste", body="Une autre version du texte proposé.")
    assert unchanged(rejected)


def test_a_contest_needs_a_short_plain_text(citizen, rejected):
    for text, message in (("   ", "Say why"), ("x" * 501, "500 characters"), ("<b>Non</b>", "plain text")):
        with pytest.raises(ValidationError, match=message):
            appeals.contest(rejected, author=citizen, text=text)
    assert unchanged(rejected)


def test_a_resubmission_is_checked_like_a_proposal_and_closed_with_the_proposals(
    citizen, rejected, make_consultation, moderator
):
    with pytest.raises(ValidationError):
        appeals.resubmit(rejected, author=citizen, title="Non", body="Trop court")
    assert unchanged(rejected)

    closed = make_consultation("deliberation")
    late = moderation.reject(
        ProposalFactory(consultation=closed, author=citizen, status=Proposal.Status.PENDING),
        moderator=moderator, reason="spam",
    )
    with pytest.raises(PermissionDenied, match="Proposals are closed"):
        appeals.resubmit(late, author=citizen, title="Une autre piste", body="Une autre version du texte proposé.")
    appeals.contest(late, author=citizen, text="Ce n'est pas du spam.")  # contesting stays open


def test_the_database_keeps_an_appeal_dated(rejected):
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=rejected.pk).update(appeal="contested")
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=rejected.pk).update(appeal_text="Sans contestation.")
