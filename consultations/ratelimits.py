"""Posting limits, counted in the database so that every server process sees them and
simultaneous requests are counted exactly (one atomic upsert per action).

- actions of a signed-in user count per account (consume);
- forms anyone may send (the receipt check) count per client address and, when there is one, per
  account or session (consume_for_request): neither a new session nor a new address starts afresh."""

import datetime
import time

from allauth.account.adapter import get_adapter as get_account_adapter
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import RateCount

LIMITS = {
    # action: (how many, per seconds)
    "proposal": (5, 60 * 60),
    "comment": (20, 10 * 60),
    "support": (120, 60),
    "ballot": (30, 60),
    "resident_code": (5, 60 * 60),
    "report": (10, 60 * 60),
    "receipt_check": (20, 60 * 60),
    "statement_vote": (120, 60),
    "statement": (5, 60 * 60),
    # financing: a campaign proposed or sent to review
    "campaign": (5, 60 * 60),
}


class RateLimited(ValidationError):
    pass


def _count(key, expires_at):
    table, key_column, count_column, expiry_column = (
        connection.ops.quote_name(name) for name in (RateCount._meta.db_table, "key", "count", "expires_at")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_column}, {count_column}, {expiry_column}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({key_column}) DO UPDATE SET {count_column} = {table}.{count_column} + 1 "
            f"RETURNING {count_column}",
            [key, expires_at],
        )
        return cursor.fetchone()[0]


def current_window(period):
    return int(time.time() // period)


def _is_over(action, who):
    limit, period = LIMITS[action]
    window = current_window(period)
    expires_at = datetime.datetime.fromtimestamp((window + 1) * period, tz=datetime.UTC)
    return _count(f"{action}:{who}:{window}", expires_at) > limit


def _limited():
    return RateLimited(
        _("You are posting too fast. Please wait a few minutes and try again."),
        code="rate_limited",
    )


def consume(user, action):
    """Count one action; raise RateLimited once the user's window is full."""
    if _is_over(action, user.pk):
        raise _limited()


def consume_for_request(request, action):
    """Count one action of a form anyone may send, per client address and per account (or
    session); raise RateLimited once any of these windows is full. Every key is counted, so that
    switching sessions or addresses halfway does not start afresh."""
    whos = [f"ip:{get_account_adapter().get_client_ip(request)}"]
    if request.user.is_authenticated:
        whos.append(request.user.pk)
    elif request.session.session_key:
        whos.append(f"session:{request.session.session_key}")
    over = [_is_over(action, who) for who in whos]
    if any(over):
        raise _limited()


def forget_expired(now=None):
    """Drop the counts of windows that are over (purge_expired_personal_data runs it)."""
    return RateCount.objects.filter(expires_at__lte=now or timezone.now()).delete()[0]
