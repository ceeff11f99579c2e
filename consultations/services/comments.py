"""Writes on comments.

Rules enforced here:
- one level of replies: a reply to a reply hangs on the first comment of the thread;
- under pre-moderation a comment waits for approval; the proposal's public comment count only
  counts published comments;
- editing marks the comment "edited"; deleting by the author erases its text but keeps its place
  so that replies stay readable;
- a double submission (same one-time key) stores one comment; posting is rate-limited;
- an account less than a day old includes few links, and no account posts the same text twice
  within an hour (consultations/contribution_guards.py);
- a comment is upvoted at most once per citizen, never by its author.
- a published reply is emailed to the author of the comment it answers (see notifications.py);
- each write bumps the consultation's version in its transaction (consultations/activity.py), or,
  on a page discussed outside any consultation, the page's (consultations/discussions.py).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import activity, contribution_guards, permissions, ratelimits
from ..models import Comment, CommentUpvote, ConsultationPage, Proposal
from .notifications import notify_reply


def post_comment(target, *, author, body, stance=Comment.Stance.NEUTRAL, parent=None,
                 submission_key=None):
    """Comment on a consultation, a local project, a proposal or a page whose app registered its
    discussion (consultations/discussions.py). Returns the comment."""
    consultation = permissions.consultation_of(target)
    decision = permissions.can_comment(author, target, consultation=consultation)
    if not decision:
        raise PermissionDenied(decision.reason)
    if submission_key:
        existing = Comment.objects.filter(author=author, submission_key=submission_key).first()
        if existing:
            return existing
    if parent is not None:
        # Compared by column and id: a comment on a discussed page reads its target as a plain Page.
        if getattr(parent, Comment.target_field(target)) != target.pk:
            raise ValidationError(_("This reply does not belong to this discussion."))
        if parent.parent_id:
            parent = parent.parent
        decision = permissions.can_reply_to(parent)
        if not decision:
            raise ValidationError(decision.reason)
    contribution_guards.check_links(author, body)
    ratelimits.consume(author, "comment")
    published = consultation.moderation == ConsultationPage.Moderation.POST
    comment = Comment(
        author=author,
        body=body.strip(),
        stance=stance,
        parent=parent,
        status=Comment.Status.PUBLISHED if published else Comment.Status.PENDING,
        **{Comment.target_field(target): target.pk},
    )
    if submission_key:
        comment.submission_key = submission_key
    comment.full_clean()
    try:
        with transaction.atomic():
            contribution_guards.hold_author(author)
            if submission_key:
                existing = Comment.objects.filter(author=author, submission_key=submission_key).first()
                if existing:
                    # The same form, sent again while the first was being written.
                    return existing
            contribution_guards.check_not_repeated(Comment.objects.filter(author=author), comment.body)
            comment.save()
            if published and isinstance(target, Proposal):
                Proposal.objects.filter(pk=target.pk).update(comment_count=F("comment_count") + 1)
            activity.changed(consultations=[consultation.pk])
    except IntegrityError:
        return Comment.objects.get(author=author, submission_key=comment.submission_key)
    if comment.parent_id:
        notify_reply(comment)
    return comment


def edit_comment(comment, *, editor, body, stance=None):
    decision = permissions.can_edit_comment(editor, comment)
    if not decision:
        raise PermissionDenied(decision.reason)
    contribution_guards.check_links(editor, body)
    comment.body = body.strip()
    if stance:
        comment.stance = stance
    comment.edited_at = timezone.now()
    comment.full_clean()
    with transaction.atomic():
        comment.save(update_fields=["body", "stance", "edited_at"])
        activity.changed(consultations=[_consultation_id(comment)])
    return comment


def _consultation_id(comment):
    return permissions.consultation_of(comment.target).pk


def delete_comment(comment, *, author):
    """The author removes their comment; its place in the thread stays."""
    decision = permissions.can_edit_comment(author, comment)
    if not decision:
        raise PermissionDenied(decision.reason)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.deleted_at:
            return comment
        comment.deleted_at = timezone.now()
        comment.body = ""
        comment.save(update_fields=["deleted_at", "body"])
        if comment.proposal_id and comment.status == Comment.Status.PUBLISHED:
            Proposal.objects.filter(pk=comment.proposal_id).update(comment_count=F("comment_count") - 1)
        activity.changed(consultations=[_consultation_id(comment)])
    return comment


def upvote_comment(comment, *, user):
    decision = permissions.can_upvote_comment(user, comment)
    if not decision:
        raise PermissionDenied(decision.reason)
    try:
        with transaction.atomic():
            CommentUpvote.objects.create(comment=comment, user=user)
            Comment.objects.filter(pk=comment.pk).update(upvote_count=F("upvote_count") + 1)
            activity.changed(consultations=[_consultation_id(comment)])
    except IntegrityError:
        pass
    comment.refresh_from_db(fields=["upvote_count"])
    return comment
