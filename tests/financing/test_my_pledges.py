"""« Mes contributions financières »: the backer's own pledges with their status in words, a
receipt and a cancel link where allowed, and for loans what was lent, repaid, is due next and
remains; in a fixed number of queries."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from financing.models import Pledge
from financing.services.loans import record_repayment
from tests.factories import UserFactory

from .factories import make_campaign
from .loan_campaigns import succeeded_loan

pytestmark = pytest.mark.django_db

URL = "/accounts/financement/"


def test_the_page_has_its_address_and_its_place_in_the_account_menu(client, citizen):
    assert reverse("financing:my_pledges") == URL
    client.force_login(citizen)
    html = client.get(reverse("consultations:account_profile")).content.decode()
    assert f'<a href="{URL}">Mes contributions financières</a>' in html


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_each_pledge_with_its_status_in_words_receipt_and_cancel_link(client, citizen, make_pledge, pay):
    campaign = make_campaign(title="Des bancs à l'ombre", tiers=[(2000, None)])
    authorised = pay(make_pledge(campaign, citizen, 2550, tier=campaign.reward_tiers.get()))
    failed = pay(make_pledge(make_campaign(title="Un four à pain"), citizen, 1000), "rejected")
    someone_else = pay(make_pledge(make_campaign(title="Pas la mienne"), UserFactory(), 1000))
    client.force_login(citizen)

    html = client.get(URL).content.decode()

    assert "Des bancs à l&#x27;ombre" in html and "Un four à pain" in html and "Pas la mienne" not in html
    assert "25,50\u00a0€" in html and "Contrepartie 1" in html
    assert "Paiement autorisé\u00a0: débité à l’échéance si l’objectif est atteint." in html
    assert "Le paiement n’est pas passé\u00a0: rien n’a été débité." in html
    assert reverse("financing:pledge_receipt", args=[authorised.pk]) in html
    assert reverse("financing:pledge_cancel", args=[authorised.pk]) in html
    assert reverse("financing:pledge_cancel", args=[failed.pk]) not in html
    assert reverse("financing:pledge_receipt", args=[someone_else.pk]) not in html


def test_a_lender_sees_what_was_lent_repaid_due_next_and_remaining(client):
    holder, lender = UserFactory(), UserFactory()
    campaign, pledges, instalments = succeeded_loan(holder, [1001, 5000], percents=(33, 33, 34), lenders=[lender, UserFactory()])
    record_repayment(instalments[0], holder, paid_on=timezone.localdate())
    client.force_login(lender)

    response = client.get(URL)

    loan = response.context["rows"][0]["loan"]
    assert (loan.lent_cents, loan.repaid_cents, loan.next_due_on, loan.next_due_cents, loan.remaining_cents) == (
        1001, 330, date(2027, 5, 30), 330, 671
    )
    html = response.content.decode()
    assert "Remboursé à ce jour" in html and "3,30\u00a0€" in html
    assert "3,30\u00a0€ le 30 mai 2027" in html and "6,71\u00a0€" in html


def test_a_repaid_loan_has_nothing_due(client):
    holder, lender = UserFactory(), UserFactory()
    campaign, pledges, instalments = succeeded_loan(holder, [1001], percents=(100,), lenders=[lender])
    record_repayment(instalments[0], holder, paid_on=timezone.localdate())
    client.force_login(lender)
    html = client.get(URL).content.decode()
    assert "Aucune\u00a0: votre prêt est remboursé." in html


@pytest.mark.parametrize("count", [5, 50])
def test_the_page_reads_a_fixed_number_of_queries(client, count, django_assert_num_queries):
    holder, lender = UserFactory(), UserFactory()
    campaigns = [make_campaign(tiers=[(1000, None)]) for _ in range(3)]
    Pledge.objects.bulk_create(
        Pledge(campaign=campaigns[index % 3], backer=lender, amount_cents=1000, status="authorised",
               tier=campaigns[index % 3].reward_tiers.get() if index % 2 else None)
        for index in range(count - 1)
    )
    # The newest, on the first page: its loan figures are read too.
    _loan, _pledges, instalments = succeeded_loan(holder, [1000], lenders=[lender])
    record_repayment(instalments[0], holder, paid_on=timezone.localdate())
    client.force_login(lender)
    client.get(URL)

    # session, user, count and page of pledges, schedules, instalments repaid, and what the account
    # menu and the links read (the same whatever the number of pledges)
    with django_assert_num_queries(9):
        response = client.get(URL)
    assert len(response.context["rows"]) == min(count, 20)


def test_the_receipt_is_the_backers_own(client, citizen, make_pledge, pay):
    campaign = make_campaign(title="Une fresque", holder_name="Collectif Murs Vivants")
    made = pay(make_pledge(campaign, citizen, 4200))
    receipt = reverse("financing:pledge_receipt", args=[made.pk])

    client.force_login(UserFactory())
    assert client.get(receipt).status_code == 404
    client.force_login(citizen)
    html = client.get(receipt).content.decode()
    assert f"FP-{made.created_at:%Y}-{made.pk:06d}" in html
    assert "42\u00a0€" in html and "Une fresque" in html and "Collectif Murs Vivants" in html
    assert "Paiement autorisé" in html


def test_a_holder_finds_the_dashboard_of_each_campaign_they_hold_in_my_campaigns(client, citizen):
    held = make_campaign(title="Mon four à pain", holder=citizen)
    make_campaign(title="Pas à moi")
    client.force_login(citizen)
    html = client.get(reverse("financing:my_campaigns")).content.decode()
    assert reverse("financing:campaign_dashboard", args=[held.pk]) in html
    assert "Pas à moi" not in html
