"""A site's public statistics of participatory financing: what its campaigns raised, who backed
them and how many succeeded, overall, by kind of financing and by year of the deadline."""

from datetime import datetime, timedelta
from fractions import Fraction

import pytest
from django.utils import timezone

from financing.models import CampaignTally, Pledge
from financing.statistics import site_statistics
from tests.factories import UserFactory

from .factories import campaign_index, make_campaign, make_envelope

pytestmark = pytest.mark.django_db

Status = Pledge.Status


def ended(year, *, outcome, pledged=0, matched=0, **fields):
    campaign = make_campaign(deadline=timezone.make_aware(datetime(year, 6, 15, 12)), **fields)
    CampaignTally.objects.create(
        campaign=campaign, pledged_cents=pledged, matched_cents=matched, outcome=outcome,
        settled_at=campaign.deadline,
    )
    return campaign


def backed(campaign, backer, amount, status=Status.COLLECTED):
    return Pledge.objects.create(campaign=campaign, backer=backer, amount_cents=amount, status=status)


@pytest.fixture
def constructed():
    """Five campaigns over three years: two succeeded, two failed (one of them a donation that
    keeps what it raised), one live; four backers, one of them at a desk."""
    now = timezone.now()
    first, second = now.year - 2, now.year - 1
    anne, bruno, chloe, denis = (UserFactory() for _ in range(4))
    staff = UserFactory()
    murals = ended(first, outcome="succeeded", pledged=100_000, matched=20_000, goal_cents=100_000)
    backed(murals, anne, 60_000)
    backed(murals, bruno, 40_000)
    posters = ended(first, outcome="failed", pledged=30_000, category="rewards", tiers=[(1000, None)])
    backed(posters, anne, 30_000, Status.RELEASED)
    kiosk = ended(second, outcome="succeeded", pledged=50_000, category="loan", goal_cents=50_000)
    backed(kiosk, bruno, 25_000)
    Pledge.objects.create(
        campaign=kiosk, backer_name="Au guichet", recorded_by=staff, amount_cents=25_000, status=Status.OFFLINE
    )
    benches = ended(second, outcome="failed", pledged=10_000, keep_what_is_raised=True)
    backed(benches, chloe, 10_000)
    live = make_campaign(category="rewards", tiers=[(1000, 5)])
    CampaignTally.objects.create(campaign=live, pledged_cents=5_000, matched_cents=1_000, backers=1)
    backed(live, anne, 5_000, Status.AUTHORISED)
    backed(live, denis, 5_000, Status.CANCELLED)
    return {"first": first, "second": second, "live_year": timezone.localtime(live.deadline).year}


def test_the_success_rate_is_succeeded_out_of_settled(constructed):
    total = site_statistics(campaign_index()).total
    assert (total.campaigns, total.succeeded, total.failed, total.ongoing) == (5, 2, 2, 1)
    assert total.success_rate == Fraction(1, 2)


def test_raised_counts_collected_money_with_the_matching_apart(constructed):
    total = site_statistics(campaign_index()).total
    # The succeeded campaigns and the donation that keeps what it raised; the failed rewards
    # campaign collected nothing, the live one is counted apart.
    assert (total.pledged_cents, total.matched_cents, total.raised_cents) == (160_000, 20_000, 180_000)
    assert total.live_raised_cents == 6_000


def test_backers_are_distinct_people_and_each_desk_pledge(constructed):
    statistics = site_statistics(campaign_index())
    # Anne backed three campaigns, Bruno two; Denis cancelled; the desk pledge is one backer.
    assert statistics.total.backers == 4
    by_category = {value: figures for value, _label, figures in statistics.by_category}
    assert {value: figures.backers for value, figures in by_category.items()} == {
        "donation": 3, "rewards": 1, "loan": 2,
    }
    assert [str(label) for _value, label, _figures in statistics.by_category] == ["Don", "Contreparties", "Prêt solidaire"]


def test_figures_by_category_and_by_year(constructed):
    statistics = site_statistics(campaign_index())
    by_category = {value: figures for value, _label, figures in statistics.by_category}
    donation, rewards, loan = by_category["donation"], by_category["rewards"], by_category["loan"]
    assert (donation.campaigns, donation.succeeded, donation.failed, donation.raised_cents) == (2, 1, 1, 130_000)
    assert (rewards.campaigns, rewards.ongoing, rewards.failed, rewards.raised_cents) == (2, 1, 1, 0)
    assert rewards.success_rate == 0
    assert (loan.succeeded, loan.success_rate, loan.pledged_cents) == (1, 1, 50_000)
    by_year = dict(statistics.by_year)
    assert list(by_year) == [constructed["first"], constructed["second"], constructed["live_year"]]
    first, second = by_year[constructed["first"]], by_year[constructed["second"]]
    assert (first.succeeded, first.failed, first.pledged_cents, first.matched_cents, first.backers) == (1, 1, 100_000, 20_000, 2)
    assert (second.succeeded, second.failed, second.pledged_cents, second.backers) == (1, 1, 60_000, 3)
    assert by_year[constructed["live_year"]].success_rate is None


def test_the_page_shows_the_figures_in_words_charts_and_tables(client, constructed):
    index = campaign_index()
    listing = client.get(index.url).content.decode()
    assert f'href="{index.url}statistiques/"' in listing
    html = client.get(f"{index.url}statistiques/").content.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert "Campagnes terminées ayant atteint leur objectif : 2 sur 4, soit un taux de réussite de 50,0 %." in html
    assert "1 800 €" in html and "1 600 € versés par les contributeurs et 200 € ajoutés par la SEM" in html
    assert html.count('<svg class="chart__svg"') == 4
    assert html.count("<title id=") == 4 and "<desc id=" in html
    assert '<th scope="row">Prêt solidaire</th>' in html
    assert f'<th scope="row">{constructed["first"]}</th>' in html


def test_a_site_without_campaigns_says_so(client):
    html = client.get(f"{campaign_index().url}statistiques/").content.decode()
    assert "Aucune campagne pour le moment." in html


@pytest.mark.parametrize("number", [3, 30])
def test_statistics_cost_the_same_queries_for_3_or_30_campaigns(client, number, django_assert_num_queries):
    year = timezone.localdate().year - 1
    for n in range(number):
        campaign = ended(year - n % 3, outcome="succeeded" if n % 2 else "failed", pledged=10_000,
                         category=["donation", "loan"][n % 2])
        backed(campaign, UserFactory(), 10_000)
    index = campaign_index()
    # The view restrictions `public()` leaves out, the tallies grouped, the backers grouped.
    with django_assert_num_queries(3):
        site_statistics(index)
    url = f"{index.url}statistiques/"
    client.get(url)  # what is kept across requests (site, menu, identity) is warm
    # The versions, the page's ancestors and view restrictions (Wagtail's serve), the three above,
    # and Wagtail's site root paths in the database cache (the link back to the listing).
    with django_assert_num_queries(STATISTICS_PAGE_QUERIES):
        client.get(url)


STATISTICS_PAGE_QUERIES = 7


def test_anonymous_visitors_see_a_new_pledge_at_once_despite_the_page_cache(client, settings, make_pledge, pay):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 3600
    make_envelope(100_000)
    campaign = make_campaign(goal_cents=100_000)
    url = f"{campaign_index().url}statistiques/"

    def under_way():
        html = client.get(url).content.decode().replace("\u202f", " ").replace("\xa0", " ")
        return html[html.index("encore en cours"):][:80]

    assert "a réuni 0 €" in under_way()
    pay(make_pledge(campaign, UserFactory(), amount_cents=20_000))
    assert "a réuni 200 €" in under_way()
