"""Matching by the public company: the campaign's ratio, its cap, and the site's yearly envelope,
shared by the site's campaigns and never exceeded."""

import pytest

from financing.models import CampaignTally, MatchingEnvelope

from tests.factories import UserFactory

from .factories import make_campaign, make_envelope

pytestmark = pytest.mark.django_db


def test_a_pledge_is_matched_at_the_campaigns_ratio(citizen, make_pledge, pay):
    campaign = make_campaign(matching_amount=1, matching_per=2)
    make_envelope(100_000)

    made = pay(make_pledge(campaign, citizen, 2501))

    assert made.matched_cents == 1250  # whole cents, rounded down
    tally = CampaignTally.objects.get(campaign=campaign)
    assert (tally.pledged_cents, tally.matched_cents, tally.raised_cents) == (2501, 1250, 3751)
    assert MatchingEnvelope.objects.get().used_cents == 1250


def test_matching_stops_at_the_campaigns_cap(make_pledge, pay):
    campaign = make_campaign(matching_amount=1, matching_per=1, matching_cap_cents=3000)
    make_envelope(100_000)

    matched = [pay(make_pledge(campaign, UserFactory(), 2000)).matched_cents for _ in range(3)]

    assert matched == [2000, 1000, 0]
    assert CampaignTally.objects.get(campaign=campaign).matched_cents == 3000


def test_two_campaigns_share_the_envelope_without_exceeding_it(make_pledge, pay):
    first = make_campaign(matching_amount=1, matching_per=1)
    second = make_campaign(matching_amount=2, matching_per=1)
    envelope = make_envelope(5000)

    assert pay(make_pledge(first, UserFactory(), 2000)).matched_cents == 2000
    assert pay(make_pledge(second, UserFactory(), 1000)).matched_cents == 2000
    assert pay(make_pledge(second, UserFactory(), 1000)).matched_cents == 1000
    assert pay(make_pledge(first, UserFactory(), 1000)).matched_cents == 0

    envelope.refresh_from_db()
    assert envelope.used_cents == envelope.amount_cents == 5000


def test_without_an_envelope_for_the_year_nothing_is_matched(citizen, make_pledge, pay):
    campaign = make_campaign(matching_amount=1, matching_per=1)
    make_envelope(100_000, year=2001)

    assert pay(make_pledge(campaign, citizen, 2000)).matched_cents == 0
    assert MatchingEnvelope.objects.get().used_cents == 0


def test_an_envelope_of_another_site_is_not_used(citizen, make_pledge, pay):
    from wagtail.models import Page, Site

    other = Site.objects.create(hostname="autre.example", root_page=Page.objects.get(depth=1), site_name="Autre")
    campaign = make_campaign(matching_amount=1, matching_per=1)
    make_envelope(100_000, site=other)

    assert pay(make_pledge(campaign, citizen, 2000)).matched_cents == 0
