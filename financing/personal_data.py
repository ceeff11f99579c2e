"""What participatory financing holds about a person, for their account pages (registered with
consultations.account_sections by apps.py):

- the GDPR download's "participatory_financing" section: the campaigns they follow, their pledges
  (campaign, amount, status, date), their expressions of interest and the loan repayments they
  received;
- their follows, on the « What I follow » part of their notifications page;
- what their account's erasure forgets: follows and expressions of interest go; pledges stay, for
  the accounts of the campaigns and of the public company, tied to the anonymised account, no
  longer shown by name, and their payments forget the email address they were billed to.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from freshness.versions import bump

from .models import CampaignFollow, InterestExpression, Payment, Pledge, Repayment
from .news_reads import followed_campaigns
from .reads import LISTING_VERSION_KEY, tally_version_key

SECTION = "participatory_financing"


def _euros(cents):
    """Euros with their two decimals, « 25.50 », written as a string in the JSON download."""
    return Decimal(cents).scaleb(-2)


def financing_data(user):
    follows = [
        {"campaign": follow.campaign.title, "followed_since": follow.created_at}
        for follow in CampaignFollow.objects.filter(user=user).select_related("campaign").order_by("created_at", "pk")
    ]
    pledges = [
        {
            "campaign": pledge.campaign.title,
            "amount_euros": _euros(pledge.amount_cents),
            "status": pledge.get_status_display(),
            "reward": pledge.tier.title if pledge.tier else "",
            "shown_by_name": pledge.public,
            "pledged_at": pledge.created_at,
            "last_changed_at": pledge.changed_at,
        }
        for pledge in Pledge.objects.filter(backer=user).select_related("campaign", "tier").order_by("created_at", "pk")
    ]
    interests = [
        {
            "campaign": interest.campaign.title,
            "amount_considered_euros": _euros(interest.amount_cents),
            "expressed_at": interest.created_at,
            "last_changed_at": interest.changed_at,
        }
        for interest in InterestExpression.objects.filter(user=user).select_related("campaign")
        .order_by("created_at", "pk")
    ]
    repayments = [
        {
            "campaign": repayment.pledge.campaign.title,
            "amount_euros": _euros(repayment.amount_cents),
            "repaid_on": repayment.paid_on,
            "instalment_due_on": repayment.instalment.due_on if repayment.instalment else None,
        }
        for repayment in Repayment.objects.filter(pledge__backer=user)
        .select_related("pledge__campaign", "instalment").order_by("paid_on", "pk")
    ]
    return {
        "campaign_follows": follows,
        "pledges": pledges,
        "expressions_of_interest": interests,
        "repayments_received": repayments,
    }


def forget_financing(user):
    CampaignFollow.objects.filter(user=user).delete()
    InterestExpression.objects.filter(user=user).delete()
    Payment.objects.filter(pledge__backer=user).exclude(billing_email="").update(billing_email="")
    shown = Pledge.objects.filter(backer=user, public=True)
    campaigns = set(shown.values_list("campaign_id", flat=True))
    if campaigns:
        shown.update(public=False)
        # The campaigns' pages named this backer: their kept copies are redrawn.
        bump(LISTING_VERSION_KEY, *(tally_version_key(pk) for pk in campaigns))


def register():
    from consultations import account_sections

    account_sections.register_follow_section(
        "campaigns", heading=_("Financing campaigns"), template="financing/includes/followed_campaigns.html",
        rows=followed_campaigns,
    )
    account_sections.register_personal_data(SECTION, financing_data)
    account_sections.register_eraser("financing", forget_financing)
