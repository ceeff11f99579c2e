"""What the pledge services lock on PostgreSQL: the pledge's own row, never the campaign's page.

A pledge being committed at the same moment holds a key-share lock on its campaign's page (the
check of its foreign key, deferred to the commit); a service that locked the page's rows as well
(`select_for_update()` with `select_related("campaign")` locks every joined table) would wait for
it while holding the tally or the versions the other one waits for: the benchmark's 8 concurrent
clients met that deadlock (benchmarks/run_financing.py)."""

import threading
import uuid

import pytest
from django.db import connection, transaction
from payments import PaymentStatus

from financing.models import Pledge
from financing.services.pledges import cancel_pledge, pledge, record_offline_pledge
from tests.factories import UserFactory
from tests.markers import postgresql_only

from .factories import make_campaign

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), postgresql_only]


def while_the_page_is_key_share_locked(campaign, work):
    """Run `work()` while another connection holds a key-share lock on the campaign's page rows,
    as an uncommitted pledge's foreign key does; fail rather than wait more than 2 s."""
    held, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for table, column in (("financing_campaignpage", "page_ptr_id"), ("wagtailcore_page", "id")):
                    cursor.execute(f"SELECT 1 FROM {table} WHERE {column} = %s FOR KEY SHARE", [campaign.pk])
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(10)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            return work()
    finally:
        release.set()
        thread.join()


def test_following_a_payment_does_not_wait_for_the_campaign_page():
    campaign = make_campaign()
    made = pledge(campaign, UserFactory(), amount_cents=2500, token=uuid.uuid4())

    while_the_page_is_key_share_locked(campaign, lambda: made.payments.get().change_status(PaymentStatus.PREAUTH))

    assert Pledge.objects.get(pk=made.pk).status == Pledge.Status.AUTHORISED


def test_cancelling_does_not_wait_for_the_campaign_page():
    campaign = make_campaign()
    backer = UserFactory()
    made = pledge(campaign, backer, amount_cents=2500, token=uuid.uuid4())
    made.payments.get().change_status(PaymentStatus.PREAUTH)

    while_the_page_is_key_share_locked(campaign, lambda: cancel_pledge(made, backer))

    assert Pledge.objects.get(pk=made.pk).status == Pledge.Status.CANCELLED


def test_recording_a_desk_pledge_does_not_wait_for_the_campaign_page():
    campaign = make_campaign()
    staff = UserFactory(is_superuser=True)

    made = while_the_page_is_key_share_locked(
        campaign, lambda: record_offline_pledge(campaign, staff, backer_name="Lou", amount_cents=2500)
    )

    assert Pledge.objects.get(pk=made.pk).status == Pledge.Status.OFFLINE
