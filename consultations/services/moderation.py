"""Moderators' decisions on proposals, comments and opinion-round statements.

Rules enforced here:
- approve and reject apply to what awaits moderation (pre-moderation); hide applies to what is
  published (post-moderation), restore to what was hidden or rejected;
- rejecting and hiding need a reason from the moderation reasons; approving and restoring may
  give one;
- a decision is taken on the row locked in its transaction, against the status the moderator
  saw: if another moderator decided meanwhile, nothing is changed and the moderator is told who
  decided, and when;
- a proposal's public comment count follows its comments in and out of publication;
- a statement hidden after votes leaves voting, and its votes stay in the round's computation as
  moderated out (services/opinions.round_votes); a rejected one never had any;
- a decision clears the reports counted since the previous one; keeping a reported contribution
  published, or confirming that one hidden by reports stays hidden, are decisions too;
- a contribution its author contested (services/appeals.py) is restored, or its rejection or
  hiding confirmed, for good; any decision answers the appeal;
- a citizen reports a published contribution once, not their own; once as many different
  citizens as the site's threshold (ModerationSettings) have reported it since the last decision,
  it is hidden until a moderator decides, and it comes first in the queue;
- each decision is written in Wagtail's log (who, when, reason, status before and after), the
  consultation's version is bumped in the same transaction so that every page shows the decision
  at once, and the author is told by email once it is committed.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import activity, permissions, ratelimits
from ..models import Comment, ModerationReason, ModerationSettings, Proposal, Report, Statement
from . import opinions
from .notifications import notify_status_change

PENDING, PUBLISHED, REJECTED, HIDDEN = "pending", "published", "rejected", "hidden"


@dataclass(frozen=True)
class Transition:
    action: str  # the Wagtail log action type
    sources: tuple
    target: str
    needs_reason: bool


APPROVE = Transition("consultations.moderation.approve", (PENDING,), PUBLISHED, False)
REJECT = Transition("consultations.moderation.reject", (PENDING,), REJECTED, True)
# Hiding what reports already hid confirms it, with the reason the author is then told.
HIDE = Transition("consultations.moderation.hide", (PUBLISHED, HIDDEN), HIDDEN, True)
RESTORE = Transition("consultations.moderation.restore", (HIDDEN, REJECTED), PUBLISHED, False)
KEEP = Transition("consultations.moderation.keep", (PUBLISHED,), PUBLISHED, False)
# Answers an author who contested a rejection (a contested hiding is confirmed by HIDE).
CONFIRM = Transition("consultations.moderation.confirm", (REJECTED,), REJECTED, True)
TRANSITIONS = {
    "approve": APPROVE, "reject": REJECT, "hide": HIDE, "restore": RESTORE, "keep": KEEP, "confirm": CONFIRM,
}
LOG_REPORTED = "consultations.moderation.reported"
# The Report field that points at each kind of contribution.
REPORT_TARGETS = {Proposal: "proposal", Comment: "comment", Statement: "statement"}


def decisions_for(item):
    """The decisions that apply to a contribution in its current status: confirming a hiding or
    keeping a contribution published only answer reports or an appeal, confirming a rejection
    only an appeal."""
    contested = item.appeal_awaits
    answered = item.report_count > 0 or contested
    return [
        name
        for name, transition in TRANSITIONS.items()
        if item.status in transition.sources
        and (answered or (name, item.status) not in {("keep", PUBLISHED), ("hide", HIDDEN)})
        and (contested or transition is not CONFIRM)
    ]


def decide(item, decision, *, moderator, reason=None, note="", seen_status=None):
    """Take the decision named `decision` ("approve", "reject", "hide" or "restore")."""
    if decision not in TRANSITIONS:
        raise ValidationError(_("This decision does not exist."))
    return _decide(
        item, TRANSITIONS[decision], moderator=moderator, reason=reason, note=note, seen_status=seen_status
    )


def approve(item, *, moderator, reason=None, note="", seen_status=None):
    return _decide(item, APPROVE, moderator=moderator, reason=reason, note=note, seen_status=seen_status)


def reject(item, *, moderator, reason, note="", seen_status=None):
    return _decide(item, REJECT, moderator=moderator, reason=reason, note=note, seen_status=seen_status)


def hide(item, *, moderator, reason, note="", seen_status=None, notify=True):
    return _decide(
        item, HIDE, moderator=moderator, reason=reason, note=note, seen_status=seen_status, notify=notify
    )


def restore(item, *, moderator, reason=None, note="", seen_status=None):
    return _decide(item, RESTORE, moderator=moderator, reason=reason, note=note, seen_status=seen_status)


def _decide(item, transition, *, moderator, reason, note, seen_status, notify=True):
    decision = permissions.can_moderate(moderator, item)
    if not decision:
        raise PermissionDenied(decision.reason)
    reason = chosen_reason(reason, required=transition.needs_reason)
    note = (note or "").strip()
    if len(note) > 1000:
        raise ValidationError(_("The note may not exceed 1,000 characters."))
    model = type(item)
    with transaction.atomic():
        item = model.objects.select_for_update().get(pk=item.pk)
        before = item.status
        if (seen_status and before != seen_status) or transition not in map(TRANSITIONS.get, decisions_for(item)):
            raise ValidationError(_already_decided(item))
        item.status = transition.target
        item.moderated_at = timezone.now()
        item.moderated_by = moderator
        item.moderation_reason = reason
        item.moderation_note = note
        item.report_count = 0
        fields = [
            "status", "moderated_at", "moderated_by", "moderation_reason", "moderation_note", "report_count",
        ]
        if isinstance(item, Proposal):
            if transition.target == PUBLISHED and item.published_at is None:
                item.published_at = item.moderated_at
                fields.append("published_at")
            consultation_id = item.consultation_id
        elif isinstance(item, Statement):
            consultation_id = item.round.consultation_id
            if PUBLISHED in (before, transition.target) and before != transition.target:
                # Its votes enter or leave the groups' computation as moderated out.
                opinions.computation_needed(item.round)
        else:
            _count_comment(item, before=before, after=transition.target)
            consultation_id = permissions.consultation_of(item.target).pk
        item.save(update_fields=fields)
        log(
            item,
            transition.action,
            user=moderator,
            data={
                "before": before,
                "after": transition.target,
                "reason": reason.code if reason else "",
                "reason_label": reason.label if reason else "",
                "note": note,
            },
        )
        # A statement's decision also changes what the opinion rounds' pages keep (activity.py).
        activity.changed(
            consultations=[consultation_id], opinions=[consultation_id] if isinstance(item, Statement) else ()
        )
        # The author was not told when reports hid it, and waits for an answer to their appeal:
        # a confirmation tells them why.
        told_status = None if transition in (HIDE, CONFIRM) else before
        if notify:
            notify_status_change(item, old_status=told_status)
    return item


def report(item, *, reporter, reason, text=""):
    """A citizen reports a proposal, a comment or a statement. Returns the report."""
    decision = permissions.can_report(reporter, item)
    if not decision:
        raise PermissionDenied(decision.reason)
    reason = chosen_reason(reason, required=True)
    text = (text or "").strip()
    if len(text) > 1000:
        raise ValidationError(_("The details may not exceed 1,000 characters."))
    ratelimits.consume(reporter, "report")
    field = REPORT_TARGETS[type(item)]
    model = type(item)
    with transaction.atomic():
        item = model.objects.select_for_update().get(pk=item.pk)
        if Report.objects.filter(reporter=reporter, **{field: item}).exists():
            raise ValidationError(_("You have already reported this contribution."))
        created = Report.objects.create(reporter=reporter, reason=reason, text=text, **{field: item})
        item.report_count += 1
        item.reported_at = created.created_at
        fields = ["report_count", "reported_at"]
        consultation = permissions.contribution_consultation(item)
        if item.status == PUBLISHED and item.report_count >= _threshold(consultation):
            item.status = HIDDEN
            fields.append("status")
            if isinstance(item, Statement):
                opinions.computation_needed(item.round)
            if field == "comment":
                _count_comment(item, before=PUBLISHED, after=HIDDEN)
            log(item, LOG_REPORTED, user=None, data={"before": PUBLISHED, "after": HIDDEN, "reports": item.report_count})
            activity.changed(consultations=[consultation.pk])
        item.save(update_fields=fields)
    return created


def _threshold(consultation):
    site = consultation.get_site()
    return ModerationSettings.for_site(site).report_threshold if site else ModerationSettings().report_threshold


def chosen_reason(reason, *, required):
    if reason in (None, ""):
        if required:
            raise ValidationError(_("Choose the reason for this decision."))
        return None
    if isinstance(reason, ModerationReason):
        reason = reason.code
    found = ModerationReason.objects.filter(code=reason, active=True).first()
    if found is None:
        raise ValidationError(_("This reason is not one of the moderation reasons."))
    return found


def _already_decided(item):
    if item.moderated_by_id and item.moderated_at:
        return _(
            "Already decided by %(name)s on %(date)s: it is now “%(status)s”. Nothing was changed."
        ) % {
            "name": item.moderated_by.public_name,
            "date": formats.date_format(timezone.localtime(item.moderated_at), "DATETIME_FORMAT"),
            "status": item.get_status_display(),
        }
    return _("This contribution is now “%(status)s”: this decision does not apply. Nothing was changed.") % {
        "status": item.get_status_display()
    }


def _count_comment(comment, *, before, after):
    """A proposal counts its published comments: one in, one out."""
    if not comment.proposal_id or (before == PUBLISHED) == (after == PUBLISHED):
        return
    change = 1 if after == PUBLISHED else -1
    Proposal.objects.filter(pk=comment.proposal_id).update(comment_count=F("comment_count") + change)
