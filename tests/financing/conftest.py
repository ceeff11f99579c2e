import uuid

import pytest

from financing.models import Pledge
from financing.services.pledges import pledge

from .factories import make_campaign


@pytest.fixture
def campaign(db):
    return make_campaign()


@pytest.fixture
def make_pledge():
    """A pledge through the service, with a fresh form token."""

    def make(campaign, user, amount_cents=2500, **kwargs):
        return pledge(campaign, user, amount_cents=amount_cents, token=uuid.uuid4(), **kwargs)

    return make


@pytest.fixture
def pay():
    """The backer goes through the dummy provider's form choosing `status` (preauth: authorised)."""

    def pay(made, status="preauth"):
        payment = made.payments.get()
        payment.change_status(status)
        return Pledge.objects.get(pk=made.pk)

    return pay
