"""Counting a pledge towards its campaign, and taking it back.

Rules:
- a counted pledge adds its amount to the campaign's tally and earns the matching the campaign's
  ratio gives, cut down to what is left under the campaign's cap and in the site's envelope for
  the year the pledge was made (no envelope: no matching);
- backers are the distinct accounts with a counted pledge, plus each counted offline pledge;
- taking a pledge back gives its amount, its matching and the envelope's share back exactly.

Locks are always taken in the same order, pledge → tally → envelope, by callers that already
hold the pledge's row: two pledges counted together wait for each other on the tally, and the
envelope's CHECK constraint is a last guard, never the rule.
"""

from django.db.models import Count
from django.utils import timezone

from freshness.versions import bump

from ..models import CampaignTally, MatchingEnvelope, Pledge
from ..reads import LISTING_VERSION_KEY, tally_version_key


def figures_changed(campaign_id):
    """What the campaign's page and the listing show moved (amounts, backers, rewards left, outcome):
    their kept copies are redrawn. In the caller's transaction."""
    bump(tally_version_key(campaign_id), LISTING_VERSION_KEY)


def locked_tally(campaign):
    CampaignTally.objects.get_or_create(campaign=campaign)
    return CampaignTally.objects.select_for_update().get(campaign=campaign)


def _locked_envelope(pledge):
    year = timezone.localtime(pledge.created_at).year
    return (
        MatchingEnvelope.objects.select_for_update()
        .filter(site_id=pledge.campaign.get_site().pk, year=year)
        .first()
    )


def _recount_backers(tally):
    counted = Pledge.objects.counted(tally.campaign_id)
    accounts = counted.filter(backer__isnull=False).aggregate(n=Count("backer", distinct=True))["n"]
    tally.backers = accounts + counted.filter(backer__isnull=True).count()


def count_pledge(pledge, status, tally):
    """Move the (locked) pledge into a counted `status`, with its matching, under the locked tally."""
    campaign = pledge.campaign
    matched = campaign.matched_for(pledge.amount_cents)
    if campaign.matching_cap_cents is not None:
        matched = min(matched, max(campaign.matching_cap_cents - tally.matched_cents, 0))
    envelope = _locked_envelope(pledge) if matched else None
    matched = min(matched, envelope.left_cents) if envelope else 0
    if matched:
        envelope.used_cents += matched
        envelope.save(update_fields=["used_cents"])
    pledge.status = status
    pledge.matched_cents = matched
    pledge.save(update_fields=["status", "matched_cents", "changed_at"])
    tally.pledged_cents += pledge.amount_cents
    tally.matched_cents += matched
    _recount_backers(tally)
    tally.save(update_fields=["pledged_cents", "matched_cents", "backers"])
    figures_changed(tally.campaign_id)
    return pledge


def give_matching_back(pledge):
    """The site's envelope gets back what the (locked) pledge took from it."""
    if pledge.matched_cents:
        envelope = _locked_envelope(pledge)
        if envelope is not None:
            envelope.used_cents = max(envelope.used_cents - pledge.matched_cents, 0)
            envelope.save(update_fields=["used_cents"])


def uncount_pledge(pledge, status, tally):
    """Move the (locked, counted) pledge out of the count into `status`, giving everything back."""
    give_matching_back(pledge)
    pledge.status = status
    pledge.save(update_fields=["status", "changed_at"])
    tally.pledged_cents -= pledge.amount_cents
    tally.matched_cents -= pledge.matched_cents
    _recount_backers(tally)
    tally.save(update_fields=["pledged_cents", "matched_cents", "backers"])
    figures_changed(tally.campaign_id)
    return pledge
