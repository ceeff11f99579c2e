"""Who may pledge, cancel a pledge or record one at a desk, and why not.

Rules:
- a pledge is made by a signed-in account that is neither suspended nor banned, on a live
  campaign (published, deadline not passed, not settled);
- business financing (equity or royalties) takes no pledge: the offer is run by a licensed
  platform (EU regulation 2020/1503), the portal only records expressions of interest;
- a backer cancels their own pledge, while it is awaiting payment or authorised, until the deadline;
- offline pledges (cash or cheque at a facility's desk) are recorded by the staff who may edit the
  campaign's page in Wagtail (its editors, and administrators);
- a signed-in account follows a published campaign, whatever its state: news keep coming after
  the deadline;
- a published campaign's news are posted by its holder (the holder's account, unless suspended or
  banned) and by the staff who may edit its page in Wagtail (its site's editors, and the
  moderators whose group edits pages there);
- citizens discuss a campaign with the comments of consultations (consultations/discussions.py,
  registered in apps.py) while it is published, until it failed or, having succeeded, its rewards
  are delivered or its loans repaid (fulfilled); its comments stay readable after.
- a campaign's dashboard, its backers' export and the recording of loan repayments are for its
  holder (the account named on the page) and for the staff of the campaign: the editors of its
  page and the moderators of its site (consultations.permissions.staff_scope); desk names that
  backers did not agree to show are for that staff only.

Each can_* function returns a consultations Decision, true when allowed, with a translated reason.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.permissions import ALLOWED, Decision, editing_scope, sanction_refusal, sign_in_refusal, staff_scope

from .models import CampaignIndexPage, Pledge
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
        return sign_in_refusal()
    if (sanctioned := sanction_refusal(user)) is not None:
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


def can_follow_campaign(user, campaign):
    if not user.is_authenticated:
        return Decision(False, "sign_in", _("Sign in to follow a campaign."))
    if not campaign.live:
        return Decision(False, "not_live", _("This campaign cannot be followed."))
    return ALLOWED


def _edits_the_campaign(user, campaign):
    return user.has_perm("wagtailadmin.access_admin") and any(
        campaign.path.startswith(root) for root in editing_scope(user)
    )


def can_post_update(user, campaign):
    refused = Decision(False, "not_holder", _("Only the campaign's holder and its site's editors may post its news."))
    if not user.is_authenticated:
        return refused
    if not campaign.live:
        return Decision(False, "not_live", _("News can only be posted on a published campaign."))
    if _edits_the_campaign(user, campaign):
        return ALLOWED
    if campaign.holder_id is None or campaign.holder_id != user.pk:
        return refused
    if (sanctioned := sanction_refusal(user)) is not None:
        return sanctioned
    return ALLOWED


def campaign_discussion_open(campaign):
    """Whether the campaign's discussion takes comments now: consultations/discussions.py asks."""
    if not campaign.live:
        return Decision(False, "not_live", _("This campaign is not published: its discussion is closed."))
    tally = getattr(campaign, "tally", None) if campaign.pk else None
    if tally is not None and (tally.fulfilled_at or tally.outcome == "failed"):
        return Decision(False, "fulfilled", _("This campaign is over: its discussion is closed."))
    return ALLOWED


def can_read_accounting(user, site, *, indexes=None):
    """The accounting of a site's campaigns is for the staff who manage its financing: those who
    may edit its « Financement participatif » index page, and so every campaign under it (the
    site's editors, the teams with page permissions from the root, a financing team given that
    page alone), and superusers. Elected officials and moderators without page rights read the
    public figures, not the company's accounts."""
    if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return Decision(False, "not_staff", _("Only the staff who manage a site's financing read its accounts."))
    if user.is_superuser:
        return ALLOWED
    root = site.root_page.path
    pages = indexes if indexes is not None else CampaignIndexPage.objects.only("path", "depth")
    index_paths = [index.path for index in pages if index.path.startswith(root)]
    scope = editing_scope(user)
    if index_paths and all(any(path.startswith(edited) for edited in scope) for path in index_paths):
        return ALLOWED
    return Decision(False, "other_site", _("Only the staff who manage a site's financing read its accounts."))


def can_express_interest(user, campaign):
    """Business financing: a signed-in account, active and neither suspended nor banned, states
    (changes, withdraws) the amount it considers investing, while the campaign is live."""
    if campaign.category != Category.EQUITY:
        return Decision(False, "not_equity", _("Only business financing campaigns collect expressions of interest."))
    if not campaign.live:
        return Decision(False, "not_live", _("This campaign is not open to expressions of interest."))
    if campaign.deadline <= timezone.now():
        return Decision(
            False, "deadline", _("This campaign's deadline has passed: it no longer collects expressions of interest.")
        )
    if not user.is_authenticated:
        return sign_in_refusal()
    if not user.is_active:
        return Decision(False, "inactive", _("This account is closed."))
    if (sanctioned := sanction_refusal(user)) is not None:
        return sanctioned
    return ALLOWED


def can_download_interest(user, campaign):
    """The list of people interested, with their name and email so that the holder can follow up:
    for the campaign's holder and the staff who may edit its page."""
    if user.is_authenticated and (
        (campaign.holder_id is not None and campaign.holder_id == user.pk)
        or campaign.permissions_for_user(user).can_edit()
    ):
        return ALLOWED
    return Decision(
        False, "not_holder", _("Only the campaign's holder and its staff may download the list of people interested.")
    )


# The life cycle of a campaign a citizen proposes (services/proposals.py).


def can_propose_campaign(user):
    """A signed-in, active account that is neither suspended nor banned proposes campaigns."""
    if not user.is_authenticated:
        return sign_in_refusal()
    if not user.is_active:
        return Decision(False, "inactive", _("This account is not active."))
    if (sanctioned := sanction_refusal(user)) is not None:
        return sanctioned
    return ALLOWED


def can_edit_campaign(user, campaign, *, review_status):
    """The holder edits their campaign from the site while it is a draft or while the moderators
    asked for changes; a campaign in review, or that was ever published, is changed in the admin.
    `review_status` is reads.review_status(campaign)."""
    if not user.is_authenticated or campaign.holder_id != user.pk:
        return Decision(False, "not_yours", _("Only its holder may change this campaign."))
    if (sanctioned := sanction_refusal(user)) is not None:
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


def is_campaign_staff(user, campaign):
    """An editor of the campaign's page or a moderator of its site (administrators included)."""
    if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
        return False
    return any(campaign.path.startswith(root) for root in staff_scope(user))


def can_manage_campaign(user, campaign):
    """The campaign's dashboard, its backers' export and its loan repayments."""
    if not user.is_authenticated:
        return sign_in_refusal()
    if campaign.holder_id is not None and campaign.holder_id == user.pk:
        return ALLOWED
    if is_campaign_staff(user, campaign):
        return ALLOWED
    return Decision(False, "not_holder", _("Only the campaign's holder and its staff may see its dashboard."))
