"""The retention periods the privacy page promises are applied."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from consultations.models import LoginEvent, User
from consultations.services.retention import (
    erase_inactive_accounts,
    purge_login_history,
    warn_inactive_accounts,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def years_ago(years, days=0):
    return NOW - timedelta(days=365 * years + days)


def test_sign_ins_older_than_a_year_are_purged(citizen):
    old = LoginEvent.objects.create(user=citizen)
    LoginEvent.objects.filter(pk=old.pk).update(logged_in_at=years_ago(1, days=1))
    recent = LoginEvent.objects.create(user=citizen)
    assert purge_login_history(now=NOW) == 1
    assert list(LoginEvent.objects.all()) == [recent]


def test_a_citizen_gone_for_almost_three_years_is_warned_once(django_capture_on_commit_callbacks):
    user = UserFactory(email="absent@exemple.fr", last_login=years_ago(3, days=-20))
    UserFactory(email="recent@exemple.fr", last_login=years_ago(1))
    with django_capture_on_commit_callbacks(execute=True):
        assert warn_inactive_accounts(now=NOW) == 1
        assert warn_inactive_accounts(now=NOW) == 0
    assert [message.to for message in mail.outbox] == [["absent@exemple.fr"]]
    user.refresh_from_db()
    assert user.inactivity_warned_at == NOW


def test_a_warned_account_still_unused_a_month_later_is_erased():
    user = UserFactory(last_login=years_ago(3, days=1), inactivity_warned_at=NOW - timedelta(days=31))
    assert erase_inactive_accounts(now=NOW) == 1
    user.refresh_from_db()
    assert user.deleted_at is not None
    assert "exemple.fr" not in user.email


def test_an_account_is_never_erased_without_a_warning_first():
    UserFactory(last_login=years_ago(4))
    assert erase_inactive_accounts(now=NOW) == 0


def test_signing_in_again_cancels_the_deletion(client, password):
    user = UserFactory(last_login=years_ago(3, days=-10), inactivity_warned_at=NOW)
    client.post("/accounts/login/", {"login": user.email, "password": password})
    user.refresh_from_db()
    assert user.inactivity_warned_at is None
    assert erase_inactive_accounts(now=NOW + timedelta(days=40)) == 0


def test_staff_accounts_are_never_erased_for_inactivity(moderator):
    User.objects.filter(pk=moderator.pk).update(last_login=years_ago(5))
    assert warn_inactive_accounts(now=NOW) == 0


def test_the_daily_command_reports_what_it_did(citizen, capsys):
    call_command("purge_expired_personal_data")
    assert "Sign-ins purged: 0" in capsys.readouterr().out
