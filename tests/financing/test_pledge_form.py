"""The pledge form takes euros as people type them and turns them into whole cents exactly."""

import uuid

import pytest
from django.urls import reverse

from financing.forms import cents_from_euros
from financing.models import Pledge

from .factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed, cents",
    [("25", 2500), ("25,50", 2550), ("25.5", 2550), ("1 000", 100_000), ("1\u00a0000,01 €", 100_001), ("0,07", 7), ("19,99", 1999)],
)
def test_euros_as_typed_become_exact_cents(typed, cents):
    assert cents_from_euros(typed) == cents


@pytest.mark.parametrize("typed", ["abc", "-5", "10.005", "10,", "1e3", "", "25,5,0", "nan", "Infinity"])
def test_what_is_not_an_amount_is_none(typed):
    assert cents_from_euros(typed) is None


@pytest.mark.parametrize("typed", ["abc", "-5", "10.005", "0"])
def test_the_form_refuses_what_is_not_an_amount_and_records_nothing(client, citizen, campaign, typed):
    client.force_login(citizen)
    response = client.post(
        reverse("financing:pledge_create", args=[campaign.pk]), {"amount": typed, "token": str(uuid.uuid4())}
    )

    assert response.status_code == 200
    assert "au plus deux décimales" in response.content.decode()
    assert Pledge.objects.count() == 0


def test_the_form_shows_the_services_refusal_on_its_field(client, citizen):
    campaign = make_campaign(tiers=[(3000, None)])
    client.force_login(citizen)
    response = client.post(
        reverse("financing:pledge_create", args=[campaign.pk]),
        {"amount": "20", "tier": campaign.reward_tiers.get().pk, "token": str(uuid.uuid4())},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == ["Cette contrepartie demande une contribution d’au moins 30\u00a0€."]
    assert Pledge.objects.count() == 0


def test_the_form_offers_rewards_with_labels(client, citizen):
    campaign = make_campaign(tiers=[(3000, 5)])
    client.force_login(citizen)
    page = client.get(reverse("financing:pledge_create", args=[campaign.pk])).content.decode()

    assert '<label for="id_amount">Montant (€)' in page
    assert '<label for="id_tier">Contrepartie' in page
    assert "Contrepartie 1 (30\u00a0€)" in page
    assert 'type="hidden" name="token"' in page


def test_an_equity_campaign_explains_where_to_go_instead(client, citizen):
    campaign = make_campaign(category="equity", equity_platform_url="https://plateforme.example/offre")
    client.force_login(citizen)
    page = client.get(reverse("financing:pledge_create", args=[campaign.pk])).content.decode()

    assert "règlement UE 2020/1503" in page
    assert 'href="https://plateforme.example/offre"' in page
    assert 'name="amount"' not in page


def test_a_sold_out_reward_is_marked_and_cannot_be_chosen(client, citizen, make_pledge):
    from tests.factories import UserFactory

    campaign = make_campaign(tiers=[(3000, 1), (5000, 2)])
    sold, left = campaign.reward_tiers.order_by("sort_order")
    make_pledge(campaign, UserFactory(), amount_cents=3000, tier=sold)
    client.force_login(citizen)
    page = client.get(reverse("financing:pledge_create", args=[campaign.pk])).content.decode()

    assert f'<option value="{sold.pk}" disabled>Contrepartie 1 (30\u00a0€) — épuisée</option>' in page
    assert f'<option value="{left.pk}">Contrepartie 2 (50\u00a0€)</option>' in page


def test_the_simulated_payment_form_speaks_french(client, citizen, campaign, make_pledge):
    made = make_pledge(campaign, citizen)
    client.force_login(citizen)
    page = client.get(reverse("financing:pledge_payment", args=[made.pk])).content.decode()

    assert "Résultat du paiement à simuler" in page and "Résultat du contrôle antifraude" in page
    assert "Le service de paiement est injoignable" in page and "Pré-autorisé" in page
    assert "Gateway" not in page and "Fraud status" not in page
