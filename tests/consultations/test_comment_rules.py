"""One rule per action on comments, the same in every view and service: upvoting, editing and
deleting follow the rule of commenting, and replies go under published comments only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from consultations.models import Comment, ConsultationPage
from consultations.services.comments import delete_comment, edit_comment, post_comment, upvote_comment
from tests.factories import UserFactory, phase_dates

pytestmark = pytest.mark.django_db


@pytest.fixture
def residents_only(make_consultation):
    return make_consultation("proposals", audience=ConsultationPage.Audience.RESIDENTS)


def test_a_citizen_who_may_not_take_part_cannot_upvote_and_gets_no_button(client, residents_only, citizen):
    resident = UserFactory(is_verified_resident=True, resident_verified_at=timezone.now())
    comment = post_comment(residents_only, author=resident, body="Un avis de résident.")
    with pytest.raises(PermissionDenied):
        upvote_comment(comment, user=citizen)  # not a verified resident
    client.force_login(citizen)
    client.cookies["portal_language"] = "en"
    html = client.get(residents_only.url).content.decode()
    assert "Un avis de résident." in html and ">Useful<" not in html
    response = client.post(f"/commentaires/{comment.pk}/utile/", {"next": residents_only.url})
    comment.refresh_from_db()
    assert comment.upvote_count == 0 and response.status_code in {302, 403}


def test_nothing_changes_in_a_discussion_once_it_is_closed(client, open_consultation, citizen):
    comment = post_comment(open_consultation, author=citizen, body="Mon avis avant la clôture.")
    other = UserFactory()
    closed = _close(open_consultation)
    comment = Comment.objects.get(pk=comment.pk)
    assert closed.phase == "results"
    for action in (
        lambda: upvote_comment(comment, user=other),
        lambda: edit_comment(comment, editor=citizen, body="Changé après la clôture."),
        lambda: delete_comment(comment, author=citizen),
    ):
        with pytest.raises(PermissionDenied):
            action()
    comment.refresh_from_db()
    assert comment.body == "Mon avis avant la clôture." and not comment.deleted_at and comment.upvote_count == 0


def test_a_reply_to_a_hidden_comment_is_refused_and_nothing_is_stored(open_consultation, citizen):
    hidden = post_comment(open_consultation, author=UserFactory(), body="Un propos retiré.")
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.HIDDEN)
    hidden.refresh_from_db()
    with pytest.raises(ValidationError):
        post_comment(open_consultation, author=citizen, body="Je réponds quand même.", parent=hidden)
    assert not Comment.objects.filter(author=citizen).exists()


def _close(consultation):
    """Time passes: the consultation's dates now put it in its results phase."""
    ConsultationPage.objects.filter(pk=consultation.pk).update(**phase_dates("results"))
    return ConsultationPage.objects.get(pk=consultation.pk)
