"""Moderators' sanctions of accounts.

Rules enforced here:
- a warning only tells; a suspension (until a date in the future) or a ban stops the account from
  taking part (proposing, commenting, supporting, reporting, voting) while it still reads and signs
  in; every form it meets says why and until when (permissions.can_take_part);
- a reason from the moderation reasons is required; staff accounts and one's own are not sanctioned;
- a moderator may hide all of the account's published contributions in the same decision;
- lifting a sanction is a decision too; the account is free again once no active suspension or
  ban remains;
- each decision is written in Wagtail's log on the account and the account holder is emailed.
"""

from datetime import datetime, timezone as dt_timezone

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import permissions
from ..models import Comment, Proposal, Sanction, Statement, User
from . import moderation

# A ban keeps the account out with no end date.
FOREVER = datetime(9999, 12, 31, tzinfo=dt_timezone.utc)
LOG_SANCTIONED = "consultations.sanction.decided"
LOG_LIFTED = "consultations.sanction.lifted"


def sanction_account(user, *, moderator, kind, reason, note="", until=None, hide_contributions=False):
    if not (decision := permissions.can_sanction(moderator, user)):
        raise PermissionDenied(decision.reason)
    if kind not in Sanction.Kind.values:
        raise ValidationError(_("This sanction does not exist."))
    reason = moderation.chosen_reason(reason, required=True)
    if kind == Sanction.Kind.SUSPENSION:
        if until is None or until <= timezone.now():
            raise ValidationError(_("A suspension needs an end date in the future."))
    else:
        until = None
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        sanction = Sanction.objects.create(
            user=user, kind=kind, reason=reason, note=(note or "").strip(), until=until, created_by=moderator
        )
        _refresh_suspension(user)
        log(
            user,
            LOG_SANCTIONED,
            user=moderator,
            data={"kind": kind, "reason": reason.code, "reason_label": reason.label,
                  "until": until.isoformat() if until else "", "note": sanction.note},
        )
        if hide_contributions:
            _hide_all(user, moderator=moderator, reason=reason)
        transaction.on_commit(lambda: _tell(sanction))
    return sanction


def lift_sanction(sanction, *, moderator, note=""):
    if not (decision := permissions.can_sanction(moderator, sanction.user)):
        raise PermissionDenied(decision.reason)
    with transaction.atomic():
        sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
        if sanction.lifted_at:
            raise ValidationError(_("This sanction was already lifted."))
        sanction.lifted_at = timezone.now()
        sanction.lifted_by = moderator
        sanction.lift_note = (note or "").strip()
        sanction.save(update_fields=["lifted_at", "lifted_by", "lift_note"])
        user = User.objects.select_for_update().get(pk=sanction.user_id)
        _refresh_suspension(user)
        log(user, LOG_LIFTED, user=moderator, data={"kind": sanction.kind, "note": sanction.lift_note})
    return sanction


def _refresh_suspension(user):
    ends = [
        FOREVER if sanction.kind == Sanction.Kind.BAN else sanction.until
        for sanction in Sanction.objects.keeping_out(user)
    ]
    user.suspended_until = max(ends) if ends else None
    user.save(update_fields=["suspended_until"])


def _hide_all(user, *, moderator, reason):
    """Hide every published contribution of the account, each recorded as a decision; the
    sanction's email tells the author, not one email per contribution."""
    for model in (Proposal, Comment, Statement):
        for item in model.objects.filter(author=user, status=Proposal.Status.PUBLISHED):
            if permissions.can_moderate(moderator, item):
                moderation.hide(item, moderator=moderator, reason=reason, notify=False)


def _tell(sanction):
    user = sanction.user
    if not user.email or user.deleted_at:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("consultations/email/sanction.txt", {"sanction": sanction, "user": user})
        subject = _("Your account: %(sanction)s") % {"sanction": sanction.get_kind_display()}
    EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]).send()
