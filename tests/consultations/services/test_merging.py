"""Merging duplicate proposals: supports counted once, followers kept, the record, the refusals."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from consultations.models import Follow, Proposal, Support
from consultations.services.merging import LOG_MERGE, merge
from freshness.models import Version
from tests.consultations.other_sites import campsite
from tests.factories import FollowFactory, ProposalFactory, SupportFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(open_consultation):
    """Two published proposals of the same consultation saying much the same."""
    kept = ProposalFactory(consultation=open_consultation, title="Un bassin nordique")
    duplicate = ProposalFactory(
        consultation=open_consultation, title="Une piscine extérieure chauffée",
        author=UserFactory(email="doublon@exemple.fr"),
    )
    return duplicate, kept


def supporters(proposal):
    return set(Support.objects.filter(proposal=proposal).values_list("user_id", flat=True))


def followers(proposal):
    return sorted(Follow.objects.filter(proposal=proposal).values_list("user_id", flat=True))


def test_supports_move_once_per_citizen_and_counts_are_exact(moderator, pair, django_capture_on_commit_callbacks):
    duplicate, kept = pair
    both, only_duplicate, only_kept = UserFactory(), UserFactory(), UserFactory()
    for user in (both, only_duplicate):
        SupportFactory(proposal=duplicate, user=user)
    for user in (both, only_kept):
        SupportFactory(proposal=kept, user=user)
    # The kept proposal's author may have supported the duplicate: never their own proposal.
    SupportFactory(proposal=duplicate, user=kept.author)
    version = Version.objects.filter(key=f"consultation:{kept.consultation_id}").values_list("value", flat=True).first()

    with django_capture_on_commit_callbacks(execute=True):
        result = merge(duplicate, into=kept, by=moderator, note="Même idée.")

    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert result.pk == kept.pk
    assert supporters(kept) == {both.pk, only_duplicate.pk, only_kept.pk}
    assert kept.support_count == 3 == Support.objects.filter(proposal=kept).count()
    assert supporters(duplicate) == set() and duplicate.support_count == 0
    assert (duplicate.status, duplicate.merged_into_id) == (Proposal.Status.MERGED, kept.pk)
    assert (duplicate.moderated_by, duplicate.moderation_note) == (moderator, "Même idée.")

    on_duplicate = ModelLogEntry.objects.for_instance(duplicate).get(action=LOG_MERGE)
    on_kept = ModelLogEntry.objects.for_instance(kept).get(action=LOG_MERGE)
    assert on_duplicate.user == moderator and on_duplicate.data["into"] == kept.pk
    assert (on_duplicate.data["before"], on_duplicate.data["after"]) == ("published", "merged")
    assert (on_kept.data["merged"], on_kept.data["supports_before"], on_kept.data["supports_after"]) == (
        duplicate.pk, 2, 3,
    )
    assert (on_kept.data["moved_supports"], on_kept.data["dropped_supports"]) == (1, 2)
    assert "Un bassin nordique" in on_duplicate.message
    assert Version.objects.get(key=f"consultation:{kept.consultation_id}").value > (version or 0)
    # The duplicate's author is told where their proposal went, once.
    assert [message.to for message in mail.outbox] == [["doublon@exemple.fr"]]
    assert "Un bassin nordique" in mail.outbox[0].body and "Même idée." in mail.outbox[0].body


def test_followers_follow_the_kept_proposal_once(moderator, pair):
    duplicate, kept = pair
    both, only_duplicate = UserFactory(), UserFactory()
    FollowFactory(target=duplicate, user=both)
    FollowFactory(target=kept, user=both)
    FollowFactory(target=duplicate, user=only_duplicate)

    merge(duplicate, into=kept, by=moderator)

    expected = sorted([kept.author_id, duplicate.author_id, both.pk, only_duplicate.pk])
    assert followers(kept) == expected
    assert followers(duplicate) == []


@pytest.mark.parametrize("case", ["self", "other_consultation", "already_merged", "withdrawn_duplicate", "withdrawn_kept"])
def test_a_merge_that_does_not_apply_is_refused_and_changes_nothing(moderator, pair, make_consultation, case):
    duplicate, kept = pair
    SupportFactory(proposal=duplicate)
    expected = {
        "self": "into itself",
        "other_consultation": "same consultation",
        "already_merged": "only published proposals",
        "withdrawn_duplicate": "only published proposals",
        "withdrawn_kept": "only published proposals",
    }[case]
    if case == "self":
        kept = duplicate
    elif case == "other_consultation":
        kept = ProposalFactory(consultation=make_consultation("proposals"))
    elif case == "already_merged":
        merge(duplicate, into=kept, by=moderator)
        kept = ProposalFactory(consultation=kept.consultation)
    else:
        target = duplicate if case == "withdrawn_duplicate" else kept
        Proposal.objects.filter(pk=target.pk).update(status=Proposal.Status.WITHDRAWN)
    before = {
        proposal.pk: (proposal.status, proposal.support_count, proposal.merged_into_id)
        for proposal in Proposal.objects.all()
    }
    logged = ModelLogEntry.objects.filter(action=LOG_MERGE).count()

    with pytest.raises(ValidationError, match=expected):
        merge(duplicate, into=kept, by=moderator)

    assert {
        proposal.pk: (proposal.status, proposal.support_count, proposal.merged_into_id)
        for proposal in Proposal.objects.all()
    } == before
    assert ModelLogEntry.objects.filter(action=LOG_MERGE).count() == logged


@pytest.mark.parametrize("role", ["citizen", "editor", "elected_official", "other_site_moderator"])
def test_only_moderators_of_the_site_merge(request, pair, role):
    duplicate, kept = pair
    user = campsite()[0] if role == "other_site_moderator" else request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        merge(duplicate, into=kept, by=user)
    duplicate.refresh_from_db()
    assert duplicate.status == Proposal.Status.PUBLISHED


def test_the_duplicates_discussion_moves_to_the_kept_proposal_with_exact_counts(moderator, pair):
    from consultations.models import Comment
    from consultations.services.comments import post_comment
    from tests.factories import CommentFactory

    duplicate, kept = pair
    first = post_comment(duplicate, author=UserFactory(), body="Oui, un bassin froid après le sauna.")
    post_comment(duplicate, author=UserFactory(), body="Et une douche froide à côté.", parent=first)
    CommentFactory(target=duplicate, status=Comment.Status.HIDDEN, body="Un message masqué.")
    post_comment(kept, author=UserFactory(), body="Bonne idée pour l'hiver.")
    duplicate.refresh_from_db()
    kept.refresh_from_db()
    assert (duplicate.comment_count, kept.comment_count) == (2, 1)

    merge(duplicate, into=kept, by=moderator)

    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert Comment.objects.filter(proposal=kept).count() == 4 and not Comment.objects.filter(proposal=duplicate).exists()
    assert kept.comment_count == 3 == Comment.objects.filter(proposal=kept, status="published").count()
    assert duplicate.comment_count == 0
    reply = Comment.objects.get(body="Et une douche froide à côté.")
    assert reply.parent.proposal_id == kept.pk
    assert ModelLogEntry.objects.for_instance(kept).get(action=LOG_MERGE).data["moved_comments"] == 3
