"""Who may pledge, cancel a pledge or record one at a desk, and why not.

Rules:
- a pledge is made by a signed-in account that is neither suspended nor banned, on a live
  campaign (published, deadline not passed, not settled);
- business financing (equity or royalties) takes no pledge: the offer is run by a licensed
  platform (EU regulation 2020/1503), the portal only records expressions of interest;
- a backer cancels their own pledge, while it is awaiting payment or authorised, until the deadline;
- offline pledges (cash or cheque at a facility's desk) are recorded by the staff who may edit the
  campaign's page in Wagtail (its editors, and administrators).
- a campaign's dashboard, its backers' export and the recording of loan repayments are for its
  holder (the account named on the page) and for the staff of the campaign: the editors of its
  page and the moderators of its site (consultations.permissions.staff_scope); desk names that
  backers did not agree to show are for that staff only.

Each can_* function returns a consultations Decision, true when allowed, with a translated reason.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.permissions import ALLOWED, Decision, _sanctioned, _sign_in, staff_scope

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


def is_campaign_staff(user, campaign):
    """An editor of the campaign's page or a moderator of its site (administrators included)."""
    if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return False
    return any(campaign.path.startswith(root) for root in staff_scope(user))


def can_manage_campaign(user, campaign):
    """The campaign's dashboard, its backers' export and its loan repayments."""
    if not user.is_authenticated:
        return _sign_in()
    if campaign.holder_id is not None and campaign.holder_id == user.pk:
        return ALLOWED
    if is_campaign_staff(user, campaign):
        return ALLOWED
    return Decision(False, "not_holder", _("Only the campaign's holder and its staff may see its dashboard."))
