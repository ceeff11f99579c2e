"""What a holder reads of their own campaigns: where each stands in its life cycle, in words.

- a campaign never published is a draft, in review while Wagtail's workflow runs, or waiting for
  changes when the moderators asked for them (with their comment: the reason);
- a published one is live, then succeeded or failed (reads.campaign_state), and closed once its
  holder marked the rewards delivered or the loans repaid (`tally.fulfilled_at`);
- a campaign that was published and then taken offline is « unpublished ».
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState

from .models import CampaignPage, LoanInstalment, Pledge, Repayment
from .reads import State, campaign_state

# The published states are the public pages' own (reads.State), so the two never disagree.
LABELS = {
    "draft": _("draft"),
    "in_review": _("in review"),
    "changes_requested": _("changes requested"),
    **State.LABELS,
    "fulfilled": _("closed: delivered or repaid"),
    "unpublished": _("unpublished"),
}
EDITABLE = ("draft", "changes_requested")


@dataclass(frozen=True)
class ReviewStatus:
    code: str
    reason: str = ""

    @property
    def label(self):
        return LABELS[self.code]

    @property
    def editable(self):
        return self.code in EDITABLE


def _open_workflow_states(pks):
    """{page pk: its workflow state in progress or needing changes}, with the current task's state."""
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in pks],
        status__in=(WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES),
    ).select_related("current_task_state")
    return {int(state.object_id): state for state in states}


def _status(campaign, workflow_state, now):
    tally = getattr(campaign, "tally", None)
    if tally is not None and tally.fulfilled_at is not None:
        return ReviewStatus("fulfilled")
    if campaign.live:
        return ReviewStatus(campaign_state(campaign, outcome=tally.outcome if tally else "", now=now))
    if workflow_state is not None:
        if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            task_state = workflow_state.current_task_state
            return ReviewStatus("changes_requested", task_state.comment if task_state else "")
        return ReviewStatus("in_review")
    if campaign.first_published_at is not None:
        return ReviewStatus("unpublished")
    return ReviewStatus("draft")


def review_status(campaign, *, now=None):
    return _status(campaign, _open_workflow_states([campaign.pk]).get(campaign.pk), now or timezone.now())


def holder_campaigns(user, *, now=None):
    """[(campaign, ReviewStatus)] of the user's campaigns on every site, the latest first; three
    queries whatever their number."""
    now = now or timezone.now()
    campaigns = list(
        CampaignPage.objects.filter(holder=user).select_related("tally").order_by("-latest_revision_created_at", "-pk")
    )
    states = _open_workflow_states([campaign.pk for campaign in campaigns]) if campaigns else {}
    return [(campaign, _status(campaign, states.get(campaign.pk), now)) for campaign in campaigns]


def instalments_left(campaign):
    """How many (loan, instalment) repayments are still to be recorded for a loan campaign."""
    loans = Pledge.objects.counted(campaign).count()
    instalments = LoanInstalment.objects.filter(campaign=campaign).count()
    recorded = Repayment.objects.filter(
        pledge__campaign=campaign, pledge__status__in=Pledge.COUNTED, instalment__campaign=campaign
    ).count()
    return max(loans * instalments - recorded, 0)
