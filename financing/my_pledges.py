"""What a backer reads of their own pledges: « Mes contributions financières », the receipts, and
for each loan what was lent, repaid, is due next and remains (loan_shares.py gives the shares).

A page of pledges is read in a fixed number of queries, whatever its length: the pledges with
their campaign, tally, reward and what was repaid on each, then the schedules of their loan
campaigns and the instalments already repaid to them.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from .loan_shares import steps
from .models import LoanInstalment, Pledge, Repayment
from .models.campaigns import Category

STATUS_IN_WORDS = {
    Pledge.Status.AWAITING_PAYMENT: _("Awaiting payment: nothing is recorded until it is paid."),
    Pledge.Status.AUTHORISED: _("Payment authorised: charged at the deadline if the goal is reached."),
    Pledge.Status.COLLECTED: _("Paid: the campaign succeeded and your pledge was collected."),
    Pledge.Status.OFFLINE: _("Recorded at a desk."),
    Pledge.Status.CANCELLED: _("Cancelled by you: nothing was charged."),
    Pledge.Status.RELEASED: _("Released: the campaign did not reach its goal, nothing was charged."),
    Pledge.Status.FAILED: _("The payment did not go through: nothing was charged."),
}


def receipt_reference(pledge):
    """The reference printed on the receipt and given to the team when asking about a pledge."""
    return f"FP-{pledge.created_at:%Y}-{pledge.pk:06d}"


def pledges_of(user):
    """The user's pledges, the newest first, with what was repaid on each (loans)."""
    return (
        Pledge.objects.filter(backer=user)
        .select_related("campaign", "campaign__tally", "tier")
        .annotate(repaid_cents=Sum("repayments__amount_cents"))
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class LoanPosition:
    lent_cents: int
    repaid_cents: int
    next_due_on: date | None
    next_due_cents: int

    @property
    def remaining_cents(self):
        return self.lent_cents - self.repaid_cents


LENT = (Pledge.Status.COLLECTED, Pledge.Status.OFFLINE)


def loan_positions(pledges):
    """{pledge pk: LoanPosition} for the lent pledges among `pledges` (from pledges_of), in two
    queries: the schedules of their campaigns and the instalments already repaid to them."""
    loans = [
        pledge for pledge in pledges
        if pledge.campaign.category == Category.LOAN and pledge.status in LENT
        and getattr(getattr(pledge.campaign, "tally", None), "outcome", "") == "succeeded"
    ]
    if not loans:
        return {}
    schedules = defaultdict(list)
    for instalment in LoanInstalment.objects.filter(campaign_id__in={pledge.campaign_id for pledge in loans}):
        schedules[instalment.campaign_id].append(instalment)
    repaid = defaultdict(set)
    for pledge_id, instalment_id in Repayment.objects.filter(pledge__in=loans).values_list("pledge_id", "instalment_id"):
        repaid[pledge_id].add(instalment_id)
    positions = {}
    for pledge in loans:
        upcoming = [step for step in steps(schedules[pledge.campaign_id]) if step.instalment.pk not in repaid[pledge.pk]]
        following = upcoming[0] if upcoming else None
        positions[pledge.pk] = LoanPosition(
            lent_cents=pledge.amount_cents,
            repaid_cents=pledge.repaid_cents or 0,
            next_due_on=following.instalment.due_on if following else None,
            next_due_cents=following.share_of(pledge.amount_cents) if following else 0,
        )
    return positions
