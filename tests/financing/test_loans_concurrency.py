"""The same instalment recorded five times at once on PostgreSQL: one recording, four refusals
that say why, and one repayment per lender."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from financing.models import Repayment
from financing.services.loans import record_repayment
from tests.concurrency import run_together
from tests.factories import UserFactory
from tests.markers import postgresql_only

from .loan_campaigns import succeeded_loan

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), postgresql_only]


def test_an_instalment_recorded_five_times_at_once_is_recorded_once():
    holder = UserFactory()
    _campaign, pledges, instalments = succeeded_loan(holder, [1001, 2002, 3003])

    errors = run_together(lambda index: record_repayment(instalments[0], holder, paid_on=timezone.localdate()), 5)

    assert len(errors) == 4
    assert all(isinstance(error, ValidationError) and error.code == "already_recorded" for error in errors)
    assert Repayment.objects.count() == 3
    assert sorted(Repayment.objects.values_list("amount_cents", flat=True)) == [500, 1001, 1501]
