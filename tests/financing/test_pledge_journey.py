"""From the campaign's page to a counted pledge, as a backer and as the anonymous visitors who
read the page before and after it."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

from .factories import make_campaign, make_envelope

pytestmark = pytest.mark.django_db


def page_text(client, campaign):
    return client.get(campaign.url).content.decode()


def test_a_live_campaign_leads_to_its_pledge_form_and_business_financing_to_the_platform(client):
    live = make_campaign()
    assert reverse("financing:pledge_create", args=[live.pk]) in page_text(client, live)
    equity = make_campaign(category="equity", equity_platform_url="https://plateforme.example/offre")
    html = page_text(client, equity)
    assert reverse("financing:pledge_create", args=[equity.pk]) not in html
    assert "https://plateforme.example/offre" in html


def test_an_ended_campaign_takes_no_pledge_from_its_page(client):
    from datetime import timedelta

    from django.utils import timezone

    ended = make_campaign(deadline=timezone.now() - timedelta(hours=1))
    assert reverse("financing:pledge_create", args=[ended.pk]) not in page_text(client, ended)


def test_anonymous_visitors_see_a_counted_pledge_at_once_despite_the_page_cache(client, settings, make_pledge, pay):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    make_envelope(100_000)
    campaign = make_campaign(goal_cents=100_000, matching_amount=1, matching_per=2)
    assert "0 € sur 1 000 €" in page_text(client, campaign).replace("\u202f", " ").replace("\xa0", " ")

    pay(make_pledge(campaign, UserFactory(), amount_cents=20_000))

    text = page_text(client, campaign).replace("\u202f", " ").replace("\xa0", " ")
    assert "300 € sur 1 000 €" in text  # 200 € pledged and 100 € matched
