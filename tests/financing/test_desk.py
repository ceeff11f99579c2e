"""The desk in the admin (/admin/financing/desk/): staff record cash or a cheque handed in for a live
campaign of a site they manage; every refusal says why and records nothing; the campaign's desk
pledges are listed with who recorded each and when."""

from datetime import timedelta

import pytest
from django.utils import timezone

from financing.models import CampaignTally, Pledge
from financing.services.pledges import record_offline_pledge
from tests.factories import UserFactory

from .factories import make_campaign
from .staff_sites import campsite_with_a_campaign

pytestmark = pytest.mark.django_db

INDEX = "/admin/financing/desk/"


def desk(campaign):
    return f"/admin/financing/desk/{campaign.pk}/"


@pytest.fixture
def people(citizen, moderator, editor, elected_official):
    other_moderator, other_editor, other_campaign = campsite_with_a_campaign()
    return {
        "anonymous": None,
        "citizen": citizen,
        "moderator": moderator,
        "editor": editor,
        "elected_official": elected_official,
        "other_site_moderator": other_moderator,
        "other_site_editor": other_editor,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
        "other_campaign": other_campaign,
    }


def post(client, campaign, **data):
    fields = {"backer_name": "Mme Dupont", "amount": "40", "token": "6b1f0c8e-0000-4000-8000-000000000001"}
    fields.update(data)
    return client.post(desk(campaign), fields)


# The Modération group edits pages from the root (Wagtail's default Moderators), Rédaction too:
# both manage the main site's campaigns. The campsite's groups hold page rights on the campsite only.
MAY_RECORD = {"moderator", "editor", "superuser"}


@pytest.mark.parametrize(
    "role", ["anonymous", "citizen", "moderator", "editor", "elected_official", "other_site_moderator",
             "other_site_editor", "superuser"],
)
def test_who_may_record_a_desk_pledge_on_a_campaign_of_the_main_site(client, campaign, people, role):
    user = people[role]
    if user is not None:
        client.force_login(user)

    page = client.get(desk(campaign))
    response = post(client, campaign)

    if role in MAY_RECORD:
        assert page.status_code == 200 and "Enregistrer la contribution" in page.text
        assert response.status_code == 302
        made = Pledge.objects.get()
        assert (made.status, made.amount_cents, made.recorded_by) == (Pledge.Status.OFFLINE, 4000, user)
    else:
        # Without access to the admin, Wagtail sends to its sign-in page; staff without the right
        # back to the admin's home, with its « no permission » message.
        expected = "/admin/login/" if role in ("anonymous", "citizen") else "/admin/"
        for refused in (page, response):
            assert refused.status_code == 302 and refused["Location"].split("?")[0] == expected
        assert not Pledge.objects.exists()


def test_the_campsites_editor_records_on_the_campsites_campaign_only(client, campaign, people):
    client.force_login(people["other_site_editor"])
    index = client.get(INDEX).text
    assert "Des vélos au camping" in index and campaign.title not in index
    assert post(client, people["other_campaign"]).status_code == 302
    assert Pledge.objects.get().campaign_id == people["other_campaign"].pk


def test_a_citizen_gets_no_desk_at_all(client, citizen):
    client.force_login(citizen)
    assert client.get(INDEX).status_code in (302, 403)


def test_a_desk_pledge_counts_at_once_and_is_listed_with_who_recorded_it(client, editor):
    campaign = make_campaign(tiers=[(3000, 5)])
    client.force_login(editor)

    response = post(client, campaign, backer_name="  Louise Petit ", amount="45,50", tier=campaign.reward_tiers.get().pk,
                    public="on")

    assert response.status_code == 302 and response["Location"] == desk(campaign)
    made = Pledge.objects.get()
    assert (made.backer_name, made.amount_cents, made.tier.title, made.public) == ("Louise Petit", 4550, "Contrepartie 1", True)
    tally = CampaignTally.objects.get(campaign=campaign)
    assert (tally.pledged_cents, tally.backers) == (4550, 1)
    page = client.get(desk(campaign)).text
    assert "45,50\u00a0€ de Louise Petit enregistrés" in page
    listing = page[page.index("desk-list-heading"):]
    assert "Louise Petit" in listing and "45,50\u00a0€" in listing and editor.public_name in listing
    assert timezone.localtime(made.created_at).strftime("%d/%m/%Y") in listing


def test_the_same_form_sent_twice_records_the_money_once(client, campaign, editor):
    client.force_login(editor)
    post(client, campaign)
    post(client, campaign)
    assert Pledge.objects.count() == 1
    assert CampaignTally.objects.get(campaign=campaign).pledged_cents == 4000


@pytest.mark.parametrize(
    "data, message",
    [
        ({"amount": "abc"}, "supérieur à zéro"),
        ({"amount": "-5"}, "supérieur à zéro"),
        ({"amount": "12,345"}, "deux décimales"),
        ({"amount": "1"}, "La plus petite contribution est de 5\u00a0€."),
        ({"amount": "2500"}, "La plus grande contribution est de 2\u00a0000\u00a0€."),
        ({"backer_name": "   "}, "Champ requis"),
    ],
    ids=["text", "negative", "three-decimals", "below-minimum", "above-maximum", "no-name"],
)
def test_bad_input_is_refused_with_a_translated_message_and_nothing_recorded(client, campaign, editor, data, message):
    client.force_login(editor)
    response = post(client, campaign, **data)
    assert response.status_code == 200
    assert message in response.text and "Rien n'a été enregistré" in response.text
    assert not Pledge.objects.exists() and not CampaignTally.objects.filter(pledged_cents__gt=0).exists()


def test_a_sold_out_reward_is_refused(client, editor):
    campaign = make_campaign(tiers=[(3000, 1)])
    tier = campaign.reward_tiers.get()
    record_offline_pledge(campaign, editor, backer_name="Premier", amount_cents=3000, tier=tier)
    client.force_login(editor)
    response = post(client, campaign, tier=tier.pk, amount="30")
    assert "épuisée" in response.text
    assert Pledge.objects.count() == 1


def test_an_ended_campaign_shows_why_and_takes_nothing(client, editor):
    campaign = make_campaign(deadline=timezone.now() - timedelta(hours=1))
    client.force_login(editor)
    page = client.get(desk(campaign)).text
    assert "échéance" in page and "Enregistrer la contribution" not in page
    assert "échéance" in post(client, campaign).text
    assert not Pledge.objects.exists()
    assert campaign.title not in client.get(INDEX).text


def test_the_page_explorer_offers_the_desk_on_a_campaign(client, campaign, editor):
    client.force_login(editor)
    html = client.get(f"/admin/pages/{campaign.get_parent().pk}/").text
    assert desk(campaign) in html


def test_the_desk_listing_costs_the_same_queries_for_5_or_50_pledges(client, campaign, editor, django_assert_max_num_queries):
    client.force_login(editor)
    for n in range(5):
        record_offline_pledge(campaign, editor, backer_name=f"Personne {n}", amount_cents=1000)
    client.get(desk(campaign))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        client.get(desk(campaign))
    for n in range(45):
        record_offline_pledge(campaign, editor, backer_name=f"Autre {n}", amount_cents=1000)
    with CaptureQueriesContext(connection) as fifty:
        assert "50 contributions enregistrées" in client.get(desk(campaign)).text
    assert len(fifty) == len(five)


def test_business_financing_takes_no_desk_pledge(client, editor):
    equity = make_campaign(category="equity", equity_platform_url="https://plateforme.example/offre")
    client.force_login(editor)
    assert "plateforme" in client.get(desk(equity)).text
    assert "plateforme" in post(client, equity).text
    assert not Pledge.objects.exists()
