"""What participatory financing holds about a person: in their GDPR download, and after their
account's deletion."""

import json
from datetime import date

import pytest
from django.urls import reverse

from consultations.models import User
from financing.models import (
    CampaignFollow,
    InterestExpression,
    LoanInstalment,
    Pledge,
    Repayment,
)
from financing.reads import public_backers
from financing.services.updates import follow_campaign
from tests.factories import UserFactory

from .factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def backer(db):
    return UserFactory(email="camille.martin@exemple.fr", display_name="Camille M.")


@pytest.fixture
def history(backer, make_pledge, pay):
    """Camille follows a campaign, backs it (a counted pledge and a cancelled one), lent to a
    loan that repaid her once, and considers investing in a business."""
    campaign = make_campaign(title="Une fresque")
    follow_campaign(campaign, user=backer)
    pay(make_pledge(campaign, backer, amount_cents=2550, public=True))
    cancelled = make_pledge(campaign, backer, amount_cents=1000)
    Pledge.objects.filter(pk=cancelled.pk).update(status=Pledge.Status.CANCELLED)
    loan = make_campaign(title="Un prêt pour le kiosque", category="loan")
    instalment = LoanInstalment.objects.create(campaign=loan, due_on=date(2027, 6, 30), percent=100)
    lent = Pledge.objects.create(campaign=loan, backer=backer, amount_cents=10_000, status=Pledge.Status.COLLECTED)
    Repayment.objects.create(pledge=lent, instalment=instalment, amount_cents=10_000, paid_on=date(2027, 6, 28))
    business = make_campaign(title="Une buvette", category="equity", equity_platform_url="https://plateforme.example/")
    InterestExpression.objects.create(campaign=business, user=backer, amount_cents=50_000)
    # Someone else's, which must not show.
    follow_campaign(campaign, user=UserFactory())
    return campaign


def download(client, user):
    client.force_login(user)
    return json.loads(client.get(reverse("consultations:account_data_download")).content)


def test_the_download_holds_follows_pledges_interests_and_repayments(client, backer, history):
    data = download(client, backer)["participatory_financing"]
    assert [follow["campaign"] for follow in data["campaign_follows"]] == ["Une fresque"]
    assert [(p["campaign"], p["amount_euros"], p["status"]) for p in data["pledges"]] == [
        ("Une fresque", "25.50", "Autorisée"),
        ("Une fresque", "10.00", "Annulée"),
        ("Un prêt pour le kiosque", "100.00", "Prélevée"),
    ]
    assert data["pledges"][0]["shown_by_name"] is True and data["pledges"][0]["pledged_at"]
    assert data["expressions_of_interest"] == [
        {
            "campaign": "Une buvette", "amount_considered_euros": "500.00",
            "expressed_at": data["expressions_of_interest"][0]["expressed_at"],
            "last_changed_at": data["expressions_of_interest"][0]["last_changed_at"],
        }
    ]
    assert data["repayments_received"] == [
        {"campaign": "Un prêt pour le kiosque", "amount_euros": "100.00", "repaid_on": "2027-06-28",
         "instalment_due_on": "2027-06-30"}
    ]


def test_someone_with_no_financing_gets_empty_lists(client, citizen):
    data = download(client, citizen)["participatory_financing"]
    assert data == {"campaign_follows": [], "pledges": [], "expressions_of_interest": [], "repayments_received": []}


def test_deleting_an_account_with_pledges_keeps_them_anonymous(client, backer, history, password):
    client.force_login(backer)
    response = client.post("/accounts/delete/", {"password": password, "confirm": "on"})
    assert response.status_code == 302

    erased = User.objects.get(pk=backer.pk)
    assert erased.deleted_at is not None and "camille" not in erased.email
    # Pledges stay, for the campaigns' and the public company's accounts, no longer by name.
    assert Pledge.objects.filter(backer=erased).count() == 3
    assert not Pledge.objects.filter(backer=erased, public=True).exists()
    assert "Camille M." not in public_backers(history).names
    assert Repayment.objects.filter(pledge__backer=erased).count() == 1
    assert not erased.pledges.filter(payments__billing_email__contains="camille").exists()
    # What only expressed a wish goes.
    assert not CampaignFollow.objects.filter(user=erased).exists()
    assert not InterestExpression.objects.filter(user=erased).exists()
    assert CampaignFollow.objects.filter(campaign=history).count() == 1


def test_a_deleted_backer_no_longer_named_on_the_kept_campaign_page(client, settings, backer, history, password):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    assert "Camille M." in client.get(history.url).content.decode()
    signed_in = type(client)()
    signed_in.force_login(backer)
    signed_in.post("/accounts/delete/", {"password": password, "confirm": "on"})
    assert "Camille M." not in client.get(history.url).content.decode()
