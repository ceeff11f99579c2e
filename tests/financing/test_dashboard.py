"""The holder's dashboard: who sees it, the backers it names (only those who agreed, desk names to
the staff only), the rewards to deliver, the loans to repay, in a fixed number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from financing.models import CampaignTally, Pledge
from financing.services.loans import record_repayment
from tests.consultations.other_sites import campsite
from tests.factories import UserFactory

from .factories import make_campaign
from .loan_campaigns import succeeded_loan

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(db):
    return UserFactory(display_name="Collectif Murs Vivants")


def add_pledges(campaign, count, *, status=Pledge.Status.COLLECTED, **fields):
    """Counted pledges written as the services leave them, for reads that must not grow with them."""
    made = Pledge.objects.bulk_create(
        Pledge(campaign=campaign, backer=UserFactory(), amount_cents=1000 + index, status=status, **fields)
        for index in range(count)
    )
    tally, _new = CampaignTally.objects.get_or_create(campaign=campaign)
    tally.pledged_cents += sum(pledge.amount_cents for pledge in made)
    tally.backers += count
    tally.save()
    return made


def url(campaign):
    return reverse("financing:campaign_dashboard", args=[campaign.pk])


def test_anonymous_visitors_are_sent_to_sign_in(client, holder):
    campaign = make_campaign(holder=holder)
    response = client.get(url(campaign))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "who, status",
    [
        ("citizen", 403), ("backer", 403), ("elected_official", 403), ("other_site_moderator", 403),
        ("other_site_editor", 403), ("holder", 200), ("moderator", 200), ("editor", 200), ("admin", 200),
    ],
)
def test_the_dashboard_is_for_the_holder_and_the_campaigns_staff(client, holder, who, status, request):
    campaign = make_campaign(holder=holder)
    backer = add_pledges(campaign, 1)[0].backer
    if who.startswith("other_site"):
        moderator, editor, _consultation = campsite()
        user = moderator if who == "other_site_moderator" else editor
    else:
        user = {
            "holder": holder, "backer": backer, "admin": UserFactory(is_superuser=True),
        }.get(who) or request.getfixturevalue(who)
    client.force_login(user)

    assert client.get(url(campaign)).status_code == status
    assert client.get(reverse("financing:campaign_backers_export", args=[campaign.pk, "csv"])).status_code == status
    assert client.get(reverse("financing:campaign_backers_export", args=[campaign.pk, "xlsx"])).status_code == status


def test_backers_are_named_only_when_they_agreed_and_desk_names_only_to_staff(client, holder, editor):
    campaign = make_campaign(holder=holder)
    shown = UserFactory(display_name="Lou B.")
    hidden = UserFactory(display_name="Karim H.")
    Pledge.objects.create(campaign=campaign, backer=shown, amount_cents=3000, status="authorised", public=True)
    Pledge.objects.create(campaign=campaign, backer=hidden, amount_cents=8000, status="authorised", public=False)
    Pledge.objects.create(campaign=campaign, backer_name="Mme Dupont", recorded_by=editor, amount_cents=500,
                          status="offline", public=False)
    Pledge.objects.create(campaign=campaign, backer=UserFactory(display_name="Jamais payé"), amount_cents=900,
                          public=True)  # awaiting payment: not a backer yet

    client.force_login(holder)
    html = client.get(url(campaign)).content.decode()
    assert "Lou B." in html and "30\u00a0€" in html
    assert "Karim H." not in html and "Mme Dupont" not in html and "Jamais payé" not in html
    assert html.count("<em>Anonyme</em>") == 2
    assert "Publier une nouvelle" not in html or reverse("financing:update_create", args=[campaign.pk]) in html

    client.force_login(editor)
    html = client.get(url(campaign)).content.decode()
    assert "Mme Dupont" in html and "non public" in html
    assert "Karim H." not in html


def test_rewards_to_deliver_count_the_counted_pledges_of_each_reward(client, holder):
    campaign = make_campaign(holder=holder, tiers=[(1000, None), (3000, 5)])
    poster, signed = campaign.reward_tiers.order_by("sort_order")
    add_pledges(campaign, 3, tier=poster)
    add_pledges(campaign, 1, tier=signed)
    add_pledges(campaign, 2, tier=signed, status=Pledge.Status.CANCELLED)

    client.force_login(holder)
    response = client.get(url(campaign))

    assert [(tier.title, count) for tier, count in response.context["tiers"]] == [
        ("Contrepartie 1", 3), ("Contrepartie 2", 1)
    ]
    assert "Contreparties à livrer" in response.content.decode()


def test_a_loan_shows_each_instalment_due_and_recorded(client, holder):
    campaign, _pledges, instalments = succeeded_loan(holder, [1001, 2000], percents=(33, 67))
    record_repayment(instalments[0], holder, paid_on=timezone.localdate())

    client.force_login(holder)
    response = client.get(url(campaign))

    rows = response.context["schedule"]
    assert [(row.due_cents, row.recorded_cents, row.recorded) for row in rows] == [(990, 990, True), (2011, 0, False)]
    html = response.content.decode()
    assert "Prêts à rembourser" in html and "Dû au total" in html
    assert reverse("financing:instalment_repay", args=[campaign.pk, instalments[1].pk]) in html
    assert reverse("financing:instalment_repay", args=[campaign.pk, instalments[0].pk]) not in html


@pytest.mark.parametrize("count", [5, 50])
def test_the_dashboard_reads_a_fixed_number_of_queries(client, holder, count, django_assert_num_queries):
    campaign = make_campaign(holder=holder, tiers=[(1000, None)])
    add_pledges(campaign, count, tier=campaign.reward_tiers.get(), public=True)
    client.force_login(holder)
    client.get(url(campaign))  # the session and the site's settings are read once

    # session, user, campaign with its tally, count and page of backers, rewards, and what the
    # page's frame reads (the same whatever the number of pledges)
    with django_assert_num_queries(9):
        response = client.get(url(campaign))
    assert len(response.context["backer_rows"]) == count


@pytest.mark.parametrize("count", [5, 50])
def test_a_loans_dashboard_reads_a_fixed_number_of_queries(client, holder, count, django_assert_num_queries):
    campaign = make_campaign(holder=holder, category="loan")
    from .loan_campaigns import schedule

    schedule(campaign, (50, 50))
    add_pledges(campaign, count)
    client.force_login(holder)
    client.get(url(campaign))

    with django_assert_num_queries(10):  # the schedule and the lenders' amounts instead of rewards
        client.get(url(campaign))


def test_recording_a_repayment_through_the_dashboard(client, holder):
    campaign, pledges, instalments = succeeded_loan(holder, [1000, 3000])
    client.force_login(holder)
    repay = reverse("financing:instalment_repay", args=[campaign.pk, instalments[0].pk])

    assert "Enregistrer le remboursement" in client.get(repay).content.decode()
    response = client.post(repay, {"paid_on": timezone.localdate().isoformat()}, follow=True)

    assert response.redirect_chain[-1][0] == url(campaign)
    assert "Le remboursement est enregistré" in response.content.decode()
    assert sorted(pledge.repayments.get().amount_cents for pledge in pledges) == [500, 1500]

    again = client.post(repay, {"paid_on": timezone.localdate().isoformat()})
    assert again.status_code == 400
    assert "a déjà été enregistrée" in again.content.decode()


def test_who_is_not_the_holder_cannot_record_a_repayment_through_the_page(client, holder):
    campaign, pledges, instalments = succeeded_loan(holder, [1000])
    client.force_login(pledges[0].backer)
    repay = reverse("financing:instalment_repay", args=[campaign.pk, instalments[0].pk])

    assert client.post(repay, {"paid_on": timezone.localdate().isoformat()}).status_code == 403
    assert not pledges[0].repayments.exists()
