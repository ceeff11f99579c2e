"""Authors' appeals against a moderation decision: contest it, or edit and resubmit.

Rules enforced here (permissions.can_contest, can_resubmit):
- only the author, of a contribution a moderator rejected or hid, and once: after a contest or a
  resubmission, whatever the moderators decide next is final (checked on the locked row; the
  database keeps an appeal dated, and a text for contests only);
- a suspended or banned account appeals nothing; resubmitting needs proposals (or the
  discussion) still open, contesting does not;
- a contest keeps the contribution as it is, with the author's text (500 characters at most):
  it stays rejected or hidden and is back in the moderation queue until a moderator restores it
  or confirms the decision;
- a resubmission changes the text (a proposal's title and description, a comment's or an
  opinion-round statement's text) and
  puts the contribution back to "awaiting moderation"; what was published stays counted as
  before (a hidden or rejected contribution is not counted, nor is one awaiting moderation);
- both are written in Wagtail's log and bump the consultation's version in their transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import activity, permissions
from ..models import Appeal, Proposal, Statement
from ..validators import plain_text

LOG_CONTESTED = "consultations.moderation.contest"
LOG_RESUBMITTED = "consultations.moderation.resubmit"
CONTEST_MAX_LENGTH = 500


def contest(item, *, author, text):
    """The author contests the decision on their proposal, comment or statement with a short text. Returns
    the item; raises PermissionDenied or ValidationError and changes nothing."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Say why you contest this decision."))
    if len(text) > CONTEST_MAX_LENGTH:
        raise ValidationError(_("Your text may not exceed 500 characters."))
    plain_text(text)
    with transaction.atomic():
        item = _locked(item, author, permissions.can_contest)
        item.appeal = Appeal.CONTESTED
        item.appeal_text = text
        item.appealed_at = timezone.now()
        item.save(update_fields=["appeal", "appeal_text", "appealed_at"])
        log(item, LOG_CONTESTED, user=author, data={"status": item.status, "text": text})
        activity.changed(consultations=[_consultation_id(item)])
    return item


def resubmit(item, *, author, body, title=None):
    """The author edits their rejected or hidden contribution (a proposal's title and body, a
    comment's body, a statement's text, given as `body`) and sends it back to the moderators.
    Returns the item; raises PermissionDenied or ValidationError and changes nothing."""
    with transaction.atomic():
        item = _locked(item, author, permissions.can_resubmit)
        text_field = "text" if isinstance(item, Statement) else "body"
        before = {"status": item.status, "body": getattr(item, text_field)}
        setattr(item, text_field, (body or "").strip())
        fields = [text_field]
        if isinstance(item, Statement):
            plain_text(item.text)
        elif isinstance(item, Proposal):
            before["title"] = item.title
            item.title = (title or "").strip()
            fields += ["title", "updated_at"]
        else:
            item.edited_at = timezone.now()
            fields.append("edited_at")
        item.status = Proposal.Status.PENDING
        item.appeal = Appeal.RESUBMITTED
        item.appealed_at = timezone.now()
        item.full_clean()
        item.save(update_fields=[*fields, "status", "appeal", "appealed_at"])
        log(
            item,
            LOG_RESUBMITTED,
            user=author,
            data={"before": before["status"], "after": item.status, "previous_title": before.get("title", ""),
                  "previous_body": before["body"]},
        )
        activity.changed(consultations=[_consultation_id(item)])
    return item


def _locked(item, author, rule):
    model = type(item)
    related = {Proposal: ["consultation"], Statement: ["round__consultation"]}.get(model, [])
    item = model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=item.pk)
    if not (decision := rule(author, item)):
        raise PermissionDenied(decision.reason)
    return item


def _consultation_id(item):
    return permissions.contribution_consultation(item).pk
