"""At the deadline: a campaign that reached its goal collects its pledges, one that did not
releases them and gives the matching back; keep-what-is-raised donations collect anyway; a
campaign is settled once; pledges never paid expire."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from payments import PaymentStatus

from financing.models import CampaignPage, CampaignTally, MatchingEnvelope, Pledge
from financing.services.pledges import record_offline_pledge
from financing.services.settlement import settle_campaign
from tests.factories import UserFactory

from .factories import make_campaign, make_envelope

pytestmark = pytest.mark.django_db


def past_deadline(campaign):
    CampaignPage.objects.filter(pk=campaign.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    return CampaignPage.objects.get(pk=campaign.pk)


def test_a_campaign_that_reached_its_goal_collects_every_authorised_pledge(make_pledge, pay):
    campaign = make_campaign(goal_cents=5000, matching_amount=1, matching_per=1)
    make_envelope(1000)
    pledges = [pay(make_pledge(campaign, UserFactory(), 2000)) for _ in range(2)]  # 4 000 + 1 000 matched
    waiting = make_pledge(campaign, UserFactory(), 1000)

    tally = settle_campaign(past_deadline(campaign))

    assert tally.outcome == "succeeded" and tally.settled_at is not None
    for made in pledges:
        made.refresh_from_db()
        assert made.status == Pledge.Status.COLLECTED
        assert made.payments.get().status == PaymentStatus.CONFIRMED
    assert Pledge.objects.get(pk=waiting.pk).status == Pledge.Status.AWAITING_PAYMENT
    assert MatchingEnvelope.objects.get().used_cents == 1000


def test_a_failed_campaign_releases_its_pledges_and_gives_the_matching_back(editor, make_pledge, pay):
    campaign = make_campaign(goal_cents=100_000, matching_amount=1, matching_per=1)
    make_envelope(10_000)
    online = pay(make_pledge(campaign, UserFactory(), 2000))
    desk = record_offline_pledge(campaign, editor, backer_name="M. Petit", amount_cents=1000)
    assert MatchingEnvelope.objects.get().used_cents == 3000

    tally = settle_campaign(past_deadline(campaign))

    assert tally.outcome == "failed"
    online.refresh_from_db()
    desk.refresh_from_db()
    assert online.status == Pledge.Status.RELEASED
    assert desk.status == Pledge.Status.OFFLINE  # the desk hands the money back
    assert online.payments.get().status == PaymentStatus.REFUNDED
    assert MatchingEnvelope.objects.get().used_cents == 0
    # The campaign's page still says how far it got.
    tally.refresh_from_db()
    assert (tally.pledged_cents, tally.matched_cents, tally.backers) == (3000, 3000, 2)


def test_a_donation_that_keeps_what_it_raises_collects_below_its_goal(make_pledge, pay):
    campaign = make_campaign(goal_cents=100_000, keep_what_is_raised=True)
    made = pay(make_pledge(campaign, UserFactory(), 2000))

    tally = settle_campaign(past_deadline(campaign))

    assert tally.outcome == "failed"
    made.refresh_from_db()
    assert made.status == Pledge.Status.COLLECTED
    assert made.payments.get().captured_amount == made.payments.get().total


def test_a_campaign_is_settled_once(make_pledge, pay):
    campaign = make_campaign(goal_cents=1000)
    pay(make_pledge(campaign, UserFactory(), 2000))
    campaign = past_deadline(campaign)

    first = settle_campaign(campaign)
    second = settle_campaign(campaign)

    assert second.settled_at == first.settled_at
    assert Pledge.objects.get().status == Pledge.Status.COLLECTED


def test_nothing_is_settled_before_the_deadline(campaign):
    assert settle_campaign(campaign) is None
    assert not CampaignTally.objects.filter(settled_at__isnull=False).exists()


def test_the_command_settles_due_campaigns_and_expires_unpaid_pledges(make_pledge, pay):
    due = make_campaign(goal_cents=1000)
    pay(make_pledge(due, UserFactory(), 2000))
    past_deadline(due)
    running = make_campaign(tiers=[(1000, 1)])
    stale = make_pledge(running, UserFactory(), 1000, tier=running.reward_tiers.get())
    Pledge.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=2))
    fresh = make_pledge(running, UserFactory(), 1000)

    out = StringIO()
    call_command("settle_campaigns", stdout=out)
    call_command("settle_campaigns", stdout=StringIO())

    assert "1 campaign(s) settled, 1 pledge(s) expired." in out.getvalue()
    assert CampaignTally.objects.get(campaign=due).outcome == "succeeded"
    assert not CampaignTally.objects.filter(campaign=running, settled_at__isnull=False).exists()
    assert Pledge.objects.get(pk=stale.pk).status == Pledge.Status.FAILED
    assert Pledge.objects.get(pk=fresh.pk).status == Pledge.Status.AWAITING_PAYMENT
    # the expired pledge's reward is free again
    assert make_pledge(running, UserFactory(), 1000, tier=running.reward_tiers.get()).status == "awaiting_payment"


def test_a_failed_campaign_refunds_payments_a_provider_charged_at_once(make_pledge, pay):
    """Providers that cannot authorise alone (django-payments' Stripe Checkout) charge at pledge
    time: a failed all-or-nothing campaign refunds them."""
    campaign = make_campaign(goal_cents=100_000)
    charged = pay(make_pledge(campaign, UserFactory(), 2000), status=PaymentStatus.CONFIRMED)
    assert charged.status == Pledge.Status.AUTHORISED

    tally = settle_campaign(past_deadline(campaign))

    charged.refresh_from_db()
    assert tally.outcome == "failed"
    assert charged.status == Pledge.Status.RELEASED
    assert charged.payments.get().status == PaymentStatus.REFUNDED


def test_business_financing_is_never_settled_and_reads_offer_closed(client):
    """The licensed platform ran the offer: the portal does not call it succeeded or failed."""
    from financing.reads import campaign_progress
    from financing.services.settlement import due_campaigns

    campaign = past_deadline(make_campaign(category="equity", equity_platform_url="https://plateforme.example/offre"))

    assert campaign not in due_campaigns()
    assert settle_campaign(campaign) is None
    assert not CampaignTally.objects.filter(campaign=campaign, settled_at__isnull=False).exists()
    assert campaign_progress(campaign).state == "offer_closed"
    html = client.get(campaign.url, follow=True).content.decode()
    assert "Offre close" in html
