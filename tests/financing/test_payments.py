"""A pledge follows its payment through django-payments' dummy provider: authorised → counted,
rejected → nothing counted; a replayed status change or a forged callback changes nothing."""

import uuid

import pytest
from django.urls import reverse
from payments import PaymentStatus

from financing.models import CampaignTally, Payment, Pledge
from tests.factories import UserFactory

from .factories import make_campaign

pytestmark = pytest.mark.django_db

DUMMY_SUCCESS = {"status": "preauth", "fraud_status": "accept", "gateway_response": "3ds-disabled", "verification_result": ""}


def tally_of(campaign):
    tally = CampaignTally.objects.filter(campaign=campaign).first()
    return (tally.pledged_cents, tally.matched_cents, tally.backers) if tally else (0, 0, 0)


def test_a_backer_pledges_pays_and_is_counted(client, citizen, campaign):
    client.force_login(citizen)
    response = client.post(
        reverse("financing:pledge_create", args=[campaign.pk]),
        {"amount": "25", "public": "on", "token": str(uuid.uuid4())},
    )
    made = Pledge.objects.get()
    assert response.status_code == 302 and response.url == reverse("financing:pledge_payment", args=[made.pk])
    assert made.public and made.amount_cents == 2500

    form_page = client.get(response.url)
    assert form_page.status_code == 200
    assert 'name="status"' in form_page.content.decode()  # the dummy provider's form

    paid = client.post(response.url, DUMMY_SUCCESS)
    assert paid.status_code == 302
    assert paid.url.endswith(reverse("financing:pledge_payment_done", args=[made.pk]))

    made.refresh_from_db()
    assert made.status == Pledge.Status.AUTHORISED
    assert made.payments.get().status == PaymentStatus.PREAUTH
    assert tally_of(campaign) == (2500, 0, 1)
    done = client.get(reverse("financing:pledge_payment_done", args=[made.pk]))
    assert "Votre contribution de 25\u00a0€ est enregistrée." in done.content.decode()


def test_a_rejected_payment_counts_nothing_and_says_so(client, citizen, campaign, make_pledge):
    made = make_pledge(campaign, citizen, 2550)
    client.force_login(citizen)
    client.post(reverse("financing:pledge_payment", args=[made.pk]), {**DUMMY_SUCCESS, "status": "rejected"})

    made.refresh_from_db()
    assert made.status == Pledge.Status.FAILED
    assert tally_of(campaign) == (0, 0, 0)
    done = client.get(reverse("financing:pledge_payment_done", args=[made.pk]))
    assert "Le paiement de votre contribution de 25,50\u00a0€ n’a pas abouti" in done.content.decode()


def test_a_replayed_status_change_counts_once(citizen, campaign, make_pledge):
    made = make_pledge(campaign, citizen, 3000)
    payment = made.payments.get()
    payment.change_status(PaymentStatus.PREAUTH)
    payment.change_status(PaymentStatus.PREAUTH)
    Payment.objects.get(pk=payment.pk).change_status(PaymentStatus.CONFIRMED)

    assert tally_of(campaign) == (3000, 0, 1)
    assert Pledge.objects.get().status == Pledge.Status.AUTHORISED


def test_a_failure_after_the_authorisation_does_not_uncount_it(citizen, campaign, make_pledge):
    made = make_pledge(campaign, citizen, 3000)
    payment = made.payments.get()
    payment.change_status(PaymentStatus.PREAUTH)
    payment.change_status(PaymentStatus.ERROR)

    assert Pledge.objects.get().status == Pledge.Status.AUTHORISED
    assert tally_of(campaign) == (3000, 0, 1)


def test_the_providers_callback_for_an_unknown_token_changes_nothing(client, citizen, campaign, make_pledge):
    make_pledge(campaign, citizen, 3000)
    response = client.get(f"/paiements/process/{uuid.uuid4()}/?verification_result=preauth")

    assert response.status_code == 404
    assert Pledge.objects.get().status == Pledge.Status.AWAITING_PAYMENT
    assert tally_of(campaign) == (0, 0, 0)


def test_the_providers_callback_replayed_counts_once(client, citizen, campaign, make_pledge):
    made = make_pledge(campaign, citizen, 3000)
    url = made.payments.get().get_process_url() + "?verification_result=preauth"
    assert client.get(url).status_code == 302
    assert client.get(url).status_code == 302

    assert Pledge.objects.get().status == Pledge.Status.AUTHORISED
    assert tally_of(campaign) == (3000, 0, 1)


def test_a_second_pledge_by_the_same_backer_is_one_backer(citizen, campaign, make_pledge, pay):
    pay(make_pledge(campaign, citizen, 1000))
    pay(make_pledge(campaign, citizen, 2000))
    pay(make_pledge(campaign, UserFactory(), 500))

    assert tally_of(campaign) == (3500, 0, 2)


def test_an_authorisation_arriving_after_the_deadline_is_released(citizen, campaign, make_pledge):
    from datetime import timedelta

    from django.utils import timezone

    made = make_pledge(campaign, citizen, 3000)
    campaign.deadline = timezone.now() - timedelta(seconds=1)
    campaign.save()
    made.payments.get().change_status(PaymentStatus.PREAUTH)

    made.refresh_from_db()
    assert made.status == Pledge.Status.FAILED
    assert made.payments.get().status == PaymentStatus.REFUNDED
    assert tally_of(campaign) == (0, 0, 0)


def test_only_the_backer_sees_their_payment_pages(client, citizen, campaign, make_pledge):
    made = make_pledge(campaign, citizen)
    client.force_login(UserFactory())
    for name in ("pledge_payment", "pledge_payment_done", "pledge_cancel"):
        assert client.get(reverse(f"financing:{name}", args=[made.pk])).status_code == 404
    assert client.post(reverse("financing:pledge_payment", args=[made.pk]), DUMMY_SUCCESS).status_code == 404
    assert Pledge.objects.get().status == Pledge.Status.AWAITING_PAYMENT


def test_cancelling_through_the_pages(client, citizen, campaign, make_pledge, pay):
    made = pay(make_pledge(campaign, citizen))
    client.force_login(citizen)
    assert "Annuler ma contribution" in client.get(reverse("financing:pledge_cancel", args=[made.pk])).content.decode()

    response = client.post(reverse("financing:pledge_cancel", args=[made.pk]))

    assert response.status_code == 302
    assert Pledge.objects.get().status == Pledge.Status.CANCELLED
    assert tally_of(campaign) == (0, 0, 0)


def test_signing_in_comes_first(client, campaign):
    response = client.get(reverse("financing:pledge_create", args=[campaign.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_draft_campaign_has_no_pledge_page(client, citizen):
    campaign = make_campaign(live=False)
    client.force_login(citizen)
    assert client.get(reverse("financing:pledge_create", args=[campaign.pk])).status_code == 404
