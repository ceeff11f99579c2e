"""The demo's participatory financing: each site's page, campaigns in every state and category,
tallies that add up their pledges and a matching envelope that covers what was matched."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from wagtail.models import Site

from demo.pages import SITES
from financing.models import CampaignIndexPage, CampaignPage, MatchingEnvelope, Pledge
from financing.reads import campaign_progress


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


@pytest.mark.parametrize("spec", SITES, ids=lambda spec: spec["hostname"])
def test_each_site_lists_its_campaigns_in_its_menu(client, spec):
    index = CampaignIndexPage.objects.live().get(url_path__startswith=f"/{spec['home']['slug']}/")
    html = client.get(f"/{index.slug}/", HTTP_HOST=spec["hostname"]).text
    menu = html[html.index('<nav class="site-nav"'):html.index("</nav>")]
    assert "Financement participatif" in menu
    for campaign in CampaignPage.objects.live().child_of(index):
        assert campaign.title.replace("'", "&#x27;") in html


def test_campaigns_cover_every_category_and_state_over_two_years():
    campaigns = list(CampaignPage.objects.live().select_related("tally"))
    states = {(campaign.category, campaign_progress(campaign).state) for campaign in campaigns}
    for category in ("donation", "rewards", "loan"):
        assert {(category, state) for state in ("live", "succeeded", "failed")} <= states
    # Business financing takes no pledge on the portal: live and ended, with no pledge.
    assert ("equity", "live") in states and any(state != "live" for category, state in states if category == "equity")
    assert not Pledge.objects.filter(campaign__category="equity").exists()
    assert len({timezone.localtime(campaign.deadline).year for campaign in campaigns}) >= 2


def test_tallies_add_up_the_pledges_and_the_envelope_covers_the_matching():
    for campaign in CampaignPage.objects.live().select_related("tally"):
        pledges = Pledge.objects.filter(campaign=campaign)
        totals = pledges.aggregate(pledged=Sum("amount_cents"), matched=Sum("matched_cents"))
        assert campaign.tally.pledged_cents == (totals["pledged"] or 0)
        assert campaign.tally.matched_cents == (totals["matched"] or 0)
        accounts = pledges.filter(backer__isnull=False).values("backer").distinct().count()
        assert campaign.tally.backers == accounts + pledges.filter(backer__isnull=True).count()
        assert all(pledge.created_at < campaign.deadline for pledge in pledges)
        succeeded = campaign.tally.raised_cents >= campaign.goal_cents
        assert campaign.tally.outcome in ("", "succeeded" if succeeded else "failed")
    envelope = MatchingEnvelope.objects.get(site=Site.objects.get(is_default_site=True))
    counted = Pledge.objects.filter(status__in=Pledge.COUNTED).aggregate(matched=Sum("matched_cents"))["matched"]
    assert envelope.used_cents == counted > 0


def test_a_campaign_page_of_the_demo_is_served(client):
    html = client.get("/financement/fresque-centre-aquatique/", HTTP_HOST="localhost").text
    assert "3\u00a0450\u00a0€ sur 5\u00a0000\u00a0€ (69\u00a0%) dont 1\u00a0150\u00a0€ d'abondement" in html
    assert "épuisée" in html


def test_campaign_news_fall_in_their_campaigns_timeline_and_quote_their_figures():
    from django.utils import timezone

    from financing.models import CampaignUpdate
    from financing.templatetags.financing_tags import cents_as_euros

    news = list(CampaignUpdate.objects.select_related("campaign__tally"))
    assert {campaign_progress(update.campaign).state for update in news} == {"live", "succeeded"}
    for update in news:
        campaign = update.campaign
        assert update.published_at <= timezone.now()
        assert update.notified_at == update.published_at
        if campaign_progress(campaign).state == "live":
            assert update.published_at < campaign.deadline
        else:
            assert update.published_at > campaign.tally.settled_at
        for figure in ("3 200 €", "3 000 €"):
            if figure in update.body.replace("\u202f", " ").replace("\u00a0", " "):
                shown = {cents_as_euros(campaign.tally.raised_cents), cents_as_euros(campaign.goal_cents)}
                assert figure in {text.replace("\u202f", " ").replace("\u00a0", " ") for text in shown}


def test_the_demo_citizen_follows_campaigns_and_sees_them_on_her_account(client):
    from consultations.models import User

    citizen = User.objects.get(email="citoyenne.verifiee@demo.example")
    assert citizen.campaign_follows.count() == 3
    client.force_login(citizen)
    html = client.get("/accounts/notifications/", HTTP_HOST="localhost").text
    assert "Campagnes de financement" in html and "Une fresque pour le centre aquatique" in html


@pytest.mark.parametrize("spec", SITES, ids=lambda spec: spec["hostname"])
def test_each_sites_statistics_agree_with_its_campaigns(client, spec):
    index = CampaignIndexPage.objects.live().get(url_path__startswith=f"/{spec['home']['slug']}/")
    campaigns = list(CampaignPage.objects.child_of(index).live().select_related("tally"))
    settled = [c for c in campaigns if c.category != "equity" and c.tally.outcome]
    succeeded = sum(c.tally.outcome == "succeeded" for c in settled)
    collected = [c for c in settled if c.tally.outcome == "succeeded" or c.keep_what_is_raised]
    raised = sum(c.tally.raised_cents for c in collected) // 100
    html = client.get(f"/{index.slug}/statistiques/", HTTP_HOST=spec["hostname"]).text
    text = html.replace("\u202f", " ").replace("\xa0", " ")

    rate = f"{Decimal(succeeded * 100) / len(settled):.1f}".replace(".", ",")
    assert (
        f"Campagnes terminées ayant atteint leur objectif : {succeeded} sur {len(settled)}, "
        f"soit un taux de réussite de {rate} %."
    ) in text
    assert f'<span class="key-figures__value">{raised:,} €</span>'.replace(",", " ") in text
    assert f'<span class="key-figures__value">{len(campaigns)}</span>' in text
    assert text.count('<svg class="chart__svg"') == 4


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


def test_the_demo_loan_has_its_first_instalment_repaid_and_its_lender_sees_it(client):
    """financing.yaml `loans`: a succeeded loan whose first quarter was repaid through the service."""
    from consultations.models import User
    from financing.models import Repayment

    loan = CampaignPage.objects.get(slug="creperie-patinoire")
    assert loan.holder.email == "citoyen@demo.example" and loan.tally.outcome == "succeeded"
    assert loan.loan_instalments.count() == 4
    repaid = Repayment.objects.filter(pledge__campaign=loan)
    assert sum(repayment.amount_cents for repayment in repaid) == loan.tally.pledged_cents // 4
    lender = User.objects.get(email="citoyenne.verifiee@demo.example")
    client.force_login(lender)
    text = client.get("/accounts/financement/", HTTP_HOST="localhost").text.replace("\u202f", " ").replace("\xa0", " ")
    assert "Une crêperie ambulante devant la patinoire" in text and "125 €" in text


def test_every_online_pledge_of_the_demo_has_its_payment_so_the_accounts_read_it():
    online = Pledge.objects.filter(backer__isnull=False)
    assert online.exists()
    assert not online.filter(payments__isnull=True).exists()
    # A failed campaign's pledges were authorised, then released: never charged, never refunded.
    released = online.filter(status=Pledge.Status.RELEASED)
    assert released.exists()
    assert set(released.values_list("payments__given_back", flat=True)) == {"released"}
