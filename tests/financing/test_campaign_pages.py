"""What visitors see of campaigns: the campaign page and the listing."""

from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from wagtail.models import Site

from financing.models import BudgetLine, CampaignIndexPage, CampaignPage, CampaignTally, Pledge, RewardTier
from financing.reads import campaign_listing, campaign_progress, public_backers, tiers_left
from home.models import SiteIdentity
from tests.factories import FacilityFactory, NeighbourhoodFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


@pytest.fixture
def campaign_index(home_page):
    return home_page.add_child(
        instance=CampaignIndexPage(title="Financement participatif", slug="financement", introduction="<p>Des projets.</p>")
    )


@pytest.fixture
def make_campaign(campaign_index):
    counter = {"n": 0}

    def make(*, pledged=0, matched=0, backers=0, outcome="", days=20, **fields):
        counter["n"] += 1
        values = {
            "title": f"Campagne {counter['n']}", "slug": f"campagne-{counter['n']}",
            "holder_name": "Association du quartier", "holder_kind": "association",
            "contact_email": "asso@exemple.fr", "summary": "Un projet de quartier.",
            "category": "donation", "goal_cents": 500_000,
            "deadline": timezone.now() + timedelta(days=days),
            **fields,
        }
        deadline = values["deadline"]
        # A page cannot be saved with its deadline past: ended campaigns are moved there after.
        values["deadline"] = max(deadline, timezone.now() + timedelta(hours=1))
        campaign = campaign_index.add_child(instance=CampaignPage(**values))
        CampaignPage.objects.filter(pk=campaign.pk).update(deadline=deadline)
        CampaignTally.objects.create(
            campaign=campaign, pledged_cents=pledged, matched_cents=matched, backers=backers, outcome=outcome
        )
        return CampaignPage.objects.get(pk=campaign.pk)

    return make


def pledge(campaign, *, amount=1000, status=Pledge.Status.COLLECTED, **fields):
    if "backer" not in fields:
        fields["backer"] = UserFactory()
    return Pledge.objects.create(campaign=campaign, amount_cents=amount, status=status, **fields)


class ScriptFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources = []
        self.meta = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.sources.append(attrs["src"])
        if tag == "meta":
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")


def parsed(response):
    finder = ScriptFinder()
    finder.feed(response.content.decode())
    return finder


# The campaign page


def test_the_page_shows_amounts_in_french_with_the_matched_part_apart(client, make_campaign):
    campaign = make_campaign(
        pledged=230_000, matched=115_000, backers=12, matching_amount=1, matching_per=2, matching_cap_cents=200_000
    )
    html = client.get(campaign.url).content.decode()
    assert f"3{NBSP}450{NBSP}€ sur 5{NBSP}000{NBSP}€ (69{NBSP}%) dont 1{NBSP}150{NBSP}€ d'abondement" in html
    assert f"la SEM ajoute 1{NBSP}€ pour 2{NBSP}€ versés, jusqu'à 2{NBSP}000{NBSP}€" in html
    assert f"2{NBSP}300{NBSP}€" in html  # what backers pledged, apart
    assert 'role="progressbar"' in html or '<progress class="progress__bar" max="100" value="69"' in html


def test_a_reward_held_by_as_many_pledges_as_it_has_is_sold_out(client, make_campaign):
    campaign = make_campaign(category="rewards")
    sold_out = RewardTier.objects.create(
        campaign=campaign, title="Affiche", description="Une affiche signée.", amount_cents=2000, quantity=10,
        estimated_delivery=date(2027, 6, 1),
    )
    some_left = RewardTier.objects.create(
        campaign=campaign, title="Entrée", description="Une entrée offerte.", amount_cents=1000, quantity=10
    )
    unlimited = RewardTier.objects.create(campaign=campaign, title="Merci", description="Un merci.", amount_cents=500)
    for status in [Pledge.Status.AWAITING_PAYMENT, *[Pledge.Status.COLLECTED] * 9]:
        pledge(campaign, amount=2000, tier=sold_out, status=status)
    pledge(campaign, tier=some_left, status=Pledge.Status.CANCELLED)
    for _ in range(7):
        pledge(campaign, tier=some_left)
    assert tiers_left(campaign) == [(sold_out, 0), (some_left, 3), (unlimited, None)]
    html = client.get(campaign.url).content.decode()
    assert "épuisée" in html
    assert "3 sur 10 restantes" in html
    assert "Livraison prévue : juin 2027".replace(" :", f"{NBSP}:") in html


def test_rewards_left_are_read_in_one_query(make_campaign, django_assert_num_queries):
    campaign = make_campaign(category="rewards")
    for n in range(3):
        RewardTier.objects.create(campaign=campaign, title=f"R{n}", description="-", amount_cents=1000, quantity=5)
    with django_assert_num_queries(1):
        tiers_left(campaign)


def test_business_financing_says_the_portal_only_collects_interest(client, make_campaign):
    campaign = make_campaign(category="equity", equity_platform_url="https://plateforme.example/offre")
    html = client.get(campaign.url).content.decode()
    assert "règlement (UE) 2020/1503" in html
    assert "le portail recueille seulement des marques d'intérêt" in html
    assert 'href="https://plateforme.example/offre"' in html


def test_all_or_nothing_says_nothing_is_collected_below_the_goal(client, make_campaign):
    deadline = timezone.now() + timedelta(days=10)
    campaign = make_campaign(deadline=deadline)
    html = client.get(campaign.url).content.decode()
    day = timezone.localtime(deadline)
    assert f"Si l'objectif n'est pas atteint le {day:%-d}" in html
    assert "aucune contribution n'est prélevée" in html


def test_keep_what_is_raised_says_so(client, make_campaign):
    html = client.get(make_campaign(keep_what_is_raised=True).url).content.decode()
    assert "même si l'objectif n'est pas atteint" in html
    assert "aucune contribution n'est prélevée" not in html


def test_the_budget_is_a_table_with_its_total(client, make_campaign):
    campaign = make_campaign()
    BudgetLine.objects.create(campaign=campaign, label="Bancs", amount_cents=300_000)
    BudgetLine.objects.create(campaign=campaign, label="Peinture", amount_cents=200_000)
    html = client.get(campaign.url).content.decode()
    assert "<table" in html and "<caption>" in html
    assert f'<tfoot><tr><th scope="row">Total</th><td class="numeric">5{NBSP}000{NBSP}€</td>' in html


def test_share_links_carry_the_page_address_and_no_script_is_loaded(client, make_campaign):
    site = Site.objects.get(is_default_site=True)
    SiteIdentity.objects.update_or_create(
        site=site, defaults={"facebook_url": "https://facebook.com/metropole", "mastodon_url": "https://mastodon.example/@metropole"}
    )
    campaign = make_campaign()
    response = client.get(campaign.url)
    html = response.content.decode()
    address = "http://testserver" + campaign.url
    encoded = address.replace(":", "%3A").replace("/", "%2F")
    assert f"https://www.facebook.com/sharer/sharer.php?u={encoded}" in html
    assert "https://mastodon.example/share?text=" in html and encoded in html
    assert "mailto:?subject=" in html
    # A network the site does not list gets no link.
    assert "linkedin.com" not in html
    assert all(source.startswith("/static/") for source in parsed(response).sources)


def test_the_share_card_shows_the_campaign(client, make_campaign):
    campaign = make_campaign(summary="Des bancs pour la place.")
    meta = parsed(client.get(campaign.url)).meta
    assert meta["og:title"] == campaign.title
    assert meta["og:url"] == "http://testserver" + campaign.url
    assert meta["og:type"] == "article"
    assert meta["twitter:card"] in {"summary", "summary_large_image"}


def test_public_backers_are_named_and_the_others_counted(client, make_campaign):
    campaign = make_campaign(backers=3)
    pledge(campaign, backer=UserFactory(display_name="Lou B."), public=True)
    pledge(campaign, public=False)
    pledge(campaign, public=False)
    pledge(campaign, backer=UserFactory(display_name="Pas compté"), public=True, status=Pledge.Status.CANCELLED)
    assert public_backers(campaign).names == ["Lou B."]
    html = client.get(campaign.url).content.decode()
    assert "Lou B." in html and "Pas compté" not in html
    assert "2 contributeurs anonymes" in html


def test_a_campaign_with_many_backers_names_the_first_ones_and_counts_the_others(client, make_campaign, monkeypatch):
    from financing import reads

    monkeypatch.setattr(reads, "SHOWN_BACKERS", 2)
    campaign = make_campaign(backers=5)
    for name in ("Ana", "Bob", "Cléo"):
        pledge(campaign, backer=UserFactory(display_name=name), public=True)
    pledge(campaign, public=False)
    backers = public_backers(campaign)
    assert (backers.names, backers.more, backers.anonymous) == (["Ana", "Bob"], 1, 1)
    html = client.get(campaign.url).content.decode()
    assert "Cléo" not in html and "et 1 autre contributeur nommé" in html


def test_the_campaign_links_to_its_proposal_and_the_proposal_back(client, make_campaign):
    proposal = ProposalFactory(title="Des bancs place Carnot")
    campaign = make_campaign(origin_proposal=proposal, title="Financer les bancs")
    assert proposal.get_absolute_url() in client.get(campaign.url).content.decode()
    assert campaign.url in client.get(proposal.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "fields, state, label",
    [
        ({"days": 5}, "live", "en cours"),
        ({"days": -1, "outcome": "succeeded"}, "succeeded", "réussie"),
        ({"days": -1, "outcome": "failed"}, "failed", "échouée"),
        ({"days": -1}, "awaiting_settlement", "terminée, en attente du bilan"),
    ],
)
def test_the_campaign_states(client, make_campaign, fields, state, label):
    campaign = make_campaign(pledged=100_000, **fields)
    progress = campaign_progress(campaign)
    assert progress.state == state
    assert (progress.days_left is None) == (state != "live")
    assert label.capitalize() in client.get(campaign.url).content.decode()


def test_progress_without_a_tally_is_zero_and_may_pass_the_goal(make_campaign, campaign_index):
    bare = campaign_index.add_child(instance=CampaignPage(
        title="Sans bilan", slug="sans-bilan", holder_name="X", holder_kind="citizen", contact_email="x@exemple.fr",
        summary="-", category="donation", goal_cents=10_000, deadline=timezone.now() + timedelta(days=3),
    ))
    progress = campaign_progress(CampaignPage.objects.get(pk=bare.pk))
    assert (progress.raised_cents, progress.backers, progress.share, progress.days_left) == (0, 0, 0, 3)
    beyond = campaign_progress(make_campaign(goal_cents=10_000, pledged=12_345))
    assert (beyond.share, beyond.bar_value) == (123, 100)


# The listing


def listed(campaign_index, **filters):
    return [campaign.title for campaign in campaign_listing(campaign_index, **filters)]


def test_each_filter_of_the_listing(client, make_campaign, campaign_index):
    pool, rink = FacilityFactory(name="Piscine"), FacilityFactory(name="Patinoire")
    north, south = NeighbourhoodFactory(name="Nord"), NeighbourhoodFactory(name="Sud")
    make_campaign(title="Jardin", category="rewards", facility=pool, neighbourhood=north)
    make_campaign(title="Fresque", days=-2, outcome="succeeded", category="donation", facility=rink, neighbourhood=south)
    make_campaign(title="Four à pain", days=-1, outcome="failed", category="loan", neighbourhood=north)
    make_campaign(title="Bancs", days=-3)
    assert listed(campaign_index, category="rewards") == ["Jardin"]
    assert listed(campaign_index, facility=rink) == ["Fresque"]
    assert listed(campaign_index, neighbourhood=north) == ["Jardin", "Four à pain"]
    assert listed(campaign_index, state="live") == ["Jardin"]
    assert listed(campaign_index, state="succeeded") == ["Fresque"]
    assert listed(campaign_index, state="failed") == ["Four à pain"]
    # Open ones first, then the most recently ended.
    assert listed(campaign_index) == ["Jardin", "Four à pain", "Fresque", "Bancs"]
    # Through the form, which works without JavaScript.
    html = client.get(campaign_index.url, {"state": "succeeded", "facility": rink.pk}).content.decode()
    assert "Fresque" in html and "Jardin" not in html and "Four à pain" not in html
    # A made-up value is ignored rather than failing.
    assert client.get(campaign_index.url, {"state": "nope", "category": "\x00"}).status_code == 200


def test_a_card_shows_the_progress_text_and_days_left(client, make_campaign, campaign_index):
    make_campaign(title="Les bancs", pledged=230_000, matched=115_000, days=12)
    html = client.get(campaign_index.url).content.decode()
    assert f"3{NBSP}450{NBSP}€ sur 5{NBSP}000{NBSP}€ (69{NBSP}%) dont 1{NBSP}150{NBSP}€ d'abondement" in html
    assert "Association du quartier" in html
    assert "12 jours restants" in html or "11 jours restants" in html
    assert "Don" in html


def test_drafts_are_not_listed(make_campaign, campaign_index):
    draft = make_campaign(title="Brouillon")
    draft.unpublish()
    assert listed(campaign_index) == []


def test_the_listing_reads_its_campaigns_and_tallies_in_one_query(make_campaign, campaign_index, django_assert_num_queries):
    for _ in range(3):
        make_campaign(pledged=1000)
    listing = campaign_listing(campaign_index)
    with django_assert_num_queries(1):
        rows = [(campaign.title, campaign_progress(campaign).raised_cents) for campaign in listing]
    assert len(rows) == 3


@pytest.mark.parametrize("number", [3, 30])
def test_the_listing_page_costs_the_same_queries_for_3_or_30_campaigns(client, make_campaign, campaign_index, number, django_assert_num_queries):
    facility = FacilityFactory()
    for n in range(number):
        make_campaign(pledged=n * 1000, facility=facility, neighbourhood=facility.neighbourhood)
    client.get(campaign_index.url)  # what is kept across requests (site, menu, identity) is warm
    # The versions, the page's ancestors and view restrictions (Wagtail's serve), the view
    # restrictions `public()` leaves out, the count, the page of campaigns with their tallies,
    # places and images, the live campaigns placed on the map, and Wagtail's site root paths in
    # the database cache.
    with django_assert_num_queries(LISTING_PAGE_QUERIES):
        client.get(campaign_index.url)


LISTING_PAGE_QUERIES = 8
