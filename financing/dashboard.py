"""What a campaign's holder and its staff read on the campaign's dashboard and in its export.

Rules:
- backers are the campaign's counted pledges (Pledge.COUNTED), oldest first;
- a backer is named only when they agreed to be shown (`public`), otherwise « Anonyme »; the name
  given at a desk for a pledge that is not public is read by the campaign's staff only (they
  recorded it), never by the holder;
- the export for delivery gives the holder, besides, the name and email address of every backer
  who chose a reward: the pledge form says so to the backer (forms.PledgeForm), and they are given
  for delivering the reward only. A backer without a reward who did not agree stays « Anonyme »;
- rewards to deliver: per tier, the counted pledges holding it;
- loans to repay: per instalment of the schedule, what the lenders are due in total
  (loan_shares.py) and what was recorded.
Each read runs a fixed number of queries, whatever the number of pledges.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext as _

from .loan_shares import steps
from .models import LoanInstalment, Pledge, RewardTier


def counted_pledges(campaign):
    return (
        Pledge.objects.counted(campaign)
        .select_related("backer", "tier")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class BackerName:
    text: str
    anonymous: bool
    staff_only: bool = False  # a desk name the backer did not agree to show


def shown_name(pledge, *, staff):
    """The name the dashboard shows for `pledge` (backer and tier already fetched)."""
    name = pledge.backer_name or (pledge.backer.public_name if pledge.backer else "")
    if pledge.public and name:
        return BackerName(name, anonymous=False)
    if staff and pledge.backer_id is None and pledge.backer_name:
        return BackerName(pledge.backer_name, anonymous=False, staff_only=True)
    return BackerName(_("Anonymous"), anonymous=True)


def delivery_contact(pledge):
    """(name, email) in the export for delivery: everything a reward needs, only what was agreed otherwise."""
    if pledge.tier_id is not None:
        if pledge.backer is None:
            return pledge.backer_name, ""
        return pledge.backer.get_full_name() or pledge.backer.public_name, pledge.backer.email
    name = pledge.backer_name or (pledge.backer.public_name if pledge.backer else "")
    if pledge.public and name:
        return name, ""
    return _("Anonymous"), ""


def rewards_to_deliver(campaign):
    """[(tier, counted pledges holding it)] in the editor's order, in one query."""
    tiers = RewardTier.objects.filter(campaign=campaign).annotate(
        counted=Count("pledges", filter=Q(pledges__status__in=Pledge.COUNTED))
    ).order_by("sort_order", "pk")
    return [(tier, tier.counted) for tier in tiers]


@dataclass(frozen=True)
class InstalmentRow:
    instalment: LoanInstalment
    due_cents: int
    recorded_cents: int
    lenders_repaid: int
    paid_on: date | None

    @property
    def recorded(self):
        return self.lenders_repaid > 0


def loan_schedule(campaign):
    """[InstalmentRow] in the order the schedule is repaid, in two queries: what each instalment
    owes the lenders of the campaign's counted pledges, and what was recorded for it."""
    instalments = LoanInstalment.objects.filter(campaign=campaign).annotate(
        recorded_cents=Sum("repayments__amount_cents"),
        lenders_repaid=Count("repayments"),
        paid_on=Max("repayments__paid_on"),
    )
    amounts = list(
        Pledge.objects.counted(campaign).values_list("amount_cents", flat=True)
    )
    return [
        InstalmentRow(
            instalment=step.instalment,
            due_cents=sum(step.share_of(amount) for amount in amounts),
            recorded_cents=step.instalment.recorded_cents or 0,
            lenders_repaid=step.instalment.lenders_repaid,
            paid_on=step.instalment.paid_on,
        )
        for step in steps(instalments)
    ]
