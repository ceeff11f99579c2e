"""Official answers to proposals.

Rules enforced here (who may answer: permissions.can_answer):
- an answer is one of the statuses of Proposal.Answer and a plain text of at most 3,000
  characters; it may be edited, and an edit that changes nothing is refused;
- the answer is written on the locked proposal, logged ("consultations.proposal.answer": who,
  when, status and text before and after), and bumps the consultation's version in the same
  transaction, so that every page shows it at once;
- the proposal's followers and supporters are emailed when it first gets an answer and when the
  answer's status changes, not when only its text is reworded: a correction of wording is not
  news. Each person gets one email, even when they both follow and support the proposal; the
  emails leave once the transaction has committed, and respect the "answers" preference.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import activity, permissions
from ..models import Proposal
from ..validators import plain_text
from .notifications import notify_answer

LOG_ANSWER = "consultations.proposal.answer"
MAX_TEXT = 3000


def answer(proposal, *, by, status, text):
    """Give or edit the official answer of a published proposal. Returns the proposal.

    Raises PermissionDenied for anyone but the moderators and editors of its site, and
    ValidationError for an unknown status, an empty, too long or HTML text, or an unchanged answer.
    """
    if status not in Proposal.Answer.values:
        raise ValidationError(_("Choose the status of the answer."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the text of the answer."))
    if len(text) > MAX_TEXT:
        raise ValidationError(_("The answer may not exceed 3,000 characters."))
    plain_text(text)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("consultation").get(pk=proposal.pk)
        decision = permissions.can_answer(by, proposal)
        if not decision:
            raise PermissionDenied(decision.reason)
        before_status, before_text = proposal.answer_status, proposal.answer_text
        if (before_status, before_text) == (status, text):
            raise ValidationError(_("This is already the proposal's answer: nothing was changed."))
        proposal.answer_status = status
        proposal.answer_text = text
        proposal.answered_at = timezone.now()
        proposal.answered_by = by
        proposal.save(update_fields=["answer_status", "answer_text", "answered_at", "answered_by", "updated_at"])
        news = before_status != status
        log(
            proposal,
            LOG_ANSWER,
            user=by,
            data={
                "before": before_status,
                "after": status,
                "before_text": before_text,
                "text": text,
                "notified": news,
            },
        )
        activity.changed(consultations=[proposal.consultation_id])
        if news:
            notify_answer(proposal)
    return proposal
