"""Simultaneous pledges on PostgreSQL: a limited reward is never oversold, the matching envelope
is never exceeded, and one form sent five times at once is one pledge."""

import uuid

import pytest
from payments import PaymentStatus

from financing.models import CampaignTally, MatchingEnvelope, Payment, Pledge
from financing.services.pledges import pledge
from tests.factories import UserFactory
from tests.concurrency import run_together
from tests.markers import postgresql_only

from .factories import make_campaign, make_envelope

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), postgresql_only]

def test_fifty_simultaneous_pledges_on_a_reward_with_ten_left_sell_exactly_ten():
    campaign = make_campaign(tiers=[(1000, 12)])
    tier = campaign.reward_tiers.get()
    for _ in range(2):
        pledge(campaign, UserFactory(), amount_cents=1000, tier=tier, token=uuid.uuid4())
    backers = [UserFactory() for _ in range(50)]

    errors = run_together(
        lambda index: pledge(campaign, backers[index], amount_cents=1000, tier=tier, token=uuid.uuid4()), 50
    )

    assert len(errors) == 40 and all("épuisée" in str(error) for error in errors)
    assert Pledge.objects.filter(tier=tier).count() == 12
    assert Payment.objects.count() == 12


def test_twenty_simultaneous_authorisations_never_exceed_the_envelope():
    campaign = make_campaign(matching_amount=1, matching_per=1)
    envelope = make_envelope(5 * 1000)
    pledges = [
        pledge(campaign, UserFactory(), amount_cents=1000, token=uuid.uuid4()) for _ in range(20)
    ]
    payments = [made.payments.get() for made in pledges]

    errors = run_together(lambda index: payments[index].change_status(PaymentStatus.PREAUTH), 20)

    assert errors == []
    envelope.refresh_from_db()
    assert envelope.used_cents == envelope.amount_cents == 5000
    tally = CampaignTally.objects.get(campaign=campaign)
    assert (tally.pledged_cents, tally.matched_cents, tally.backers) == (20_000, 5000, 20)
    assert sum(Pledge.objects.values_list("matched_cents", flat=True)) == 5000
    assert Pledge.objects.filter(status=Pledge.Status.AUTHORISED).count() == 20


def test_the_same_form_sent_five_times_at_once_is_one_pledge():
    campaign = make_campaign()
    backer = UserFactory()
    token = uuid.uuid4()
    made = []

    errors = run_together(
        lambda index: made.append(pledge(campaign, backer, amount_cents=2500, token=token).pk), 5
    )

    assert errors == []
    assert len(set(made)) == 1
    assert Pledge.objects.count() == 1 and Payment.objects.count() == 1


def test_the_same_form_for_a_reward_sent_five_times_at_once_is_one_pledge():
    campaign = make_campaign(tiers=[(1000, 1)])
    tier = campaign.reward_tiers.get()
    backer = UserFactory()
    token = uuid.uuid4()
    made = []

    errors = run_together(
        lambda index: made.append(pledge(campaign, backer, amount_cents=1000, tier=tier, token=token).pk), 5
    )

    assert errors == []
    assert len(set(made)) == 1 and Pledge.objects.count() == 1


def test_simultaneous_replays_of_an_authorisation_count_it_once():
    campaign = make_campaign()
    made = pledge(campaign, UserFactory(), amount_cents=2500, token=uuid.uuid4())
    payment_id = made.payments.get().pk

    errors = run_together(lambda index: Payment.objects.get(pk=payment_id).change_status(PaymentStatus.PREAUTH), 10)

    assert errors == []
    tally = CampaignTally.objects.get(campaign=campaign)
    assert (tally.pledged_cents, tally.backers) == (2500, 1)
