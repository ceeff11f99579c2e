"""Merging duplicate proposals.

Rules enforced here (who may merge what: permissions.can_merge):
- a published proposal is merged into another published proposal of the same consultation,
  never into itself, by a moderator of their site;
- both rows are locked, in the order of their ids so that two merges of the same pair in
  opposite directions wait for each other instead of deadlocking, and the rule is checked again
  on the locked rows: a proposal merged or withdrawn meanwhile is not merged;
- the duplicate's supports move to the kept proposal, except those of citizens who already
  support it and of its own author (a proposal is supported once per citizen, never by its
  author): those are deleted. The kept proposal's support count is then counted from its rows;
- the duplicate's followers follow the kept proposal (once each);
- its comments, replies and all, move to the kept proposal, whose comment count adds the
  duplicate's (both exact), so that the discussion stays readable where its page now leads;
- the duplicate becomes "merged" and points at the kept proposal; its page sends visitors there;
- both proposals get a log entry ("consultations.proposal.merge"), the consultation's version is
  bumped in the same transaction, and the duplicate's author is emailed once it has committed.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import activity, permissions
from ..models import Comment, Follow, Proposal, Support
from .notifications import notify_merge

LOG_MERGE = "consultations.proposal.merge"
REFUSALS_AS_PERMISSION = {"not_moderator", "other_site"}


def merge(duplicate, *, into, by, note=""):
    """Merge `duplicate` into `into`. Returns the kept proposal, with its new support count.

    Raises PermissionDenied for anyone but a moderator of both proposals' site, ValidationError
    when the merge does not apply (the same proposal, another consultation, a proposal that is
    not published); nothing is changed then.
    """
    note = (note or "").strip()
    if len(note) > 1000:
        raise ValidationError(_("The note may not exceed 1,000 characters."))
    _check(by, duplicate, into)
    with transaction.atomic():
        first, second = sorted({duplicate.pk, into.pk})
        locked = {
            pk: Proposal.objects.select_for_update().select_related("consultation").get(pk=pk)
            for pk in (first, second)
        }
        duplicate, into = locked[duplicate.pk], locked[into.pk]
        _check(by, duplicate, into)

        already = Support.objects.filter(proposal=into).values("user_id")
        dropped_count, _details = (
            Support.objects.filter(proposal=duplicate)
            .filter(Q(user_id__in=already) | Q(user_id=into.author_id))
            .delete()
        )
        moved_count = Support.objects.filter(proposal=duplicate).update(proposal=into)

        following = Follow.objects.filter(proposal=into).values("user_id")
        Follow.objects.filter(proposal=duplicate).exclude(user_id__in=following).update(proposal=into)
        Follow.objects.filter(proposal=duplicate).delete()

        moved_comments = Comment.objects.filter(proposal=duplicate).update(proposal=into)
        into.comment_count += duplicate.comment_count

        supports_before = into.support_count
        into.support_count = Support.objects.filter(proposal=into).count()
        into.save(update_fields=["support_count", "comment_count", "updated_at"])

        now = timezone.now()
        duplicate.status = Proposal.Status.MERGED
        duplicate.merged_into = into
        duplicate.support_count = 0
        duplicate.comment_count = 0
        duplicate.moderated_at = now
        duplicate.moderated_by = by
        duplicate.moderation_reason = None
        duplicate.moderation_note = note
        duplicate.report_count = 0
        duplicate.save(
            update_fields=[
                "status", "merged_into", "support_count", "comment_count", "moderated_at", "moderated_by",
                "moderation_reason", "moderation_note", "report_count", "updated_at",
            ]
        )
        shared = {
            "moved_supports": moved_count, "dropped_supports": dropped_count, "moved_comments": moved_comments,
            "note": note,
        }
        log(
            duplicate,
            LOG_MERGE,
            user=by,
            data={
                "before": Proposal.Status.PUBLISHED.value,
                "after": Proposal.Status.MERGED.value,
                "into": into.pk,
                "into_title": into.title,
                **shared,
            },
        )
        log(
            into,
            LOG_MERGE,
            user=by,
            data={
                "merged": duplicate.pk,
                "merged_title": duplicate.title,
                "supports_before": supports_before,
                "supports_after": into.support_count,
                **shared,
            },
        )
        activity.changed(consultations=[into.consultation_id])
        notify_merge(duplicate, into=into)
    return into


def _check(user, duplicate, into):
    decision = permissions.can_merge(user, duplicate, into)
    if decision:
        return
    if decision.code in REFUSALS_AS_PERMISSION:
        raise PermissionDenied(decision.reason)
    raise ValidationError(str(decision.reason))
