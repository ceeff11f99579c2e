"""Sanctions: a suspended or banned account reads and signs in but takes part in nothing, and is
told why and until when wherever it would; lifting is a decision too."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from consultations import permissions
from consultations.models import Comment, Proposal, Sanction
from consultations.services import sanctions
from consultations.services.comments import post_comment
from tests.factories import filled_in, CommentFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_suspended_account_takes_part_in_nothing_and_is_told_until_when(
    moderator, citizen, open_consultation, committed
):
    proposal = ProposalFactory(consultation=open_consultation)
    until = timezone.now() + timedelta(days=7)
    with committed():
        sanctions.sanction_account(citizen, moderator=moderator, kind="suspension", reason="insulte", until=until)
    citizen.refresh_from_db()

    for decision in (
        permissions.can_submit_proposal(citizen, open_consultation),
        permissions.can_comment(citizen, proposal),
        permissions.can_support(citizen, proposal),
        permissions.can_report(citizen, proposal),
    ):
        assert not decision and decision.code == "sanctioned"
        assert "suspended until" in str(decision.reason) and "Insulte ou attaque personnelle" in str(decision.reason)
    with pytest.raises(PermissionDenied):
        post_comment(proposal, author=citizen, body="Encore moi.")
    assert "a suspendu votre compte jusqu" in mail.outbox[0].body  # emails speak French
    assert ModelLogEntry.objects.filter(action="consultations.sanction.decided").count() == 1


def test_a_warning_keeps_the_account_free_and_a_lifted_ban_frees_it(moderator, citizen, open_consultation):
    sanctions.sanction_account(citizen, moderator=moderator, kind="warning", reason="hors-sujet")
    citizen.refresh_from_db()
    assert citizen.suspended_until is None
    assert permissions.can_submit_proposal(citizen, open_consultation)

    ban = sanctions.sanction_account(citizen, moderator=moderator, kind="ban", reason="haine")
    citizen.refresh_from_db()
    assert not permissions.can_submit_proposal(citizen, open_consultation)
    sanctions.lift_sanction(ban, moderator=moderator, note="Excuses présentées.")
    citizen.refresh_from_db()
    assert citizen.suspended_until is None
    assert permissions.can_submit_proposal(citizen, open_consultation)
    with pytest.raises(ValidationError):
        sanctions.lift_sanction(ban, moderator=moderator)


def test_an_expired_suspension_no_longer_keeps_out(moderator, citizen, open_consultation):
    sanction = sanctions.sanction_account(
        citizen, moderator=moderator, kind="suspension", reason="spam", until=timezone.now() + timedelta(hours=1)
    )
    Sanction.objects.filter(pk=sanction.pk).update(until=timezone.now() - timedelta(minutes=1))
    citizen.refresh_from_db()
    citizen.suspended_until = timezone.now() - timedelta(minutes=1)
    assert permissions.can_submit_proposal(citizen, open_consultation)


def test_a_sanction_can_hide_all_published_contributions(moderator, citizen):
    proposal = ProposalFactory(author=citizen)
    comment = CommentFactory(author=citizen, target=ProposalFactory())
    sanctions.sanction_account(citizen, moderator=moderator, kind="ban", reason="spam", hide_contributions=True)
    proposal.refresh_from_db()
    comment.refresh_from_db()
    assert (proposal.status, comment.status) == (Proposal.Status.HIDDEN, Comment.Status.HIDDEN)
    assert comment.proposal.comment_count == 0 or Proposal.objects.get(pk=comment.proposal_id).comment_count == 0


def test_bad_sanctions_change_nothing(moderator, citizen, editor):
    with pytest.raises(ValidationError):
        sanctions.sanction_account(citizen, moderator=moderator, kind="suspension", reason="spam")
    with pytest.raises(ValidationError):
        sanctions.sanction_account(citizen, moderator=moderator, kind="ban", reason="")
    with pytest.raises(ValidationError):
        sanctions.sanction_account(citizen, moderator=moderator, kind="exile", reason="spam")
    with pytest.raises(PermissionDenied):
        sanctions.sanction_account(citizen, moderator=editor, kind="ban", reason="spam")
    with pytest.raises(PermissionDenied):
        sanctions.sanction_account(editor, moderator=moderator, kind="ban", reason="spam")
    assert not Sanction.objects.exists()
    citizen.refresh_from_db()
    assert citizen.suspended_until is None


def test_the_pages_a_suspended_citizen_meets_say_why_instead_of_a_bare_refusal(
    client, moderator, citizen, open_consultation
):
    proposal = ProposalFactory(consultation=open_consultation)
    sanctions.sanction_account(
        citizen, moderator=moderator, kind="suspension", reason="insulte", until=timezone.now() + timedelta(days=2)
    )
    client.force_login(citizen)
    for url in (f"/propositions/{proposal.pk}/", f"/consultations/{open_consultation.pk}/propositions/nouvelle/"):
        html = client.get(url, follow=True).content.decode()
        assert "Votre compte est suspendu jusqu" in html, url
    response = client.post(
        f"/commentaires/proposition/{proposal.pk}/",
        {"body": "Encore moi.", "stance": "neutral", "submission_key": "7d4c1c1e-5a52-4a49-9a43-4f1d8a7f0e01", **filled_in()},
        follow=True,
    )
    assert "Votre compte est suspendu jusqu" in response.content.decode()
    assert not Comment.objects.filter(author=citizen).exists()
