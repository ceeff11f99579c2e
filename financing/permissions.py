"""Who may pledge, cancel a pledge or record one at a desk, and why not.

Rules:
- a pledge is made by a signed-in account that is neither suspended nor banned, on a live
  campaign (published, deadline not passed, not settled);
- business financing (equity or royalties) takes no pledge: the offer is run by a licensed
  platform (EU regulation 2020/1503), the portal only records expressions of interest;
- a backer cancels their own pledge, while it is awaiting payment or authorised, until the deadline;
- offline pledges (cash or cheque at a facility's desk) are recorded by the staff who may edit the
  campaign's page in Wagtail (its editors, and administrators).

Each can_* function returns a consultations Decision, true when allowed, with a translated reason.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.permissions import ALLOWED, Decision, _sanctioned, _sign_in

from .models import Pledge
from .models.campaigns import Category


def campaign_closed(campaign):
    """Why the campaign takes no pledge now, or None while it is live."""
    if not campaign.live:
        return Decision(False, "not_live", _("This campaign is not open to pledges."))
    if campaign.deadline <= timezone.now():
        return Decision(False, "deadline", _("This campaign's deadline has passed: it no longer takes pledges."))
    tally = getattr(campaign, "tally", None) if campaign.pk else None
    if tally is not None and tally.outcome:
        return Decision(False, "settled", _("This campaign is over: it no longer takes pledges."))
    return None


def can_pledge(user, campaign):
    if campaign.category == Category.EQUITY:
        return Decision(
            False, "equity",
            _("Business financing is run by a licensed crowdfunding platform (EU regulation 2020/1503): "
              "the portal takes no pledge for it. Follow the link to the platform's offer."),
        )
    if (closed := campaign_closed(campaign)) is not None:
        return closed
    if not user.is_authenticated:
        return _sign_in()
    if (sanctioned := _sanctioned(user)) is not None:
        return sanctioned
    return ALLOWED


def can_cancel_pledge(user, pledge):
    if not user.is_authenticated or pledge.backer_id != user.pk:
        return Decision(False, "not_yours", _("Only its backer may cancel a pledge."))
    if pledge.status not in (Pledge.Status.AWAITING_PAYMENT, Pledge.Status.AUTHORISED):
        return Decision(False, "status", _("This pledge can no longer be cancelled."))
    if pledge.campaign.deadline <= timezone.now():
        return Decision(False, "deadline", _("The campaign's deadline has passed: pledges can no longer be cancelled."))
    return ALLOWED


def can_record_offline_pledge(user, campaign):
    if user.is_authenticated and campaign.permissions_for_user(user).can_edit():
        return ALLOWED
    return Decision(
        False, "not_staff", _("Only the staff who manage this campaign may record a pledge made at a desk.")
    )


# The life cycle of a campaign a citizen proposes (services/proposals.py).


def can_propose_campaign(user):
    """A signed-in, active account that is neither suspended nor banned proposes campaigns."""
    if not user.is_authenticated:
        return _sign_in()
    if not user.is_active:
        return Decision(False, "inactive", _("This account is not active."))
    if (sanctioned := _sanctioned(user)) is not None:
        return sanctioned
    return ALLOWED


def can_edit_campaign(user, campaign, *, review_status):
    """The holder edits their campaign from the site while it is a draft or while the moderators
    asked for changes; a campaign in review, or that was ever published, is changed in the admin.
    `review_status` is reads.review_status(campaign)."""
    if not user.is_authenticated or campaign.holder_id != user.pk:
        return Decision(False, "not_yours", _("Only its holder may change this campaign."))
    if (sanctioned := _sanctioned(user)) is not None:
        return sanctioned
    if review_status not in ("draft", "changes_requested"):
        return Decision(
            False, "not_editable",
            _("This campaign can no longer be changed from the site: it is being reviewed or it was published."),
        )
    return ALLOWED


def can_mark_fulfilled(user, campaign, *, instalments_left=0):
    """The holder says the rewards are delivered or the loans repaid, once the campaign succeeded;
    for a loan, once every instalment of every loan is recorded (`instalments_left` none)."""
    if not user.is_authenticated or campaign.holder_id != user.pk:
        return Decision(False, "not_yours", _("Only its holder may close this campaign."))
    tally = getattr(campaign, "tally", None) if campaign.pk else None
    if tally is None or tally.outcome != "succeeded":
        return Decision(False, "not_succeeded", _("Only a campaign that reached its goal can be closed this way."))
    if tally.fulfilled_at is not None:
        return Decision(False, "already", _("This campaign is already closed."))
    if campaign.category == Category.LOAN and instalments_left:
        return Decision(
            False, "repayments_left",
            _("Record every repayment of every loan before closing the campaign (%(count)s left).")
            % {"count": instalments_left},
        )
    return ALLOWED
