"""The demo's participatory financing: each site's page, campaigns in every state and category,
tallies that add up their pledges and a matching envelope that covers what was matched."""

import pytest
from django.db.models import Sum
from wagtail.models import Site

from demo.pages import SITES
from financing.models import CampaignIndexPage, CampaignPage, MatchingEnvelope, Pledge
from financing.reads import campaign_progress

DEMO_SCALE = 0

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


@pytest.mark.parametrize("spec", SITES, ids=lambda spec: spec["hostname"])
def test_each_site_lists_its_campaigns_in_its_menu(client, spec):
    index = CampaignIndexPage.objects.live().get(url_path__startswith=f"/{spec['home']['slug']}/")
    html = client.get(f"/{index.slug}/", HTTP_HOST=spec["hostname"]).text
    menu = html[html.index('<nav class="site-nav"'):html.index("</nav>")]
    assert "Financement participatif" in menu
    for campaign in CampaignPage.objects.child_of(index):
        assert campaign.title.replace("'", "&#x27;") in html


def test_campaigns_cover_every_category_and_state():
    campaigns = list(CampaignPage.objects.live().select_related("tally"))
    assert {campaign.category for campaign in campaigns} == {"donation", "rewards", "loan", "equity"}
    assert {campaign_progress(campaign).state for campaign in campaigns} == {"live", "succeeded", "failed"}


def test_tallies_add_up_the_pledges_and_the_envelope_covers_the_matching():
    for campaign in CampaignPage.objects.select_related("tally"):
        pledges = Pledge.objects.filter(campaign=campaign)
        totals = pledges.aggregate(pledged=Sum("amount_cents"), matched=Sum("matched_cents"))
        assert campaign.tally.pledged_cents == totals["pledged"]
        assert campaign.tally.matched_cents == totals["matched"]
        assert campaign.tally.backers == pledges.count()
        succeeded = campaign.tally.raised_cents >= campaign.goal_cents
        assert campaign.tally.outcome in ("", "succeeded" if succeeded else "failed")
    envelope = MatchingEnvelope.objects.get(site=Site.objects.get(is_default_site=True))
    counted = Pledge.objects.filter(status__in=Pledge.COUNTED).aggregate(matched=Sum("matched_cents"))["matched"]
    assert envelope.used_cents == counted > 0


def test_a_campaign_page_of_the_demo_is_served(client):
    html = client.get("/financement/fresque-centre-aquatique/", HTTP_HOST="localhost").text
    assert "3\u00a0450\u00a0€ sur 5\u00a0000\u00a0€ (69\u00a0%) dont 1\u00a0150\u00a0€ d'abondement" in html
    assert "épuisée" in html


# The staff side (financing.yaml `desk` and `interest`), recorded through the services.


def test_desk_pledges_are_recorded_by_the_staff_who_manage_the_campaign():
    desk = Pledge.objects.filter(recorded_by__email="redaction.camping@demo.example")
    assert [(pledge.campaign.slug, pledge.backer_name, pledge.amount_cents) for pledge in desk] == [
        ("sanitaires", "Famille Arnaud", 25_000)
    ]
    rink = Pledge.objects.filter(campaign__slug="patins-ecoles", recorded_by__email="moderation@demo.example")
    assert rink.count() == 5  # three from the campaign's own list, two at the desk
    assert CampaignPage.objects.get(slug="patins-ecoles").tally.pledged_cents == (150 + 300 + 200 + 120 + 35) * 100


def test_the_equity_campaign_shows_the_people_interested(client):
    html = client.get("/financement/buvette-cooperative/", HTTP_HOST="patinoire.localhost").text
    text = html.replace("\u202f", " ").replace("\xa0", " ")
    assert "2 personnes intéressées, qui envisagent 2 000 € au total" in text
    assert "Ce n'est pas un investissement" in text
