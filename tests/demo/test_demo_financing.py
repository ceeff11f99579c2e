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
    for campaign in CampaignPage.objects.live().child_of(index):
        assert campaign.title.replace("'", "&#x27;") in html


def test_campaigns_cover_every_category_and_state():
    campaigns = list(CampaignPage.objects.live().select_related("tally"))
    assert {campaign.category for campaign in campaigns} == {"donation", "rewards", "loan", "equity"}
    assert {campaign_progress(campaign).state for campaign in campaigns} == {"live", "succeeded", "failed"}


def test_tallies_add_up_the_pledges_and_the_envelope_covers_the_matching():
    for campaign in CampaignPage.objects.live().select_related("tally"):
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


def test_a_citizens_campaigns_wait_in_review_one_sent_back_with_a_reason(client):
    """financing.yaml `proposed`: the demo citizen's campaigns, unpublished, in the moderators'
    workflow; « Mes campagnes » shows where each stands and the moderator's reason."""
    from consultations.models import User
    from financing.holder_reads import holder_campaigns

    holder = User.objects.get(email="citoyenne.verifiee@demo.example")
    states = {campaign.draft_title: status for campaign, status in holder_campaigns(holder)}
    assert states["Des casiers solidaires au centre aquatique"].code == "in_review"
    sent_back = states["Un atelier vélo devant la piscine Saint-Roch"]
    assert sent_back.code == "changes_requested" and "accord de la direction" in sent_back.reason
    assert not CampaignPage.objects.filter(holder=holder, live=True).exists()
    client.force_login(holder)
    page = client.get("/accounts/campaigns/", HTTP_HOST="localhost").text
    assert "En relecture" in page and "Modifications demandées" in page and "accord de la direction" in page
