"""Where a campaign is: its place in words on its page and on the listing's cards, and on a map
that JavaScript draws from the same place (static/js/map.js, proposal_map.js)."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import FacilityFactory

from .factories import campaign_index, make_campaign

pytestmark = pytest.mark.django_db

PLACE = {"address": "4 quai des Mariniers", "latitude": Decimal("45.821340"), "longitude": Decimal("4.838120")}


def test_the_campaign_page_says_where_in_words_and_places_it_on_a_map(client):
    facility = FacilityFactory(name="Centre aquatique des Mariniers")
    campaign = make_campaign(facility=facility, neighbourhood=facility.neighbourhood, **PLACE)
    html = client.get(campaign.url).content.decode()

    place = html[html.index('id="campaign-place-heading"'):]
    assert "4 quai des Mariniers" in place and "Centre aquatique des Mariniers" in place
    assert facility.neighbourhood.name in place
    assert 'data-map data-lat="45.821340" data-lng="4.838120" data-label="4 quai des Mariniers"' in place
    assert "js/map.js" in html and "leaflet.js" in html


def test_a_campaign_without_a_place_loads_no_map(client):
    html = client.get(make_campaign().url).content.decode()
    assert "data-map" not in html and "leaflet" not in html


def test_the_listing_maps_its_live_campaigns_and_its_cards_say_where(client):
    live = make_campaign(title="Une fresque", **PLACE)
    make_campaign(title="Une fresque passée", deadline=timezone.now() - timedelta(days=3), **PLACE)
    make_campaign(title="Sans lieu")
    index = campaign_index()
    html = client.get(index.url).content.decode()

    script = html[html.index('id="campaign-map-points"'):]
    points = json.loads(script[script.index(">") + 1:script.index("</script>")])
    assert points == [{"title": "Une fresque", "url": live.url, "lat": 45.82134, "lng": 4.83812}]
    assert "La liste des campagnes ci-dessous donne les mêmes campagnes que la carte" in html
    assert html.count('<p class="card__meta">4 quai des Mariniers</p>') == 2
    assert "js/proposal_map.js" in html
