"""Loan campaigns as a holder meets them after success: lenders who pledged online (authorised,
then collected by the settlement) or at a desk, and a schedule of instalments."""

import uuid
from datetime import date, timedelta

from django.utils import timezone
from payments import PaymentStatus

from financing.models import CampaignPage, LoanInstalment, Pledge
from financing.services.pledges import pledge, record_offline_pledge
from financing.services.settlement import settle_campaign
from tests.factories import UserFactory

from .factories import make_campaign


def lend(campaign, user, amount_cents, **kwargs):
    made = pledge(campaign, user, amount_cents=amount_cents, token=uuid.uuid4(), **kwargs)
    made.payments.get().change_status(PaymentStatus.PREAUTH)
    return Pledge.objects.get(pk=made.pk)


def schedule(campaign, percents, *, first=date(2027, 3, 1)):
    return [
        LoanInstalment.objects.create(
            campaign=campaign, due_on=first + timedelta(days=90 * index), percent=percent, sort_order=index
        )
        for index, percent in enumerate(percents)
    ]


def settle(campaign):
    CampaignPage.objects.filter(pk=campaign.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    settle_campaign(CampaignPage.objects.get(pk=campaign.pk))
    return CampaignPage.objects.select_related("tally").get(pk=campaign.pk)


def succeeded_loan(holder, amounts, percents=(50, 50), *, desk=(), staff=None, lenders=None):
    """A settled, succeeded loan campaign held by `holder`: one online lender per amount of
    `amounts` (or the accounts `lenders`), a desk lender per amount of `desk` (recorded by
    `staff`), and a schedule of `percents`. Returns (campaign, pledges, instalments)."""
    campaign = make_campaign(category="loan", holder=holder, goal_cents=min(sum(amounts) + sum(desk), 100_000))
    instalments = schedule(campaign, percents)
    lenders = lenders or [UserFactory() for _ in amounts]
    pledges = [lend(campaign, user, amount) for user, amount in zip(lenders, amounts)]
    for index, amount in enumerate(desk):
        pledges.append(record_offline_pledge(campaign, staff, backer_name=f"Prêteur au guichet {index}", amount_cents=amount))
    return settle(campaign), pledges, instalments
