"""Recording a loan's repayment: one row per lender with their share, rounded so that each
instalment's total is the sum of the shares and the last one repays every loan exactly; who may
record it, when, and only once."""

import uuid
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from consultations.models import NotificationPreferences
from financing.dashboard import loan_schedule
from financing.models import CampaignTally, LoanInstalment, Repayment
from financing.services.loans import record_repayment
from financing.services.pledges import pledge
from tests.consultations.other_sites import campsite
from tests.factories import UserFactory

from .factories import make_campaign
from .loan_campaigns import lend, schedule, settle, succeeded_loan

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


@pytest.fixture
def holder(db):
    return UserFactory(display_name="Le Kiosque")


def test_each_lender_is_repaid_their_exact_share_and_the_last_instalment_settles_every_loan(holder, editor):
    campaign, pledges, instalments = succeeded_loan(
        holder, [1001, 777, 3333, 999], percents=(33, 33, 34), desk=[1234], staff=editor
    )

    shares = {}
    for instalment, row in zip(instalments, loan_schedule(campaign)):
        repayments = record_repayment(instalment, holder, paid_on=timezone.localdate())
        # The instalment's total as the dashboard announced it is what was recorded, to the cent.
        assert sum(repayment.amount_cents for repayment in repayments) == row.due_cents
        for repayment in repayments:
            exact = repayment.pledge.amount_cents * instalment.percent / 100
            assert abs(repayment.amount_cents - exact) < 2
            shares.setdefault(repayment.pledge_id, []).append(repayment.amount_cents)

    assert {pk: sum(paid) for pk, paid in shares.items()} == {made.pk: made.amount_cents for made in pledges}
    # 1 001 cents at 33 %: 330 (330,33 rounded down), then 660 − 330 = 330, then the 341 left.
    assert shares[pledges[0].pk] == [330, 330, 341]
    assert Repayment.objects.filter(recorded_by=holder).count() == 15


def test_an_instalment_recorded_twice_is_refused_with_a_reason_and_nothing_changes(holder):
    campaign, _pledges, instalments = succeeded_loan(holder, [1000, 2000])
    record_repayment(instalments[0], holder, paid_on=timezone.localdate())

    with pytest.raises(ValidationError) as twice:
        record_repayment(instalments[0], holder, paid_on=timezone.localdate())

    assert twice.value.messages == [
        "L’échéance du 01/03/2027 a déjà été enregistrée\u00a0: une échéance ne s’enregistre qu’une fois."
    ]
    assert Repayment.objects.count() == 2


def test_the_database_refuses_a_second_repayment_of_an_instalment_to_a_lender(holder):
    campaign, pledges, instalments = succeeded_loan(holder, [1000])
    record_repayment(instalments[0], holder, paid_on=timezone.localdate())

    with pytest.raises(IntegrityError):
        Repayment.objects.create(pledge=pledges[0], instalment=instalments[0], amount_cents=1, paid_on=TODAY)


def test_instalments_are_recorded_in_their_order(holder):
    _campaign, _pledges, instalments = succeeded_loan(holder, [1000], percents=(50, 50))

    with pytest.raises(ValidationError, match="01/03/2027"):
        record_repayment(instalments[1], holder, paid_on=timezone.localdate())
    assert not Repayment.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "citizen", "lender", "other_site_moderator", "other_site_editor"])
def test_who_is_neither_holder_nor_staff_records_nothing(holder, who):
    campaign, pledges, instalments = succeeded_loan(holder, [1000])
    moderator, editor, _consultation = campsite()
    user = {
        "anonymous": AnonymousUser(), "citizen": UserFactory(), "lender": pledges[0].backer,
        "other_site_moderator": moderator, "other_site_editor": editor,
    }[who]
    with pytest.raises(PermissionDenied):
        record_repayment(instalments[0], user, paid_on=timezone.localdate())
    assert not Repayment.objects.exists()


@pytest.mark.parametrize("who", ["moderator", "editor"])
def test_the_campaigns_staff_record_a_repayment(holder, who, request):
    _campaign, _pledges, instalments = succeeded_loan(holder, [1000])
    staff = request.getfixturevalue(who)
    assert len(record_repayment(instalments[0], staff, paid_on=timezone.localdate())) == 1


def test_nothing_is_recorded_before_the_campaign_succeeded_and_collected(holder):
    campaign = make_campaign(category="loan", holder=holder, goal_cents=100_000)
    instalments = schedule(campaign, (100,))
    lend(campaign, UserFactory(), 1000)

    with pytest.raises(ValidationError, match="réussi"):
        record_repayment(instalments[0], holder, paid_on=timezone.localdate())
    settle(campaign)  # 10 € of 1 000 €: failed
    assert CampaignTally.objects.get(campaign=campaign).outcome == "failed"
    with pytest.raises(ValidationError, match="réussi"):
        record_repayment(instalments[0], holder, paid_on=timezone.localdate())
    assert not Repayment.objects.exists()


def test_a_schedule_that_does_not_add_up_to_the_whole_loan_is_refused(holder):
    campaign, _pledges, instalments = succeeded_loan(holder, [1000], percents=(50, 40))
    with pytest.raises(ValidationError, match="100"):
        record_repayment(instalments[0], holder, paid_on=timezone.localdate())
    assert not Repayment.objects.exists()


def test_a_repayment_in_the_future_is_refused(holder):
    _campaign, _pledges, instalments = succeeded_loan(holder, [1000])
    with pytest.raises(ValidationError, match="futur"):
        record_repayment(instalments[0], holder, paid_on=timezone.localdate() + timedelta(days=1))
    assert not Repayment.objects.exists()


def test_a_cancelled_or_failed_pledge_is_not_a_lender(holder):
    campaign = make_campaign(category="loan", holder=holder, goal_cents=1000)
    instalments = schedule(campaign, (100,))
    lend(campaign, UserFactory(), 1000)
    pledge(campaign, UserFactory(), amount_cents=5000, token=uuid.uuid4())  # never paid
    settle(campaign)

    repayments = record_repayment(LoanInstalment.objects.get(pk=instalments[0].pk), holder, paid_on=timezone.localdate())
    assert [repayment.amount_cents for repayment in repayments] == [1000]


def test_each_lender_is_emailed_their_share_what_was_repaid_and_what_remains(
    holder, editor, django_capture_on_commit_callbacks
):
    twice = UserFactory(email="deux-prets@exemple.fr")
    quiet = UserFactory(email="sans-nouvelles@exemple.fr")
    NotificationPreferences.objects.create(user=quiet, campaign_updates=False)
    campaign, _pledges, instalments = succeeded_loan(
        holder, [1001, 2000, 500], percents=(33, 67), lenders=[twice, twice, quiet], desk=[1234], staff=editor
    )

    with django_capture_on_commit_callbacks(execute=True):
        record_repayment(instalments[0], holder, paid_on=date(2026, 11, 30))

    # The lender of two pledges gets one email with the sum of their shares (330 + 660 cents);
    # the one who turned campaign news off and the desk lender, who has no account, get none.
    assert [message.to for message in mail.outbox] == [["deux-prets@exemple.fr"]]
    message = mail.outbox[0]
    assert message.subject == f"«\u00a0{campaign.title}\u00a0» a remboursé une partie de votre prêt"
    assert "remboursé le 30 novembre 2026\u00a0: 9,90\u00a0€" in message.body
    assert "remboursé à ce jour\u00a0: 9,90\u00a0€ sur les 30,01\u00a0€ prêtés" in message.body
    assert "reste à rembourser\u00a0: 20,11\u00a0€" in message.body
    assert "http://localhost/accounts/financement/" in message.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record_repayment(instalments[1], holder, paid_on=date(2026, 11, 30))
    assert "votre prêt est maintenant entièrement remboursé" in mail.outbox[0].body
    assert "remboursé à ce jour\u00a0: 30,01\u00a0€ sur les 30,01\u00a0€ prêtés" in mail.outbox[0].body


def test_a_refused_repayment_sends_nothing(holder, django_capture_on_commit_callbacks):
    _campaign, _pledges, instalments = succeeded_loan(holder, [1000], percents=(50, 50))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        record_repayment(instalments[1], holder, paid_on=timezone.localdate())
    assert mail.outbox == []
