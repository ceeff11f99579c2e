"""Settling a campaign once its deadline has passed.

Rules:
- succeeded when what was raised (pledged plus matched) reaches the goal: every authorised
  payment is captured and its pledge collected;
- failed, all-or-nothing: every authorised payment is released, its pledge released, and the
  matching the campaign held goes back to the site's envelope, its desk pledges' share included.
  Desk pledges keep their status (the model holds an offline pledge as offline): the desk hands
  the money back. The tally keeps the figures reached at the deadline, for the campaign's page
  and the statistics;
- a donation campaign that keeps what it raises captures whatever was raised, goal or not;
- a campaign is settled once: its tally's `settled_at` is set in the same transaction, under the
  tally's lock, and a second run finds it set.
"""

from django.db import transaction
from django.utils import timezone
from payments import PaymentStatus

from ..models import CampaignPage, CampaignTally, Pledge
from .pledges import let_go
from .tally import figures_changed, give_matching_back, locked_tally, uncount_pledge

SUCCEEDED = "succeeded"
FAILED = "failed"


def settle_campaign(campaign):
    """Decide the campaign's outcome and collect or release its pledges. Returns the tally, or
    None while the deadline has not passed, or for business financing (see due_campaigns)."""
    if campaign.deadline > timezone.now() or campaign.category == "equity":
        return None
    with transaction.atomic():
        tally = locked_tally(campaign)
        if tally.settled_at is not None:
            return tally
        tally.outcome = SUCCEEDED if tally.raised_cents >= campaign.goal_cents else FAILED
        collect = tally.outcome == SUCCEEDED or campaign.keep_what_is_raised
        reached = (tally.pledged_cents, tally.matched_cents, tally.backers)
        pledges = (
            Pledge.objects.select_for_update(of=("self",)).select_related("campaign")
            .filter(campaign=campaign, status__in=(Pledge.Status.AUTHORISED, Pledge.Status.OFFLINE))
            .order_by("pk")
        )
        for pledge in pledges:
            if collect:
                if pledge.status == Pledge.Status.AUTHORISED:
                    _collect(pledge)
            else:
                _release(pledge, tally)
        if not collect:
            # uncount_pledge took each pledge out of the running figures; the tally keeps those
            # reached at the deadline.
            tally.pledged_cents, tally.matched_cents, tally.backers = reached
        tally.settled_at = timezone.now()
        tally.save()
        figures_changed(campaign.pk)
    return tally


def _collect(pledge):
    payment = pledge.payments.order_by("-pk").first()
    if payment is not None and payment.status == PaymentStatus.PREAUTH:
        payment.capture()
        # django-payments saves only the status when it changes: the captured amount is ours to keep.
        payment.save(update_fields=["captured_amount"])
    pledge.status = Pledge.Status.COLLECTED
    pledge.save(update_fields=["status", "changed_at"])


def _release(pledge, tally):
    if pledge.status == Pledge.Status.OFFLINE:
        give_matching_back(pledge)
        return
    payment = pledge.payments.order_by("-pk").first()
    if payment is not None:
        let_go(payment)
    uncount_pledge(pledge, Pledge.Status.RELEASED, tally)


def due_campaigns(now=None):
    """Campaigns whose deadline has passed and that are not settled yet. Business financing takes
    no pledge here and its outcome is the licensed platform's: it is never settled."""
    now = now or timezone.now()
    settled = CampaignTally.objects.filter(settled_at__isnull=False).values("campaign_id")
    return (
        CampaignPage.objects.live().filter(deadline__lte=now).exclude(category="equity")
        .exclude(pk__in=settled).order_by("deadline", "pk")
    )
