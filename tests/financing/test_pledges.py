"""Pledging: each refusal says why and records nothing; a resent form is one pledge; a limited
reward is never oversold; cancelling and desk pledges."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from payments import PaymentStatus

from consultations.services import sanctions
from financing.models import CampaignTally, FinancingSettings, Payment, Pledge
from financing.services.pledges import cancel_pledge, pledge, record_offline_pledge
from tests.factories import UserFactory

from .factories import make_campaign

pytestmark = pytest.mark.django_db


def nothing_recorded():
    return Pledge.objects.count() == 0 and Payment.objects.count() == 0


def test_a_pledge_awaits_its_payment_and_counts_nothing_yet(campaign, citizen, make_pledge):
    made = make_pledge(campaign, citizen, 2550, public=True)

    assert made.status == Pledge.Status.AWAITING_PAYMENT
    assert made.amount_cents == 2550 and made.public
    payment = made.payments.get()
    assert str(payment.total) == "25.50" and payment.currency == "EUR" and payment.variant == "default"
    assert payment.billing_email == citizen.email
    assert not CampaignTally.objects.filter(campaign=campaign, pledged_cents__gt=0).exists()


@pytest.mark.parametrize("amount", [0, -500, 25.5, "2500", True, None])
def test_an_amount_that_is_not_a_positive_whole_number_of_cents_is_refused(campaign, citizen, amount):
    with pytest.raises(ValidationError, match="supérieur à zéro"):
        pledge(campaign, citizen, amount_cents=amount, token=uuid.uuid4())
    assert nothing_recorded()


def test_the_sites_limits_are_enforced(campaign, citizen):
    limits = FinancingSettings.for_site(campaign.get_site())
    limits.minimum_pledge_cents, limits.maximum_pledge_cents = 1000, 50_000
    limits.save()

    with pytest.raises(ValidationError) as too_small:
        pledge(campaign, citizen, amount_cents=999, token=uuid.uuid4())
    with pytest.raises(ValidationError) as too_large:
        pledge(campaign, citizen, amount_cents=50_001, token=uuid.uuid4())
    assert too_small.value.messages == ["La plus petite contribution est de 10\u00a0€."]
    assert too_large.value.messages == ["La plus grande contribution est de 500\u00a0€."]
    assert nothing_recorded()
    assert pledge(campaign, citizen, amount_cents=50_000, token=uuid.uuid4()).amount_cents == 50_000


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"live": False}, "pas ouverte"),
        ({"deadline": timezone.now() - timedelta(minutes=1)}, "échéance"),
        ({"category": "equity", "equity_platform_url": "https://plateforme.example/offre"}, "plateforme"),
    ],
    ids=["draft", "after-deadline", "equity"],
)
def test_a_campaign_that_takes_no_pledge_refuses_with_a_reason(citizen, fields, message):
    campaign = make_campaign(**fields)
    with pytest.raises(PermissionDenied, match=message):
        pledge(campaign, citizen, amount_cents=2500, token=uuid.uuid4())
    assert nothing_recorded()


def test_a_settled_campaign_takes_no_pledge(campaign, citizen):
    CampaignTally.objects.create(campaign=campaign, outcome="failed")
    campaign.refresh_from_db()
    with pytest.raises(PermissionDenied, match="terminée"):
        pledge(campaign, citizen, amount_cents=2500, token=uuid.uuid4())
    assert nothing_recorded()


def test_a_suspended_account_cannot_pledge(campaign, citizen, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sanctions.sanction_account(
            citizen, moderator=moderator, kind="suspension", reason="insulte", until=timezone.now() + timedelta(days=3)
        )
    citizen.refresh_from_db()
    with pytest.raises(PermissionDenied, match="suspendu"):
        pledge(campaign, citizen, amount_cents=2500, token=uuid.uuid4())
    assert nothing_recorded()


def test_a_reward_asks_for_its_amount_and_belongs_to_the_campaign(citizen):
    campaign = make_campaign(tiers=[(3000, None)])
    other = make_campaign(tiers=[(1000, None)])
    tier = campaign.reward_tiers.get()

    with pytest.raises(ValidationError) as too_small:
        pledge(campaign, citizen, amount_cents=2999, tier=tier, token=uuid.uuid4())
    assert too_small.value.messages == ["Cette contrepartie demande une contribution d’au moins 30\u00a0€."]
    with pytest.raises(ValidationError, match="autre campagne"):
        pledge(campaign, citizen, amount_cents=5000, tier=other.reward_tiers.get(), token=uuid.uuid4())
    assert nothing_recorded()


def test_a_sold_out_reward_is_refused_and_a_failed_payment_frees_it(citizen, make_pledge, pay):
    campaign = make_campaign(tiers=[(1000, 2)])
    tier = campaign.reward_tiers.get()
    first = make_pledge(campaign, citizen, 1000, tier=tier)
    make_pledge(campaign, UserFactory(), 1000, tier=tier)

    with pytest.raises(ValidationError, match="épuisée"):
        make_pledge(campaign, UserFactory(), 1000, tier=tier)
    assert Pledge.objects.count() == 2

    pay(first, PaymentStatus.REJECTED)
    assert make_pledge(campaign, UserFactory(), 1000, tier=tier).tier == tier


def test_the_same_form_sent_twice_is_one_pledge(campaign, citizen):
    token = uuid.uuid4()
    first = pledge(campaign, citizen, amount_cents=2500, token=token)
    again = pledge(campaign, citizen, amount_cents=2500, token=str(token))

    assert again.pk == first.pk
    assert Pledge.objects.count() == 1 and Payment.objects.count() == 1


def test_someone_elses_form_token_is_refused(campaign, citizen):
    token = uuid.uuid4()
    pledge(campaign, citizen, amount_cents=2500, token=token)
    with pytest.raises(PermissionDenied):
        pledge(campaign, UserFactory(), amount_cents=2500, token=token)
    assert Pledge.objects.count() == 1


def test_cancelling_gives_everything_back(citizen, make_pledge, pay):
    campaign = make_campaign(tiers=[(1000, 1)], matching_amount=1, matching_per=1)
    from .factories import make_envelope

    envelope = make_envelope(10_000)
    tier = campaign.reward_tiers.get()
    made = pay(make_pledge(campaign, citizen, 2000, tier=tier))
    assert made.status == Pledge.Status.AUTHORISED

    cancel_pledge(made, citizen)

    made.refresh_from_db()
    tally = CampaignTally.objects.get(campaign=campaign)
    envelope.refresh_from_db()
    assert made.status == Pledge.Status.CANCELLED
    assert made.payments.get().status == PaymentStatus.REFUNDED  # the authorisation is released
    assert (tally.pledged_cents, tally.matched_cents, tally.backers) == (0, 0, 0)
    assert envelope.used_cents == 0
    assert make_pledge(campaign, UserFactory(), 1000, tier=tier).tier == tier


def test_a_pledge_awaiting_payment_may_be_cancelled_too(campaign, citizen, make_pledge):
    made = make_pledge(campaign, citizen)
    cancel_pledge(made, citizen)
    made.refresh_from_db()
    assert made.status == Pledge.Status.CANCELLED
    assert made.payments.get().status == PaymentStatus.CANCELLED


def test_only_the_backer_cancels_and_only_before_the_deadline(campaign, citizen, make_pledge, pay):
    made = pay(make_pledge(campaign, citizen))
    with pytest.raises(PermissionDenied, match="contributeur"):
        cancel_pledge(made, UserFactory())

    campaign.deadline = timezone.now() - timedelta(seconds=1)
    campaign.save()
    with pytest.raises(PermissionDenied, match="échéance"):
        cancel_pledge(made, citizen)
    made.refresh_from_db()
    assert made.status == Pledge.Status.AUTHORISED
    assert CampaignTally.objects.get(campaign=campaign).pledged_cents == 2500


def test_staff_record_a_desk_pledge_that_counts_and_is_matched(campaign, editor):
    from .factories import make_envelope

    envelope = make_envelope(10_000)
    campaign.matching_amount, campaign.matching_per = 1, 2
    campaign.save()

    made = record_offline_pledge(campaign, editor, backer_name="  Mme Dupont ", amount_cents=4000)

    assert made.status == Pledge.Status.OFFLINE and made.recorded_by == editor and made.backer_name == "Mme Dupont"
    assert made.matched_cents == 2000
    tally = CampaignTally.objects.get(campaign=campaign)
    envelope.refresh_from_db()
    assert (tally.pledged_cents, tally.matched_cents, tally.backers) == (4000, 2000, 1)
    assert envelope.used_cents == 2000


def test_citizens_and_moderators_without_page_rights_cannot_record_desk_pledges(campaign, citizen):
    with pytest.raises(PermissionDenied, match="guichet"):
        record_offline_pledge(campaign, citizen, backer_name="Mme Dupont", amount_cents=4000)
    with pytest.raises(ValidationError):
        record_offline_pledge(campaign, UserFactory(is_superuser=True), backer_name=" ", amount_cents=4000)
    assert nothing_recorded()
