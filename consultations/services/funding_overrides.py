"""Staff's recorded changes to what a budget vote funds (models/funding.py).

- Only once the vote has closed, only by the consultation's moderators and editors
  (permissions.can_record_decisions), and always with a reason, which the results page publishes.
- An addition takes a project the final list leaves out and must keep the list within the budget;
  a removal takes out one the final list funds. One change per project: withdraw it to change it.
- Each write is one transaction, taken under a lock on the consultation's row so that two changes
  at once cannot together overspend, logged on the consultation's page
  ("consultations.funding_override"), and bumps the consultation's version (activity.py) so that
  the results page, the exports and the board's sheet show it at once.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import activity, budget_results, permissions
from ..models import ConsultationPage, FundingOverride

LOG_FUNDING_OVERRIDE = "consultations.funding_override"
REASON_MIN_LENGTH = 10


class OverrideRefused(Exception):
    """A change that breaks a rule; its message says which, in the user's language."""


def record_override(consultation, project, action, reason, *, by):
    if not permissions.can_record_decisions(by, consultation):
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise OverrideRefused(_("Give the reason for this change (at least %(count)s characters): it is published with it.")
                              % {"count": REASON_MIN_LENGTH})
    if action not in FundingOverride.Action.values:
        raise OverrideRefused(_("Choose whether to fund the project or not."))
    with transaction.atomic():
        consultation = ConsultationPage.objects.select_for_update().get(pk=consultation.pk)
        if not consultation.is_vote_closed:
            raise OverrideRefused(_("The list of funded projects can only be changed once the vote has closed."))
        funding = budget_results.funding(consultation)
        if funding is None:
            raise OverrideRefused(_("This consultation has no budget vote."))
        row = funding.row(project.pk)
        if row is None:
            raise OverrideRefused(_("This project is not on the ballot of this consultation."))
        if row.override is not None:
            raise OverrideRefused(_("This project already has a recorded change: withdraw it first."))
        if action == FundingOverride.Action.ADD:
            if row.funded:
                raise OverrideRefused(_("This project is already funded."))
            total = funding.budget_used + row.project.cost
            if total > funding.budget:
                raise OverrideRefused(
                    _("Funding it would bring the total to %(total)s €, over the budget of %(budget)s €: "
                      "take another project out first.") % {"total": total, "budget": funding.budget}
                )
        elif not row.funded:
            raise OverrideRefused(_("This project is not funded."))
        override = FundingOverride.objects.create(
            consultation=consultation, local_project_id=project.pk, action=action, reason=reason, created_by=by,
        )
        log(consultation, LOG_FUNDING_OVERRIDE, user=by, data={
            "change": "recorded", "action": action, "item": row.project.title, "reason": reason,
        })
        activity.touch(consultation.pk)
    return override


def withdraw_override(override, *, by):
    consultation = override.consultation
    if not permissions.can_record_decisions(by, consultation):
        raise PermissionDenied
    with transaction.atomic():
        consultation = ConsultationPage.objects.select_for_update().get(pk=consultation.pk)
        if override.action == FundingOverride.Action.REMOVE:
            funding = budget_results.funding(consultation)
            total = funding.budget_used + override.local_project.cost
            if total > funding.budget:
                raise OverrideRefused(
                    _("Funding it again would bring the total to %(total)s €, over the budget of %(budget)s €: "
                      "withdraw an addition first.") % {"total": total, "budget": funding.budget}
                )
        deleted, _rows = FundingOverride.objects.filter(pk=override.pk).delete()
        if not deleted:
            return False
        log(consultation, LOG_FUNDING_OVERRIDE, user=by, data={
            "change": "withdrawn", "action": override.action, "item": override.local_project.title,
            "reason": override.reason,
        })
        activity.touch(consultation.pk)
    return True
