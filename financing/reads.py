"""What the public pages read of campaigns: progress, rewards left, the listing, public backers.

- Figures come from the campaign's `CampaignTally` (no tally yet: zeros), never from summing pledges
  on every view.
- A reward is left while fewer pledges hold it (`Pledge.HOLDING_A_REWARD`) than its quantity.
- A campaign is live until its deadline; after it, succeeded or failed once settled, and waiting for
  its settlement until then.
- Backers are named only when they agreed to be (`public`); the others are counted.

What the pages show of tallies is kept with them by the anonymous page cache: the campaign page
reads the version `tally_version_key(campaign.pk)`, the listing `LISTING_VERSION_KEY`, and whatever
changes a tally or a reward's pledges bumps both in its transaction (freshness/versions.py).
"""

from dataclasses import dataclass
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from .models import CampaignPage, Pledge, RewardTier


LISTING_VERSION_KEY = "campaigns"


def tally_version_key(campaign_id):
    return f"campaign:{campaign_id}"


class State:
    LIVE = "live"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    AWAITING_SETTLEMENT = "awaiting_settlement"
    # Business financing past its deadline: the licensed platform ran the offer, and only it knows
    # whether it succeeded.
    OFFER_CLOSED = "offer_closed"

    LABELS = {
        LIVE: _("live"),
        SUCCEEDED: _("succeeded"),
        FAILED: _("failed"),
        AWAITING_SETTLEMENT: _("ended, awaiting the outcome"),
        OFFER_CLOSED: _("offer closed"),
    }


# The listing's state filter: what a visitor may choose, and the campaigns each keeps.
LISTING_STATES = {
    State.LIVE: pgettext_lazy("campaign listing", "Live"),
    State.SUCCEEDED: pgettext_lazy("campaign listing", "Succeeded"),
    State.FAILED: pgettext_lazy("campaign listing", "Failed"),
}


@dataclass(frozen=True)
class Progress:
    pledged_cents: int
    matched_cents: int
    raised_cents: int
    goal_cents: int
    share: int
    backers: int
    days_left: int | None
    state: str

    @property
    def state_label(self):
        return State.LABELS[self.state]

    @property
    def bar_value(self):
        """The share as a progress bar shows it: a bar cannot go past full."""
        return min(self.share, 100)


def _tally_of(campaign):
    try:
        return campaign.tally
    except CampaignPage.tally.RelatedObjectDoesNotExist:
        return None


def campaign_state(campaign, *, outcome, now):
    if outcome in (State.SUCCEEDED, State.FAILED):
        return outcome
    if campaign.deadline > now:
        return State.LIVE
    return State.OFFER_CLOSED if campaign.category == "equity" else State.AWAITING_SETTLEMENT


def campaign_progress(campaign, *, now=None):
    now = now or timezone.now()
    tally = _tally_of(campaign)
    pledged = tally.pledged_cents if tally else 0
    matched = tally.matched_cents if tally else 0
    raised = pledged + matched
    live = campaign.deadline > now
    return Progress(
        pledged_cents=pledged,
        matched_cents=matched,
        raised_cents=raised,
        goal_cents=campaign.goal_cents,
        share=raised * 100 // campaign.goal_cents if campaign.goal_cents else 0,
        backers=tally.backers if tally else 0,
        days_left=(timezone.localdate(campaign.deadline) - timezone.localdate(now)).days if live else None,
        state=campaign_state(campaign, outcome=tally.outcome if tally else "", now=now),
    )


def tiers_left(campaign):
    """[(tier, rewards left or None when unlimited)], in the editor's order, in one query."""
    tiers = RewardTier.objects.filter(campaign=campaign).annotate(
        held=Count("pledges", filter=Q(pledges__status__in=Pledge.HOLDING_A_REWARD))
    ).order_by("sort_order", "pk")
    return [(tier, None if tier.quantity is None else max(tier.quantity - tier.held, 0)) for tier in tiers]


def _state_condition(state, now):
    settled = Q(tally__outcome__in=[State.SUCCEEDED, State.FAILED])
    if state == State.LIVE:
        return Q(deadline__gt=now) & ~settled
    return Q(tally__outcome=state)


def campaign_listing(index_page, *, category="", facility=None, neighbourhood=None, state="", now=None):
    """The live (published), public campaigns under `index_page` with their tallies, filtered; those
    still open first, the nearest deadline first among them, the latest ended next."""
    now = now or timezone.now()
    campaigns = (
        CampaignPage.objects.live().public().child_of(index_page)
        .select_related("tally", "facility", "neighbourhood", "image")
    )
    if category:
        campaigns = campaigns.filter(category=category)
    if facility is not None:
        campaigns = campaigns.filter(facility=facility)
    if neighbourhood is not None:
        campaigns = campaigns.filter(neighbourhood=neighbourhood)
    if state in LISTING_STATES:
        campaigns = campaigns.filter(_state_condition(state, now))
    is_open = Q(deadline__gt=now)
    return campaigns.annotate(
        open_rank=Case(When(is_open, then=Value(0)), default=Value(1), output_field=IntegerField()),
        open_deadline=Case(When(is_open, then=F("deadline")), default=None),
    ).order_by("open_rank", "open_deadline", "-deadline", "pk")


@dataclass(frozen=True)
class Backers:
    names: list[str]
    anonymous: int
    more: int = 0  # backers who agreed to be named, beyond the first SHOWN_BACKERS


# A campaign with thousands of backers names its first ones: the page stays one bounded read.
SHOWN_BACKERS = 60


def public_backers(campaign):
    """The names of the first counted backers who agreed to be shown, oldest first; the others
    counted. Two queries, whatever the number of backers."""
    counted = Pledge.objects.counted(campaign)
    figures = counted.aggregate(
        named=Count("pk", filter=Q(public=True)), anonymous=Count("pk", filter=Q(public=False))
    )
    names, unnamed = [], 0
    first = counted.filter(public=True).select_related("backer").order_by("created_at", "pk")[:SHOWN_BACKERS]
    for pledge in first:
        name = pledge.backer_name or (pledge.backer.public_name if pledge.backer else "")
        if not name:
            unnamed += 1
        elif name not in names:
            names.append(name)
    return Backers(
        names=names, anonymous=figures["anonymous"] + unnamed, more=max(figures["named"] - SHOWN_BACKERS, 0)
    )


MAP_POINTS = 500


def campaign_map_points(listing, index_url, *, now=None):
    """The live campaigns of `listing` (campaign_listing, filtered as the visitor chose) placed on
    the map, a few numbers each, in one query: the listing's cards say the same in words
    (address, facility, neighbourhood)."""
    now = now or timezone.now()
    placed = (
        listing.filter(_state_condition(State.LIVE, now), latitude__isnull=False, longitude__isnull=False)
        .order_by("deadline", "pk")
        .values_list("title", "slug", "latitude", "longitude")[:MAP_POINTS]
    )
    return [
        {"title": title, "url": f"{index_url}{slug}/", "lat": float(latitude), "lng": float(longitude)}
        for title, slug, latitude, longitude in placed
    ]
