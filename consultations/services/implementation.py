"""The implementation tracker of adopted items: dated updates on what the board adopted.

Rules enforced here (who may write: permissions.can_record_decisions):
- only the moderators of the consultation's site and its editors add, edit or delete updates;
  elected officials read them;
- only a decision that adopted its item (adopted, or adopted with changes) is followed up;
- an update has a date (not in the future: it reports what happened), a stage (planned, in
  progress, done, abandoned), a percentage from 0 to 100 (100 when done), a plain text of at most
  1,000 characters and, optionally, a photo;
- the decision carries its latest update (by date, then by order of entry): stage, percentage
  and date, recomputed in the same transaction as every add, edit and delete, so that the
  public follow-up page filters and sorts without reading the updates;
- every write is logged on the consultation's page ("consultations.implementation") and bumps
  the consultation's version, so that its pages show it at once;
- when the latest stage becomes done or abandoned, and was not already, the people concerned
  are emailed once the transaction commits: the followers and supporters of a proposal, the
  followers of the consultation for one of its local projects, under the "decisions" preference.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import activity, permissions
from ..models import BoardDecision, ImplementationUpdate
from ..validators import plain_text
from .notifications import notify_implementation

LOG_IMPLEMENTATION = "consultations.implementation"


def add_update(decision, *, by, date, stage, percent, text, photo=None):
    """Record a dated implementation update of an adopted item. Returns the update.

    Raises PermissionDenied for anyone but the moderators and editors of the consultation's
    site, and ValidationError for a decision that did not adopt its item or an invalid update.
    """
    with transaction.atomic():
        decision = _locked(decision, by)
        update = ImplementationUpdate(decision=decision, created_by=by)
        _fill(update, date=date, stage=stage, percent=percent, text=text, photo=photo)
        update.save()
        _recorded(decision, update, by=by, action="added")
    return update


def edit_update(update, *, by, date, stage, percent, text, photo=None):
    """Correct an update; the decision's progress follows. Returns the update. Raises as add_update."""
    with transaction.atomic():
        decision = _locked(update.decision, by)
        update = ImplementationUpdate.objects.get(pk=update.pk, decision=decision)
        _fill(update, date=date, stage=stage, percent=percent, text=text, photo=photo)
        update.save()
        _recorded(decision, update, by=by, action="edited")
    return update


def delete_update(update, *, by):
    """Delete an update entered by mistake; the decision's progress falls back on the one before.

    Raises PermissionDenied as add_update."""
    with transaction.atomic():
        decision = _locked(update.decision, by)
        update = ImplementationUpdate.objects.get(pk=update.pk, decision=decision)
        update.delete()
        _recorded(decision, update, by=by, action="deleted")


def _locked(decision, by):
    decision = (
        BoardDecision.objects.select_for_update(of=("self",))
        .select_related("consultation", "local_project", "proposal")
        .get(pk=decision.pk)
    )
    allowed = permissions.can_record_decisions(by, decision.consultation)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    if not decision.is_adopted:
        raise ValidationError(_("Only an adopted item is followed up: this one was not adopted."))
    return decision


def _fill(update, *, date, stage, percent, text, photo):
    update.date, update.stage, update.percent = date, stage, percent
    update.text, update.photo = (text or "").strip(), photo
    update.full_clean(exclude=["decision", "created_by"])
    plain_text(update.text)
    if update.date > timezone.localdate():
        raise ValidationError({"date": _("An update tells what has happened: its date cannot be in the future.")})
    if update.stage == ImplementationUpdate.Stage.DONE and update.percent != 100:
        raise ValidationError({"percent": _("A done item is done at 100 percent.")})


def _recorded(decision, update, *, by, action):
    """Copy the latest update onto the decision, log the write, bump the consultation's version
    and, when the item has just been finished or given up, tell the people concerned."""
    was_final = decision.stage in ImplementationUpdate.FINAL
    latest = decision.updates.order_by("-date", "-pk").first()
    decision.stage = latest.stage if latest else ""
    decision.progress = latest.percent if latest else None
    decision.progress_on = latest.date if latest else None
    decision.save(update_fields=["stage", "progress", "progress_on", "updated_at"])
    notified = decision.stage in ImplementationUpdate.FINAL and not was_final
    log(
        decision.consultation,
        LOG_IMPLEMENTATION,
        user=by,
        data={
            "action": action,
            "item": str(decision.item.title),
            "date": update.date.isoformat(),
            "stage": update.stage,
            "percent": update.percent,
            "notified": notified,
        },
    )
    activity.changed(consultations=[decision.consultation_id])
    if notified:
        notify_implementation(decision)
